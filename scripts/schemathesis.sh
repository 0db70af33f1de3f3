#!/usr/bin/env bash
# Fuzzes the engine's API from its own OpenAPI document with schemathesis (PyPI), against a real
# engine with the demo site on 127.0.0.1, within a fixed budget. Fails on any 5xx and on any
# answer the document does not allow (status, content type, headers, body schema).
# With ENGINE_TEST_POSTGRES (a PostgreSQL server's URL, as scripts/with-postgres.sh sets it) the
# engine runs on a new database there instead of a SQLite file (`make fuzz-pg`).
set -euo pipefail
cd "$(dirname "$0")/.."
ST=.venv-st/bin/schemathesis
MAX_EXAMPLES=${ST_MAX_EXAMPLES:-25}
MAX_TIME=${ST_MAX_TIME:-90}

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
db="$work/engine.db"
if [ -n "${ENGINE_TEST_POSTGRES:-}" ]; then
  name="st_$(basename "$work" | tr -c 'A-Za-z0-9\n' _ | tr 'A-Z' 'a-z')"
  psql "$ENGINE_TEST_POSTGRES" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $name"
  db="${ENGINE_TEST_POSTGRES%/*}/$name"
fi
ENGINE_ADMIN_PASSWORD=st-Admin-Pa55 ./target/release/engine --demo --db "$db" \
  --listen "127.0.0.1:$port" --probe-scope loopback --probe-timeout-secs 1 >"$work/engine.log" 2>&1 &
engine=$!
trap 'kill $engine 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
# Wait for the engine, sign in, fetch the document (Python's standard library: no curl needed).
token=$(python3 - "$base" "$work/openapi.json" <<'PY'
import json, sys, time, urllib.error, urllib.parse, urllib.request
base, out = sys.argv[1], sys.argv[2]
for _ in range(150):
    try:
        urllib.request.urlopen(base + "/ovirt-engine/api", timeout=1)
        break
    except urllib.error.HTTPError:
        break  # 401: it serves
    except OSError:
        time.sleep(0.1)
form = urllib.parse.urlencode({"grant_type": "password", "username": "admin@internal",
                               "password": "st-Admin-Pa55", "scope": "ovirt-app-api"}).encode()
req = urllib.request.Request(base + "/ovirt-engine/sso/oauth/token", data=form,
                             headers={"Accept": "application/json"})
token = json.load(urllib.request.urlopen(req))["access_token"]
req = urllib.request.Request(base + "/ovirt-engine/api/openapi.json",
                             headers={"Authorization": "Bearer " + token})
open(out, "wb").write(urllib.request.urlopen(req).read())
print(token)
PY
)

"$ST" run "$work/openapi.json" --url "$base/ovirt-engine/api" \
  -H "Authorization: Bearer $token" -H 'Accept: application/json' \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing --max-examples "$MAX_EXAMPLES" --max-time "$MAX_TIME" \
  --seed 20261125 --workers 2 --request-timeout 20 --warnings off \
  --report junit --report-dir "$work/report" "$@" && status=0 || status=$?
counts="SELECT COUNT(*), COUNT(*) FILTER (WHERE outcome = 'success') FROM events"
if [ -n "${ENGINE_TEST_POSTGRES:-}" ]; then
  read -r n ok < <(psql "$db" -Atc "$counts" | tr '|' ' ')
else
  read -r n ok < <(python3 -c 'import sqlite3, sys; print(*sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone())' "$db" "$counts")
fi
echo "schemathesis: $n write requests reached the engine's commands ($ok succeeded)"
if grep -q panicked "$work/engine.log"; then
  echo "the engine panicked:" >&2
  grep -A5 panicked "$work/engine.log" >&2
  exit 1
fi
exit $status
