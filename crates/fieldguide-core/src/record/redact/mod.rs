//! Finds secrets and personal data in free text and replaces them with `[REDACTED:<rule>]`.
//!
//! Two confidence levels:
//! - **High**: credentials — private keys, cloud/API tokens, JWTs, `Authorization` headers,
//!   passwords in assignments, credentials in URLs, payment card numbers (Luhn-checked).
//!   Always redacted; the `keep` list cannot bring them back.
//! - **Medium**: personal data and context that is often needed — emails, IPv4/IPv6 addresses,
//!   phone numbers, `api_key=`/`token=` assignments recognised only by their entropy. Redacted
//!   unless the user lists the exact value in `keep`.
//!
//! Deliberately *not* redacted: MAC addresses (they identify a device, not a person, and
//! troubleshooting needs them), loopback/unspecified addresses and netmasks, version numbers and
//! OIDs, UUIDs and git SHAs outside a secret assignment, dates, times and ticket ids.
//!
//! The key formats are ported from the gitleaks default rule set
//! (<https://github.com/gitleaks/gitleaks>, `config/gitleaks.toml`, MIT licence,
//! Copyright (c) 2019 Zachary Rice): rule ids `private-key`, `aws-access-token`,
//! `github-pat`, `github-oauth`, `github-app-token`, `github-refresh-token`,
//! `github-fine-grained-pat`, `slack-bot-token`, `slack-user-token`, `slack-legacy-token`,
//! `slack-app-token`, `slack-webhook-url`, `stripe-access-token`, `gcp-api-key`, `jwt`,
//! `okta-access-token`, `generic-api-key` (its 3.5 bits/char entropy threshold). AWS secret keys,
//! Azure storage keys and SAS signatures, `Authorization` headers and URL credentials follow the
//! same style with our own context patterns.
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// How sure a rule is that a match is sensitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A credential: always redacted.
    High,
    /// Personal or contextual data: redacted unless kept on purpose.
    Medium,
}

/// One sensitive value found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable rule id (`aws-access-key`, `email`, …), also used in the `[REDACTED:<rule>]` marker.
    pub rule: &'static str,
    /// Human-readable name of what was found.
    pub label: &'static str,
    /// How sure we are.
    pub confidence: Confidence,
    /// Byte offset of the value in the scanned text.
    pub start: usize,
    /// Byte offset just past the value.
    pub end: usize,
    /// The value itself (only ever shown back to the person who typed it).
    pub value: String,
}

/// The result of [`redact`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Redacted {
    /// The text with every redacted finding replaced by `[REDACTED:<rule>]`.
    pub text: String,
    /// The findings that were replaced (offsets into the original text).
    pub findings: Vec<Finding>,
    /// Medium-confidence findings left in clear because their value was in `keep`.
    pub kept: Vec<Finding>,
}

/// Finds sensitive values: non-overlapping, sorted by position. When matches overlap,
/// high confidence wins, then the longer match.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut cands = Vec::new();
    for rule in RULES.iter() {
        for caps in rule.re.captures_iter(text) {
            let whole = caps.get(0).expect("group 0").range();
            let value = caps
                .iter()
                .skip(1)
                .flatten()
                .next()
                .map(|m| m.range())
                .unwrap_or_else(|| whole.clone());
            if let Some(r) = (rule.check)(text, whole, value) {
                if r.start < r.end {
                    cands.push(Finding {
                        rule: rule.id,
                        label: rule.label,
                        confidence: rule.confidence,
                        start: r.start,
                        end: r.end,
                        value: text[r].to_string(),
                    });
                }
            }
        }
    }
    cands.sort_by(|a, b| {
        a.confidence
            .cmp(&b.confidence)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    let mut picked: Vec<Finding> = Vec::new();
    for c in cands {
        if picked.iter().all(|p| c.end <= p.start || c.start >= p.end) {
            picked.push(c);
        }
    }
    picked.sort_by_key(|f| f.start);
    picked
}

/// Replaces every finding with `[REDACTED:<rule>]`, except medium-confidence findings whose
/// exact value is in `keep`. High-confidence findings are redacted whatever `keep` says.
pub fn redact(text: &str, keep: &[String]) -> Redacted {
    let mut out = Redacted {
        text: String::with_capacity(text.len()),
        ..Redacted::default()
    };
    let mut last = 0;
    for f in scan(text) {
        if f.confidence == Confidence::Medium && keep.contains(&f.value) {
            out.kept.push(f);
            continue;
        }
        out.text.push_str(&text[last..f.start]);
        out.text.push_str("[REDACTED:");
        out.text.push_str(f.rule);
        out.text.push(']');
        last = f.end;
        out.findings.push(f);
    }
    out.text.push_str(&text[last..]);
    out
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

type Check = fn(&str, Range<usize>, Range<usize>) -> Option<Range<usize>>;

struct Rule {
    id: &'static str,
    label: &'static str,
    confidence: Confidence,
    re: Regex,
    /// Given (text, whole match, value = first participating group or whole match), returns
    /// the range to redact, or `None` to reject the match.
    check: Check,
}

fn rule(
    id: &'static str,
    label: &'static str,
    confidence: Confidence,
    re: &str,
    check: Check,
) -> Rule {
    Rule {
        id,
        label,
        confidence,
        re: Regex::new(re).unwrap_or_else(|e| panic!("rule {id}: {e}")),
        check,
    }
}

use Confidence::{High, Medium};

/// `key = value` / `key: "value"` with optional prefixes (`db.password`, `SMTP_PASS`).
fn assignment(keys: &str, seps: &str) -> String {
    format!(
        r#"(?i)\b(?:[a-z0-9]+[_.-])*(?:{keys})\b["']?[ \t]*(?:{seps})[ \t]*(?:"([^"\r\n]+)"|'([^'\r\n]+)'|([^\s"',;&<>]+))"#
    )
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let kv = r#"["']?\s*(?:[:=]|=>|:=)\s*["']?"#;
    vec![
        // gitleaks: private-key
        rule(
            "private-key",
            "Private key",
            High,
            r"(?s)-----BEGIN[A-Z0-9 _-]{0,64}PRIVATE KEY(?: BLOCK)?-----.*?-----END[A-Z0-9 _-]{0,64}PRIVATE KEY(?: BLOCK)?-----",
            any,
        ),
        // A truncated paste: BEGIN line, optional headers, base64 lines.
        rule(
            "private-key",
            "Private key",
            High,
            r"-----BEGIN[A-Z0-9 _-]{0,64}PRIVATE KEY(?: BLOCK)?-----(?:\r?\n[A-Za-z-]+: [^\r\n]*)*(?:\r?\n[A-Za-z0-9+/=]{16,})+",
            any,
        ),
        // gitleaks: aws-access-token
        rule(
            "aws-access-key",
            "AWS access key",
            High,
            r"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b",
            any,
        ),
        rule(
            "aws-secret-key",
            "AWS secret key",
            High,
            &format!(
                r"(?i)(?:aws[\w.-]{{0,20}}(?:secret|sk)[\w.-]{{0,20}}|\bsecret[_.-]?access[_.-]?key){kv}([A-Za-z0-9/+]{{40}})"
            ),
            not_followed_by_base64,
        ),
        // gitleaks: github-pat, github-oauth, github-app-token, github-refresh-token,
        // github-fine-grained-pat
        rule(
            "github-token",
            "GitHub token",
            High,
            r"\b(?:gh[pousr]_[0-9A-Za-z]{36,251}|github_pat_[0-9A-Za-z_]{82})\b",
            any,
        ),
        // gitleaks: slack-bot-token, slack-user-token, slack-legacy-token, slack-app-token
        rule(
            "slack-token",
            "Slack token",
            High,
            r"\b(?:xox[abeoprs]-[0-9A-Za-z-]{10,}|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)",
            any,
        ),
        // gitleaks: slack-webhook-url
        rule(
            "slack-webhook",
            "Slack webhook URL",
            High,
            r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,}",
            any,
        ),
        // gitleaks: stripe-access-token
        rule(
            "stripe-key",
            "Stripe API key",
            High,
            r"\b(?:sk|rk)_(?:live|test|prod)_[0-9A-Za-z]{10,99}\b",
            any,
        ),
        // gitleaks: gcp-api-key
        rule(
            "google-api-key",
            "Google API key",
            High,
            r"\bAIza[0-9A-Za-z_-]{35}",
            not_followed_by_word,
        ),
        rule(
            "azure-storage-key",
            "Azure storage account key",
            High,
            r"(?i)\b(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{20,}={0,2})",
            any,
        ),
        rule(
            "azure-sas-token",
            "Azure SAS signature",
            High,
            r"(?i)[?&]sig=([A-Za-z0-9%+/=]{20,})",
            any,
        ),
        // gitleaks: okta-access-token (SSWS header or an okta-named assignment)
        rule(
            "okta-token",
            "Okta API token",
            High,
            r"\bSSWS\s+(00[A-Za-z0-9_-]{40})\b",
            any,
        ),
        rule(
            "okta-token",
            "Okta API token",
            High,
            &format!(r"(?i)okta[\w.-]{{0,20}}{kv}(00[A-Za-z0-9_-]{{40}})\b"),
            any,
        ),
        // gitleaks: jwt
        rule(
            "jwt",
            "JSON Web Token",
            High,
            r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
            any,
        ),
        rule(
            "auth-header",
            "Authorization header credential",
            High,
            r#"(?i)\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:bearer|basic|token|digest|negotiate|ntlm|ssws|sso-key)\s+([A-Za-z0-9._~+/=-]{6,})"#,
            not_a_word,
        ),
        rule(
            "auth-header",
            "Authorization header credential",
            High,
            r"(?i)\bbearer\s+([A-Za-z0-9._~+/-]{16,}=*)",
            any,
        ),
        rule(
            "url-credentials",
            "Password in a URL",
            High,
            r#"\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s:/@"'<>]+:([^\s@/"'<>]+)@"#,
            not_placeholder,
        ),
        rule(
            "password",
            "Password or secret",
            High,
            &assignment(
                r"password|passwd|passphrase|pwd|secret|secret[_.-]?key|client[_.-]?secret|private[_.-]?key",
                r"=>|:=|[:=]",
            ),
            password_value,
        ),
        rule(
            "password",
            "Password or secret",
            High,
            &assignment("pass", "="),
            password_value,
        ),
        rule(
            "card-number",
            "Payment card number",
            High,
            r"\b\d(?:[ -]?\d){12,18}\b",
            card_number,
        ),
        // gitleaks: generic-api-key (entropy-gated)
        rule(
            "generic-secret",
            "Possible API key or token",
            Medium,
            &format!(
                r"(?i)\b(?:[a-z0-9]+[_.-])*(?:api[_.-]?key|apikey|api[_.-]?token|access[_.-]?token|auth[_.-]?token|refresh[_.-]?token|access[_.-]?key|token|credentials?|client[_.-]?key){kv}([A-Za-z0-9_./+=~-]{{12,}})"
            ),
            high_entropy,
        ),
        rule(
            "email",
            "Email address",
            Medium,
            r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b",
            any,
        ),
        rule("ipv4", "IPv4 address", Medium, r"\d+(?:\.\d+)+", ipv4),
        rule(
            "ipv6",
            "IPv6 address",
            Medium,
            r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*",
            ipv6,
        ),
        rule(
            "phone",
            "Phone number",
            Medium,
            r"\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){2,6}",
            |t, w, _| phone(t, w, 8..=15, false),
        ),
        rule(
            "phone",
            "Phone number",
            Medium,
            r"(?:\(\d{3}\)[ ]?|\b\d{3}[ .-])\d{3}[ .-]\d{4}\b",
            |t, w, _| phone(t, w, 10..=10, false),
        ),
        rule(
            "phone",
            "Phone number",
            Medium,
            r"\b0\d{1,4}(?:[ .-]?\d{2,4}){2,4}\b",
            |t, w, _| phone(t, w, 9..=12, true),
        ),
        rule(
            "phone",
            "Phone number",
            Medium,
            r"(?i)\b(?:tel|phone|mobile|cell|ph|fax)\b\.?[ \t]*(?:[:#]|no\.?|number)?[ \t]*(\+?\(?\d[\d \t().-]{5,18}\d)",
            |t, _, v| phone(t, v, 7..=15, false),
        ),
    ]
});

fn any(_: &str, _: Range<usize>, v: Range<usize>) -> Option<Range<usize>> {
    Some(v)
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn char_after(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

fn not_followed_by_base64(t: &str, _: Range<usize>, v: Range<usize>) -> Option<Range<usize>> {
    match char_after(t, v.end) {
        Some(c) if c.is_ascii_alphanumeric() || "+/=".contains(c) => None,
        _ => Some(v),
    }
}

fn not_followed_by_word(t: &str, _: Range<usize>, v: Range<usize>) -> Option<Range<usize>> {
    match char_after(t, v.end) {
        Some(c) if c.is_alphanumeric() || c == '_' || c == '-' => None,
        _ => Some(v),
    }
}

/// Values that are clearly not a secret: placeholders, masks, references, our own markers.
fn is_placeholder(v: &str) -> bool {
    const WORDS: &[&str] = &[
        "none",
        "null",
        "nil",
        "n/a",
        "na",
        "redacted",
        "reset",
        "expired",
        "changed",
        "required",
        "incorrect",
        "invalid",
        "wrong",
        "blank",
        "empty",
        "hidden",
        "masked",
        "true",
        "false",
        "unknown",
        "same",
        "see",
        "set",
        "the",
        "is",
        "was",
        "not",
    ];
    let lower = v.to_ascii_lowercase();
    v.starts_with("[REDACTED")
        || WORDS.contains(&lower.as_str())
        || v.chars()
            .all(|c| c == '*' || c == 'x' || c == 'X' || c == '.' || c == '•')
        || (v.starts_with('<') && v.ends_with('>'))
        || v.starts_with("${")
        || v.starts_with("{{")
        || v.starts_with("$(")
        || (v.len() > 1
            && v.starts_with('$')
            && v[1..]
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        || (v.len() > 2 && v.starts_with('%') && v.ends_with('%'))
}

/// Credentials are not plain words (`Authorization: Bearer header` is prose).
fn not_a_word(t: &str, w: Range<usize>, v: Range<usize>) -> Option<Range<usize>> {
    let value = &t[v.clone()];
    (!value.chars().all(char::is_alphabetic))
        .then_some(v)
        .and_then(|v| not_placeholder(t, w, v))
}

fn not_placeholder(t: &str, _: Range<usize>, v: Range<usize>) -> Option<Range<usize>> {
    (!is_placeholder(&t[v.clone()])).then_some(v)
}

fn password_value(t: &str, w: Range<usize>, v: Range<usize>) -> Option<Range<usize>> {
    let value = &t[v.clone()];
    if is_placeholder(value) {
        return None;
    }
    // Prose such as "Password: the user reset it" uses `:` and continues with more words; a
    // lowercase word followed by more words is a sentence, not a password.
    let quoted = v.start > 0 && matches!(t.as_bytes()[v.start - 1], b'"' | b'\'');
    let sep_is_colon = t[w.start..v.start]
        .trim_end_matches([' ', '\t'])
        .ends_with(':');
    if sep_is_colon && !quoted && value.chars().all(|c| c.is_alphabetic()) {
        let rest = &t[v.end..];
        let continues = rest.starts_with([' ', '\t'])
            && rest
                .trim_start_matches([' ', '\t'])
                .starts_with(|c: char| c.is_alphabetic());
        if continues {
            return None;
        }
    }
    Some(v)
}

/// Shannon entropy in bits per character.
fn entropy(s: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut n = 0.0;
    for c in s.chars() {
        *counts.entry(c).or_insert(0.0) += 1.0;
        n += 1.0;
    }
    counts
        .values()
        .map(|&k: &f64| {
            let p = k / n;
            -p * p.log2()
        })
        .sum()
}

/// gitleaks' generic-api-key threshold.
const ENTROPY_THRESHOLD: f64 = 3.5;

fn high_entropy(t: &str, _: Range<usize>, v: Range<usize>) -> Option<Range<usize>> {
    let value = &t[v.clone()];
    let has_digit = value.chars().any(|c| c.is_ascii_digit());
    let has_alpha = value.chars().any(|c| c.is_ascii_alphabetic());
    (has_digit && has_alpha && entropy(value) >= ENTROPY_THRESHOLD && !is_placeholder(value))
        .then_some(v)
}

fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut d = u32::from(*d);
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// 13–19 digits, issuer prefix 2–6, Luhn-valid, separators (if any) consistent and in groups
/// of 3–6 digits. Tries shorter prefixes of the groups (a card followed by an expiry month).
fn card_number(t: &str, w: Range<usize>, _: Range<usize>) -> Option<Range<usize>> {
    if matches!(
        char_before(t, w.start),
        Some('-' | '.' | '+' | '/' | '#' | '_')
    ) {
        return None;
    }
    let s = &t[w.clone()];
    // Groups of digits with their byte ranges.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut seps: Vec<u8> = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        groups.push((start, i));
        if i < bytes.len() {
            seps.push(bytes[i]);
            i += 1;
        }
    }
    for k in (1..=groups.len()).rev() {
        let end = groups[k - 1].1;
        if matches!(char_after(t, w.start + end), Some('-' | '.' | '/')) && k == groups.len() {
            // `…-123` / `….5`: part of a longer identifier or number.
            if char_after(t, w.start + end + 1).is_some_and(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
        }
        let digits: Vec<u8> = s[..end]
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        if !(13..=19).contains(&digits.len()) || !(2..=6).contains(&digits[0]) {
            continue;
        }
        if k > 1 {
            let same_sep = seps[..k - 1].iter().all(|&c| c == seps[0]);
            let sizes_ok = groups[..k].iter().all(|(a, b)| (3..=6).contains(&(b - a)));
            if !same_sep || !sizes_ok {
                continue;
            }
        }
        if luhn(&digits) {
            return Some(w.start..w.start + end);
        }
    }
    None
}

const VERSION_WORDS: &[&str] = &[
    "version", "ver", "v", "build", "release", "firmware", "fw", "driver", "bios", "rev",
    "revision", "oid", "kb", "patch", "update", "sp", "agent", "app", "client", "os",
];

fn ipv4(t: &str, w: Range<usize>, _: Range<usize>) -> Option<Range<usize>> {
    let s = &t[w.clone()];
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut octets = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        if p.len() > 3 || (p.len() > 1 && p.starts_with('0')) {
            return None;
        }
        octets[i] = p.parse().ok()?;
    }
    if let Some(c) = char_before(t, w.start) {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            return None;
        }
        if matches!(c, '-' | '/')
            && char_before(t, w.start - 1).is_some_and(|c| c.is_alphanumeric())
        {
            return None; // package-1.2.3.4, User-Agent product/1.2.3.4
        }
    }
    if let Some(c) = char_after(t, w.end) {
        if c.is_alphanumeric() || c == '_' {
            return None;
        }
        if c == '-' && char_after(t, w.end + 1).is_some_and(|c| c.is_alphabetic()) {
            return None; // 1.2.3.4-beta
        }
    }
    // "version 2.1.0.4", "Build: 1.2.3.4", "(v 1.0.0.1)"
    let before = t[..w.start].trim_end_matches([' ', '\t', ':', '=', '(', '#', '"', '\'']);
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let word = word.to_lowercase();
    if VERSION_WORDS.contains(&word.as_str())
        || VERSION_WORDS
            .iter()
            .any(|v| v.len() >= 5 && word.ends_with(v))
    {
        return None; // also `oldVersion="15.0.0.0"`, `fileversion: …`
    }
    // `4.0.0.0` is an assembly version, not a host; a network address comes with `/prefix`.
    if octets[1..] == [0, 0, 0] && char_after(t, w.end) != Some('/') {
        return None;
    }
    let ip = u32::from_be_bytes(octets);
    let is_netmask = octets[0] == 255 && ip.leading_ones() + ip.trailing_zeros() == 32;
    // Well-known public resolvers identify nobody and are needed in DNS troubleshooting.
    const PUBLIC_RESOLVERS: &[[u8; 4]] = &[
        [8, 8, 8, 8],
        [8, 8, 4, 4],
        [1, 1, 1, 1],
        [1, 0, 0, 1],
        [9, 9, 9, 9],
    ];
    if octets[0] == 127 || ip == 0 || is_netmask || PUBLIC_RESOLVERS.contains(&octets) {
        return None;
    }
    Some(w)
}

fn ipv6(t: &str, w: Range<usize>, _: Range<usize>) -> Option<Range<usize>> {
    if let Some(c) = char_before(t, w.start) {
        if c.is_alphanumeric() || c == '_' {
            return None;
        }
    }
    if let Some(c) = char_after(t, w.end) {
        if c.is_alphanumeric() || c == '_' {
            return None;
        }
    }
    let s = t[w.clone()].trim_end_matches('.');
    let end = w.start + s.len();
    let addr: std::net::Ipv6Addr = s.parse().ok()?;
    if addr.is_loopback() || addr.is_unspecified() {
        return None;
    }
    if s.chars().filter(|c| c.is_ascii_hexdigit()).count() < 4 {
        return None;
    }
    Some(w.start..end)
}

fn phone(
    t: &str,
    r: Range<usize>,
    digit_count: std::ops::RangeInclusive<usize>,
    same_seps: bool,
) -> Option<Range<usize>> {
    // Hex dumps (`8C FE 01 50 04 83 83 C9`) are not phone numbers.
    let is_hex_byte = |w: Option<&str>| {
        w.is_some_and(|w| w.len() == 2 && w.chars().all(|c| c.is_ascii_hexdigit()))
    };
    if is_hex_byte(t[..r.start].split_whitespace().next_back())
        || is_hex_byte(t[r.end..].split_whitespace().next())
    {
        return None;
    }
    if let Some(c) = char_before(t, r.start) {
        if c.is_alphanumeric() || "_-/.#:+".contains(c) {
            return None;
        }
    }
    if let Some(c) = char_after(t, r.end) {
        if c.is_alphanumeric() || c == '_' {
            return None;
        }
        if matches!(c, '-' | '.' | ':' | '/')
            && char_after(t, r.end + 1).is_some_and(|c| c.is_ascii_digit())
        {
            return None; // part of a date, time or longer id
        }
    }
    let s = &t[r.clone()];
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if !digit_count.contains(&digits) {
        return None;
    }
    if same_seps {
        let seps: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
        if seps.is_empty() || seps.iter().any(|c| *c != seps[0]) {
            return None;
        }
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<(&'static str, String)> {
        scan(text).into_iter().map(|f| (f.rule, f.value)).collect()
    }

    fn one(text: &str, rule: &str, value: &str) {
        let found = rules(text);
        assert!(
            found.iter().any(|(r, v)| *r == rule && v == value),
            "expected {rule} `{value}` in {text:?}, got {found:?}"
        );
    }

    fn none(text: &str) {
        let found = rules(text);
        assert!(
            found.is_empty(),
            "expected nothing in {text:?}, got {found:?}"
        );
    }

    #[test]
    fn emails() {
        one(
            "reach jane.doe+it@contoso.co.uk today",
            "email",
            "jane.doe+it@contoso.co.uk",
        );
        none("see @mention and user@localhost");
    }

    #[test]
    fn ipv4_true_and_false_positives() {
        one("gateway 192.168.10.1 unreachable", "ipv4", "192.168.10.1");
        one("ssh admin@10.0.0.12:22", "ipv4", "10.0.0.12");
        one("range 10.1.2.0/24.", "ipv4", "10.1.2.0");
        none("Windows 10.0.19045.3803");
        none("client v1.2.3.4 and version 2.1.0.4, Build: 7.0.0.12");
        none("OID 1.3.6.1.4.1.311 and 999.1.1.1 and 1.02.3.4");
        none("mask 255.255.255.0, loopback 127.0.0.1, any 0.0.0.0");
        none("package-1.2.3.4 and 1.2.3.4-beta and USER-AGENT: RTCC/4.0.1.2");
        none(
            r#"<bindingRedirect oldVersion="15.0.0.0" newVersion="16.0.1.2"/> System.ServiceModel 4.0.0.0"#,
        );
        none("resolver 8.8.8.8 or 1.1.1.1");
        one(
            "VIA: SIP/2.0/TLS 10.10.10.10:61182;branch",
            "ipv4",
            "10.10.10.10",
        );
        one("route 10.0.0.0/8", "ipv4", "10.0.0.0");
    }

    #[test]
    fn ipv6_true_and_false_positives() {
        one(
            "fe80::1c2d:3e4f:5a6b:7c8d%eth0 dropped",
            "ipv6",
            "fe80::1c2d:3e4f:5a6b:7c8d",
        );
        one(
            "DNS 2001:db8::8a2e:370:7334.",
            "ipv6",
            "2001:db8::8a2e:370:7334",
        );
        one(
            "[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:443",
            "ipv6",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        );
        one(
            "mapped ::ffff:192.0.2.128 here",
            "ipv6",
            "::ffff:192.0.2.128",
        );
        none("at 12:30:45 and 09:15:00.123 the job ran");
        none("MAC 00:1A:2B:3C:4D:5E and std::fmt::Display, a::b, ::1");
    }

    #[test]
    fn phones_true_and_false_positives() {
        one("call +1 (555) 010-4477 now", "phone", "+1 (555) 010-4477");
        one("call +44 20 7946 0958", "phone", "+44 20 7946 0958");
        one("desk (555) 123-4567", "phone", "(555) 123-4567");
        one("desk 555-123-4567.", "phone", "555-123-4567");
        one("UK 020 7946 0958", "phone", "020 7946 0958");
        one("FR 01 23 45 67 89", "phone", "01 23 45 67 89");
        one("Tel: 5550104477", "phone", "5550104477");
        none("ticket INC-20417 and CHG-555-1234567");
        none("on 2026-03-02 at 10:30:45, 01.02.2024 10:30, 02/03/2026");
        none("order 1234567 and build 20240501");
        none("Report Id: 062416-18468-01. Bytes 8C FE 01 50 04 83 83 C9");
    }

    #[test]
    fn cards_are_luhn_checked() {
        one(
            "card 4111 1111 1111 1111 exp 12/27",
            "card-number",
            "4111 1111 1111 1111",
        );
        one(
            "card 4111-1111-1111-1111",
            "card-number",
            "4111-1111-1111-1111",
        );
        one("amex 378282246310005.", "card-number", "378282246310005");
        one(
            "card 5555 5555 5555 4444 12",
            "card-number",
            "5555 5555 5555 4444",
        );
        // Fails Luhn: an order id.
        none("order 4111111111111112 shipped");
        none("order id 5234567890123456");
        // Starts with 1: an epoch timestamp in ms.
        none("ts 1714567890123");
    }

    #[test]
    fn passwords_keep_the_key_and_redact_the_value() {
        let r = redact("login with password=Hunt3r2! then pwd: s3cr3t", &[]);
        assert_eq!(
            r.text,
            "login with password=[REDACTED:password] then pwd: [REDACTED:password]"
        );
        one(
            r#"DB_PASSWORD="correct horse battery""#,
            "password",
            "correct horse battery",
        );
        one("passwd='x y'", "password", "x y");
        one("smtp.pass=abc123", "password", "abc123");
        one("secret=ab12cd", "password", "ab12cd");
        one("client_secret: 8Q~abc.def", "password", "8Q~abc.def");
        none("Password: the user reset it yesterday");
        none("password: ******** and password=<your password> and pass: the test");
        none("password=${DB_PASS} client_secret=\"$CLIENT_SECRET\"");
    }

    #[test]
    fn auth_headers_and_jwts() {
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        one(&format!("token {jwt} expired"), "jwt", jwt);
        let r = redact(&format!("Authorization: Bearer {jwt}"), &[]);
        assert_eq!(r.findings.len(), 1, "{r:?}");
        assert!(!r.text.contains("eyJ"));
        one(
            "Authorization: Basic dXNlcjpwYXNzd29yZA==",
            "auth-header",
            "dXNlcjpwYXNzd29yZA==",
        );
        one(
            "curl -H 'authorization: token ghx_abcdef123456'",
            "auth-header",
            "ghx_abcdef123456",
        );
        none("the bearer token expired; remove the Authorization: Bearer header");
    }

    #[test]
    fn private_keys_multi_line() {
        let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7xQ2\nabcdEFGH1234+/==\n-----END RSA PRIVATE KEY-----";
        let r = redact(&format!("key:\n{key}\nthanks"), &[]);
        assert_eq!(r.text, "key:\n[REDACTED:private-key]\nthanks");
        let truncated = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQyNTUxOQAAACBkZXZpY2Ug\nthe rest was cut";
        let r = redact(truncated, &[]);
        assert_eq!(r.text, "[REDACTED:private-key]\nthe rest was cut");
        none("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
    }

    #[test]
    fn cloud_and_api_keys() {
        one(
            "key AKIAIOSFODNN7EXAMPLE used",
            "aws-access-key",
            "AKIAIOSFODNN7EXAMPLE",
        );
        one(
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "aws-secret-key",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        );
        let gh = format!("ghp_{}", "a1B2c3D4e5".repeat(3) + "F6g7h8");
        one(&format!("token {gh}"), "github-token", &gh);
        let pat = format!("github_pat_{}", "A1b2C3d4E5".repeat(8) + "xy");
        one(&pat, "github-token", &pat);
        one(
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
            "slack-token",
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        );
        one(
            "post to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
            "slack-webhook",
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
        );
        one(
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "stripe-key",
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        );
        one(
            "rk_live_51H8abcdefGHIJ",
            "stripe-key",
            "rk_live_51H8abcdefGHIJ",
        );
        one(
            "key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
            "google-api-key",
            "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
        );
        let conn = "DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net";
        let r = redact(conn, &[]);
        assert!(
            r.text.contains(
                "AccountName=contoso;AccountKey=[REDACTED:azure-storage-key];EndpointSuffix"
            ),
            "{}",
            r.text
        );
        one(
            "https://x.blob.core.windows.net/c?sv=2022-11-02&sig=abcDEF123%2Bxyz456%3D789abc",
            "azure-sas-token",
            "abcDEF123%2Bxyz456%3D789abc",
        );
        let okta = format!(
            "00{}",
            "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5hJ7k"
                .get(..40)
                .unwrap()
        );
        one(&format!("Authorization: SSWS {okta}"), "okta-token", &okta);
        one(&format!("okta_api_token: {okta}"), "okta-token", &okta);
        one(
            "https://svc:Pa55w0rd@db.internal/x",
            "url-credentials",
            "Pa55w0rd",
        );
    }

    #[test]
    fn generic_assignments_need_entropy() {
        one(
            "api_key=9f8A7b6C5d4E3f2G1h0J",
            "generic-secret",
            "9f8A7b6C5d4E3f2G1h0J",
        );
        one(
            "X-Apikey: 'Zx81kPq09LmWn3Vb'",
            "generic-secret",
            "Zx81kPq09LmWn3Vb",
        );
        // A UUID is a secret only in a secret assignment.
        one(
            "token=3f2b8c1e-9d4a-4f6b-a1c2-7e8d9f0a1b2c",
            "generic-secret",
            "3f2b8c1e-9d4a-4f6b-a1c2-7e8d9f0a1b2c",
        );
        none("correlation id 3f2b8c1e-9d4a-4f6b-a1c2-7e8d9f0a1b2c");
        none("fixed in commit 9fceb02d0ae598e95dc970b74767f19372d61af8");
        none("token=aaaaaaaaaaaaaaaa1 and api_key=expired_session_handle");
    }

    #[test]
    fn high_confidence_is_never_kept() {
        let text = "user jane@contoso.com password=Hunt3r2 from 10.1.2.3";
        let keep = vec!["jane@contoso.com".to_string(), "Hunt3r2".to_string()];
        let r = redact(text, &keep);
        assert_eq!(
            r.text,
            "user jane@contoso.com password=[REDACTED:password] from [REDACTED:ipv4]"
        );
        assert_eq!(r.kept.len(), 1);
        assert_eq!(r.kept[0].rule, "email");
        assert_eq!(
            r.findings.iter().map(|f| f.rule).collect::<Vec<_>>(),
            ["password", "ipv4"]
        );
    }

    #[test]
    fn findings_are_sorted_non_overlapping_and_redaction_is_idempotent() {
        let text = "mail bob@x.org, Authorization: Bearer abcdefghijklmnop1234, ip 203.0.113.9, \
                    card 4111 1111 1111 1111, password=\"p@ss 1\"";
        let f = scan(text);
        assert!(f.windows(2).all(|w| w[0].end <= w[1].start), "{f:?}");
        for x in &f {
            assert_eq!(&text[x.start..x.end], x.value);
        }
        let once = redact(text, &[]);
        assert_eq!(once.findings.len(), 5, "{once:?}");
        let twice = redact(&once.text, &[]);
        assert!(twice.findings.is_empty(), "{:?}", twice.findings);
        assert_eq!(twice.text, once.text);
    }

    #[test]
    fn findings_serialize_camel_case() {
        let f = &scan("a@b.io")[0];
        let v = serde_json::to_value(f).unwrap();
        assert_eq!(v["confidence"], "medium");
        assert_eq!(v["rule"], "email");
        assert_eq!(v["end"], 6);
    }
}
