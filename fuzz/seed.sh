#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds from kb-content/ and tests/fixtures/ (the same seeds the
# stable smoke runner uses), then: cargo +nightly fuzz run <target> -- -max_total_time=60
set -euo pipefail
cd "$(dirname "$0")/.."
for t in front_matter render flow_parse; do
  mkdir -p "fuzz/corpus/$t"
  find kb-content tests/fixtures -type f \( -name '*.md' -o -name '*.txt' \) -size -256k | while read -r f; do
    cp "$f" "fuzz/corpus/$t/$(echo "$f" | tr '/' '_')"
  done
done
echo "seeded: $(ls fuzz/corpus/render | wc -l) files per target"
