"""The managed local Neo4j: `fupin neo4j start | stop | status`.

All its state lives under `$FUPIN_HOME/neo4j` (config, data, logs, pid, chosen port) and the generated
password in `$FUPIN_HOME/neo4j/password` (mode 0600), so several homes run side by side.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from core.settings import Settings
from graph.runtime import Neo4jSetupError, classpath, file_lock, java_executable, resolve

START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0

# Servers this process started, so that their exit is noticed (and reaped) through Popen.
_children: dict[int, subprocess.Popen[bytes]] = {}

# Flags Neo4j's own launcher passes: the page cache needs these packages opened on Java 17.
_JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
]


@dataclass(frozen=True)
class ServerPaths:
    root: Path

    @property
    def conf(self) -> Path:
        return self.root / "conf"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def pid(self) -> Path:
        return self.root / "neo4j.pid"

    @property
    def port(self) -> Path:
        return self.root / "port"

    @property
    def password(self) -> Path:
        return self.root / "password"


def paths(settings: Settings) -> ServerPaths:
    return ServerPaths(settings.home / "neo4j")


def bolt_uri(port: int) -> str:
    return f"bolt://127.0.0.1:{port}"


def read_password(p: ServerPaths) -> str | None:
    return p.password.read_text().strip() if p.password.exists() else None


def read_port(p: ServerPaths) -> int | None:
    return int(p.port.read_text()) if p.port.exists() else None


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _choose_port(settings: Settings, p: ServerPaths) -> int:
    """The configured port, else the one used last time (clients reconnect to it), else a free one."""
    if settings.neo4j.port is not None:
        return settings.neo4j.port
    previous = read_port(p)
    if previous is not None and _port_free(previous):
        return previous
    return _free_port()


def _running_pid(p: ServerPaths) -> int | None:
    try:
        pid = int(p.pid.read_text())
    except (FileNotFoundError, ValueError):  # Neo4j removes the file as it stops
        return None
    child = _children.get(pid)
    if child is not None:  # started by this process: Popen knows (its cmdline may not be set yet)
        return pid if child.poll() is None else None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    # A recycled pid belongs to some other program: only ours names the entry point.
    return pid if b"CommunityEntryPoint" in cmdline else None


def _write_config(settings: Settings, p: ServerPaths, port: int) -> None:
    p.conf.mkdir(parents=True, exist_ok=True)
    lines = [
        f"server.directories.data={p.data}",
        f"server.directories.logs={p.logs}",
        f"server.directories.run={p.root}",
        f"server.directories.import={p.root / 'import'}",
        f"server.bolt.listen_address=127.0.0.1:{port}",
        f"server.bolt.advertised_address=127.0.0.1:{port}",
        "server.http.enabled=false",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        # Sized for a 2-core, 24 GiB machine on which tests, benchmarks and a developer's server
        # may each run one: heap and page cache are settings (FUPIN_NEO4J_HEAP / _PAGECACHE).
        f"server.memory.heap.initial_size={settings.neo4j.heap}",
        f"server.memory.heap.max_size={settings.neo4j.heap}",
        f"server.memory.pagecache.size={settings.neo4j.pagecache}",
        "db.tx_log.rotation.retention_policy=1G size",
        # Households have ~20 relationships of 6 types: grouped by type, an expand of one type
        # (PAIRED_WITH, BORROWED …) reads only those; the default threshold is 50 (measured in
        # bench/coverage: W7 107 → 60 ms, P10 67 → 32 ms).
        "db.relationship_grouping_threshold=10",
        "server.threads.worker_count=8",
        # Keep-alive NOOPs only while a result streams (default ALL). Under ALL the server hints
        # `connection.recv_timeout_seconds`, and the async driver then wraps every socket read in
        # a task and a timer (bench/README.md, "Fixed cost"). On this loopback server a dead peer
        # is seen by the socket at once, without the timeout.
        "server.bolt.connection_keep_alive_for_requests=STREAMING",
        # A plan is kept per text and per parameter types, by default also per size class of each
        # string and list parameter (1, 2-10, 11-100 …): a village's code and a township's, or a
        # DataLoader's batch of 1 and of 20 keys, planned the same text again (seconds for a
        # dashboard's; tests/test_plan_sharing.py, bench/README.md "Plans made again").
        "internal.cypher.use_parameter_size=false",
    ]
    (p.conf / "neo4j.conf").write_text("\n".join(lines) + "\n")


def _set_initial_password(settings: Settings, p: ServerPaths, lib: Path) -> None:
    """Generate the password before the first start; Neo4j applies it when it creates its auth store."""
    if p.password.exists() and (p.data / "dbms" / "auth.ini").exists():
        return
    # Hex: a password starting with "-" would be read by neo4j-admin as an option.
    password = read_password(p) or secrets.token_hex(24)
    p.root.mkdir(parents=True, exist_ok=True)
    fd = os.open(p.password, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a file put there by hand keeps its mode through O_CREAT: a secret is 0600
    with os.fdopen(fd, "w") as handle:
        handle.write(password)
    env = {**os.environ, "NEO4J_HOME": str(p.root), "NEO4J_CONF": str(p.conf)}
    command = [
        java_executable(), "-cp", classpath(lib), "org.neo4j.cli.AdminTool",
        "dbms", "set-initial-password", "--", password,  # "--": the password is never an option
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Neo4jSetupError(f"could not set Neo4j's initial password:\n{done.stderr[-2000:]}")


def bolt_answers(uri: str, password: str, timeout: float = 2.0) -> bool:
    try:
        with GraphDatabase.driver(
            uri, auth=("neo4j", password), connection_timeout=timeout, max_connection_lifetime=5
        ) as driver:
            driver.verify_connectivity()
    except (ServiceUnavailable, OSError):
        return False
    except AuthError as error:
        raise Neo4jSetupError(f"Neo4j answers at {uri} but refuses the stored password") from error
    return True


def _console_tail(p: ServerPaths) -> str:
    console = p.logs / "console.log"
    return console.read_text(errors="replace")[-3000:] if console.exists() else ""


def start(settings: Settings) -> str:
    """Start the managed server unless it already runs; return its Bolt URI once Bolt answers."""
    p = paths(settings)
    with file_lock(p.root / "start.lock"):
        pid = _running_pid(p)
        if pid is not None:
            port = read_port(p)
            password = read_password(p)
            if port is None or password is None:
                raise Neo4jSetupError(f"{p.root} has a running server (pid {pid}) but no port")
            _wait_for_bolt(p, pid, bolt_uri(port), password)
            return bolt_uri(port)
        lib = resolve(settings.cache, settings.neo4j.version)
        port = _choose_port(settings, p)
        _write_config(settings, p, port)
        p.port.write_text(str(port))
        _set_initial_password(settings, p, lib)
        p.logs.mkdir(parents=True, exist_ok=True)
        command = [
            java_executable(),
            f"-Xms{settings.neo4j.heap}",
            f"-Xmx{settings.neo4j.heap}",
            *_JVM_FLAGS,
            "-cp", classpath(lib),
            "org.neo4j.server.CommunityEntryPoint",
            f"--home-dir={p.root}",
            f"--config-dir={p.conf}",
        ]  # fmt: skip
        env = {**os.environ, "NEO4J_HOME": str(p.root), "NEO4J_CONF": str(p.conf)}
        with (p.logs / "console.log").open("ab") as console:
            process = subprocess.Popen(
                command,
                stdout=console,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,  # outlives the command that started it
            )
        _children[process.pid] = process
        p.pid.write_text(str(process.pid))
        password = read_password(p)
        assert password is not None
        _wait_for_bolt(p, process.pid, bolt_uri(port), password)
        return bolt_uri(port)


def _wait_for_bolt(p: ServerPaths, pid: int, uri: str, password: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if bolt_answers(uri, password):
            return
        if _running_pid(p) != pid:
            child = _children.get(pid)
            code = child.returncode if child is not None else "unknown"
            raise Neo4jSetupError(
                f"Neo4j exited (status {code}) while starting; its console says:\n{_console_tail(p)}"
            )
        time.sleep(0.5)
    raise Neo4jSetupError(f"Neo4j did not answer on {uri} within {START_TIMEOUT_S:.0f} s")


def stop(settings: Settings) -> bool:
    """Stop the managed server cleanly; return whether one was running."""
    p = paths(settings)
    pid = _running_pid(p)
    if pid is None:
        p.pid.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline and _running_pid(p) == pid:
        time.sleep(0.2)
    if _running_pid(p) == pid:
        os.kill(pid, signal.SIGKILL)
    p.pid.unlink(missing_ok=True)
    return True


def status(settings: Settings) -> str | None:
    """The Bolt URI when the managed server runs and answers, else None."""
    p = paths(settings)
    port, password = read_port(p), read_password(p)
    if _running_pid(p) is None or port is None or password is None:
        return None
    uri = bolt_uri(port)
    return uri if bolt_answers(uri, password) else None
