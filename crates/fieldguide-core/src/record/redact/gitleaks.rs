//! The gitleaks default rule set, loaded from the embedded `gitleaks.toml` at first use and
//! applied the way gitleaks' detector applies it.
//!
//! Source: <https://github.com/gitleaks/gitleaks>, `config/gitleaks.toml` at commit
//! `b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b`, MIT licence, Copyright (c) 2019 Zachary Rice
//! (`gitleaks-LICENSE` beside this file). The TOML is embedded unchanged; to update it, replace
//! the file and run `cargo test -p fieldguide-core --lib redact` and
//! `cargo run --release -p fieldguide-bench -- --redaction` (docs/security.md, "Redaction").
//!
//! What is honoured, per rule: `regex` (Go RE2 syntax translated by [`translate`]), `secretGroup`
//! (else the first non-empty group, else the whole match), `entropy` (Shannon over the secret,
//! computed like gitleaks: rune counts over the byte length; a finding needs strictly more),
//! `keywords` (case-insensitive prefilter, one Aho-Corasick pass over the text), `allowlists`
//! (`regexes` with `regexTarget` secret/match/line, `stopwords`, `condition` OR/AND) and the
//! global `[allowlist]` (regexes and stop-words on the secret). Not applicable to free text:
//! `paths` in allowlists (a text has no path: a path check never matches), and a rule's `path`
//! (rules that have only a `path` are skipped; rules with a `path` *and* a regex are applied
//! to any text, since a pasted YAML or `.tf` snippet is still a secret).
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;

/// The embedded rule set.
pub(crate) const TOML: &str = include_str!("gitleaks.toml");

#[derive(Deserialize)]
struct ConfigToml {
    allowlist: Option<AllowlistToml>,
    #[serde(default)]
    rules: Vec<RuleToml>,
}

#[derive(Deserialize)]
struct RuleToml {
    id: String,
    regex: Option<String>,
    #[serde(rename = "secretGroup")]
    secret_group: Option<usize>,
    entropy: Option<f64>,
    #[serde(default)]
    keywords: Vec<String>,
    path: Option<String>,
    #[serde(default)]
    allowlists: Vec<AllowlistToml>,
}

#[derive(Deserialize)]
struct AllowlistToml {
    condition: Option<String>,
    #[serde(rename = "regexTarget")]
    regex_target: Option<String>,
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    commits: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Secret,
    Match,
    Line,
}

struct Allowlist {
    and: bool,
    target: Target,
    regexes: Vec<Regex>,
    stopwords: Vec<String>,
    /// Paths or commits are listed: checks that never match free text.
    has_path_or_commit: bool,
}

impl Allowlist {
    fn compile(a: &AllowlistToml, rule: &str, errors: &mut Vec<(String, String)>) -> Self {
        let regexes = a
            .regexes
            .iter()
            .filter_map(|r| match compile(r) {
                Ok(re) => Some(re),
                Err(e) => {
                    errors.push((format!("{rule} (allowlist)"), e));
                    None
                }
            })
            .collect();
        Allowlist {
            and: a
                .condition
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("and")),
            target: match a.regex_target.as_deref() {
                Some("match") => Target::Match,
                Some("line") => Target::Line,
                _ => Target::Secret,
            },
            regexes,
            stopwords: a.stopwords.iter().map(|s| s.to_lowercase()).collect(),
            has_path_or_commit: !a.paths.is_empty() || !a.commits.is_empty(),
        }
    }

    fn regex_allowed(&self, target: &str) -> bool {
        self.regexes.iter().any(|r| r.is_match(target))
    }

    fn stopword(&self, secret: &str) -> bool {
        if self.stopwords.is_empty() {
            return false;
        }
        let lower = secret.to_lowercase();
        self.stopwords.iter().any(|w| lower.contains(w.as_str()))
    }

    /// gitleaks' `checkFindingAllowed` for one allowlist.
    fn allows(&self, secret: &str, whole: &str, line: &str) -> bool {
        let target = match self.target {
            Target::Secret => secret,
            Target::Match => whole,
            Target::Line => line,
        };
        if self.and {
            // Every check that the allowlist defines must pass; a path never does.
            if self.has_path_or_commit {
                return false;
            }
            let mut any = false;
            if !self.regexes.is_empty() {
                any = true;
                if !self.regex_allowed(target) {
                    return false;
                }
            }
            if !self.stopwords.is_empty() {
                any = true;
                if !self.stopword(secret) {
                    return false;
                }
            }
            any
        } else {
            self.regex_allowed(target) || self.stopword(secret)
        }
    }
}

/// One compiled gitleaks rule.
pub(crate) struct GRule {
    pub id: &'static str,
    pub label: &'static str,
    re: Regex,
    secret_group: usize,
    entropy: Option<f64>,
    allowlists: Vec<Allowlist>,
    /// How far matches may reach past the keyword's line.
    reach: Reach,
    /// The pattern began with gitleaks' identifier prefix `[\w.-]{0,50}?`, stripped from `re`
    /// for speed (a lazy counted prefix makes the DFA slow on every position): the match start
    /// is extended back over up to this many `[\w.-]` characters instead, which gives the same
    /// match (leftmost start, the same keyword).
    back: usize,
}

/// gitleaks' identifier prefix (utils.GenerateSemiGenericRegex).
const IDENT_PREFIX: &str = r"[\w.-]{0,50}?";

/// Splits the identifier prefix off a pattern: (pattern without it, how far to extend back).
fn strip_prefix(rx: &str) -> (String, usize) {
    for flags in ["", "(?i)"] {
        if let Some(rest) = rx
            .strip_prefix(flags)
            .and_then(|r| r.strip_prefix(IDENT_PREFIX))
        {
            return (format!("{flags}{rest}"), 50);
        }
    }
    (rx.to_string(), 0)
}

/// The compiled rule set.
pub(crate) struct Engine {
    pub rules: Vec<GRule>,
    global: Allowlist,
    keywords: AhoCorasick,
    /// For each keyword (by Aho-Corasick pattern id), the rules that list it.
    keyword_rules: Vec<Vec<usize>>,
    /// Rules without keywords: always applied.
    always: Vec<usize>,
    /// Rules (or allowlist regexes) that could not be used, with the reason.
    pub errors: Vec<(String, String)>,
    /// Rules that apply only to file paths (nothing to match in a text).
    pub path_only: Vec<String>,
}

pub(crate) static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::load(TOML));

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// A short human label from a rule id (`aws-access-token` → `AWS access token`): gitleaks'
/// descriptions are whole sentences, too long for a list of findings.
fn label_for(id: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("1password", "1Password"),
        ("ad", "AD"),
        ("api", "API"),
        ("aws", "AWS"),
        ("cicd", "CI/CD"),
        ("digitalocean", "DigitalOcean"),
        ("gcp", "GCP"),
        ("github", "GitHub"),
        ("gitlab", "GitLab"),
        ("hashicorp", "HashiCorp"),
        ("huggingface", "Hugging Face"),
        ("id", "ID"),
        ("jwt", "JWT"),
        ("npm", "npm"),
        ("oauth", "OAuth"),
        ("openai", "OpenAI"),
        ("pat", "PAT"),
        ("pypi", "PyPI"),
        ("sendgrid", "SendGrid"),
        ("ssh", "SSH"),
        ("tf", "Terraform"),
        ("url", "URL"),
        ("yaml", "YAML"),
    ];
    id.split('-')
        .enumerate()
        .map(|(i, w)| match NAMES.iter().find(|(k, _)| *k == w) {
            Some((_, name)) => (*name).to_string(),
            None if i == 0 => {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            }
            None => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Translates a Go RE2 pattern to the `regex` crate's syntax. Go's `\w`, `\d`, `\s` and `\b` are
/// ASCII-only while ours are Unicode: they become explicit ASCII classes (also much faster). A
/// `[` inside a class is a literal in Go but a nested class here, and `&&`, `~~`, `--` are set
/// operators here: they are escaped.
pub(crate) fn translate(go: &str) -> String {
    let mut out = String::with_capacity(go.len() + 16);
    let chars: Vec<char> = go.chars().collect();
    let mut i = 0;
    let mut in_class = false;
    // Position just after the `[` / `[^` that opened the class (a `]` there is a literal).
    let mut class_start = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let n = chars[i + 1];
            let rep: Option<&str> = if in_class {
                match n {
                    'w' => Some("0-9A-Za-z_"),
                    'd' => Some("0-9"),
                    's' => Some(r"\t\n\f\r "),
                    'W' => Some("[:^word:]"),
                    'D' => Some("[:^digit:]"),
                    'S' => Some("[:^space:]"),
                    _ => None,
                }
            } else {
                match n {
                    'w' => Some("[0-9A-Za-z_]"),
                    'd' => Some("[0-9]"),
                    's' => Some(r"[\t\n\f\r ]"),
                    'W' => Some("[^0-9A-Za-z_]"),
                    'D' => Some("[^0-9]"),
                    'S' => Some(r"[^\t\n\f\r ]"),
                    'b' => Some(r"(?-u:\b)"),
                    'B' => Some(r"(?-u:\B)"),
                    _ => None,
                }
            };
            match rep {
                Some(r) => out.push_str(r),
                None => {
                    out.push('\\');
                    out.push(n);
                }
            }
            i += 2;
            continue;
        }
        if in_class {
            match c {
                ']' if i > class_start => {
                    in_class = false;
                    out.push(']');
                }
                '[' if chars.get(i + 1) == Some(&':') => {
                    // A POSIX class `[:alpha:]`: copy through its closing `:]`.
                    let rest: String = chars[i..].iter().collect();
                    if let Some(end) = rest.find(":]") {
                        out.push_str(&rest[..end + 2]);
                        i += rest[..end + 2].chars().count();
                        continue;
                    }
                    out.push_str(r"\[");
                }
                '[' => out.push_str(r"\["),
                '&' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '-' if chars.get(i + 1) == Some(&'-') => out.push_str(r"\-"),
                _ => out.push(c),
            }
            i += 1;
            continue;
        }
        if c == '{' {
            // A repetition `{n}`, `{n,}`, `{n,m}`; any other `{` is a literal in Go.
            let rest: String = chars[i..].iter().take(24).collect();
            let rep = rest.find('}').filter(|&e| {
                let body = &rest[1..e];
                let mut parts = body.splitn(2, ',');
                let lo = parts.next().unwrap_or("");
                let hi = parts.next();
                !lo.is_empty()
                    && lo.chars().all(|c| c.is_ascii_digit())
                    && hi.is_none_or(|h| h.chars().all(|c| c.is_ascii_digit()))
            });
            match rep {
                Some(e) => {
                    out.push_str(&rest[..=e]);
                    i += e + 1;
                }
                None => {
                    out.push_str(r"\{");
                    i += 1;
                }
            }
            continue;
        }
        if c == '}' {
            out.push_str(r"\}");
            i += 1;
            continue;
        }
        if c == '[' {
            in_class = true;
            out.push('[');
            i += 1;
            if chars.get(i) == Some(&'^') {
                out.push('^');
                i += 1;
            }
            class_start = i;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn compile(go: &str) -> Result<Regex, String> {
    RegexBuilder::new(&translate(go))
        .size_limit(64 << 20)
        .dfa_size_limit(8 << 20)
        .build()
        .map_err(|e| e.to_string())
}

impl Engine {
    fn load(toml_text: &str) -> Engine {
        let cfg: ConfigToml = toml::from_str(toml_text).expect("embedded gitleaks.toml parses");
        let mut errors = Vec::new();
        let global = cfg
            .allowlist
            .as_ref()
            .map(|a| Allowlist::compile(a, "global", &mut errors))
            .unwrap_or(Allowlist {
                and: false,
                target: Target::Secret,
                regexes: Vec::new(),
                stopwords: Vec::new(),
                has_path_or_commit: false,
            });
        let mut rules = Vec::new();
        let mut path_only = Vec::new();
        let mut keyword_list: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for r in &cfg.rules {
            let Some(rx) = r.regex.as_deref() else {
                if r.path.is_some() {
                    path_only.push(r.id.clone());
                }
                continue;
            };
            let (scan_rx, back) = strip_prefix(rx);
            let re = match compile(&scan_rx) {
                Ok(re) => re,
                Err(e) => {
                    errors.push((r.id.clone(), e));
                    continue;
                }
            };
            let idx = rules.len();
            let mut kws: Vec<String> = r.keywords.iter().map(|k| k.to_lowercase()).collect();
            kws.sort();
            kws.dedup();
            if kws.is_empty() {
                always.push(idx);
            }
            for k in kws {
                match keyword_list.iter().position(|x| *x == k) {
                    Some(p) => keyword_rules[p].push(idx),
                    None => {
                        keyword_list.push(k);
                        keyword_rules.push(vec![idx]);
                    }
                }
            }
            let allowlists = r
                .allowlists
                .iter()
                .map(|a| Allowlist::compile(a, &r.id, &mut errors))
                .collect();
            rules.push(GRule {
                id: leak(r.id.clone()),
                label: leak(label_for(&r.id)),
                reach: if rx.contains("(?s") || rx.contains(r"[\s\S") {
                    Reach::Far
                } else if rx.contains(r"[\r\n]") {
                    Reach::Lines(6)
                } else {
                    Reach::Lines(2)
                },
                back,
                re,
                secret_group: r.secret_group.unwrap_or(0),
                entropy: r.entropy.filter(|e| *e != 0.0),
                allowlists,
            });
        }
        let keywords = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&keyword_list)
            .expect("keywords build");
        Engine {
            rules,
            global,
            keywords,
            keyword_rules,
            always,
            errors,
            path_only,
        }
    }

    /// Whether the global allowlist allows this secret (its regexes and stop-words).
    pub(crate) fn globally_allowed(&self, secret: &str) -> bool {
        self.global.allows(secret, secret, secret)
    }

    /// Every finding of every rule (or only of rule `only`): rule index and secret range.
    /// Findings of different rules may overlap.
    pub(crate) fn find(&self, text: &str, only: Option<&str>) -> Vec<(usize, Range<usize>)> {
        let wanted = |i: usize| only.is_none_or(|id| self.rules[i].id == id);
        // Small texts are one fragment, as gitleaks sees a file; big pastes are scanned only
        // in windows around each keyword hit, so a 5 MB log costs one pass per rule where its
        // keywords occur rather than one pass per rule over the whole text.
        let small = text.len() <= WHOLE_TEXT_LIMIT;
        let mut windows: Vec<Vec<Range<usize>>> = vec![Vec::new(); self.rules.len()];
        let mut seen = vec![false; self.rules.len()];
        // Line starts, to cut windows at line boundaries by binary search.
        let lines: Vec<usize> = if small {
            Vec::new()
        } else {
            std::iter::once(0)
                .chain(
                    text.bytes()
                        .enumerate()
                        .filter(|(_, b)| *b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect()
        };
        // Per rule, the line of its last hit: more hits on that line add nothing.
        let mut last_line = vec![usize::MAX; self.rules.len()];
        // The same per keyword: a keyword seen on a line has already marked its rules.
        let mut kw_last_line = vec![usize::MAX; self.keyword_rules.len()];
        let mut line = 0;
        for m in self.keywords.find_overlapping_iter(text) {
            let at = m.start();
            if !small {
                // Hits come (nearly) in order: walk the line cursor, search when it goes back.
                if at < lines[line] {
                    line = lines.partition_point(|&s| s <= at) - 1;
                }
                while line + 1 < lines.len() && lines[line + 1] <= at {
                    line += 1;
                }
            }
            let kw = m.pattern().as_usize();
            if kw_last_line[kw] == line {
                continue;
            }
            kw_last_line[kw] = line;
            for &ri in &self.keyword_rules[kw] {
                if !wanted(ri) {
                    continue;
                }
                if small {
                    seen[ri] = true;
                    continue;
                }
                if last_line[ri] == line {
                    continue;
                }
                last_line[ri] = line;
                let w = window(text, &lines, line, at, self.rules[ri].reach);
                let ws = &mut windows[ri];
                match ws.last_mut() {
                    // Near windows are scanned as one: fewer regex calls.
                    Some(last) if w.start <= last.end + MERGE_GAP => {
                        last.start = last.start.min(w.start);
                        last.end = last.end.max(w.end);
                    }
                    _ => ws.push(w),
                }
            }
        }
        for &ri in &self.always {
            if wanted(ri) {
                seen[ri] = true;
                windows[ri].clear();
            }
        }
        let mut out = Vec::new();
        for (ri, rule) in self.rules.iter().enumerate() {
            if seen[ri] {
                self.find_in(rule, ri, text, 0..text.len(), &mut out);
            } else {
                for w in &windows[ri] {
                    self.find_in(rule, ri, text, w.clone(), &mut out);
                }
            }
        }
        out.sort_by_key(|(ri, r)| (r.start, r.end, *ri));
        out.dedup();
        out
    }

    fn find_in(
        &self,
        rule: &GRule,
        ri: usize,
        text: &str,
        win: Range<usize>,
        out: &mut Vec<(usize, Range<usize>)>,
    ) {
        let hay = &text[win.clone()];
        for caps in rule.re.captures_iter(hay) {
            let m = caps.get(0).expect("group 0");
            // gitleaks trims newlines off the match.
            let mut ms = m.start();
            if rule.back > 0 {
                let b = hay.as_bytes();
                let mut n = 0;
                while n < rule.back
                    && ms > 0
                    && (b[ms - 1].is_ascii_alphanumeric()
                        || matches!(b[ms - 1], b'_' | b'.' | b'-'))
                {
                    ms -= 1;
                    n += 1;
                }
            }
            let mut me = m.end();
            while ms < me && hay.as_bytes()[ms] == b'\n' {
                ms += 1;
            }
            while me > ms && hay.as_bytes()[me - 1] == b'\n' {
                me -= 1;
            }
            let secret = if rule.secret_group > 0 {
                match caps.get(rule.secret_group) {
                    Some(g) => g.range(),
                    None => continue,
                }
            } else {
                caps.iter()
                    .skip(1)
                    .flatten()
                    .find(|g| !g.is_empty())
                    .map_or(ms..me, |g| g.range())
            };
            let s = &hay[secret.clone()];
            let whole = &hay[ms..me];
            if s.is_empty() {
                continue;
            }
            let line = line_of(hay, ms..me);
            if self.global.allows(s, whole, line) {
                continue;
            }
            if let Some(min) = rule.entropy {
                if shannon_entropy(s) <= min {
                    continue;
                }
            }
            if rule.allowlists.iter().any(|a| a.allows(s, whole, line)) {
                continue;
            }
            out.push((ri, win.start + secret.start..win.start + secret.end));
        }
    }
}

/// Windows of one rule closer than this are merged.
const MERGE_GAP: usize = 4 * 1024;

/// Texts up to this size are scanned whole by every rule whose keyword occurs in them.
const WHOLE_TEXT_LIMIT: usize = 32 * 1024;

/// How far past the keyword's line a rule's matches may reach.
#[derive(Clone, Copy)]
enum Reach {
    /// This many more lines (a value on the next line: XML elements, YAML blocks; a curl
    /// command continued over five lines).
    Lines(usize),
    /// Many lines: private keys, YAML documents (32 KiB).
    Far,
}

/// The window scanned around a keyword hit: from the start of the line before (a key name may
/// end a line) to the end of the lines the rule reaches, at most 8 KiB each way (32 KiB
/// after for `Reach::Far`). `lines` holds the start of every line, `line` is the hit's.
fn window(text: &str, lines: &[usize], line: usize, at: usize, reach: Reach) -> Range<usize> {
    let mut start = lines[line.saturating_sub(1)].max(at.saturating_sub(8 * 1024));
    let mut end = match reach {
        Reach::Far => (at + 32 * 1024).min(text.len()),
        Reach::Lines(n) => lines
            .get(line + n + 1)
            .copied()
            .unwrap_or(text.len())
            .min(at + 8 * 1024)
            .min(text.len()),
    };
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The full line(s) holding `r`.
fn line_of(hay: &str, r: Range<usize>) -> &str {
    let start = hay[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let end = hay[r.end..].find('\n').map_or(hay.len(), |i| r.end + i);
    &hay[start..end]
}

/// Shannon entropy as gitleaks computes it: counts per character, divided by the length in
/// bytes (the same for ASCII).
pub(crate) fn shannon_entropy(s: &str) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts: Vec<(char, usize)> = Vec::new();
    for c in s.chars() {
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    let inv = 1.0 / s.len() as f64;
    counts
        .iter()
        .map(|&(_, n)| {
            let p = n as f64 * inv;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_compiles() {
        let e = &*ENGINE;
        assert!(
            e.errors.is_empty(),
            "rules that do not compile: {:?}",
            e.errors
        );
        let total = e.rules.len() + e.path_only.len();
        let in_toml = TOML.matches("[[rules]]").count();
        assert_eq!(total, in_toml, "every [[rules]] entry is loaded");
        assert_eq!(e.path_only, ["pkcs12-file"]);
    }

    #[test]
    fn go_classes_become_ascii() {
        assert_eq!(translate(r"\w+\b"), r"[0-9A-Za-z_]+(?-u:\b)");
        assert_eq!(translate(r"[\w.-]"), r"[0-9A-Za-z_.-]");
        assert_eq!(translate(r"[^]\s]"), r"[^]\t\n\f\r ]");
        assert_eq!(translate(r"[[:alnum:][]"), r"[[:alnum:]\[]");
        assert_eq!(translate(r"[\S]"), r"[[:^space:]]");
        assert_eq!(translate(r"^\${\d+}$ a{2,3}"), r"^\$\{[0-9]+\}$ a{2,3}");
        let re = compile(r"\w+").unwrap();
        assert_eq!(re.find("éabc").unwrap().as_str(), "abc");
    }

    #[test]
    fn the_identifier_prefix_is_stripped_and_restored() {
        let (rx, back) = strip_prefix(r"(?i)[\w.-]{0,50}?(?:key)=(\d+)");
        assert_eq!((rx.as_str(), back), (r"(?i)(?:key)=(\d+)", 50));
        let e = &*ENGINE;
        let g = e.rules.iter().filter(|r| r.back > 0).count();
        assert!(g > 90, "{g} rules use the identifier prefix");
        // regexTarget = "match" allowlists see the whole identifier: `random_access`.
        assert!(e
            .find(
                "random_access = 9f8A7b6C5d4E3f2G1h0J",
                Some("generic-api-key")
            )
            .is_empty());
        assert_eq!(
            e.find("my_access = 9f8A7b6C5d4E3f2G1h0J", Some("generic-api-key"))
                .len(),
            1
        );
    }

    #[test]
    fn labels_are_short() {
        assert_eq!(label_for("aws-access-token"), "AWS access token");
        assert_eq!(label_for("github-pat"), "GitHub PAT");
        assert_eq!(label_for("slack-webhook-url"), "Slack webhook URL");
        assert!(ENGINE.rules.iter().all(|r| r.label.len() < 60));
    }

    #[test]
    fn entropy_matches_gitleaks() {
        assert_eq!(shannon_entropy(""), 0.0);
        assert_eq!(shannon_entropy("aaaa"), 0.0);
        assert!((shannon_entropy("ab") - 1.0).abs() < 1e-12);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-12);
    }

    #[test]
    fn keyword_prefilter_and_windows_find_the_same() {
        let token = "glpat-Zx81kPq09LmWn3VbT7yQ";
        let small = format!("deploy with {token} today");
        let e = &*ENGINE;
        let f = e.find(&small, None);
        assert!(f
            .iter()
            .any(|(ri, r)| e.rules[*ri].id == "gitlab-pat" && &small[r.clone()] == token));
        // Deep inside a big text, found through a keyword window.
        let filler = "2026-01-02 10:00:00 INFO service started on host app01\n".repeat(2000);
        let big = format!("{filler}{small}\n{filler}");
        assert!(big.len() > WHOLE_TEXT_LIMIT);
        let f = e.find(&big, Some("gitlab-pat"));
        assert_eq!(f.len(), 1);
        assert_eq!(&big[f[0].1.clone()], token);
        // No keyword, no scan: the rule is skipped.
        assert!(e.find("nothing to see", Some("gitlab-pat")).is_empty());
    }

    #[test]
    fn allowlists_apply() {
        let e = &*ENGINE;
        // aws-access-token's allowlist: `.+EXAMPLE$`.
        assert!(e
            .find("AKIAIOSFODNN7EXAMPLE", Some("aws-access-token"))
            .is_empty());
        let f = e.find("key AKIAZ3MSJV4WQ6PCGTRB used", Some("aws-access-token"));
        assert_eq!(f.len(), 1);
        // Global allowlist: a `${VAR}` secret.
        assert!(e
            .find("api_key = \"${API_KEY}\"", Some("generic-api-key"))
            .is_empty());
    }
}
