//! Writing front matter: the one quoting rule for every YAML value Fieldguide writes, by the
//! editor's minimal-diff edits and by the ticket note, escalation packet, lifecycle and review
//! writers alike. Whatever is written here reads back (through [`super::parse`]) as the same
//! string.

const RESERVED: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
];

/// A string as a YAML scalar: plain when unambiguous (for us and for YAML 1.1 readers), else
/// double-quoted with JSON-compatible escapes. Plain means: starts with a letter, holds only
/// letters, digits, spaces and `._/+@()-`, does not end with a space, is not a YAML 1.1
/// boolean or null word, and reads back as this very string; or is a `YYYY-MM-DD` date, the
/// way the KB writes dates by hand (`review_by: 2026-09-01`).
pub(crate) fn yaml_str(s: &str) -> String {
    let plain = (s.chars().next().is_some_and(|c| c.is_alphabetic())
        && s.chars()
            .all(|c| c.is_alphanumeric() || " ._/+@()-".contains(c))
        && !s.ends_with(' ')
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str()))
        || is_iso_date(s);
    if plain && reads_back_as(s, s) {
        s.to_string()
    } else {
        yaml_quote(s)
    }
}

/// `YYYY-MM-DD` (digits only; the calendar is not checked: it stays text either way).
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// Does the YAML `yaml` parse as the string `want`?
fn reads_back_as(yaml: &str, want: &str) -> bool {
    matches!(serde_norway::from_str::<serde_norway::Value>(yaml),
             Ok(serde_norway::Value::String(ref p)) if p == want)
}

pub(crate) fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20
                || (0x7f..=0x9f).contains(&(c as u32))
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A flow list `[a, b]` of YAML scalars.
pub(crate) fn yaml_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| yaml_str(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Any JSON value as YAML (strings as [`yaml_str`], the rest as JSON flow syntax).
pub(crate) fn yaml_json(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => yaml_str(s),
        serde_json::Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// A key: plain if it is a simple identifier that the scalar rule writes plain (`null`, `yes`
/// and the like are quoted: plain, they would be a null or boolean key), else quoted.
pub(crate) fn yaml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        && yaml_str(k) == k
    {
        k.to_string()
    } else {
        yaml_quote(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values that trip plain YAML: indicators, reserved words, numbers and dates as text,
    /// quotes, escapes, unicode, line breaks.
    const TRICKY: &[&str] = &[
        "plain text",
        "Outlook: password prompt",
        "key:value",
        "\"quoted\" and 'single'",
        "'single only'",
        "- leading dash",
        "-",
        "#hash",
        "a # not a comment",
        "yes",
        "No",
        "ON",
        "null",
        "~",
        "2026",
        "1.0",
        "0x1F",
        "1e5",
        "1_000",
        ".inf",
        "2026-09-01",
        "2026-09-01T10:00:00Z",
        "12:30",
        "café ünïcode ✓ 漢字",
        "line\nbreak",
        "crlf\r\nline",
        "trailing\n",
        "tab\there",
        "trailing ",
        " leading",
        "",
        "a, b [c] {d}",
        "back\\slash",
        "\u{2028}sep\u{7f}\u{85}\u{feff}",
        "@at",
        "`tick`",
        "%percent",
        "&anchor *alias !tag |pipe >fold",
        "? question",
        "articles/x.md",
    ];

    fn assert_round_trip(s: &str) {
        let y = format!(
            "k: {}\nl: {}\n{}: 1\n",
            yaml_str(s),
            yaml_list(&[s.to_string(), "x".into()]),
            yaml_key(s),
        );
        let v: serde_norway::Value =
            serde_norway::from_str(&y).unwrap_or_else(|e| panic!("{y:?}: {e}"));
        assert_eq!(v["k"], serde_norway::Value::String(s.into()), "{y:?}");
        assert_eq!(v["l"][0], serde_norway::Value::String(s.into()), "{y:?}");
        assert_eq!(v["l"][1], serde_norway::Value::String("x".into()), "{y:?}");
        assert_eq!(v[s], serde_norway::Value::Number(1.into()), "{y:?}");
        // What the KB reader makes of it: the same text, as `title` and as a tag.
        let fm = super::super::parse_front_matter(&format!(
            "title: {}\ntags: {}\n",
            yaml_str(s),
            yaml_list(&[s.to_string()])
        ))
        .unwrap_or_else(|e| panic!("{s:?}: {e:?}"));
        assert_eq!(fm.title.as_deref(), Some(s.trim()), "{s:?}");
    }

    #[test]
    fn tricky_strings_round_trip() {
        for s in TRICKY {
            assert_round_trip(s);
        }
    }

    #[test]
    fn generated_strings_round_trip() {
        // Every string of up to three characters over an alphabet of YAML's troublemakers,
        // then longer ones from a fixed pseudo-random walk: no test depends on luck.
        let alphabet: Vec<char> = "a1 -:#'\"\\\n.?,[]{}&*!|>%@`~yN\t\u{e9}\u{2028}"
            .chars()
            .collect();
        let n = alphabet.len();
        for len in 0..=3u32 {
            for mut i in 0..n.pow(len) {
                let mut s = String::new();
                for _ in 0..len {
                    s.push(alphabet[i % n]);
                    i /= n;
                }
                assert_round_trip(&s);
            }
        }
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..2_000 {
            let mut s = String::new();
            for _ in 0..(x % 12) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(alphabet[(x % n as u64) as usize]);
            }
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            assert_round_trip(&s);
        }
    }

    #[test]
    fn plain_where_unambiguous() {
        assert_eq!(yaml_str("articles/x.md"), "articles/x.md");
        assert_eq!(yaml_str("it-ops"), "it-ops");
        assert_eq!(yaml_str("2026-09-01"), "2026-09-01");
        assert_eq!(yaml_str("yes"), "\"yes\"");
        assert_eq!(yaml_str("2026"), "\"2026\"");
        assert_eq!(yaml_str("VPN: drops"), "\"VPN: drops\"");
        assert_eq!(yaml_list(&["vpn".into(), "a,b".into()]), "[vpn, \"a,b\"]");
        assert_eq!(yaml_key("x-custom"), "x-custom");
        assert_eq!(yaml_key("has space"), "\"has space\"");
    }
}
