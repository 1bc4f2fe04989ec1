#!/usr/bin/env bash
# The side-by-side harness of shared/peer (its README says how to prepare FUPIN_HOME) with workload e
# added: copies the harness to bench/out/peer-src, adds workload_e.mjs and typeDefs-e.graphql, and
# runs it there. Same settings as the harness (DURATION, ROUNDS, CONCURRENCY, WORKLOADS=a,b,c,d,e …).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PEER=${PEER_SRC:-$ROOT/../shared/peer}
[ -d "$PEER" ] || PEER=/work/shared/peer
COPY=$ROOT/bench/out/peer-src
mkdir -p "$COPY"
cp "$PEER"/* "$COPY"/ && chmod -R u+w "$COPY"
# The harness of 2026-12-06 reads fupin's settings where they were then.
sed -i 's/from fupin.settings import load_settings/from core.settings import load_settings/' "$COPY/run.sh" "$COPY/profile_fupin.py"
# `fupin serve` answers from child processes (one per core): a server's CPU is its process's and
# its children's, read live from /proc (the harness of 2026-12-06 read the parent's only).
perl -0pi -e 's{return \(Number\(fields\[11\]\) \+ Number\(fields\[12\]\)\) / TICK;}{let children = 0;
        try {
            const kids = readFileSync(`/proc/\$\{pid\}/task/\$\{pid\}/children`, "utf8").trim().split(/\\s+/);
            for (const kid of kids.filter(Boolean)) children += cpu(kid) || 0;
        } catch {}
        return (Number(fields[11]) + Number(fields[12])) / TICK + children;}' "$COPY/bench.mjs"
grep -q "children += cpu" "$COPY/bench.mjs" || { echo "bench.mjs: the CPU reading was not patched" >&2; exit 2; }
# fupin's reads run as auto-commit transactions (graph/reads.py): record `AsyncSession.run` too.
perl -0pi -e 's{\nif __name__ == "__main__":}{
_original_run = neo4j.AsyncSession.run


async def _recording_run(self, query, parameters=None, **kwargs):  # type: ignore[no-untyped-def]
    captured.append((str(getattr(query, "text", query)), dict(parameters or {})))
    return await _original_run(self, query, parameters, **kwargs)


neo4j.AsyncSession.run = _recording_run  # type: ignore[method-assign]


if __name__ == "__main__":}' "$COPY/profile_fupin.py"
grep -q "_recording_run" "$COPY/profile_fupin.py" || { echo "profile_fupin.py: the recording was not patched" >&2; exit 2; }
cp "$HERE/workload_e.mjs" "$COPY/"
cat "$HERE/typeDefs-e.graphql" >>"$COPY/typeDefs.graphql"
printf '\nimport { E } from "./workload_e.mjs";\nWORKLOADS.push(E);\n' >>"$COPY/workloads.mjs"
export FUPIN_DIR=${FUPIN_DIR:-$ROOT} FUPIN_HOME=${FUPIN_HOME:-$ROOT/bench/out/peer-home}
export WORKLOADS=${WORKLOADS:-a,b,c,d,e}
# `fupin serve` plans the dashboard's statements in a process of its own as it starts (graph/coverage/
# warm.py): a minute of both cores at 15,000 households, which would fall on the first runs' figures.
# The harness asks no dashboard; it measures a server past its start.
export FUPIN_WARM_PLANS=${FUPIN_WARM_PLANS:-0}
exec "$COPY/run.sh"
