//! Minimal-diff front-matter edits: the editor's form fields (title, kind, tags, product,
//! category, owner, status, review-by) written back into a document's YAML by replacing only
//! the lines of the keys whose value changed. Every other line (unknown keys, comments, key
//! order, quoting, line endings) and the whole body stay byte-for-byte as they were.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::article::FrontMatter;
use crate::error::{Error, Result};
use crate::markdown;

/// The front-matter fields the editor's form shows. An empty string (or empty tag list) means
/// "no such key": the key is removed if it was there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct FrontMatterForm {
    /// `title`
    pub title: String,
    /// `kind` (`article`, `runbook`, `flow`, …)
    pub kind: String,
    /// `tags`
    pub tags: Vec<String>,
    /// `product`
    pub product: String,
    /// `category`
    pub category: String,
    /// `owner`
    pub owner: String,
    /// `status` (`draft`, `published`, `retired`)
    pub status: String,
    /// `review_by` (YYYY-MM-DD)
    pub review_by: String,
}

impl FrontMatterForm {
    /// The form as parsed front matter shows it.
    pub fn from_meta(fm: &FrontMatter) -> FrontMatterForm {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        FrontMatterForm {
            title: s(&fm.title),
            kind: fm
                .kind
                .map(|k| k.as_str().to_string())
                .or_else(|| fm.get_str("kind"))
                .unwrap_or_default(),
            tags: fm.tags.clone(),
            product: s(&fm.product),
            category: s(&fm.category),
            owner: s(&fm.owner),
            status: fm
                .status
                .map(|k| k.as_str().to_string())
                .or_else(|| fm.get_str("status"))
                .unwrap_or_default(),
            review_by: s(&fm.review_by),
        }
    }

    /// The form of a document's text (empty when it has no or malformed front matter).
    pub fn of_text(text: &str) -> FrontMatterForm {
        markdown::front_matter_block(text)
            .and_then(|(yaml, _, _)| markdown::parse_front_matter(&yaml).ok())
            .map(|fm| FrontMatterForm::from_meta(&fm))
            .unwrap_or_default()
    }

    fn normalized(&self) -> FrontMatterForm {
        let t = |s: &str| s.trim().to_string();
        FrontMatterForm {
            title: t(&self.title),
            kind: t(&self.kind).to_ascii_lowercase(),
            tags: self
                .tags
                .iter()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .collect(),
            product: t(&self.product),
            category: t(&self.category),
            owner: t(&self.owner),
            status: t(&self.status).to_ascii_lowercase(),
            review_by: t(&self.review_by),
        }
    }

    /// (key, rendered YAML value or `None` to remove) for every field, in display order.
    fn entries(&self) -> Vec<(&'static str, Option<String>)> {
        let scalar = |v: &str| (!v.is_empty()).then(|| yaml_scalar(v));
        vec![
            ("title", scalar(&self.title)),
            ("kind", scalar(&self.kind)),
            (
                "tags",
                (!self.tags.is_empty()).then(|| {
                    let items: Vec<String> = self.tags.iter().map(|t| flow_item(t)).collect();
                    format!("[{}]", items.join(", "))
                }),
            ),
            ("product", scalar(&self.product)),
            ("category", scalar(&self.category)),
            ("owner", scalar(&self.owner)),
            ("status", scalar(&self.status)),
            ("review_by", scalar(&self.review_by)),
        ]
    }
}

/// A plain YAML scalar when that reads back as the same string, else a double-quoted one.
fn yaml_scalar(v: &str) -> String {
    if let Ok(s) = serde_norway::to_string(v) {
        let s = s.trim_end_matches('\n');
        if !s.contains('\n') {
            // serde_norway quotes whatever would not read back as this string.
            if serde_norway::from_str::<String>(s).ok().as_deref() == Some(v) {
                return s.to_string();
            }
        }
    }
    serde_json::to_string(v).unwrap_or_else(|_| format!("\"{}\"", v.replace('"', "'")))
}

/// An item of a `[a, b]` flow sequence: plain when safe, else double-quoted.
fn flow_item(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ' '))
        && !v.starts_with([' ', '-', '.'])
        && !v.ends_with(' ');
    if plain && yaml_scalar(v) == v {
        v.to_string()
    } else {
        serde_json::to_string(v).unwrap_or_default()
    }
}

/// Where the YAML lines of `text`'s front matter are: byte offset of the first YAML line and
/// of the closing fence line.
fn yaml_span(text: &str) -> Option<(usize, usize)> {
    let (_, range, _) = markdown::front_matter_block(text)?;
    let block = &text[range.clone()];
    let first = block.find('\n')? + 1;
    // The closing fence is the last non-empty line of the block.
    let trimmed = block.trim_end_matches(['\n', '\r']);
    let close = trimmed.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (close >= first).then_some((range.start + first, range.start + close))
}

/// Is this YAML line the start of the top-level key `key`?
fn is_key_line(line: &str, key: &str) -> bool {
    let Some(rest) = line.strip_prefix(key) else {
        return false;
    };
    rest.trim_start_matches([' ', '\t']).starts_with(':')
}

/// Does this line continue the value of the key above it (indented, a block-sequence item, or
/// blank inside a block)?
fn is_continuation(line: &str) -> bool {
    let l = line.trim_end_matches(['\n', '\r']);
    l.is_empty() || l.starts_with([' ', '\t']) || l == "-" || l.starts_with("- ")
}

/// Returns `text` with its front matter changed to show `form`: only keys whose value differs
/// from what the text has are rewritten (or removed, or appended at the end of the block);
/// everything else is kept byte-for-byte. A document without front matter gets one.
/// Fails with a `FrontMatter` error (and changes nothing) when the existing front matter is
/// not valid YAML, since it could not be edited safely.
pub fn apply_front_matter(text: &str, form: &FrontMatterForm) -> Result<String> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let new = form.normalized();
    let (mut out, old) = match markdown::front_matter_block(text) {
        None => {
            let lines: Vec<String> = new
                .entries()
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| format!("{k}: {v}{eol}")))
                .collect();
            if lines.is_empty() {
                return Ok(text.to_string());
            }
            return Ok(format!("---{eol}{}---{eol}{text}", lines.concat()));
        }
        Some((yaml, _, first_line)) => {
            let fm = markdown::parse_front_matter(&yaml).map_err(|(line, message)| {
                Error::FrontMatter {
                    path: "".into(),
                    line: first_line + line - 1,
                    message,
                }
            })?;
            (
                text.to_string(),
                FrontMatterForm::from_meta(&fm).normalized(),
            )
        }
    };
    let old_entries = old.entries();
    for (i, (key, value)) in new.entries().into_iter().enumerate() {
        if old_entries[i].1 == value {
            continue;
        }
        out = set_key(&out, key, value.as_deref(), eol);
    }
    // Whatever we wrote must read back as the form says.
    if let Some((yaml, _, first_line)) = markdown::front_matter_block(&out) {
        let fm =
            markdown::parse_front_matter(&yaml).map_err(|(line, message)| Error::FrontMatter {
                path: "".into(),
                line: first_line + line - 1,
                message,
            })?;
        if FrontMatterForm::from_meta(&fm).normalized().entries() != new.entries() {
            return Err(Error::Invalid(
                "the front matter could not be updated without changing other keys; edit it in the text".into(),
            ));
        }
    }
    Ok(out)
}

/// `key: value` and the line ending; a value starting with a newline (a block sequence or
/// mapping) follows the colon directly, its lines ended with `eol`.
fn key_value_line(key: &str, value: &str, eol: &str) -> String {
    let v = if eol == "\n" {
        value.to_string()
    } else {
        value.replace('\n', eol)
    };
    if value.starts_with('\n') {
        format!("{key}:{v}{eol}")
    } else {
        format!("{key}: {v}{eol}")
    }
}

/// Sets or removes top-level keys of `text`'s front matter: `(key, Some(yaml))` replaces the
/// key's lines (or appends it at the end of the block), `(key, None)` removes it. Values are
/// YAML as written (a block value starts with a newline: `"\n  - a\n  - b"`). Every other
/// line and the body stay byte-for-byte. Fails (changing nothing) when `text` has no front
/// matter or when the result would not be valid YAML.
pub fn set_front_matter_keys(text: &str, keys: &[(&str, Option<String>)]) -> Result<String> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let check = |t: &str| -> Result<()> {
        let (yaml, _, first_line) = markdown::front_matter_block(t)
            .ok_or_else(|| Error::Invalid("the document has no front matter".into()))?;
        markdown::parse_front_matter(&yaml)
            .map(|_| ())
            .map_err(|(line, message)| Error::FrontMatter {
                path: "".into(),
                line: first_line + line - 1,
                message,
            })
    };
    check(text)?;
    let mut out = text.to_string();
    for (key, value) in keys {
        out = set_key(&out, key, value.as_deref(), eol);
    }
    check(&out)?;
    Ok(out)
}

/// Replaces (or removes, or appends) one top-level key in the front matter of `text`.
fn set_key(text: &str, key: &str, value: Option<&str>, eol: &str) -> String {
    let Some((start, close)) = yaml_span(text) else {
        return text.to_string();
    };
    let yaml = &text[start..close];
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + 32);
    out.push_str(&text[..start]);
    let mut i = 0;
    let mut done = false;
    while i < lines.len() {
        if !done && is_key_line(lines[i], key) {
            // The key's extent: its line and continuation lines (trailing blanks excluded).
            let mut end = i + 1;
            while end < lines.len() && is_continuation(lines[end]) {
                end += 1;
            }
            while end > i + 1 && lines[end - 1].trim().is_empty() {
                end -= 1;
            }
            if let Some(v) = value {
                out.push_str(&key_value_line(key, v, eol));
            }
            i = end;
            done = true;
            continue;
        }
        out.push_str(lines[i]);
        i += 1;
    }
    if !done {
        if let Some(v) = value {
            if !out.ends_with('\n') {
                out.push_str(eol);
            }
            out.push_str(&key_value_line(key, v, eol));
        }
    }
    out.push_str(&text[close..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "---\n# owned by the platform team\ntitle: \"VPN: drops\"\nx-custom: {a: 1}\ntags:\n  - vpn\n  - network\nstatus: published\nreview_by: 2026-01-01\n---\n# Body\n\nText  with  spacing.\n";

    #[test]
    fn changes_only_changed_keys() {
        let mut form = FrontMatterForm::of_text(DOC);
        assert_eq!(form.title, "VPN: drops");
        assert_eq!(form.tags, ["vpn", "network"]);
        form.status = "retired".into();
        let out = apply_front_matter(DOC, &form).unwrap();
        assert_eq!(out, DOC.replace("status: published", "status: retired"));
    }

    #[test]
    fn block_sequences_are_replaced_whole_and_keys_appended() {
        let mut form = FrontMatterForm::of_text(DOC);
        form.tags = vec!["vpn".into(), "remote work".into(), "a,b".into()];
        form.owner = "it-ops".into();
        form.review_by = String::new();
        let out = apply_front_matter(DOC, &form).unwrap();
        assert!(out.contains("tags: [vpn, remote work, \"a,b\"]\nstatus: published\n"));
        assert!(out.contains("owner: it-ops\n---\n# Body"));
        assert!(!out.contains("review_by"));
        assert!(
            out.contains("# owned by the platform team\ntitle: \"VPN: drops\"\nx-custom: {a: 1}\n")
        );
        assert_eq!(FrontMatterForm::of_text(&out), form.normalized());
    }

    #[test]
    fn tricky_values_are_quoted_and_crlf_kept() {
        let doc = "---\r\ntitle: Old\r\n---\r\nBody\r\n";
        let form = FrontMatterForm {
            title: "Error: 'x' # not a comment".into(),
            ..FrontMatterForm::of_text(doc)
        };
        let out = apply_front_matter(doc, &form).unwrap();
        assert!(out.ends_with("---\r\nBody\r\n"));
        assert_eq!(FrontMatterForm::of_text(&out).title, form.title);
        assert!(!out.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn generic_keys_are_set_with_block_values() {
        let out = set_front_matter_keys(
            DOC,
            &[
                ("status", Some("retired".into())),
                ("events", Some("\n  - {a: 1}\n  - {a: 2}".into())),
            ],
        )
        .unwrap();
        let want = DOC.replace("status: published", "status: retired").replace(
            "2026-01-01\n---",
            "2026-01-01\nevents:\n  - {a: 1}\n  - {a: 2}\n---",
        );
        assert_eq!(out, want);
        // Replacing a block value rewrites only its lines.
        let again =
            set_front_matter_keys(&out, &[("events", Some("\n  - {a: 3}".into()))]).unwrap();
        assert_eq!(again, want.replace("  - {a: 1}\n  - {a: 2}", "  - {a: 3}"));
        let crlf = set_front_matter_keys(
            "---\r\nx: 1\r\n---\r\nB\r\n",
            &[("e", Some("\n  - 1".into()))],
        )
        .unwrap();
        assert_eq!(crlf, "---\r\nx: 1\r\ne:\r\n  - 1\r\n---\r\nB\r\n");
        assert!(set_front_matter_keys("no front matter", &[("a", None)]).is_err());
        assert!(set_front_matter_keys(DOC, &[("a", Some("[unclosed".into()))]).is_err());
    }

    #[test]
    fn adds_front_matter_and_refuses_broken_yaml() {
        let form = FrontMatterForm {
            title: "Hello".into(),
            ..Default::default()
        };
        assert_eq!(
            apply_front_matter("# Hi\n", &form).unwrap(),
            "---\ntitle: Hello\n---\n# Hi\n"
        );
        let bad = "---\ntitle: [unclosed\n---\nbody\n";
        assert!(matches!(
            apply_front_matter(bad, &form),
            Err(Error::FrontMatter { line: 2..=3, .. })
        ));
    }
}
