#!/usr/bin/env bash
# Installs what building and testing need on a fresh machine of this project's kind, and skips
# whatever is already there. Safe to run again and again.
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '==> %s\n' "$*"; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    say "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Rust's WASM target for the web admin.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# cargo-nextest runs the Rust tests (new machines of this kind have it; install if not).
if ! cargo nextest --version >/dev/null 2>&1; then
  say "cargo install cargo-nextest"
  cargo install cargo-nextest --locked
fi

# wasm-bindgen CLI, for the web admin's build (crates/spa-build): it must equal the wasm-bindgen
# crate in Cargo.lock. Not --locked: one of its locked dependencies is not on the registry.
wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ -z "$wbg" ]; then
  echo "cannot find the wasm-bindgen version in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wbg"; then
  say "cargo install wasm-bindgen-cli $wbg"
  cargo install wasm-bindgen-cli --version "$wbg"
fi

# Node.js and npm (for wasm-opt from npm binaryen, and Playwright).
if ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi

# PostgreSQL's server (with contrib's amcheck), for the engine suite's second run
# (scripts/with-postgres.sh starts a private one on 127.0.0.1 for it).
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || ! ls /usr/share/postgresql/*/extension/amcheck.control >/dev/null 2>&1; then
  apt_install postgresql postgresql-contrib
fi

# Debian's Chromium: Playwright cannot download its own browser here.
if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi

# npm packages, reinstalled only when the lock file changed.
npm_deps() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.installed" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.installed" ]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$dir/node_modules/.installed"
  fi
}
npm_deps tools
npm_deps e2e

# The Python SDK suite: Debian's headers for the SDK's C parts (libxml2) and pycurl (libcurl);
# tgt (tgtd), rpcbind and nfs-ganesha: real iSCSI, RPC and NFS servers on loopback for the
# connectivity tests.
need_apt=()
for pkg in libxml2-dev libcurl4-openssl-dev libssl-dev tgt rpcbind nfs-ganesha nfs-ganesha-vfs wrk; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
command -v python3 >/dev/null || need_apt+=(python3 python3-venv python3-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt_install "${need_apt[@]}"
fi
# schemathesis fuzzes the API from its OpenAPI document (scripts/schemathesis.sh).
if [ ! -f .venv-st/.installed ] || [ tools/schemathesis-requirements.txt -nt .venv-st/.installed ]; then
  say "schemathesis venv"
  python3 -m venv .venv-st
  .venv-st/bin/pip install -q --disable-pip-version-check -r tools/schemathesis-requirements.txt
  touch .venv-st/.installed
fi

if [ ! -f .venv-sdk/.installed ] || [ sdk-tests/requirements.txt -nt .venv-sdk/.installed ]; then
  say "python venv for the SDK tests"
  python3 -m venv .venv-sdk
  .venv-sdk/bin/pip install -q --disable-pip-version-check -r sdk-tests/requirements.txt
  touch .venv-sdk/.installed
fi

# The real oVirt clients (make clients): the Ansible bundle with the ovirt.ovirt collection, the
# Python SDK, and the SDK's own examples/ (only in its source distribution; kept in the venv).
if [ ! -f .venv-clients/.installed ] || [ client-tests/requirements.txt -nt .venv-clients/.installed ]; then
  say "python venv for the client tests (Ansible, SDK examples)"
  python3 -m venv .venv-clients
  .venv-clients/bin/pip install -q --disable-pip-version-check -r client-tests/requirements.txt
  sdk=$(awk -F'==' '/^ovirt-engine-sdk-python==/ {print $2}' client-tests/requirements.txt)
  tmp=$(mktemp -d)
  .venv-clients/bin/pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
    "ovirt-engine-sdk-python==$sdk" -d "$tmp"
  tar -xzf "$tmp"/ovirt_engine_sdk_python-"$sdk".tar.gz -C "$tmp"
  rm -rf .venv-clients/sdk-examples
  cp -r "$tmp/ovirt_engine_sdk_python-$sdk/examples" .venv-clients/sdk-examples
  rm -rf "$tmp"
  touch .venv-clients/.installed
fi

say "tools ready"
