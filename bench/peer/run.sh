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
cp "$HERE/workload_e.mjs" "$COPY/"
cat "$HERE/typeDefs-e.graphql" >>"$COPY/typeDefs.graphql"
printf '\nimport { E } from "./workload_e.mjs";\nWORKLOADS.push(E);\n' >>"$COPY/workloads.mjs"
export FUPIN_DIR=${FUPIN_DIR:-$ROOT} FUPIN_HOME=${FUPIN_HOME:-$ROOT/bench/out/peer-home}
export WORKLOADS=${WORKLOADS:-a,b,c,d,e}
exec "$COPY/run.sh"
