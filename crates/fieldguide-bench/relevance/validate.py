#!/usr/bin/env python3
"""Check the relevance sets listed in sets.json (stdlib only).

For every set: each line is a JSON object with a non-empty "q" string, a
"rel" object mapping corpus-relative paths to grade 1 or 2 (at least one
grade 2, or only grade-1 entries for deliberately ambiguous texts), and a
"note" string; every relevant path exists under the corpus root; no query
occurs twice in a set (case-insensitive, whitespace collapsed).

For officedocs-errors it also re-checks, with an independent and cruder
sentence splitter than the extraction script, that no query is equal to,
contained in, or overlapping (4-word run) the first sentence of the `##
Symptoms` section of any of its relevant articles.

usage: python3 validate.py        (exit status 1 on any problem)
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))


def norm(s):
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def naive_first_symptom_sentences(text):
    m = re.search(r"^##\s+Symptoms?\b[^\n]*\n(.*?)(?=^##\s|\Z)", text, re.M | re.S)
    if not m:
        return []
    body = m.group(1)
    body = re.sub(r"```.*?```", lambda x: x.group(0).replace("```", " "), body, flags=re.S)
    body = re.sub(r"<br\s*/?>", " ", body, flags=re.I)
    body = re.sub(r"[*_`>#]|\[!NOTE\]|\[!IMPORTANT\]", " ", body)
    body = re.sub(r"\]\([^)]*\)", " ", body)
    body = re.sub(r"\s+", " ", body).strip()
    body = re.sub(r"^Symptoms?\s+\d*\s*", "", body)
    parts = re.split(r"(?<=[.!?])\s+", body)
    out = [parts[0]] if parts else []
    # a splitter may cut inside a quotation: then also check the first two sentences
    if len(parts) > 1 and (parts[0].count('"') % 2 or parts[0].count("\u201c") != parts[0].count("\u201d")):
        out.append(parts[0] + " " + parts[1])
    return [norm(p) for p in out if p]


def overlap(q, s):
    if not q or not s:
        return False
    if q in s or s in q:
        return True
    w = q.split()
    for i in range(max(1, len(w) - 3)):
        if " " + " ".join(w[i:i + 4]) + " " in " " + s + " ":
            return True
    return False


def main():
    sets = json.load(open(os.path.join(HERE, "sets.json"), encoding="utf-8"))
    bad = 0
    for st in sets:
        corpus = os.path.normpath(os.path.join(REPO, st["corpus"]))
        path = os.path.join(HERE, st["file"])
        seen = set()
        n = 0
        rel_total = 0
        for lineno, line in enumerate(open(path, encoding="utf-8"), 1):
            where = "%s:%d" % (st["file"], lineno)
            try:
                o = json.loads(line)
            except ValueError as e:
                print(where, "not JSON:", e); bad += 1; continue
            if set(o) != {"q", "rel", "note"}:
                print(where, "keys must be q, rel, note:", sorted(o)); bad += 1
            q = o.get("q")
            if not isinstance(q, str) or not q.strip():
                print(where, "empty query"); bad += 1; continue
            key = re.sub(r"\s+", " ", q.strip().lower())
            if key in seen:
                print(where, "duplicate query:", q); bad += 1
            seen.add(key)
            rel = o.get("rel") or {}
            if not rel:
                print(where, "no relevant document"); bad += 1
            for p, g in rel.items():
                if g not in (1, 2):
                    print(where, "grade must be 1 or 2:", p, g); bad += 1
                if "\\" in p or p.startswith("/"):
                    print(where, "path must be relative with forward slashes:", p); bad += 1
                if not os.path.isfile(os.path.join(corpus, p)):
                    print(where, "missing in corpus:", p); bad += 1
            if st["name"] == "officedocs-errors":
                nq = norm(q)
                for p in rel:
                    fp = os.path.join(corpus, p)
                    if not os.path.isfile(fp):
                        continue
                    for s in naive_first_symptom_sentences(open(fp, encoding="utf-8", errors="replace").read()):
                        if overlap(nq, s):
                            print(where, "overlaps the first Symptoms sentence of", p, ":", q); bad += 1
            n += 1
            rel_total += len(rel)
        print("%-20s %4d queries, %.2f relevant docs per query, corpus %s" % (st["name"], n, rel_total / max(1, n), st["corpus"]))
    if bad:
        print(bad, "problem(s)")
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
