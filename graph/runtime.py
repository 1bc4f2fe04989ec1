"""Neo4j's jars, resolved once from Maven Central with Maven into a cache outside the repository."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>fupin</groupId><artifactId>neo4j-runtime</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""


class Neo4jSetupError(Exception):
    """Neo4j could not be resolved or started; the message says why."""


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Serialise processes that share a directory (tests, benchmarks, a developer's server)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def java_executable() -> str:
    java = shutil.which("java")
    if java is None:
        raise Neo4jSetupError("Java 17 is required to run Neo4j 5.26 and `java` is not on PATH")
    return java


def resolve(cache: Path, version: str) -> Path:
    """Return the folder of Neo4j's jars, running Maven the first time only."""
    root = cache / f"neo4j-{version}"
    lib = root / "lib"
    if (root / "complete").exists():
        return lib
    with file_lock(cache / "resolve.lock"):
        if (root / "complete").exists():
            return lib
        if shutil.which("mvn") is None:
            raise Neo4jSetupError("Maven (`mvn`) is required to fetch Neo4j from Maven Central")
        root.mkdir(parents=True, exist_ok=True)
        (root / "pom.xml").write_text(_POM.format(version=version))
        staging = root / "lib.partial"
        shutil.rmtree(staging, ignore_errors=True)
        command = [
            "mvn", "-q", "-B", "-f", str(root / "pom.xml"),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={staging}", "-DincludeScope=runtime",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise Neo4jSetupError(
                f"Maven could not resolve org.neo4j:neo4j:{version}:\n{done.stdout[-4000:]}"
            )
        shutil.rmtree(lib, ignore_errors=True)
        staging.rename(lib)
        (root / "complete").write_text(version)
    return lib


def classpath(lib: Path) -> str:
    return f"{lib}/*"
