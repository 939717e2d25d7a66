//! A fast reader for the front matter most documents have: `key: value` lines, lists of
//! `- item` lines and `[a, b]` lists of plain words, single- or double-quoted values without
//! escapes. Anything else — multi-line values, nested mappings, comments after a value,
//! anchors, tags, escapes, duplicate keys, values YAML could read as a number, a boolean or
//! null — gives `None`, and the YAML parser reads the block. What this reader returns is what
//! the YAML parser gives (checked on every front matter of the shipped KB and of the shared
//! corpus, and on tricky values, in the tests below); it only spares the YAML parser the
//! common case, which was ~8 % of the CPU time of a first open.
use serde_json::Value;

/// The keys and values of `yaml`, in order, when every line is in the simple subset.
pub(super) fn simple_yaml(yaml: &str) -> Option<Vec<(String, Value)>> {
    // Tabs, carriage returns, byte-order marks, control characters and YAML 1.1's other line
    // breaks (NEL, LS, PS) are left to the YAML parser.
    let odd = |c: char| {
        (c.is_control() && c != '\n') || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
    };
    if yaml.bytes().any(|b| b < b' ' && b != b'\n' || b >= 0x7f) && yaml.chars().any(odd) {
        return None;
    }
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut lines = yaml.split('\n').peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line.starts_with(' ') {
            return None; // an indented line that is not one of a key's list items
        }
        let (key, rest) = line.split_once(':')?;
        if !plain_key(key) {
            return None;
        }
        let text = if rest.is_empty() {
            ""
        } else {
            rest.strip_prefix(' ')?.trim_matches(' ')
        };
        let value = if text.is_empty() {
            let mut items = Vec::new();
            let mut indent = None;
            while let Some(next) = lines.peek() {
                let body = next.trim_start_matches(' ');
                let Some(item) = body.strip_prefix("- ") else {
                    break;
                };
                let at = next.len() - body.len();
                if *indent.get_or_insert(at) != at {
                    return None;
                }
                items.push(plain_scalar(item.trim_matches(' '), false)?);
                lines.next();
            }
            if items.is_empty() {
                Value::Null
            } else {
                Value::Array(items)
            }
        } else if let Some(inner) = text.strip_prefix('[') {
            let inner = inner.strip_suffix(']')?.trim_matches(' ');
            if inner.is_empty() {
                Value::Array(Vec::new())
            } else {
                let items: Option<Vec<Value>> = inner
                    .split(',')
                    .map(|item| plain_scalar(item.trim_matches(' '), true))
                    .collect();
                Value::Array(items?)
            }
        } else if let Some(inner) = text.strip_prefix('\'') {
            let inner = inner.strip_suffix('\'')?;
            // `''` is a quote; any other quote ends the value early.
            if inner.replace("''", "").contains('\'') {
                return None;
            }
            Value::String(inner.replace("''", "'"))
        } else if let Some(inner) = text.strip_prefix('"') {
            let inner = inner.strip_suffix('"')?;
            if inner.contains(['"', '\\']) {
                return None;
            }
            Value::String(inner.to_string())
        } else {
            plain_scalar(text, false)?
        };
        if out.iter().any(|(k, _)| k == key) {
            return None;
        }
        out.push((key.to_string(), value));
    }
    Some(out)
}

/// A key made of letters, digits, `_`, `.` and `-`, starting with a letter or `_`, that YAML
/// reads as the same string (`True` or `NULL` as a key would be read as a boolean or null).
fn plain_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && !keyword(key)
}

/// A plain (unquoted) value that YAML reads as this very string; `None` for anything that
/// could be read otherwise or needs the YAML parser. `flow`: an item of a `[a, b]` list,
/// where `,[]{}` end a value.
fn plain_scalar(s: &str, flow: bool) -> Option<Value> {
    let first = s.chars().next()?;
    if matches!(
        first,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
    ) || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || (flow && s.contains([',', '[', ']', '{', '}', '"', '\'']))
        || keyword(s)
    {
        return None;
    }
    if maybe_number(s) {
        return decimal(s).map(Value::from);
    }
    Some(Value::String(s.to_string()))
}

/// Words YAML may read as a boolean or null (YAML 1.1's `yes`/`on` too, to be safe).
fn keyword(s: &str) -> bool {
    s.len() <= 5
        && [
            "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
        ]
        .iter()
        .any(|k| s.eq_ignore_ascii_case(k))
}

/// A plain decimal integer (`1125`, `-3`; not `007`, `+1` or `1_000`).
fn decimal(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let plain = matches!(digits.as_bytes(), [b'0'] | [b'1'..=b'9', ..])
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| s.parse().ok()).flatten()
}

/// Could be read as a number: starts like one and holds nothing a number cannot hold, a sign
/// only first or after an exponent's `e` (`01/24/2024` and `2024-01-24` cannot be, `1e-5`,
/// `0x1F`, `1_000` and `.5` could).
fn maybe_number(s: &str) -> bool {
    let unsigned = s.trim_start_matches(['+', '-']);
    if unsigned.eq_ignore_ascii_case(".inf") || unsigned.eq_ignore_ascii_case(".nan") {
        return true;
    }
    let mut prev = None;
    for (i, c) in s.chars().map(|c| c.to_ascii_lowercase()).enumerate() {
        let fits = match c {
            '0'..='9' | '.' => true,
            '+' | '-' => i == 0 || prev == Some('e'),
            'a'..='f' | 'x' | 'o' | '_' => i > 0,
            _ => false,
        };
        if !fits {
            return false;
        }
        prev = Some(c);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the YAML parser gives, as (key, value) pairs.
    fn by_yaml(yaml: &str) -> Option<Vec<(String, Value)>> {
        super::super::parse::yaml_pairs(yaml).ok()
    }

    /// The fast reader either declines or agrees with the YAML parser.
    pub(crate) fn agrees(yaml: &str) -> bool {
        match simple_yaml(yaml) {
            None => true,
            Some(fast) => {
                assert_eq!(Some(&fast), by_yaml(yaml).as_ref(), "{yaml:?}");
                true
            }
        }
    }

    #[test]
    fn reads_the_usual_front_matter() {
        let yaml = "title: WinRM client cannot complete operation\nms.custom: \n  - sap:Hybrid\n  \
                    - Exchange Hybrid\nms.reviewer: scotro, v-six\nms.date: 01/24/2024\n\
                    tags: [vpn, network]\nsummary: 'It''s fine'\nowner: \"a: b # c\"\n\
                    empty:\n# a comment\nlast: C# and x:y\n";
        let got = simple_yaml(yaml).expect("simple");
        assert_eq!(got.len(), 9, "{got:?}");
        assert_eq!(
            got[1].1,
            serde_json::json!(["sap:Hybrid", "Exchange Hybrid"])
        );
        assert_eq!(got[3].1, Value::String("01/24/2024".into()));
        assert_eq!(got[4].1, serde_json::json!(["vpn", "network"]));
        assert_eq!(got[5].1, Value::String("It's fine".into()));
        assert_eq!(got[7].1, Value::Null);
        assert!(agrees(yaml));
    }

    #[test]
    fn declines_or_agrees_on_tricky_values() {
        let values = [
            "true",
            "True",
            "FALSE",
            "yes",
            "No",
            "on",
            "null",
            "Null",
            "~",
            "",
            "1",
            "-1",
            "+1",
            "01",
            "007",
            "1.5",
            ".5",
            "1e5",
            "1E-5",
            "0x1F",
            "0o17",
            "0b101",
            "1_000",
            "1125",
            "-42",
            "0",
            "-0",
            "123456789012345678",
            "1234567890123456789",
            "99999999999999999999",
            ".inf",
            "-.Inf",
            ".NaN",
            "nan",
            "inf",
            "infinity",
            "1:30",
            "2024-01-24",
            "2024-01-24T10:00:00Z",
            "12:30:00",
            "3rd party",
            "v1.2",
            "1.2.3",
            "1,000",
            "a: b",
            "a #b",
            "a#b",
            "a:",
            "-a",
            "- a",
            "[a, b]",
            "[a, [b]]",
            "[]",
            "[a,]",
            "{a: b}",
            "&x a",
            "*x",
            "!!str 1",
            "|",
            ">",
            "'a''b'",
            "'a'b'",
            "\"a\\\"b\"",
            "\"a\"",
            "'x' y",
            "%x",
            "@x",
            "`x`",
            "a b ",
            "é ü",
            "ÿes",
            "C#",
            "a, b",
            "x[1]",
            "http://example.com/a?b=c#d",
            "1 2",
            "0.",
            "-",
            "?",
            "? x",
            ":x",
            "a  #  b",
            "#x",
            "a\u{202f}",
            "\u{a0}x",
            "a\u{3000}",
        ];
        let mut fast = 0;
        for v in values {
            for yaml in [
                format!("k: {v}\n"),
                format!("k: {v}"),
                format!("k:\n  - {v}\n  - b\n"),
                format!("k:\n- {v}\n"),
                format!("k: [{v}, b]\n"),
                format!("k: '{v}'\n"),
                format!("k: \"{v}\"\n"),
                format!("{v}: x\n"),
                format!("a: 1x\n{v}\n"),
                format!("k: x\n  {v}\n"),
            ] {
                assert!(agrees(&yaml));
                fast += usize::from(simple_yaml(&yaml).is_some());
            }
        }
        // The reader still takes the plain cases.
        assert!(fast > 200, "{fast}");
    }

    /// Random blocks built from YAML's tricky pieces: the reader declines or agrees on all.
    #[test]
    fn declines_or_agrees_on_random_blocks() {
        const PIECES: [&str; 40] = [
            "k",
            "key",
            "ms.date",
            "a-b",
            "x_1",
            "True",
            ":",
            ": ",
            " ",
            "  ",
            "\n",
            "\n  ",
            "- ",
            "-",
            "#",
            " #",
            "'",
            "''",
            "\"",
            "\\",
            "[",
            "]",
            ", ",
            ",",
            "{",
            "}",
            "&a",
            "*a",
            "!t",
            "|",
            ">",
            "1",
            "0x1",
            "1e5",
            ".5",
            "2024-01-24",
            "yes",
            "null",
            "~",
            "é",
        ];
        // A fixed xorshift sequence: the same blocks every run.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut fast = 0;
        for _ in 0..20_000 {
            let mut yaml = String::new();
            for _ in 0..(next() % 3 + 1) {
                yaml.push_str(["k: ", "key: ", "k:\n  - ", "k: [", "t: '"][next() as usize % 5]);
                for _ in 0..(next() % 6) {
                    yaml.push_str(PIECES[next() as usize % PIECES.len()]);
                }
                yaml.push('\n');
            }
            assert!(agrees(&yaml));
            fast += usize::from(simple_yaml(&yaml).is_some());
        }
        assert!(fast > 1_000, "{fast}");
    }

    #[test]
    fn declines_what_needs_the_parser() {
        for yaml in [
            "k: a\nk: b\n",
            "k: a\n  continued\n",
            "k:\n  a: b\n",
            "k:\n  - a\n    - b\n",
            "k:\n  - a\n - b\n",
            "k: |\n  text\n",
            "k: a # comment\n",
            "k:\ta\n",
            "k: a\r\n",
            "- a\n",
            "just text\n",
            "k: \"a\\nb\"\n",
            "k:v\n",
        ] {
            assert!(simple_yaml(yaml).is_none(), "{yaml:?}");
            assert!(agrees(yaml));
        }
        assert_eq!(simple_yaml(""), Some(Vec::new()));
        assert_eq!(simple_yaml("\n# only a comment\n"), Some(Vec::new()));
        assert!(agrees("\n# only a comment\n"));
    }

    /// Every front matter of the shipped KB and, when present, of the shared corpus
    /// (`../shared/corpus`): the reader declines or agrees, and takes most of them.
    #[test]
    fn agrees_on_real_front_matter() {
        for (folder, files) in super::super::real_markdown() {
            let (mut blocks, mut fast) = (0, 0);
            for (path, text) in &files {
                if let Some((yaml, _, _)) = super::super::front_matter_block(text) {
                    blocks += 1;
                    assert!(agrees(&yaml), "{}", path.display());
                    fast += usize::from(simple_yaml(&yaml).is_some());
                }
            }
            eprintln!("{}: {fast} of {blocks} read fast", folder.display());
            assert!(
                blocks > 0 && fast * 10 >= blocks * 7,
                "{fast} of {blocks} in {}",
                folder.display()
            );
        }
    }
}
