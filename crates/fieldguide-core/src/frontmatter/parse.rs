//! Reading front matter: finding the `---` block at the top of a document, parsing its YAML
//! into the [`FrontMatter`] every document has, and [`FrontMatterMap`], the strict
//! field-by-field reader of the notes and packets Fieldguide writes itself.
use std::collections::BTreeMap;

use pulldown_cmark::{Event, MetadataBlockKind, Tag, TagEnd};
use time::OffsetDateTime;

use crate::article::{DocKind, FrontMatter, Status};
use crate::error::{Error, Result};
use crate::markdown::parser;

/// The front-matter block of `source`, if any: (yaml text, byte range of the whole block
/// including fences, 1-based line of the YAML's first line).
pub fn front_matter_block(source: &str) -> Option<(String, std::ops::Range<usize>, usize)> {
    // The block can only open on the first line. pulldown-cmark reads the block structure of
    // its whole input before the first event, so give it only the text up to the first line
    // that can close the block (this halved the parse cost of a KB); if that prefix holds no
    // block, the whole text decides, exactly as before.
    if !source.starts_with("---") {
        return None;
    }
    if let Some(found) = plain_block(source) {
        return Some(found);
    }
    let mut head_end = None;
    let mut offset = 0;
    for (i, line) in source.split_inclusive('\n').enumerate() {
        offset += line.len();
        let fence = line.trim_end();
        if i > 0 && (fence == "---" || fence == "...") {
            head_end = Some(offset);
            break;
        }
    }
    if let Some(end) = head_end {
        if let Some(found) = front_matter_in(&source[..end]) {
            return Some(found);
        }
    }
    front_matter_in(source)
}

/// The usual block found without pulldown-cmark, by its metadata-block rules: `---` and only
/// spaces on the first line, a first YAML line neither blank nor a fence, and a closing `---`
/// or `...` at the start of a line followed only by spaces. `None` when anything is unusual
/// (tabs, carriage returns, no closing line…): pulldown-cmark then decides, as before.
fn plain_block(source: &str) -> Option<(String, std::ops::Range<usize>, usize)> {
    let is_fence = |line: &str| {
        matches!(line.get(..3), Some("---" | "...")) && line[3..].bytes().all(|b| b == b' ')
    };
    let mut lines = source.split_inclusive('\n');
    let opening = lines.next()?.strip_suffix('\n')?;
    if !(opening.starts_with("---") && opening[3..].bytes().all(|b| b == b' ')) {
        return None;
    }
    let start = opening.len() + 1;
    let mut at = start;
    for (i, line) in lines.enumerate() {
        let text = line.strip_suffix('\n').unwrap_or(line);
        if text.contains(['\r', '\t']) {
            return None;
        }
        if i == 0 && (is_fence(text) || text.trim_matches(' ').is_empty()) {
            return None;
        }
        if i > 0 && is_fence(text) {
            return Some((source[start..at].to_string(), 0..at + text.len(), 2));
        }
        at += line.len();
    }
    None
}

fn front_matter_in(source: &str) -> Option<(String, std::ops::Range<usize>, usize)> {
    let mut yaml = None;
    let mut range = None;
    for (event, r) in parser(source).into_offset_iter() {
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => range = Some(r),
            // CRLF text arrives as several Text events: join them all.
            Event::Text(t) if range.is_some() => yaml.get_or_insert_with(String::new).push_str(&t),
            Event::End(TagEnd::MetadataBlock(_)) => break,
            _ => {
                range.as_ref()?;
            }
        }
    }
    let range = range?;
    if range.start != 0 {
        return None;
    }
    Some((yaml.unwrap_or_default(), range, 2))
}

/// Parses front-matter YAML. On error returns (1-based line within the YAML, message).
pub fn parse_front_matter(yaml: &str) -> Result<FrontMatter, (usize, String)> {
    let pairs = match super::simple::simple_yaml(yaml) {
        Some(pairs) => pairs,
        None => yaml_pairs(yaml)?,
    };
    let mut fm = FrontMatter::default();
    for (key, v) in pairs {
        let text = || match &v {
            serde_json::Value::String(s) => Some(s.trim().to_string()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        match key.as_str() {
            "title" => fm.title = text(),
            "kind" => match text().as_deref().and_then(DocKind::parse) {
                Some(k) => fm.kind = Some(k),
                None => {
                    fm.extra.insert(key, v);
                }
            },
            "tags" => {
                fm.tags = match &v {
                    serde_json::Value::Array(a) => a
                        .iter()
                        .filter_map(|t| match t {
                            serde_json::Value::String(s) => Some(s.clone()),
                            serde_json::Value::Number(n) => Some(n.to_string()),
                            _ => None,
                        })
                        .collect(),
                    serde_json::Value::String(s) => s.split(',').map(str::to_string).collect(),
                    _ => vec![],
                }
                .into_iter()
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .collect();
            }
            "product" => fm.product = text(),
            "category" => fm.category = text(),
            "owner" => fm.owner = text(),
            "status" => match text().as_deref().and_then(Status::parse) {
                Some(s) => fm.status = Some(s),
                None => {
                    fm.extra.insert(key, v);
                }
            },
            "review_by" => fm.review_by = text(),
            "updated" => fm.updated = text(),
            "severity" => fm.severity = text(),
            "ticket" => fm.ticket = text(),
            _ => {
                fm.extra.insert(key, v);
            }
        }
    }
    Ok(fm)
}

/// The keys and values of front-matter YAML read by the YAML parser, in order.
pub(super) fn yaml_pairs(yaml: &str) -> Result<Vec<(String, serde_json::Value)>, (usize, String)> {
    let value: serde_norway::Value = serde_norway::from_str(yaml).map_err(|e| {
        let line = e.location().map(|l| l.line()).unwrap_or(1);
        (line, e.to_string())
    })?;
    let map = match value {
        serde_norway::Value::Mapping(m) => m,
        serde_norway::Value::Null => return Ok(Vec::new()),
        _ => {
            return Err((
                1,
                "front matter must be a mapping of `key: value` lines".into(),
            ))
        }
    };
    Ok(map
        .iter()
        .map(|(k, v)| {
            let key = match yaml_to_json(k) {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (key, yaml_to_json(v))
        })
        .collect())
}

pub(super) fn yaml_to_json(v: &serde_norway::Value) -> serde_json::Value {
    use serde_norway::Value as Y;
    match v {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => serde_json::Value::Bool(*b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into()
            } else if let Some(u) = n.as_u64() {
                u.into()
            } else {
                serde_json::Number::from_f64(n.as_f64().unwrap_or(0.0))
                    .map(serde_json::Value::Number)
                    .unwrap_or(serde_json::Value::Null)
            }
        }
        Y::String(s) => serde_json::Value::String(s.clone()),
        Y::Sequence(s) => serde_json::Value::Array(s.iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => serde_json::Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let k = match yaml_to_json(k) {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (k, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(&t.value),
    }
}

/// Front matter read as a YAML mapping, consumed field by field.
pub(crate) struct FrontMatterMap {
    path: String,
    map: serde_norway::Mapping,
}

impl FrontMatterMap {
    /// Reads the front matter of `source` with [`front_matter_block`]; returns
    /// it and the body after it.
    pub(crate) fn read<'a>(path: &str, source: &'a str) -> Result<(Self, &'a str)> {
        let (yaml, range, first_line) =
            front_matter_block(source).ok_or_else(|| Error::FrontMatter {
                path: path.into(),
                line: 1,
                message: "no front matter".into(),
            })?;
        let value: serde_norway::Value =
            serde_norway::from_str(&yaml).map_err(|e| Error::FrontMatter {
                path: path.into(),
                line: first_line + e.location().map(|l| l.line()).unwrap_or(1) - 1,
                message: e.to_string(),
            })?;
        let map = match value {
            serde_norway::Value::Mapping(m) => m,
            _ => {
                return Err(Error::FrontMatter {
                    path: path.into(),
                    line: first_line,
                    message: "front matter must be a mapping".into(),
                })
            }
        };
        Ok((
            FrontMatterMap {
                path: path.to_string(),
                map,
            },
            &source[range.end..],
        ))
    }

    fn bad(&self, key: &str, what: &str) -> Error {
        Error::FrontMatter {
            path: self.path.clone().into(),
            line: 0,
            message: format!("`{key}` must be {what}"),
        }
    }

    /// Removes and returns a field's YAML value as it is.
    pub(crate) fn take_value(&mut self, key: &str) -> Option<serde_norway::Value> {
        self.map.remove(key)
    }

    /// Removes and returns a string field (numbers and booleans are read as text).
    pub(crate) fn take_str(&mut self, key: &str) -> Result<Option<String>> {
        use serde_norway::Value as Y;
        match self.map.remove(key) {
            None | Some(Y::Null) => Ok(None),
            Some(Y::String(s)) => Ok(Some(s)),
            Some(Y::Number(n)) => Ok(Some(n.to_string())),
            Some(Y::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(self.bad(key, "text")),
        }
    }

    /// Removes a required string field.
    pub(crate) fn need_str(&mut self, key: &str) -> Result<String> {
        self.take_str(key)?.ok_or_else(|| self.bad(key, "present"))
    }

    /// Removes a list of strings (a single string is a one-item list).
    pub(crate) fn take_list(&mut self, key: &str) -> Result<Vec<String>> {
        use serde_norway::Value as Y;
        match self.map.remove(key) {
            None | Some(Y::Null) => Ok(vec![]),
            Some(Y::String(s)) => Ok(vec![s]),
            Some(Y::Sequence(items)) => items
                .into_iter()
                .map(|v| match v {
                    Y::String(s) => Ok(s),
                    Y::Number(n) => Ok(n.to_string()),
                    _ => Err(self.bad(key, "a list of text")),
                })
                .collect(),
            Some(_) => Err(self.bad(key, "a list of text")),
        }
    }

    /// Removes an integer field.
    pub(crate) fn take_i64(&mut self, key: &str) -> Result<Option<i64>> {
        use serde_norway::Value as Y;
        match self.map.remove(key) {
            None | Some(Y::Null) => Ok(None),
            Some(Y::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.bad(key, "a whole number")),
            Some(Y::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| self.bad(key, "a whole number")),
            Some(_) => Err(self.bad(key, "a whole number")),
        }
    }

    /// Removes a required RFC 3339 timestamp.
    pub(crate) fn need_time(&mut self, key: &str) -> Result<OffsetDateTime> {
        let s = self.need_str(key)?;
        crate::record::parse_time(&s).ok_or_else(|| self.bad(key, "an RFC 3339 timestamp"))
    }

    /// Every key not taken yet, as JSON.
    pub(crate) fn rest(self) -> Result<BTreeMap<String, serde_json::Value>> {
        let mut out = BTreeMap::new();
        for (k, v) in self.map {
            let key = match k {
                serde_norway::Value::String(s) => s,
                other => serde_json::to_value(&other)
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            };
            let value = serde_json::to_value(&v).map_err(|e| Error::FrontMatter {
                path: self.path.clone().into(),
                line: 0,
                message: format!("`{key}`: {e}"),
            })?;
            out.insert(key, value);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What pulldown-cmark finds (the way the block was always found).
    fn by_pulldown(source: &str) -> Option<(String, std::ops::Range<usize>, usize)> {
        front_matter_in(source)
    }

    fn agrees(source: &str) -> bool {
        if let Some(fast) = plain_block(source) {
            assert_eq!(Some(fast), by_pulldown(source), "{source:?}");
        }
        true
    }

    #[test]
    fn the_plain_block_is_pulldowns_block() {
        let sources = [
            "---\ntitle: A\n---\n# Body\n",
            "---\ntitle: A\n---",
            "---  \ntitle: A\n...  \nbody",
            "---\ntitle: A\n----\nb: 1\n---\n",
            "---\ntitle: A\n --- \nb: 1\n---\n",
            "---\n\ntitle: A\n---\n",
            "---\n---\n",
            "---\n  \ntitle: A\n---\n",
            "----\ntitle: A\n---\n",
            "---\ntitle: A\n",
            "---\ntitle: A\r\n---\r\n",
            "---\ttitle\n",
            "---\ntitle: A\n---x\n---\n",
            "---\ntitle: A\n...\n---\n",
            "---\n- a\n- b\n---\ntext",
            "---\ntitle: A\n\n\nb: c\n---\n",
            "--- x\ntitle: A\n---\n",
            "---\ntitle: \"é ü\"\n---\n# é",
        ];
        let mut fast = 0;
        for s in sources {
            assert!(agrees(s));
            fast += usize::from(plain_block(s).is_some());
        }
        assert!(fast >= 8, "{fast}");
        for (folder, files) in super::super::real_markdown() {
            let (mut blocks, mut fast) = (0, 0);
            for (path, text) in &files {
                assert!(agrees(text), "{}", path.display());
                blocks += usize::from(by_pulldown(text).is_some());
                fast += usize::from(plain_block(text).is_some());
            }
            assert!(
                fast * 10 >= blocks * 9,
                "{fast} of {blocks} in {}",
                folder.display()
            );
        }
    }
}
