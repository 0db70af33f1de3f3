#!/usr/bin/env bash
# Persistence lives in crates/engine/src/store/: a query anywhere else in the engine fails the
# lint. (Tests may arrange states with SQL of their own; they are not the engine.)
set -euo pipefail
cd "$(dirname "$0")/.."
outside=$(grep -rn --include='*.rs' -E 'sqlx::(query|query_as|query_scalar)\b' crates/engine/src \
  | grep -v '^crates/engine/src/store/' || true)
if [ -n "$outside" ]; then
  echo "SQL outside crates/engine/src/store/ (move it into a store module):" >&2
  echo "$outside" >&2
  exit 1
fi
echo "SQL only in crates/engine/src/store/"
