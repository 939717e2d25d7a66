#!/usr/bin/env bash
# Builds a KB repository with 10,000 commits (git fast-import: each commit edits one of 200
# articles, so a given article has 50 versions) and times `fieldguide history` and `diff` on it.
# Usage: scripts/team-history-bench.sh [path to the fieldguide binary]
set -euo pipefail
BIN=${1:-target/debug/fieldguide}
DIR=$(mktemp -d)
trap "rm -rf $DIR" EXIT
git init -q -b main "$DIR/kb"
python3 - "$DIR/stream" <<'PY'
import sys
out = open(sys.argv[1], "w")
t = 1700000000
for i in range(10000):
    f = i % 200
    body = f"---\ntitle: Article {f}\n---\n# Article {f}\n\nRevision {i}.\n" + "Line.\n" * 40
    data = body.encode()
    out.write(f"commit refs/heads/main\ncommitter Tech{i % 20} <t{i % 20}@example.com> {t + i * 60} +0000\n")
    msg = f"fieldguide: edit runbooks/a{f:03}.md"
    out.write(f"data {len(msg)}\n{msg}\n")
    out.write(f"M 100644 inline runbooks/a{f:03}.md\ndata {len(data)}\n")
    out.write(body + "\n")
PY
git -C "$DIR/kb" fast-import --quiet < "$DIR/stream"
git -C "$DIR/kb" checkout -q main
echo "commits: $(git -C "$DIR/kb" rev-list --count HEAD)"
for run in 1 2 3; do
  s=$(date +%s%N)
  n=$("$BIN" --kb "$DIR/kb" --data-dir "$DIR/data" history runbooks/a007.md | wc -l)
  e=$(date +%s%N)
  echo "history runbooks/a007.md: $n versions in $(( (e - s) / 1000000 )) ms (whole CLI run)"
done
s=$(date +%s%N)
git -C "$DIR/kb" log --follow --format=%H -z -- runbooks/a007.md > /dev/null
e=$(date +%s%N)
echo "bare git log --follow: $(( (e - s) / 1000000 )) ms"
