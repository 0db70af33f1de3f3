# The two commands: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# wasm-opt from npm binaryen first (Debian's binaryen 108 breaks the module), then cargo's tools.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

LISTEN ?= 127.0.0.1:8080

.PHONY: run test fuzz fuzz-pg bench tools spa engine bench-bin lint unit unit-pg e2e e2e-pg e2e-vanilla sdk clients clean

## Build the web admin and start the engine with demo data on http://$(LISTEN)/
run: spa engine
	mkdir -p var
	@echo "Sign in as admin (profile internal). The password is printed below on the first start;"
	@echo "set ENGINE_ADMIN_PASSWORD before it to choose one, or reset it later with"
	@echo "  ./target/release/engine users password admin@internal --db var/engine.db"
	./target/release/engine --demo --db var/engine.db --dist dist --listen $(LISTEN)

## Lints, every Rust test (the engine's on SQLite and again on PostgreSQL), then the browser
## tests against a real engine (on each database too).
test: lint unit unit-pg e2e e2e-pg e2e-vanilla sdk clients fuzz fuzz-pg

tools:
	scripts/ensure-tools.sh

spa: tools
	# cargo → split at the #[lazy] functions → wasm-bindgen → wasm-opt → hashed names, index.html.
	cargo run --release --locked -q -p spa-build
	# FILE.br and FILE.gz beside each file, served to browsers that accept them.
	cargo run --release --locked -q -p engine -- precompress dist

engine:
	cargo build --release --locked -p engine

bench-bin:
	cargo build --release --locked -p bench

## Every benchmark with its budget (BENCHMARKS.md); non-zero exit when one is missed.
bench: spa engine bench-bin
	scripts/bench.sh

lint: tools
	scripts/check-sql.sh
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

# nextest: one process per test and one summary line for the whole workspace.
unit: tools
	cargo nextest run --workspace --locked --no-fail-fast

# The engine's whole suite again, each test on its own database of a private PostgreSQL server.
unit-pg: tools
	scripts/with-postgres.sh cargo nextest run -p engine --locked --no-fail-fast

e2e: spa engine
	cd e2e && npx playwright test

# The browser tests again, each engine on its own database of a private PostgreSQL server.
e2e-pg: spa engine
	scripts/with-postgres.sh bash -c 'cd e2e && npx playwright test'

# The browser tests again in front of engines started with --vanilla: answering as oVirt's own
# engine does, without this project's extensions (what needs one must say so, the rest work).
e2e-vanilla: spa engine
	cd e2e && E2E_VANILLA=1 npx playwright test

# The official oVirt Python SDK against the engine (XML over HTTP, as automation uses it).
sdk: engine tools
	cd sdk-tests && ../.venv-sdk/bin/python -m pytest -q

# The real oVirt clients, unmodified, over HTTPS: Ansible's ovirt.ovirt playbooks (each run twice)
# and the Python SDK's own examples (client-tests/).
clients: engine tools
	cd client-tests && ../.venv-clients/bin/python -m pytest -q -rA

# schemathesis against the engine's own OpenAPI document (bounded: ST_MAX_TIME, default 90 s).
fuzz: engine tools
	scripts/schemathesis.sh

# The same on PostgreSQL, for 60 s: what one database stores and the other refuses shows here.
fuzz-pg: engine tools
	ST_MAX_TIME=$${ST_MAX_TIME:-60} scripts/with-postgres.sh scripts/schemathesis.sh

clean:
	rm -rf dist target e2e/artifacts e2e/test-results
