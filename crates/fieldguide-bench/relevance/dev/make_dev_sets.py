#!/usr/bin/env python3
"""Build the two DEVELOPMENT sets (not benchmarks; see README.md in this folder).

alert-titles.jsonl
    Alert notifications as Alertmanager, PagerDuty or Slack show them, written from the
    alert names of the runbooks in ../shared/corpus/prometheus-runbooks (the file stem of
    each runbook is its alert's name). Two titles per runbook, each in a format chosen by
    the SHA-1 of the alert name, with fixed, plausible label values. The relevant document
    is the runbook (grade 2).

symptom-sentences.jsonl
    The LAST sentence of the `## Symptoms` section of Microsoft support articles in
    ../shared/corpus/officedocs-support, when that section has two sentences or more and the
    last one shares no run of four words with the first (the first sentence is reserved for
    an evaluation kept outside the repository). 6-40 words, no code. At most one per
    article, articles ordered by SHA-1 of their path, up to 200. The relevant document is
    the article (grade 2).

Nothing here runs a search engine. Standard library only; the output is the same on
every run for the same corpus commit.

usage: python3 make_dev_sets.py [--corpus-root DIR]
"""
import argparse
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import extract_officedocs_errors as ex  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
DEFAULT_ROOT = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus"))


def h(s):
    return int(hashlib.sha1(s.encode()).hexdigest(), 16)


NAMESPACES = ["payments", "data", "monitoring", "kube-system", "checkout", "search"]
PODS = ["api-7d9f8b6c4-x2x9q", "worker-5c6b9d7f8-k8s2m", "web-6f7c8d9b5-pq4rt"]
NODES = ["ip-10-0-3-17", "ip-10-0-7-201.eu-west-1.compute.internal", "node-pool-b-3"]
INSTANCES = ["10.0.3.17:9100", "10.0.5.42:9090", "prometheus-k8s-0"]
JOBS = ["node-exporter", "kube-state-metrics", "prometheus-k8s", "alertmanager-main"]
SEVERITIES = ["critical", "warning"]

FORMATS = [
    # Alertmanager's default subject / Slack title
    lambda a, v: f"[FIRING:{v['n']}] {a} ({v['ns']} {v['pod']} {v['sev']})",
    # PagerDuty incident title from Alertmanager's default description
    lambda a, v: f"[FIRING:{v['n']}] {a} {v['job']} ({v['instance']} {v['sev']})",
    # a node alert as seen in a chat channel
    lambda a, v: f"{a} on {v['node']}",
    # Opsgenie-style with labels
    lambda a, v: f"{a} - severity={v['sev']} namespace={v['ns']}",
    # grouped, resolved
    lambda a, v: f"[RESOLVED] {a} ({v['ns']}/{v['pod']})",
    # the alert name alone, as in an on-call summary
    lambda a, v: f"{a} firing in {v['ns']}",
]


def alert_titles(root):
    corpus = os.path.join(root, "prometheus-runbooks")
    out = []
    for d, _, files in sorted(os.walk(corpus)):
        for f in sorted(files):
            if not f.endswith(".md") or f == "_index.md":
                continue
            alert = f[:-3]
            rel = os.path.relpath(os.path.join(d, f), corpus).replace(os.sep, "/")
            seed = h(alert)
            firsts = seed % len(FORMATS)
            for k, fi in enumerate([firsts, (firsts + 1 + (seed >> 8) % (len(FORMATS) - 1)) % len(FORMATS)]):
                s = seed >> (16 * (k + 1))
                v = {
                    "n": 1 + s % 4,
                    "ns": NAMESPACES[s % len(NAMESPACES)],
                    "pod": PODS[(s >> 3) % len(PODS)],
                    "node": NODES[(s >> 5) % len(NODES)],
                    "instance": INSTANCES[(s >> 7) % len(INSTANCES)],
                    "job": JOBS[(s >> 9) % len(JOBS)],
                    "sev": SEVERITIES[(s >> 11) % 2],
                }
                out.append({"q": FORMATS[fi](alert, v), "rel": {rel: 2},
                            "note": f"dev: alert {alert}, title format {fi}"})
    return out


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")


def symptoms_sentences(blocks):
    """The paragraphs of the `## Symptoms` section, cleaned, split into sentences."""
    for idx, (kind, lines) in enumerate(blocks):
        if kind == "heading" and re.match(r"##?\s*symptoms?\b", lines[0], re.I):
            text = []
            for k2, l2 in blocks[idx + 1:]:
                if k2 == "heading":
                    if re.match(r"##?(?!#)", l2[0]):
                        break
                    continue
                if k2 != "para":
                    continue
                text.append(ex.clean_inline(" ".join(l2)))
            return [s.strip() for s in SENTENCE_END.split(" ".join(text)) if s.strip()]
    return []


def symptom_sentences(root, limit=200):
    corpus = os.path.join(root, "officedocs-support")
    arts = []
    for d, _, files in os.walk(corpus):
        if "/includes" in d.replace(os.sep, "/"):
            continue
        for f in files:
            if f.endswith(".md"):
                rel = os.path.relpath(os.path.join(d, f), corpus).replace(os.sep, "/")
                arts.append((h(rel), rel))
    out = []
    for _, rel in sorted(arts):
        body = ex.strip_front_matter(ex.read(os.path.join(corpus, rel)))
        blocks = ex.blocks_of(body)
        sents = symptoms_sentences(blocks)
        if len(sents) < 2:
            continue
        last = sents[-1]
        first = ex.symptoms_first_sentence(blocks)
        n = len(last.split())
        if n < 6 or n > 40 or last.endswith(":") or ex.looks_like_code(last):
            continue
        if ex.overlaps(ex.norm(last), ex.norm(first)) or ex.overlaps(ex.norm(last), ex.norm(sents[0])):
            continue
        out.append({"q": last, "rel": {rel: 2}, "note": "dev: last sentence of ## Symptoms"})
        if len(out) >= limit:
            break
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus-root", default=DEFAULT_ROOT)
    a = ap.parse_args()
    for name, rows in [("alert-titles.jsonl", alert_titles(a.corpus_root)),
                       ("symptom-sentences.jsonl", symptom_sentences(a.corpus_root))]:
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} queries")


if __name__ == "__main__":
    main()
