#!/usr/bin/env python3
"""Extracts gitleaks' per-rule test examples into a JSON-lines file for `fieldguide-bench --redaction`.

Source: github.com/gitleaks/gitleaks at commit b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b,
`cmd/generate/config/rules/*.go` (MIT licence, Copyright (c) 2019 Zachary Rice). Each rule
function there builds `tps` (must be found) and `fps` (must not be found) and passes them to
`utils.Validate` / `utils.ValidateWithPaths`. This script evaluates those Go expressions with a
small interpreter that knows the helpers they call:

- `utils.GenerateSampleSecret(id, s)` and `utils.GenerateSampleSecrets(id, s)` expand the same
  templates as `cmd/generate/config/utils/generate.go` (the map is iterated in key order);
- `secrets.NewSecret(regex)` generates a string from the regex like `lucasjones/reggen` with
  limit 1 (`*`, `+`, `{n,}` repeat at most one more than their minimum), from a fixed seed per
  rule (so a run always writes the same file);
- `utils.AlphaNumeric("20")`, `utils.Hex(…)`, … return the patterns of `utils/patterns.go`;
- `fmt.Sprintf` (`%s`, `%d`, `%v`), `strings.Repeat`, `strings.ToUpper`, `append(…)`, string
  concatenation, `[]string{…}` and `map[string]string{…}` literals, local `:=`/`=`/`var`;
- `newPlausibleSecret(regex)` (generic.go): regenerate until the value has a digit 1-9 and no
  stop-word.

Expressions it cannot evaluate (calls to other file-local helpers) are skipped and counted; the
counts are printed and written in the header line of the output.

Usage: extract_gitleaks_examples.py GITLEAKS_CHECKOUT OUT.jsonl
"""
import json
import random
import re
import sys
import zlib
from pathlib import Path

try:
    import re._parser as sre_parse  # Python 3.11+
    from re._constants import (ANY, ASSERT, ASSERT_NOT, AT, BRANCH, CATEGORY, IN, LITERAL,
                               MAX_REPEAT, MIN_REPEAT, NEGATE, NOT_LITERAL, RANGE, SUBPATTERN,
                               CATEGORY_DIGIT, CATEGORY_WORD, CATEGORY_SPACE, CATEGORY_NOT_DIGIT,
                               CATEGORY_NOT_WORD, CATEGORY_NOT_SPACE, MAXREPEAT, GROUPREF)
except ImportError:  # pragma: no cover
    import sre_parse
    from sre_constants import *  # noqa

COMMIT = "b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b"


class Unknown(Exception):
    pass


# ------------------------------------------------------------------------------------------
# Regex → sample string (reggen-like)
# ------------------------------------------------------------------------------------------
PRINTABLE = [chr(c) for c in range(32, 127)]
DIGITS = [chr(c) for c in range(48, 58)]
WORD = DIGITS + [chr(c) for c in range(65, 91)] + [chr(c) for c in range(97, 123)] + ["_"]
SPACE = [" ", "\t", "\n"]
CATS = {
    CATEGORY_DIGIT: DIGITS,
    CATEGORY_WORD: WORD,
    CATEGORY_SPACE: SPACE,
}
NEG_CATS = {
    CATEGORY_NOT_DIGIT: DIGITS,
    CATEGORY_NOT_WORD: WORD,
    CATEGORY_NOT_SPACE: SPACE,
}


def go_to_py_regex(rx):
    return rx.replace(r"\z", r"\Z")


def class_chars(items):
    negate = False
    chars = set()
    for op, av in items:
        if op is NEGATE:
            negate = True
        elif op is LITERAL:
            chars.add(chr(av))
        elif op is RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is CATEGORY:
            if av in CATS:
                chars.update(CATS[av])
            elif av in NEG_CATS:
                chars.update(c for c in PRINTABLE if c not in NEG_CATS[av])
    if negate:
        return [c for c in PRINTABLE if c not in chars]
    return sorted(chars)


def gen(parsed, rnd, limit=1):
    out = []
    for op, av in parsed:
        if op is LITERAL:
            out.append(chr(av))
        elif op is NOT_LITERAL:
            out.append(rnd.choice([c for c in PRINTABLE if ord(c) != av]))
        elif op is ANY:
            out.append(rnd.choice(PRINTABLE))
        elif op is IN:
            out.append(rnd.choice(class_chars(av)))
        elif op is CATEGORY:
            out.append(rnd.choice(CATS.get(av) or PRINTABLE))
        elif op in (MAX_REPEAT, MIN_REPEAT):
            lo, hi, sub = av
            if hi is MAXREPEAT or hi > lo + 1000:
                hi = lo + limit
            for _ in range(rnd.randint(lo, hi)):
                out.append(gen(sub, rnd, limit))
        elif op is SUBPATTERN:
            out.append(gen(av[-1], rnd, limit))
        elif op is BRANCH:
            out.append(gen(rnd.choice(av[1]), rnd, limit))
        elif op in (AT, ASSERT, ASSERT_NOT):
            pass
        else:
            raise Unknown(f"regex op {op}")
    return "".join(out)


def new_secret(regex, rnd):
    try:
        parsed = sre_parse.parse(go_to_py_regex(regex))
    except Exception as e:  # noqa: BLE001
        raise Unknown(f"regex {regex!r}: {e}")
    return gen(parsed, rnd)


# ------------------------------------------------------------------------------------------
# Sample templates (utils/generate.go), iterated in key order
# ------------------------------------------------------------------------------------------
SAMPLES = {
    "ini - quoted1": '{i}Token="{s}"',
    "ini - quoted2": '{i}Token = "{s}"',
    "ini - unquoted1": "{i}Token={s}",
    "ini - unquoted2": "{i}Token = {s}",
    "json - string": '{\n    "{i}_token": "{s}"\n}',
    "json - escaped newline in string": '{"config.ini": "{I}_TOKEN={s}\\nBACKUP_ENABLED=true"}',
    "xml - element multiline": "<{i}Token>\n    {s}\n</{i}Token>",
    "yaml - singleline - unquoted": "{i}_token: {s}",
    "yaml - singleline - single quote": "{i}_token: '{s}'",
    "yaml - singleline - double quote": '{i}_token: "{s}"',
    "C#": 'string {i}Token = "{s}";',
    "go - normal": 'var {i}Token string = "{s}"',
    "go - short": '{i}Token := "{s}"',
    "go - backticks": "{i}Token := `{s}`",
    "java": 'String {i}Token = "{s}";',
    "kotlin - notype": 'var {i}Token = "{s}"',
    "php - string concat": '${i}Token .= "{s}"',
    "python - single quote": "{i}Token = '{s}'",
    "python - double quote": '{i}Token = "{s}"',
    "misc - comma operator": 'System.setProperty("{I}_TOKEN", "{s}")',
    "logstash": '  "{i}Token" => "{s}"',
    "make - recursive assignment": '{i}_TOKEN = "{s}"',
    "make - simple assignment": '{i}_TOKEN := "{s}"',
    "make - shell assignment": '{i}_TOKEN ::= "{s}"',
    "make - evaluated shell assignment": '{i}_TOKEN :::= "{s}"',
    "make - conditional assignment": '{i}_TOKEN ?= "{s}"',
}


class Ex(str):
    """A generated example that knows the secret it was built around."""

    secret = None


def ex(text, secret):
    e = Ex(text)
    e.secret = secret
    return e


def replace_once(tpl, i, s):
    # strings.NewReplacer replaces in one pass, so a `{s}` inside the identifier is not expanded.
    return re.sub(r"\{i\}|\{I\}|\{s\}", lambda m: {"{i}": i, "{I}": i.upper(), "{s}": s}[m.group(0)], tpl)


def sample_secrets(i, s):
    return [ex(replace_once(SAMPLES[k], i, s), s) for k in sorted(SAMPLES)]


def sample_secret(i, s):
    return ex(f'{i}_api_token = "{s}"', s)


PATTERNS = {
    "utils.Numeric": "[0-9]{%s}",
    "utils.Hex": "[a-f0-9]{%s}",
    "utils.AlphaNumeric": "[a-z0-9]{%s}",
    "utils.AlphaNumericExtendedShort": "[a-z0-9_-]{%s}",
    "utils.AlphaNumericExtended": "[a-z0-9=_\\-]{%s}",
    "utils.AlphaNumericExtendedLong": "[a-z0-9\\/=_\\+\\-]{%s}",
}


# ------------------------------------------------------------------------------------------
# A tiny Go tokenizer and expression evaluator
# ------------------------------------------------------------------------------------------
TOKEN = re.compile(
    r"""(?P<ws>\s+)|(?P<lc>//[^\n]*)|(?P<bc>/\*.*?\*/)|(?P<raw>`[^`]*`)|(?P<str>"(?:\\.|[^"\\\n])*")"""
    r"""|(?P<rune>'(?:\\.|[^'\\\n])+')|(?P<num>\d+(?:\.\d+)?)|(?P<id>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"""
    r"""|(?P<op>\.\.\.|:=|\+=|==|!=|&&|\|\||[-+*/%(){}\[\],;:=.<>!&|^])""",
    re.S,
)


def tokenize(src):
    toks = []
    pos = 0
    while pos < len(src):
        m = TOKEN.match(src, pos)
        if not m:
            toks.append(("op", src[pos]))
            pos += 1
            continue
        pos = m.end()
        kind = m.lastgroup
        if kind in ("ws", "lc", "bc"):
            if kind != "bc" and "\n" in m.group(0) or kind == "lc":
                toks.append(("nl", "\n"))
            continue
        toks.append((kind, m.group(0)))
    return toks


def go_unquote(s):
    body = s[1:-1]
    out = []
    i = 0
    esc = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'", "a": "\a", "b": "\b",
           "f": "\f", "v": "\v"}
    while i < len(body):
        c = body[i]
        if c == "\\":
            n = body[i + 1]
            if n in esc:
                out.append(esc[n])
                i += 2
            elif n == "x":
                out.append(chr(int(body[i + 2:i + 4], 16)))
                i += 4
            elif n == "u":
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
            elif n in "01234567":
                out.append(chr(int(body[i + 1:i + 4], 8)))
                i += 4
            else:
                raise Unknown(f"escape \\{n}")
        else:
            out.append(c)
            i += 1
    return "".join(out)


class Parser:
    def __init__(self, toks, env, ctx):
        self.toks = [t for t in toks if t[0] != "nl"]
        self.i = 0
        self.env = env
        self.ctx = ctx

    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else ("eof", "")

    def take(self, val=None):
        t = self.peek()
        if val is not None and t[1] != val:
            raise Unknown(f"expected {val}, got {t[1]}")
        self.i += 1
        return t

    def expr(self):
        v = self.primary()
        while self.peek()[1] == "+":
            self.take()
            w = self.primary()
            if isinstance(v, str) and isinstance(w, str):
                v = v + w  # drops the Ex secret on purpose
            elif isinstance(v, int) and isinstance(w, int):
                v = v + w
            else:
                raise Unknown("bad +")
        return v

    def args(self):
        self.take("(")
        out = []
        while self.peek()[1] != ")":
            v = self.expr()
            if self.peek()[1] == "...":
                self.take()
                v = ("spread", v)
            out.append(v)
            if self.peek()[1] == ",":
                self.take()
        self.take(")")
        return out

    def composite(self, is_map):
        self.take("{")
        out = {} if is_map else []
        while self.peek()[1] != "}":
            try:
                if is_map:
                    k = self.expr()
                    self.take(":")
                    out[k] = self.expr()
                else:
                    out.append(self.expr())
            except Unknown as e:
                self.ctx["skipped"] += 1
                self.ctx["why"].append(str(e))
                self.skip_element()
            if self.peek()[1] == ",":
                self.take()
        self.take("}")
        return out

    def skip_element(self):
        depth = 0
        while True:
            t = self.peek()
            if t[0] == "eof":
                raise Unknown("eof")
            if t[1] in "({[" and t[0] == "op":
                depth += 1
            elif t[1] in ")}]" and t[0] == "op":
                if depth == 0:
                    return
                depth -= 1
            elif t[1] == "," and depth == 0:
                return
            self.take()

    def primary(self):
        kind, val = self.peek()
        if kind == "raw":
            self.take()
            return val[1:-1].replace("\r", "")
        if kind == "str":
            self.take()
            return go_unquote(val)
        if kind == "num":
            self.take()
            return int(val)
        if kind == "op" and val == "(":
            self.take()
            v = self.expr()
            self.take(")")
            return v
        if kind == "op" and val == "[":
            self.take("[")
            self.take("]")
            t = self.take()
            if t[1] == "byte":
                self.take("(")
                v = self.expr()
                self.take(")")
                return v
            if t[1] != "string":
                raise Unknown("slice type")
            return self.composite(False)
        if kind == "id" and val == "map":
            self.take()
            self.take("[")
            self.take()
            self.take("]")
            self.take()
            return self.composite(True)
        if kind == "id":
            self.take()
            if self.peek()[1] == "(":
                return self.call(val, self.args())
            if val in self.env:
                return self.env[val]
            raise Unknown(f"name {val}")
        raise Unknown(f"token {val!r}")

    def call(self, name, args):
        rnd = self.ctx["rnd"]
        if name == "append":
            base = list(args[0])
            for a in args[1:]:
                if isinstance(a, tuple) and a[0] == "spread":
                    base.extend(a[1])
                else:
                    base.append(a)
            return base
        if name == "utils.GenerateSampleSecrets":
            return sample_secrets(args[0], args[1])
        if name == "utils.GenerateSampleSecret":
            return sample_secret(args[0], args[1])
        if name == "secrets.NewSecret":
            return new_secret(args[0], rnd)
        if name == "newPlausibleSecret":
            for _ in range(10000):
                s = new_secret(args[0], rnd)
                if re.search("[1-9]", s) and not any(w in s.lower() for w in self.ctx["stopwords"]):
                    return s
            raise Unknown("no plausible secret")
        if name in PATTERNS:
            return PATTERNS[name] % args[0]
        if name == "utils.Hex8_4_4_4_12":
            return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        if name == "fmt.Sprintf":
            fmt, rest = args[0], list(args[1:])

            def sub(m):
                if m.group(0) == "%%":
                    return "%"
                return str(rest.pop(0))

            return re.sub(r"%%|%[sdv]", sub, fmt)
        if name == "base64.StdEncoding.EncodeToString":
            import base64
            return base64.b64encode(args[0].encode()).decode()
        if name == "strings.Repeat":
            return args[0] * args[1]
        if name == "strings.ToUpper":
            return args[0].upper()
        if name == "strings.ToLower":
            return args[0].lower()
        raise Unknown(f"call {name}")


def split_statements(toks):
    """Top-level statements of a function body (a list of token lists)."""
    stmts, cur, depth = [], [], 0
    for t in toks:
        if t[0] == "op" and t[1] in "({[":
            depth += 1
        elif t[0] == "op" and t[1] in ")}]":
            depth -= 1
        if depth == 0 and (t[0] == "nl" or t[1] == ";"):
            if cur:
                stmts.append(cur)
            cur = []
            continue
        cur.append(t)
    if cur:
        stmts.append(cur)
    return stmts


def run_assign(stmt, env, ctx):
    toks = [t for t in stmt if t[0] != "nl"]
    if len(toks) >= 3 and toks[0][0] == "id" and toks[1][1] in (":=", "="):
        names = [toks[0][1]]
        rhs = toks[2:]
    elif len(toks) >= 4 and toks[0][1] == "var" and toks[1][0] == "id" and toks[2][1] == "=":
        names = [toks[1][1]]
        rhs = toks[3:]
    elif len(toks) >= 4 and toks[0][1] == "var" and toks[1][1] == "(":
        inner = split_statements(stmt[2:-1] if stmt[-1][1] == ")" else stmt[2:])
        for s in inner:
            run_assign(s, env, ctx)
        return
    else:
        return
    if names[0] == "r" or names[0] == "_":
        return
    p = Parser(rhs, env, ctx)
    try:
        v = p.expr()
        if p.peek()[0] != "eof":
            raise Unknown("trailing tokens")
        env[names[0]] = v
    except Unknown as e:
        if names[0] in ("tps", "fps") or names[0] in ctx["validate_args"]:
            ctx["skipped"] += 1
            ctx["why"].append(f"{names[0]}: {e}")


def functions(toks):
    """(name, body tokens) for every `func Name() *config.Rule { … }`."""
    i = 0
    while i < len(toks):
        if toks[i][1] == "func" and i + 1 < len(toks) and toks[i + 1][0] == "id":
            name = toks[i + 1][1]
            j = i + 2
            while j < len(toks) and toks[j][1] != "{":
                j += 1
            depth = 0
            k = j
            while k < len(toks):
                if toks[k][1] == "{" and toks[k][0] == "op":
                    depth += 1
                elif toks[k][1] == "}" and toks[k][0] == "op":
                    depth -= 1
                    if depth == 0:
                        break
                k += 1
            yield name, toks[j + 1:k]
            i = k + 1
        else:
            i += 1


def main():
    root = Path(sys.argv[1])
    out_path = Path(sys.argv[2])
    rules_dir = root / "cmd/generate/config/rules"
    stop_src = (rules_dir / "stopwords.go").read_text()
    stopwords = [go_unquote(s) for s in re.findall(r'"(?:\\.|[^"\\])*"', stop_src)]
    rows = []
    stats = {"rules": 0, "tp": 0, "fp": 0, "skipped": 0}
    why = []
    for path in sorted(rules_dir.glob("*.go")):
        toks = tokenize(path.read_text())
        # Package-level `var name = …` (shared example lists such as cloudflare.go's).
        file_env = {"nil": []}
        file_ctx = {"rnd": random.Random(zlib.crc32(path.name.encode())), "skipped": 0, "why": [],
                    "stopwords": stopwords, "validate_args": []}
        depth = 0
        for k, t in enumerate(toks):
            if t[0] == "op" and t[1] in "({[":
                depth += 1
            elif t[0] == "op" and t[1] in ")}]":
                depth -= 1
            elif depth == 0 and t[1] == "var" and k + 2 < len(toks) and toks[k + 2][1] == "=":
                end = k + 3
                d = 0
                while end < len(toks):
                    if toks[end][0] == "op" and toks[end][1] in "({[":
                        d += 1
                    elif toks[end][0] == "op" and toks[end][1] in ")}]":
                        d -= 1
                    elif d == 0 and toks[end][0] == "nl":
                        break
                    end += 1
                run_assign(toks[k:end], file_env, file_ctx)
        for fname, body in functions(toks):
            rid = None
            for a, b, c in zip(body, body[1:], body[2:]):
                if a[1] == "RuleID" and b[1] == ":" and c[0] == "str":
                    rid = go_unquote(c[1])
                    break
            if rid is None:
                continue
            # The names passed to Validate / ValidateWithPaths.
            validate = None
            for k, t in enumerate(body):
                if t[1] in ("utils.Validate", "utils.ValidateWithPaths"):
                    names = [x[1] for x in body[k + 2:k + 8] if x[0] == "id"]
                    validate = (names[1] if len(names) > 1 else None,
                                names[2] if len(names) > 2 else None)
                    break
            if validate is None:
                continue
            stats["rules"] += 1
            ctx = {"rnd": random.Random(zlib.crc32(rid.encode())), "skipped": 0, "why": [],
                   "stopwords": stopwords, "validate_args": [n for n in validate if n]}
            env = dict(file_env)
            for stmt in split_statements(body):
                run_assign(stmt, env, ctx)
            stats["skipped"] += ctx["skipped"]
            why += [f"{rid}: {w}" for w in ctx["why"]]
            for kind, name in zip(("tp", "fp"), validate):
                if not name or name == "nil":
                    continue
                vals = env.get(name)
                if vals is None:
                    continue
                paths = None
                if isinstance(vals, dict):
                    paths = list(vals.keys())
                    vals = list(vals.values())
                for n, v in enumerate(vals):
                    if not isinstance(v, str):
                        continue
                    row = {"rule": rid, "kind": kind, "text": str(v),
                           "source": f"{path.name}:{fname}"}
                    if isinstance(v, Ex) and v.secret is not None:
                        row["secret"] = v.secret
                    if paths:
                        row["path"] = paths[n]
                    rows.append(row)
                    stats[kind] += 1
    header = {
        "provenance": f"gitleaks {COMMIT} cmd/generate/config/rules/*.go, MIT licence, "
                      "Copyright (c) 2019 Zachary Rice; extracted by "
                      "crates/fieldguide-bench/scripts/extract_gitleaks_examples.py",
        **stats,
    }
    with out_path.open("w") as f:
        f.write(json.dumps(header) + "\n")
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(json.dumps(header))
    for w in why:
        print("skipped:", w, file=sys.stderr)


if __name__ == "__main__":
    main()
