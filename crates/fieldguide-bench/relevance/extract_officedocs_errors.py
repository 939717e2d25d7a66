#!/usr/bin/env python3
"""Build the `officedocs-errors` known-item query set.

Reads the Microsoft support articles in ../shared/corpus/officedocs-support
(MicrosoftDocs/OfficeDocs-Support, text CC BY 4.0) and extracts the error
messages / dialog texts that the articles quote as what the user sees
("you receive the following error message:" followed by a blockquote, a code
block or a bold line, or an inline quotation right after such a phrase).
Each message becomes one query; the relevant documents are every article
whose text contains that message.

Rules (see README.md):
  * candidates equal to, contained in, or overlapping the first sentence of
    the article's `## Symptoms` section are skipped (that form is reserved for
    an evaluation kept outside the repository);
  * markdown is stripped, whitespace collapsed; lines shorter than 4 words or
    longer than 40 words and lines that look like code/commands are dropped;
  * messages found in more than 3 articles are dropped (known-item search);
  * at most 2 candidates per article, then a deterministic round-robin over
    the product folders (articles ordered by SHA-1 of their path) up to
    MAX_QUERIES queries.

Nothing here looks at any search engine: the queries are never tuned.
Standard library only; re-running produces the same file byte for byte.

usage: python3 extract_officedocs_errors.py [--corpus DIR] [--out FILE]
"""
import argparse
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_CORPUS = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus", "officedocs-support"))
DEFAULT_OUT = os.path.join(HERE, "officedocs-errors.jsonl")

MAX_QUERIES = 200
PER_ARTICLE = 2
MAX_ARTICLES_PER_MESSAGE = 3
MIN_WORDS, MAX_WORDS = 4, 40

TRIGGER = re.compile(
    r"error message|error messages|you receive|you get|you see|users? (?:receive|get|see)s?|"
    r"following (?:error|message|warning|text|dialog|notification|prompt)|"
    r"(?:warning|error) (?:text|dialog)|message (?:box|appears|is displayed)|is displayed|"
    r"displays? (?:the|a|an) (?:following )?(?:error|message|warning)|returns? the following|"
    r"fails? with (?:the following|this|an?) (?:error|message)|dialog box",
    re.I)

CODE_START = re.compile(
    r"^(?:PS [A-Z]:\\|[A-Z]:\\>|\$|#|//|<\?|<[a-zA-Z/!]|\{|\}|\[|\+ |At line:|"
    r"(?:Get|Set|New|Remove|Add|Enable|Disable|Test|Invoke|Start|Stop|Import|Export|Update|Connect)-[A-Z]\w+\s+-|"
    r"sudo |cd |dir |net |reg |regsvr32|msiexec|powershell|cmd |echo |winrm |netsh |nslookup |ping )",
    re.I)
CODE_TOKENS = re.compile(r"(?:CategoryInfo|FullyQualifiedErrorId|\+ ~~~|</?\w+>|\w+\(\)|;\s*$|=>|::|\{\s*$)")


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().replace("\r\n", "\n").replace("\r", "\n")


def strip_front_matter(text):
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            nl = text.find("\n", end + 4)
            return text[nl + 1:] if nl != -1 else ""
    return text


def clean_inline(s):
    s = re.sub(r":::[^:]*?:::", " ", s)                      # :::image ...::: extensions
    s = re.sub(r"\[!INCLUDE[^\]]*\]\([^)]*\)", " ", s)
    s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", " ", s)           # images
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)          # links -> text
    s = re.sub(r"<br\s*/?>", " ", s, flags=re.I)
    s = re.sub(r"</?(?:b|i|em|strong|code|kbd|span|p|sup|sub|u)\b[^>]*>", " ", s, flags=re.I)
    s = s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", '"')
    s = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>|\"'])", r"\1", s)  # markdown escapes
    s = re.sub(r"(\*\*|__)(.+?)\1", r"\2", s)
    s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", s)
    s = re.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"\1", s)
    s = s.replace("`", "")
    s = re.sub(r"\s+", " ", s).strip()
    return s


def strip_quotes(s):
    s = s.strip()
    if s.count('"') % 2 == 1:
        s = s.replace('"', " ")
        s = re.sub(r"\s+", " ", s).strip()
    for a, b in (('"', '"'), ("\u201c", "\u201d"), ("'", "'")):
        if len(s) > 2 and s.startswith(a) and s.endswith(b):
            s = s[1:-1].strip()
    return s.strip().rstrip(":").strip()


def norm(s):
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def words(s):
    return s.split()


def looks_like_code(s):
    if CODE_START.match(s) or CODE_TOKENS.search(s):
        return True
    toks = s.split()
    wordlike = sum(1 for t in toks if re.fullmatch(r"[\"'(\u201c]*[A-Za-z][A-Za-z'\u2019-]*[.,;:!?)\"'\u201d]*", t))
    if not toks or wordlike / len(toks) < 0.6:
        return True
    alpha = sum(1 for ch in s if ch.isalpha() or ch == " ")
    if alpha / max(1, len(s)) < 0.8:
        return True
    return False


EVENT_FIELD = re.compile(r"(?:Source|Task Category|Event ID|Log Name|Level|Keywords|User|Computer|Date|Logged|Opcode|Category|Type)\s*:", re.I)


def acceptable(s):
    if not re.match(r"[A-Z0-9]", s):
        return False      # fragments (text between two quotations, continuation lines)
    if re.match(r"[A-Za-z]+\s+:\s", s) and len(words(s)) < 8:
        return False      # PowerShell property output ("Description : ...")
    if re.search(r"copyright|all rights reserved", s, re.I):
        return False
    if re.match(r"[\w.-]+\s*=", s):
        return False      # settings / registry values ("Name=value")
    if EVENT_FIELD.match(s):
        return False      # event-log field lines ("Source: ...", "Task Category: ...")
    if re.search(r"\b(?:of|to|the|a|an|at|for|with|in|from|by|and|or|type)$", s, re.I):
        return False      # cut off where a placeholder or a wrapped line followed
    toks = words(s)
    if sum(1 for t in toks if re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*", t)) >= 2 and not any(re.fullmatch(r"[a-z]+", t) for t in toks):
        return False      # table headers ("Identity User AccessRights IsInherited Deny")
    n = len(words(s))
    if n < MIN_WORDS or n > MAX_WORDS:
        return False
    if looks_like_code(s):
        return False
    if len(re.findall(r"[A-Za-z]{2,}", s)) < MIN_WORDS:
        return False
    return True


def blocks_of(body):
    """Split a markdown body into blocks: (kind, [lines]) with kind in
    heading / para / quote / code / bold. Leading list markers and indentation
    are removed."""
    out = []
    lines = body.split("\n")
    i = 0
    cur_kind, cur = None, []

    def flush():
        nonlocal cur_kind, cur
        if cur:
            out.append((cur_kind, cur))
        cur_kind, cur = None, []

    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        fence = re.match(r"^(?:[-*+]\s+|\d+\.\s+)?(```+|~~~+)", line)
        if fence:
            flush()
            mark = fence.group(1)[:3]
            code = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(mark):
                code.append(lines[i].strip())
                i += 1
            out.append(("code", code))
            i += 1
            continue
        if not line:
            flush()
            i += 1
            continue
        if line.startswith("#"):
            flush()
            out.append(("heading", [line]))      # keeps the #'s: level matters
            i += 1
            continue
        item = re.sub(r"^(?:[-*+]\s+|\d+\.\s+)", "", line)
        if item.startswith(">"):
            text = item.lstrip(">").strip()
            if cur_kind != "quote":
                flush()
                cur_kind = "quote"
            cur.append(text)
        elif re.fullmatch(r"\*\*.+\*\*\s*", item) and cur_kind != "para":
            flush()
            out.append(("bold", [item]))
        else:
            if cur_kind != "para" or item != line:   # a list item starts a new paragraph
                flush()
                cur_kind = "para"
            cur.append(item)
        i += 1
    flush()
    return out


def symptoms_first_sentence(blocks):
    """Text of the `## Symptoms` section up to its first sentence end
    (continuing across blocks when the first paragraph ends with a colon)."""
    for idx, (kind, lines) in enumerate(blocks):
        if kind == "heading" and re.match(r"##?\s*symptoms?\b", lines[0], re.I):
            text = []
            for k2, l2 in blocks[idx + 1:]:
                if k2 == "heading":
                    if re.match(r"##?(?!#)", l2[0]):
                        break         # next section
                    continue          # "### Symptom 1" and similar sub-headings
                if k2 == "quote" and l2 and l2[0].startswith("[!"):
                    continue
                text.append(clean_inline(" ".join(l2)))
                joined = " ".join(text)
                m = re.search(r"[.!?](?:\s|$)", joined)
                if m:
                    head = joined[:m.end()]
                    if head.count('"') % 2 or head.count("\u201c") != head.count("\u201d"):
                        # a naive splitter would cut inside a quotation: keep the
                        # whole of the next sentence too, to stay on the safe side
                        m2 = re.search(r"[.!?](?:\s|$)", joined[m.end():])
                        if m2:
                            return joined[:m.end() + m2.end()].strip()
                        continue
                    return head.strip()
            return " ".join(text).strip()
    return ""


def overlaps(nc, nfirst):
    """True if a normalised candidate is equal to, contained in, contains, or
    shares any run of 4 words with the normalised first Symptoms sentence."""
    if nc in nfirst or nfirst in nc:
        return True
    w = nc.split()
    padded = " " + nfirst + " "
    for i in range(max(1, len(w) - 3)):
        if " " + " ".join(w[i:i + 4]) + " " in padded:
            return True
    return False


QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{12,400})[\"\u201d]")


def candidates_of(body):
    blocks = blocks_of(body)
    first = symptoms_first_sentence(blocks)
    found = []
    for idx, (kind, lines) in enumerate(blocks):
        if kind != "para":
            continue
        para = clean_inline(" ".join(lines))
        m = TRIGGER.search(para)
        if not m:
            continue
        # inline quotation after the trigger phrase
        for q in QUOTED.finditer(para):
            if q.start() >= m.start():
                found.append(strip_quotes(q.group(1)))
        # blocks that directly follow the trigger paragraph
        if not para.rstrip().endswith((":", "：")) and not re.search(r"(?:following|this)\s+(?:\w+\s+){0,2}(?:error|message|warning)", para, re.I):
            continue
        for k2, l2 in blocks[idx + 1: idx + 4]:
            if k2 in ("heading", "para"):
                break
            if k2 == "quote":
                if l2 and l2[0].startswith("[!"):
                    break
                # a blockquote is one message; its lines may be wrapped
                found.append(strip_quotes(clean_inline(" ".join(l2))))
            elif k2 == "bold":
                found.append(strip_quotes(clean_inline(l2[0])))
            elif k2 == "code":
                for ln in l2:
                    found.append(strip_quotes(clean_inline(ln)))
    out, seen = [], set()
    nfirst = norm(first)
    for c in found:
        c = re.sub(r"\s+", " ", c).strip()
        c = re.sub(r"^(?:Description|Message|Details|Error message)\s*:\s*", "", c, flags=re.I)
        if not acceptable(c):
            continue
        nc = norm(c)
        if not nc or nc in seen:
            continue
        if nfirst and overlaps(nc, nfirst):
            continue   # reserved: first sentence of ## Symptoms
        seen.add(nc)
        out.append(c)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    corpus = os.path.abspath(args.corpus)

    articles = []
    for d, dirs, files in os.walk(corpus):
        dirs.sort()
        for fn in sorted(files):
            if fn.endswith(".md"):
                rel = os.path.relpath(os.path.join(d, fn), corpus).replace(os.sep, "/")
                if rel.split("/")[0] == "includes" or "/includes/" in "/" + rel:
                    continue
                articles.append(rel)
    articles.sort()

    norm_text = {}
    first_sentence = {}
    per_article = {}
    for rel in articles:
        body = strip_front_matter(read(os.path.join(corpus, rel)))
        norm_text[rel] = " " + norm(clean_inline(body)) + " "
        first_sentence[rel] = norm(symptoms_first_sentence(blocks_of(body)))
        cands = candidates_of(body)
        if cands:
            per_article[rel] = cands

    # which articles contain each candidate message
    def containing(msg):
        key = " " + norm(msg) + " "
        return [a for a in articles if key in norm_text[a]]

    chosen = {}   # article -> [(msg, rel_articles)]
    for rel in sorted(per_article):
        picks = []
        for c in per_article[rel]:
            hits = containing(c)
            if rel not in hits:
                hits = sorted(set(hits) | {rel})
            if len(hits) > MAX_ARTICLES_PER_MESSAGE:
                continue
            if any(first_sentence[h] and overlaps(norm(c), first_sentence[h]) for h in hits):
                continue      # reserved form of another article that quotes the same message
            picks.append((c, hits))
            if len(picks) == PER_ARTICLE:
                break
        if picks:
            chosen[rel] = picks

    # deterministic spread: round-robin over top-level product folders,
    # inside a folder articles ordered by SHA-1 of their path
    folders = {}
    for rel in chosen:
        folders.setdefault(rel.split("/")[0], []).append(rel)
    for f in folders:
        folders[f].sort(key=lambda r: hashlib.sha1(r.encode("utf-8")).hexdigest())
    queue = []
    for rnd in range(PER_ARTICLE):
        pos = {f: 0 for f in folders}
        while any(pos[f] < len(folders[f]) for f in folders):
            for f in sorted(folders):
                while pos[f] < len(folders[f]):
                    rel = folders[f][pos[f]]
                    pos[f] += 1
                    if rnd < len(chosen[rel]):
                        queue.append((rel, chosen[rel][rnd]))
                        break

    out, seen = [], set()
    for rel, (msg, hits) in queue:
        if len(out) >= MAX_QUERIES:
            break
        key = norm(msg)
        if key in seen:
            continue
        seen.add(key)
        grade = 2 if len(hits) == 1 else 1
        out.append({
            "q": msg,
            "rel": {h: grade for h in hits},
            "note": "quoted error/dialog text in %s%s" % (rel, "" if len(hits) == 1 else "; also quoted in %d other article(s)" % (len(hits) - 1)),
        })

    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False, sort_keys=False) + "\n")
    by_folder = {}
    for o in out:
        k = o["note"].split(" in ", 1)[1].split("/")[0]
        by_folder[k] = by_folder.get(k, 0) + 1
    print("articles %d, with candidates %d, chosen %d, queries %d %s" % (
        len(articles), len(per_article), len(chosen), len(out), json.dumps(by_folder, sort_keys=True)), file=sys.stderr)


if __name__ == "__main__":
    main()
