#!/usr/bin/env bash
# Checks Cargo.lock against the RustSec advisory DB snapshot in ../shared/advisory-db (a git
# bundle), for machines that cannot fetch the DB from GitHub. cargo-deny runs with --offline
# (cargo-deny 0.20: no fetch of the advisory DB either): it reads the clone and never touches
# the network.
#
# cargo-deny looks for the default DB (https://github.com/rustsec/advisory-db) under
# `<db-path>/advisory-db-3157b0e258782691` (the last URL segment plus an XxHash64 of the URL:
# src/advisories/helpers/db.rs, url_to_db_path), so the bundle is cloned there in a temporary
# db-path, and a copy of deny.toml that points [advisories] db-path at it is used.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$(cd "$root/.." && pwd)/shared/advisory-db/advisory-db.bundle"
if [ ! -f "$bundle" ]; then
  echo "advisories NOT checked: the RustSec database cannot be fetched and $bundle is absent"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
db="$tmp/dbs/advisory-db-3157b0e258782691"
git -c init.defaultBranch=main clone --quiet "$bundle" "$db"
echo "advisory DB: offline snapshot $bundle, newest commit $(git -C "$db" log -1 --format=%cI)"
# deny.toml with db-path pointing at the clone (db-urls stays the default).
awk -v p="$tmp/dbs" '{ print } /^\[advisories\]$/ { print "db-path = \"" p "\"" }' \
  "$root/deny.toml" >"$tmp/deny.toml"
cd "$root"
cargo deny --offline --config "$tmp/deny.toml" check advisories
