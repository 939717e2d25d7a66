//! Finds secrets and personal data in free text and replaces them with `[REDACTED:<rule>]`.
//!
//! Two confidence levels:
//! - **High**: credentials — every rule of the gitleaks default rule set (private keys, cloud
//!   and SaaS tokens, JWTs, …), `Authorization`/`Cookie` headers, passwords in assignments, on
//!   command lines, in URLs and connection strings, payment card numbers (Luhn-checked, with
//!   card context or a known issuer range). Always redacted; the `keep` list cannot bring them
//!   back.
//! - **Medium**: personal data and context that is often needed — emails, IPv4/IPv6 addresses,
//!   phone numbers, and key/token assignments recognised only by their entropy (gitleaks'
//!   `generic-api-key`, which reads key names in any case style: `githubToken`, `user_auth`,
//!   `X-Apikey`). Redacted unless the user lists the exact value in `keep`.
//!
//! Deliberately *not* redacted: MAC addresses (they identify a device, not a person, and
//! troubleshooting needs them), loopback/unspecified addresses and netmasks, version numbers and
//! OIDs, UUIDs and git SHAs outside a secret assignment, dates, times, ticket and case ids,
//! IMEIs, and references or placeholders in place of a password (`var.db_password`,
//! `<password>`, `${VAR}`, `%VAR%`, `$env:X`, `********`, `changeme`).
//!
//! The token formats come from the gitleaks default rule set, embedded whole and loaded at
//! first use ([`gitleaks`]): <https://github.com/gitleaks/gitleaks>, `config/gitleaks.toml` at
//! commit `b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b`, MIT licence, Copyright (c) 2019 Zachary
//! Rice (`gitleaks-LICENSE` beside this file). How to update it: docs/security.md, "Redaction".
//! The rules in this file add what support text needs: personal data, headers, truncated key
//! pastes, Azure/AWS secrets in context, and passwords in the forms technicians paste (any key
//! style: `dbPassword`, `smtpPassword`, `PGPASSWORD`; `curl -u`, `mysql -p…`, `net use`,
//! `sshpass -p`, `--password=`, `ConvertTo-SecureString`; URLs; connection strings).
mod gitleaks;

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde::Serialize;
use ts_rs::TS;

/// How sure a rule is that a match is sensitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A credential: always redacted.
    High,
    /// Personal or contextual data: redacted unless kept on purpose.
    Medium,
}

/// One sensitive value found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable rule id (`aws-access-token`, `email`, …), also used in the `[REDACTED:<rule>]`
    /// marker. gitleaks rules keep their gitleaks id.
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

/// gitleaks rules whose findings are only as sure as an entropy guess: medium confidence.
const GITLEAKS_MEDIUM: &[&str] = &["generic-api-key"];

/// Finds sensitive values: non-overlapping, sorted by position. When matches overlap,
/// high confidence wins, then the longer match.
pub fn scan(text: &str) -> Vec<Finding> {
    // A big paste: the gitleaks rules on a second thread while ours run on this one. Our rules
    // come first in `cands`: on a tie (same range and confidence) their id names the marker.
    let mut cands = if text.len() >= PARALLEL_FROM {
        std::thread::scope(|s| {
            // The IP and phone rules go with gitleaks: the two threads take about as long.
            let other = |r: &Rule| matches!(r.id, "ipv4" | "ipv6" | "phone");
            let g = s.spawn(move || {
                let mut v = own_findings(text, other);
                v.extend(gitleaks_findings(text, None));
                v
            });
            let mut own = own_findings(text, |r| !other(r));
            own.extend(g.join().expect("gitleaks scan"));
            own
        })
    } else {
        let mut own = own_findings(text, |_| true);
        own.extend(gitleaks_findings(text, None));
        own
    };
    cands.sort_by(|a, b| {
        a.confidence
            .cmp(&b.confidence)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    // Keep the picked ranges sorted to test overlaps by binary search (a big paste has many).
    let mut picked: Vec<Finding> = Vec::new();
    let mut spans: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for c in cands {
        let before = spans.range(..c.end).next_back();
        if before.is_some_and(|(_, &end)| end > c.start) {
            continue;
        }
        spans.insert(c.start, c.end);
        picked.push(c);
    }
    picked.sort_by_key(|f| f.start);
    picked
}

/// Texts from this size up are scanned on two threads.
const PARALLEL_FROM: usize = 256 * 1024;

/// The findings of our own rules, before overlaps are resolved.
fn own_findings(text: &str, which: impl Fn(&Rule) -> bool) -> Vec<Finding> {
    let mut cands = Vec::new();
    for rule in RULES.iter().filter(|r| which(r)) {
        for caps in rule.re.captures_iter(text) {
            let Some(value) = rule.value(&caps) else {
                continue;
            };
            if let Some(r) = (rule.check)(text, &caps, value) {
                // gitleaks' global allowlist (stop-words, `$VAR`, `{{ … }}`, paths) holds for
                // every secret rule.
                if rule.confidence == High && gitleaks::ENGINE.globally_allowed(&text[r.clone()]) {
                    continue;
                }
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
    cands
}

/// The findings of the gitleaks rule set alone (or of one of its rules, by id), before
/// overlaps are resolved: what gitleaks itself would report. For the redaction benchmark.
pub fn gitleaks_findings(text: &str, rule: Option<&str>) -> Vec<Finding> {
    let engine = &*gitleaks::ENGINE;
    engine
        .find(text, rule)
        .into_iter()
        .map(|(ri, r)| {
            let g = &engine.rules[ri];
            Finding {
                rule: g.id,
                label: g.label,
                confidence: if GITLEAKS_MEDIUM.contains(&g.id) {
                    Confidence::Medium
                } else {
                    Confidence::High
                },
                start: r.start,
                end: r.end,
                value: text[r].to_string(),
            }
        })
        .collect()
}

/// gitleaks rules that could not be compiled (id, reason) and rules that only match file
/// paths: both are expected to be empty but for `pkcs12-file` (a path rule).
pub fn gitleaks_unused_rules() -> (Vec<(String, String)>, Vec<String>) {
    let e = &*gitleaks::ENGINE;
    (e.errors.clone(), e.path_only.clone())
}

/// The ids of the gitleaks rules in use (every rule of the embedded file that has a regex).
pub fn gitleaks_rule_ids() -> Vec<&'static str> {
    gitleaks::ENGINE.rules.iter().map(|r| r.id).collect()
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
// Our own rules
// ---------------------------------------------------------------------------------------------

/// Given (text, captures, value range), returns the range to redact, or `None` to reject.
type Check = fn(&str, &Captures, Range<usize>) -> Option<Range<usize>>;

struct Rule {
    id: &'static str,
    label: &'static str,
    confidence: Confidence,
    re: Regex,
    check: Check,
}

impl Rule {
    /// The value: the first participating group named `v…`, else the first participating
    /// unnamed group, else the whole match.
    fn value(&self, caps: &Captures) -> Option<Range<usize>> {
        let names: Vec<Option<&str>> = self.re.capture_names().collect();
        let named = (1..caps.len())
            .filter(|&i| names[i].is_some_and(|n| n.starts_with('v')))
            .find_map(|i| caps.get(i));
        let unnamed = || {
            (1..caps.len())
                .filter(|&i| names[i].is_none())
                .find_map(|i| caps.get(i))
        };
        named
            .or_else(unnamed)
            .or_else(|| caps.get(0))
            .map(|m| m.range())
    }
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

/// A quoted or bare value after an assignment operator.
const VALUE: &str = r#"(?:"(?P<v1>[^"\r\n]+)"|'(?P<v2>[^'\r\n]+)'|(?P<v3>[^\s"',;&<>]+))"#;

/// Words that name a password-like secret: the value is redacted whatever it looks like.
const PASSWORD_WORDS: &str = r"password|passwd|passphrase|pass|pwd|secret|private[_.-]?key";
/// What may follow the key word inside the same name (`mySecretString`, `db_password_enc`).
const KEY_SUFFIX: &str = r"(?:[_.-]?(?:string|str|value|val|text|plain|plaintext|raw|b64|base64|enc|encrypted|key|hash|[0-9]{1,2}))?";

/// `key = value` / `key: "value"` where the key *ends* with one of `words` in any case style:
/// `password`, `DB_PASSWORD`, `dbPassword`, `smtp.password`, `PGPASSWORD`, `mySecretString`.
/// The key word is group `k` (checked by [`key_at_boundary`]), the value `v1`/`v2`/`v3`.
fn assignment(words: &str, seps: &str) -> String {
    format!(
        r#"(?i)(?-u:\b)[a-z0-9_.-]{{0,40}}?(?P<k>{words}){KEY_SUFFIX}(?-u:\b)["']?[ \t]*(?:{seps})[ \t]*{VALUE}"#
    )
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let kv = r#"["']?\s*(?:[:=]|=>|:=)\s*["']?"#;
    vec![
        // A truncated paste: BEGIN line, optional headers, base64 lines (gitleaks' private-key
        // needs the END line).
        rule(
            "private-key",
            "Private key",
            High,
            r"-----BEGIN[A-Z0-9 _-]{0,64}PRIVATE KEY(?: BLOCK)?-----(?:\r?\n[A-Za-z-]+: [^\r\n]*)*(?:\r?\n[A-Za-z0-9+/=]{16,})+",
            any,
        ),
        rule(
            "aws-secret-key",
            "AWS secret key",
            High,
            &format!(
                r"(?i)(?:aws[\w.-]{{0,20}}(?:secret|sk)[\w.-]{{0,20}}|(?-u:\b)secret[_.-]?access[_.-]?key){kv}(?P<v>[A-Za-z0-9/+]{{40}})"
            ),
            |t, c, v| {
                service_at_word_start(t, c)?;
                not_followed_by_base64(t, v)
            },
        ),
        rule(
            "azure-storage-key",
            "Azure storage account key",
            High,
            r"(?i)(?-u:\b)(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{20,}={0,2})",
            any,
        ),
        rule(
            "azure-sas-token",
            "Azure SAS signature",
            High,
            r"(?i)[?&]sig=([A-Za-z0-9%+/=]{20,})",
            any,
        ),
        rule(
            "auth-header",
            "Authorization header credential",
            High,
            r#"(?i)(?-u:\b)(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:bearer|basic|token|digest|negotiate|ntlm|ssws|sso-key)\s+([A-Za-z0-9._~+/=-]{6,})"#,
            not_a_word,
        ),
        rule(
            "auth-header",
            "Authorization header credential",
            High,
            r"(?i)(?-u:\b)bearer\s+([A-Za-z0-9._~+/-]{16,}=*)",
            any,
        ),
        // `Cookie: a=…; b=…` / `Set-Cookie: sid=…`: the whole value (session ids).
        rule(
            "cookie-header",
            "Cookie header",
            High,
            r"(?im)(?-u:\b)(?:set-)?cookie[ \t]*:[ \t]*([^\r\n]*=[^\r\n]*?)[ \t]*$",
            cookie_value,
        ),
        // Anyone holding a Discord webhook URL can post as it (gitleaks' Discord rules want a
        // `discord… = value` assignment; a pasted URL has none): the token part.
        rule(
            "discord-webhook",
            "Discord webhook",
            High,
            r"(?-u:\b)https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/([A-Za-z0-9_-]{60,80})",
            |t, _, v| not_placeholder(t, v),
        ),
        rule(
            "url-credentials",
            "Password in a URL",
            High,
            // The user may be empty: `redis://:password@host`.
            r#"(?-u:\b)[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s:/@"'<>]*:([^\s@/"'<>]+)@"#,
            |t, _, v| not_placeholder(t, v),
        ),
        rule(
            "password",
            "Password or secret",
            High,
            &assignment(PASSWORD_WORDS, r"=>|:=|[:=]"),
            password_value,
        ),
        // Connection strings: `Server=db;User Id=sa;Password=Pa ss;` (after a `;`, the value runs
        // to the next `;`).
        rule(
            "password",
            "Password or secret",
            High,
            r#"(?im);[ \t]*(?:password|pwd)[ \t]*=[ \t]*(?P<v>[^;"'\r\n]+?)[ \t]*(?:;|"|'|$)"#,
            password_value,
        ),
        // Command lines: `curl -u user:pass`, `--user "a@b.c:pass"` (the password part).
        rule(
            "password",
            "Password or secret",
            High,
            r#"(?:^|\s)(?:-u|--user|--proxy-user)(?:=|[ \t]+)(?:"[^":\s]*:(?P<v1>[^"\s]+)"|'[^':\s]*:(?P<v2>[^'\s]+)'|[^\s:"']+:(?P<v3>[^\s"']+))"#,
            cli_password,
        ),
        // `--password=x`, `--password x`, `--pass x`, `--db-password x`.
        rule(
            "password",
            "Password or secret",
            High,
            r#"(?i)(?:^|\s)--(?:[a-z0-9]+-)*(?:password|passwd|pass|pwd|secret)(?:=|[ \t]+)(?:"(?P<v1>[^"\r\n]+)"|'(?P<v2>[^'\r\n]+)'|(?P<v3>[^\s"'-][^\s"']*))"#,
            cli_password,
        ),
        // `mysql -u root -pS3cret` (attached: `-p S3cret` prompts and names a database).
        rule(
            "password",
            "Password or secret",
            High,
            r#"(?-u:\b)(?:mysql|mysqldump|mysqladmin|mariadb|mysqlimport|mysqlcheck)(?-u:\b)[^\r\n|;&]*?[ \t]-p(?:"(?P<v1>[^"\r\n]+)"|'(?P<v2>[^'\r\n]+)'|(?P<v3>[^\s"']+))"#,
            cli_password,
        ),
        // `sshpass -p secret ssh …`
        rule(
            "password",
            "Password or secret",
            High,
            r#"(?-u:\b)sshpass[ \t]+-p[ \t]*(?:"(?P<v1>[^"\r\n]+)"|'(?P<v2>[^'\r\n]+)'|(?P<v3>[^\s"']+))"#,
            cli_password,
        ),
        // `net use \\srv\share P@ss /user:dom\u` and `net use Z: \\srv\share /user:dom\u P@ss`.
        rule(
            "password",
            "Password or secret",
            High,
            r#"(?i)(?-u:\b)net[ \t]+use(?-u:\b)[^\r\n]*?[ \t](?:"(?P<v1>[^"\r\n]+)"|(?P<v2>[^\s/"\\*][^\s"]*))[ \t]+/u(?:ser)?:"#,
            cli_password,
        ),
        rule(
            "password",
            "Password or secret",
            High,
            r#"(?i)(?-u:\b)net[ \t]+use(?-u:\b)[^\r\n]*?/u(?:ser)?:[^\s]+[ \t]+(?:"(?P<v1>[^"\r\n]+)"|(?P<v2>[^\s/"\\*][^\s"]*))"#,
            cli_password,
        ),
        // PowerShell: `ConvertTo-SecureString "P@ss" -AsPlainText`.
        rule(
            "password",
            "Password or secret",
            High,
            r#"(?i)ConvertTo-SecureString[ \t]+(?:-String[ \t]+)?(?:"(?P<v1>[^"\r\n]+)"|'(?P<v2>[^'\r\n]+)')[ \t]+-AsPlainText"#,
            cli_password,
        ),
        // `docker login -u ci -p S3cret registry` (and podman, nerdctl, buildah, oc, helm registry).
        rule(
            "password",
            "Password or secret",
            High,
            r#"(?-u:\b)(?:(?:docker|podman|nerdctl|buildah|oc)[ \t]+|helm[ \t]+registry[ \t]+)login(?-u:\b)[^\r\n|;&]*?[ \t]-p(?:=|[ \t]+)(?:"(?P<v1>[^"\r\n]+)"|'(?P<v2>[^'\r\n]+)'|(?P<v3>[^\s"']+))"#,
            cli_password,
        ),
        // Config files: `<password>S3cret</password>`, `<dbPassword>…</dbPassword>` (Maven,
        // Tomcat, web.config) …
        rule(
            "password",
            "Password or secret",
            High,
            &format!(
                r#"(?i)<[a-z0-9_.:-]{{0,40}}?(?P<k>password|passwd|passphrase|pwd|secret){KEY_SUFFIX}>(?P<v>[^<\r\n]{{1,200}})</"#
            ),
            password_value,
        ),
        // … and .NET settings: `<add key="SmtpPassword" value="S3cret" />`.
        rule(
            "password",
            "Password or secret",
            High,
            &format!(
                r#"(?i)(?-u:\b)key[ \t]*=[ \t]*"(?P<name>[a-z0-9_.:-]{{0,40}}?(?P<k>password|passwd|passphrase|pwd|secret|api[_.-]?key|token){KEY_SUFFIX})"[ \t]+value[ \t]*=[ \t]*"(?P<v>[^"\r\n]+)""#
            ),
            // NuGet's own keys are gitleaks' `nuget-config-password` (with its allowlist).
            |t, c, v| {
                let name = c.name("name").map_or("", |m| m.as_str());
                if name.eq_ignore_ascii_case("password")
                    || name.eq_ignore_ascii_case("cleartextpassword")
                {
                    return None;
                }
                password_value(t, c, v)
            },
        ),
        // What a technician writes in a note: "the password is Spring2024!", "password was
        // reset to Welcome#1" (only a value that looks like a password: see prose_password).
        rule(
            "password",
            "Password or secret",
            High,
            r#"(?i)(?-u:\b)(?:password|passcode|passwd|pwd)(?:[ \t]+(?:has[ \t]+been|was|is))?[ \t]+(?:is|(?:re)?set[ \t]+to|changed[ \t]+to|now)(?:[ \t]+now)?:?[ \t]+["'`]?(?P<v>[^\s"'`]+)"#,
            prose_password,
        ),
        rule(
            "card-number",
            "Payment card number",
            High,
            // Digits with single spaces or dashes; card_number checks the grouping. (A counted
            // `(?:[ -]?[0-9]){12,18}` makes a DFA too big to stay fast on a 5 MB log.)
            r"(?-u:\b)[0-9][0-9 -]{11,36}[0-9](?-u:\b)",
            card_number,
        ),
        // Personal data beside e-mail and phone: bank accounts (checksummed, known country
        // lengths) and US social security numbers named as such.
        rule(
            "iban",
            "Bank account (IBAN)",
            Medium,
            r"(?-u:\b)[A-Z]{2}[0-9]{2}[A-Z0-9 ]{11,40}",
            |t, c, _| iban(t, whole(c)),
        ),
        rule(
            "ssn",
            "Social security number",
            Medium,
            r"(?i)(?-u:\b)(?:ssn|ss#|social[ \t]+security(?:[ \t]+(?:number|no\.?|#))?)[ \t]*[:#=]?[ \t]*([0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{4})(?-u:\b)",
            |t, _, v| ssn(&t[v.clone()]).then_some(v),
        ),
        rule(
            "email",
            "Email address",
            Medium,
            r"(?-u:\b)[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?-u:\b)",
            any,
        ),
        rule(
            "ipv4",
            "IPv4 address",
            Medium,
            r"[0-9]+(?:\.[0-9]+){3,}",
            ipv4,
        ),
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
            r"\+[0-9]{1,3}(?:[ .-]?\([0-9]{1,4}\))?(?:[ .-]?[0-9]{1,5}){2,6}",
            |t, c, _| phone(t, whole(c), 8..=15, false),
        ),
        rule(
            "phone",
            "Phone number",
            Medium,
            r"(?:\([0-9]{3}\)[ ]?|(?-u:\b)[0-9]{3}[ .-])[0-9]{3}[ .-][0-9]{4}(?-u:\b)",
            |t, c, _| phone(t, whole(c), 10..=10, false),
        ),
        rule(
            "phone",
            "Phone number",
            Medium,
            r"(?-u:\b)0[0-9]{1,4}(?:[ .-]?[0-9]{2,4}){2,4}(?-u:\b)",
            |t, c, _| phone(t, whole(c), 9..=12, true),
        ),
        rule(
            "phone",
            "Phone number",
            Medium,
            r"(?i)(?-u:\b)(?:tel|phone|mobile|cell|ph|fax)(?-u:\b)\.?[ \t]*(?:[:#]|no\.?|number)?[ \t]*(\+?\(?[0-9][0-9 \t().-]{5,18}[0-9])",
            |t, _, v| phone(t, v, 7..=15, false),
        ),
    ]
});

fn whole(c: &Captures) -> Range<usize> {
    c.get(0).expect("group 0").range()
}

fn any(_: &str, _: &Captures, v: Range<usize>) -> Option<Range<usize>> {
    Some(v)
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn char_after(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

fn not_followed_by_base64(t: &str, v: Range<usize>) -> Option<Range<usize>> {
    match char_after(t, v.end) {
        Some(c) if c.is_ascii_alphanumeric() || "+/=".contains(c) => None,
        _ => Some(v),
    }
}

/// A service name (`aws…`) must start a word or a camelCase part: not `draws_secret`.
fn service_at_word_start(t: &str, c: &Captures) -> Option<()> {
    let start = whole(c).start;
    starts_name_part(t, start).then_some(())
}

/// Whether `i` starts a word or a part of a compound name: after a non-alphanumeric
/// character, or a lowercase letter/digit followed by an uppercase one (`dbPassword`).
fn starts_name_part(t: &str, i: usize) -> bool {
    match (char_before(t, i), char_after(t, i)) {
        (None, _) => true,
        (Some(p), _) if !p.is_alphanumeric() => true,
        (Some(p), Some(c)) => (p.is_lowercase() || p.is_ascii_digit()) && c.is_uppercase(),
        _ => false,
    }
}

/// The key word of an assignment (group `k`) names the key: it starts a part of the name
/// (`db_password`, `dbPassword`), or, for the long words only, ends a name written in one case
/// (`PGPASSWORD`, `dbpassword`). `compass`, `bypass` and `author` are not keys.
fn key_at_boundary(t: &str, c: &Captures) -> bool {
    let Some(k) = c.name("k") else {
        return true;
    };
    if starts_name_part(t, k.start()) {
        return true;
    }
    let word = k.as_str().to_ascii_lowercase();
    if word.len() < 6 {
        return false;
    }
    // The whole name up to the key word is in the key word's case.
    let name_start = t[..k.start()]
        .rfind(|ch: char| !(ch.is_ascii_alphanumeric()))
        .map_or(0, |i| i + 1);
    let prefix = &t[name_start..k.start()];
    let upper = k.as_str().chars().all(|ch| !ch.is_lowercase());
    let lower = k.as_str().chars().all(|ch| !ch.is_uppercase());
    (upper && prefix.chars().all(|ch| !ch.is_lowercase()))
        || (lower && prefix.chars().all(|ch| !ch.is_uppercase()))
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
        "changeme",
        "changeit",
        "example",
        "sample",
        "placeholder",
        "dummy",
        "password",
        "passwd",
        "secret",
        "token",
        "pass",
        "pwd",
        "test",
        "xxx",
        "prompt",
        "yes",
        "no",
    ];
    let lower = v.to_ascii_lowercase();
    let trimmed = lower.trim_matches(|c: char| "\"'`;,.".contains(c));
    v.starts_with("[REDACTED")
        || lower.contains("redacted")
        || lower.ends_with("example")
        || (v.chars().count() >= 2 && v.chars().all(|c| v.starts_with(c)))
        || WORDS.contains(&trimmed)
        || trimmed.starts_with("your")
        || trimmed.starts_with("my_")
        || trimmed.starts_with("<")
        || trimmed.ends_with(">")
        || v.chars()
            .all(|c| c == '*' || c == 'x' || c == 'X' || c == '.' || c == '•' || c == '#')
        || v.starts_with("${")
        || v.starts_with("{{")
        || v.starts_with("$(")
        || v.starts_with("#{")
        || v.starts_with("@(")
        || lower.starts_with("$env:")
        || (v.len() > 1
            && v.starts_with('$')
            && v[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
        || (v.len() > 2 && v.starts_with('%') && v.ends_with('%'))
        || (v.starts_with('[') && v.ends_with(']'))
        || is_reference(v)
}

/// A variable or property reference in place of a value: `var.db_password`,
/// `process.env.DB_PASS`, `settings.Password`, `os.environ['X']`, `vault:secret/db#pw`.
fn is_reference(v: &str) -> bool {
    const ROOTS: &[&str] = &[
        "var.",
        "vars.",
        "local.",
        "locals.",
        "env.",
        "secrets.",
        "params.",
        "data.",
        "module.",
        "self.",
        "this.",
        "config.",
        "settings.",
        "process.env",
        "os.environ",
        "os.getenv",
        "input.",
        "inputs.",
        "values.",
        "props.",
        "vault:",
        "ref(",
        "!ref",
        "!secret",
    ];
    let lower = v.to_ascii_lowercase();
    if ROOTS.iter().any(|r| lower.starts_with(r)) {
        return true;
    }
    // `a.b_c.d` made of identifiers without digits: a dotted name, not a secret.
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
                && !p.starts_with('_')
        })
}

/// Credentials are not plain words (`Authorization: Bearer header` is prose).
fn not_a_word(t: &str, _: &Captures, v: Range<usize>) -> Option<Range<usize>> {
    let value = &t[v.clone()];
    (!value.chars().all(char::is_alphabetic))
        .then_some(v)
        .and_then(|v| not_placeholder(t, v))
}

fn not_placeholder(t: &str, v: Range<usize>) -> Option<Range<usize>> {
    (!is_placeholder(&t[v.clone()])).then_some(v)
}

/// A cookie header's value holds at least one `name=value` pair whose value looks random.
fn cookie_value(t: &str, _: &Captures, v: Range<usize>) -> Option<Range<usize>> {
    let value = &t[v.clone()];
    value
        .split(';')
        .filter_map(|kv| kv.split_once('='))
        .any(|(_, val)| looks_random(val.trim(), 3.0))
        .then_some(v)
}

/// A password on a command line: anything but a placeholder or a reference.
fn cli_password(t: &str, _: &Captures, v: Range<usize>) -> Option<Range<usize>> {
    let value = &t[v.clone()];
    if is_placeholder(value) || value.len() < 3 {
        return None;
    }
    Some(v)
}

/// The length of an IBAN of this country (ISO 13616 registry), `None` for other codes.
fn iban_length(country: &str) -> Option<usize> {
    #[rustfmt::skip]
    const LENGTHS: &[(&str, usize)] = &[
        ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16),
        ("BG", 22), ("BH", 22), ("BR", 29), ("CH", 21), ("CR", 22), ("CY", 28), ("CZ", 24),
        ("DE", 22), ("DK", 18), ("DO", 28), ("EE", 20), ("EG", 29), ("ES", 24), ("FI", 18),
        ("FO", 18), ("FR", 27), ("GB", 22), ("GE", 22), ("GI", 23), ("GL", 18), ("GR", 27),
        ("GT", 28), ("HR", 21), ("HU", 28), ("IE", 22), ("IL", 23), ("IS", 26), ("IT", 27),
        ("JO", 30), ("KW", 30), ("KZ", 20), ("LB", 28), ("LI", 21), ("LT", 20), ("LU", 20),
        ("LV", 21), ("MC", 27), ("MD", 24), ("ME", 22), ("MK", 19), ("MR", 27), ("MT", 31),
        ("MU", 30), ("NL", 18), ("NO", 15), ("PK", 24), ("PL", 28), ("PS", 29), ("PT", 25),
        ("QA", 29), ("RO", 24), ("RS", 22), ("SA", 24), ("SE", 24), ("SI", 19), ("SK", 24),
        ("SM", 27), ("TN", 24), ("TR", 26), ("UA", 29), ("VG", 24), ("XK", 20),
    ];
    LENGTHS.iter().find(|(c, _)| *c == country).map(|(_, n)| *n)
}

/// An IBAN at the start of `w`: its country's length, written whole or in groups of four
/// separated by single spaces, ending there, with a valid ISO 7064 check (mod 97 = 1).
fn iban(t: &str, w: Range<usize>) -> Option<Range<usize>> {
    let s = &t[w.clone()];
    let len = iban_length(s.get(..2)?)?;
    let mut compact = String::with_capacity(len);
    let mut end = w.start;
    let mut prev_space = false;
    for (i, ch) in s.char_indices() {
        if ch == ' ' {
            if prev_space || !compact.len().is_multiple_of(4) {
                return None;
            }
            prev_space = true;
            continue;
        }
        prev_space = false;
        compact.push(ch);
        end = w.start + i + 1;
        if compact.len() == len {
            break;
        }
    }
    if compact.len() != len || t[end..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let rotated = compact[4..].chars().chain(compact[..4].chars());
    let mut rem = 0u32;
    for ch in rotated {
        let d = ch.to_digit(36)?;
        let shifted = if d < 10 { rem * 10 + d } else { rem * 100 + d };
        rem = shifted % 97;
    }
    (rem == 1).then_some(w.start..end)
}

/// A US social security number that can be one: area not 000, 666 or 9xx, group not 00,
/// serial not 0000.
fn ssn(v: &str) -> bool {
    let d: Vec<u32> = v.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 9 {
        return false;
    }
    let area = d[0] * 100 + d[1] * 10 + d[2];
    let group = d[3] * 10 + d[4];
    let serial = d[5..].iter().fold(0, |n, x| n * 10 + x);
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

/// A PowerShell cmdlet name (`Read-Host`, `ConvertTo-SecureString`): a command, not a value.
fn is_cmdlet(v: &str) -> bool {
    const VERBS: &[&str] = &[
        "Get",
        "Read",
        "Set",
        "New",
        "ConvertTo",
        "ConvertFrom",
        "Import",
        "Export",
        "Invoke",
    ];
    v.split_once('-').is_some_and(|(verb, noun)| {
        VERBS.contains(&verb)
            && noun.starts_with(|c: char| c.is_ascii_uppercase())
            && noun.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// A password named in prose: trailing sentence punctuation is not part of it, and it must look
/// like one (6+ characters, a letter and a digit or symbol), so "the password is expired" or
/// "is now 90 days old" stay.
fn prose_password(t: &str, _: &Captures, v: Range<usize>) -> Option<Range<usize>> {
    let value = t[v.clone()].trim_end_matches(['.', ',', ';', ':', ')']);
    let end = v.start + value.len();
    let letters = value.chars().filter(|c| c.is_alphabetic()).count();
    let others = value.chars().filter(|c| !c.is_alphabetic()).count();
    let ok = value.chars().count() >= 6 && letters > 0 && others > 0 && !is_placeholder(value);
    ok.then_some(v.start..end)
}

fn password_value(t: &str, c: &Captures, v: Range<usize>) -> Option<Range<usize>> {
    if !key_at_boundary(t, c) {
        return None;
    }
    let value = &t[v.clone()];
    if is_placeholder(value) || value.chars().count() < 3 {
        return None;
    }
    let w = whole(c);
    // A `secret`/`private key` name (not a password) holds a random value: `secretKey:
    // api-key` and `secret: my-app-secret-name` are names, not secrets.
    let key = c
        .name("k")
        .map(|k| k.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    if !key.starts_with("pass") && key != "pwd" && !looks_random(value, 2.5) {
        return None;
    }
    // PowerShell that asks for it: `$password = Read-Host …`, `= Get-Credential`.
    if is_cmdlet(value) {
        return None;
    }
    // Prose such as "Password: the user reset it" or "Initial pass: Phases 1 to 8" uses `:`
    // and continues with more words; a word followed by more words is a sentence, not a
    // password.
    let quoted = v.start > 0 && matches!(t.as_bytes()[v.start - 1], b'"' | b'\'');
    let sep_is_colon = t[w.start..v.start]
        .trim_end_matches([' ', '\t'])
        .ends_with(':');
    if sep_is_colon && !quoted && value.chars().all(|c| c.is_alphabetic()) {
        let rest = &t[v.end..];
        let continues = rest.starts_with([' ', '\t'])
            && rest
                .trim_start_matches([' ', '\t'])
                .starts_with(|c: char| c.is_alphanumeric());
        if continues {
            return None;
        }
    }
    Some(v)
}

/// A value that looks generated rather than written: long enough, not a plain word or
/// identifier (`api-key`, `my_app_name`), with a digit or mixed case, and some entropy.
fn looks_random(v: &str, min_entropy: f64) -> bool {
    if v.len() < 6 || is_placeholder(v) {
        return false;
    }
    let has_digit = v.chars().any(|c| c.is_ascii_digit());
    let has_upper = v.chars().any(|c| c.is_uppercase());
    let has_lower = v.chars().any(|c| c.is_lowercase());
    let has_symbol = v.chars().any(|c| !c.is_alphanumeric());
    let plain_identifier = !(has_digit || has_upper && has_lower)
        && v.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '_' || c == '.');
    if plain_identifier {
        return false;
    }
    (has_digit || (has_upper && has_lower) || has_symbol) && entropy(v) >= min_entropy
}

/// Shannon entropy in bits per character.
fn entropy(s: &str) -> f64 {
    gitleaks::shannon_entropy(s)
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

/// Words before a number that make it a payment card.
const CARD_WORDS: &[&str] = &[
    "card",
    "visa",
    "mastercard",
    "master card",
    "amex",
    "american express",
    "discover",
    "diners",
    "jcb",
    "maestro",
    "credit",
    "debit",
    "payment",
    "cc",
    "ccn",
    "cc#",
    "pan",
    "cardnumber",
    "card_number",
];

/// Words before a number that make it anything but a card (Luhn-valid or not).
const NOT_CARD_WORDS: &[&str] = &[
    "imei",
    "imeisv",
    "meid",
    "iccid",
    "case",
    "order",
    "ticket",
    "serial",
    "s/n",
    "sn",
    "tracking",
    "invoice",
    "incident",
    "request",
    "req",
    "ref",
    "reference",
    "account id",
    "tenant",
    "subscription",
    "device",
    "asset",
    "build",
    "kb",
    "po",
    "sr",
    "job",
    "batch",
    "transaction id",
    "session",
    "correlation",
    "id",
];

/// The nearest context word in the 40 bytes before `start`: `Some(true)` for a card word,
/// `Some(false)` for a not-a-card word, `None` for neither.
fn card_context(t: &str, start: usize) -> Option<bool> {
    let mut from = start.saturating_sub(40);
    while !t.is_char_boundary(from) {
        from -= 1;
    }
    let before = t[from..start].to_lowercase();
    let mut best: Option<(usize, bool)> = None;
    for (words, is_card) in [(CARD_WORDS, true), (NOT_CARD_WORDS, false)] {
        for w in words {
            let mut search = 0;
            while let Some(i) = before[search..].find(w) {
                let at = search + i;
                let end = at + w.len();
                let bounded = !before[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric())
                    && !before[end..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphabetic());
                if bounded && best.is_none_or(|(e, _)| end > e) {
                    best = Some((end, is_card));
                }
                search = at + 1;
            }
        }
    }
    best.map(|(_, is_card)| is_card)
}

/// Whether the digits start with a known issuer range and have a length that issuer uses.
fn known_issuer(d: &[u8]) -> bool {
    let n = |k: usize| d[..k].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    let len = d.len();
    match d[0] {
        4 => matches!(len, 13 | 16 | 19),                // Visa
        5 => (51..=55).contains(&n(2)) && len == 16,     // Mastercard
        2 => (2221..=2720).contains(&n(4)) && len == 16, // Mastercard 2-series
        3 => {
            (matches!(n(2), 34 | 37) && len == 15)                         // Amex
                || ((3528..=3589).contains(&n(4)) && (16..=19).contains(&len)) // JCB
                || (((300..=305).contains(&n(3)) || matches!(n(2), 36 | 38 | 39)) && (14..=16).contains(&len))
            // Diners
        }
        6 => {
            (n(4) == 6011 || (644..=649).contains(&n(3)) || n(2) == 65)
                && (16..=19).contains(&len)                                // Discover
                || ((622126..=622925).contains(&n(6)) && (16..=19).contains(&len))
            // UnionPay
        }
        _ => false,
    }
}

/// 13–19 digits, Luhn-valid, separators (if any) consistent and in groups of 3–6 digits, and
/// either a card word just before it or a known issuer range with its length; a number right
/// after `IMEI`, `case`, `order`, `ticket`, `serial`, `tracking`, … stays in clear. Tries
/// shorter prefixes of the groups (a card followed by an expiry month).
fn card_number(t: &str, c: &Captures, _: Range<usize>) -> Option<Range<usize>> {
    let w = whole(c);
    if matches!(
        char_before(t, w.start),
        Some('-' | '.' | '+' | '/' | '#' | '_')
    ) && !(w.start >= 3 && t.as_bytes()[w.start - 3..w.start].eq_ignore_ascii_case(b"cc#"))
    {
        return None;
    }
    let context = card_context(t, w.start);
    if context == Some(false) {
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
        if luhn(&digits) && (context == Some(true) || known_issuer(&digits)) {
            return Some(w.start..w.start + end);
        }
    }
    None
}

const VERSION_WORDS: &[&str] = &[
    "version", "ver", "v", "build", "release", "firmware", "fw", "driver", "bios", "rev",
    "revision", "oid", "kb", "patch", "update", "sp", "agent", "app", "client", "os",
];

fn ipv4(t: &str, c: &Captures, _: Range<usize>) -> Option<Range<usize>> {
    let w = whole(c);
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

fn ipv6(t: &str, c: &Captures, _: Range<usize>) -> Option<Range<usize>> {
    let w = whole(c);
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
    fn ibans_are_checksummed_and_ssns_named() {
        one(
            "IBAN: DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX",
            "iban",
            "DE89 3704 0044 0532 0130 00",
        );
        one(
            "pay to GB82WEST12345698765432 today",
            "iban",
            "GB82WEST12345698765432",
        );
        one("NL91ABNA0417164300", "iban", "NL91ABNA0417164300");
        // A wrong check digit, a length other than the country's, an unknown country, groups
        // that are not of four.
        none("DE89 3704 0044 0532 0130 01");
        none("GB82WEST1234569876543");
        none("ZZ82WEST12345698765432");
        none("DE893 704 0044 0532 0130 00");
        one("SSN: 123-45-6789", "ssn", "123-45-6789");
        one("social security number 123 45 6789", "ssn", "123 45 6789");
        // Not named as one, or a number no SSN can have.
        none("ticket 123-45-6789");
        none("SSN 900-12-3456 and ssn: 666-12-3456 and SSN 123-00-4567");
        let r = redact("IBAN DE89370400440532013000", &[]);
        assert_eq!(r.text, "IBAN [REDACTED:iban]");
        assert_eq!(r.findings[0].confidence, Confidence::Medium);
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
        let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7xQ2mZ9Lr0p8sV3cXy1bTq4Wd6Hn5Kj2Fg7Pe1Ua8Yt3Ri9O\nabcdEFGH1234+/==\n-----END RSA PRIVATE KEY-----";
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
            "key AKIAZ3MSJV4WQ6PCGTRB used",
            "aws-access-token",
            "AKIAZ3MSJV4WQ6PCGTRB",
        );
        // gitleaks' own allowlist: AWS documentation keys end in EXAMPLE.
        none("key AKIAIOSFODNN7EXAMPLE used");
        one(
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzK8mQ2dLpR",
            "aws-secret-key",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzK8mQ2dLpR",
        );
        let gh = format!("ghp_{}", "a1B2c3D4e5".repeat(3) + "F6g7h8");
        one(&format!("token {gh}"), "github-pat", &gh);
        let pat = format!("github_pat_{}", "A1b2C3d4E5".repeat(8) + "xy");
        one(&pat, "github-fine-grained-pat", &pat);
        let xoxb = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
        one(&format!("bot {xoxb}"), "slack-bot-token", xoxb);
        let hook = "https://hooks.slack.com/services/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";
        let r = redact(&format!("post to {hook}"), &[]);
        assert!(!r.text.contains("aB3dE5gH7jK9mN1pQ3sT5vW7"), "{}", r.text);
        one(
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "stripe-access-token",
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        );
        one(
            "key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
            "gcp-api-key",
            "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
        );
        let conn = "DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net";
        let r = redact(conn, &[]);
        assert!(
            r.text.contains("AccountName=contoso;AccountKey=[REDACTED:"),
            "{}",
            r.text
        );
        assert!(!r.text.contains("Eby8vdM02x"), "{}", r.text);
        one(
            "https://x.blob.core.windows.net/c?sv=2022-11-02&sig=abcDEF123%2Bxyz456%3D789abc",
            "azure-sas-token",
            "abcDEF123%2Bxyz456%3D789abc",
        );
        let okta = "00aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5hJ7k";
        let r = redact(&format!("Authorization: SSWS {okta}"), &[]);
        assert!(!r.text.contains(okta), "{}", r.text);
        one(
            &format!("okta_api_token: {okta}"),
            "okta-access-token",
            okta,
        );
        one(
            "https://svc:Pa55w0rd@db.internal/x",
            "url-credentials",
            "Pa55w0rd",
        );
        let hook = "Xq7_Z2vK9mB4nR1tY6wE3uI8oP5aS0dF-gH2jK4lZ7xC9vB1nM3qW5eR8tY0uI6oP2aS4dF";
        one(
            &format!("posted by https://discord.com/api/webhooks/1234567890123456789/{hook} daily"),
            "discord-webhook",
            hook,
        );
        one(
            "redis://:p4ssw0rdRedis@cache.internal:6379/0",
            "url-credentials",
            "p4ssw0rdRedis",
        );
        // A secret, not an e-mail address that `keep` could let through.
        assert_eq!(
            redact("redis://:p4ssw0rdRedis@cache.internal:6379/0", &[]).text,
            "redis://:[REDACTED:url-credentials]@cache.internal:6379/0"
        );
    }

    /// True positives tried by hand on support text (issue #19): every one must be redacted.
    #[test]
    fn hand_tried_misses_are_caught() {
        let cases: &[(&str, &str)] = &[
            (r#"dbPassword = "Hunter2Secret!""#, "Hunter2Secret!"),
            ("smtpPassword: Xy7pLq2vNs", "Xy7pLq2vNs"),
            ("githubToken: 9f8A7b6C5d4E3f2G1h0J", "9f8A7b6C5d4E3f2G1h0J"),
            ("mySecretString=Zq81kPq09LmWn3VbTr5", "Zq81kPq09LmWn3VbTr5"),
            (
                r#""user_auth": "am9obmRvZTpkMDY5NGIxYi1jMTcxLTQ4ODYt""#,
                "am9obmRvZTpkMDY5NGIxYi1jMTcxLTQ4ODYt",
            ),
            ("PGPASSWORD=Tr0ub4dor3 psql -h db01", "Tr0ub4dor3"),
            ("export MYSQL_PWD=s3cr3tPw", "s3cr3tPw"),
            ("curl -u admin:S3cretPass! https://api.local/x", "S3cretPass!"),
            (
                "curl --user a@b.com:pQ9wTxu4Fg https://x.example",
                "pQ9wTxu4Fg",
            ),
            (r"net use \\srv\share P@ssw0rd123 /user:corp\jdoe", "P@ssw0rd123"),
            (r"net use Z: \\srv\share /user:corp\jdoe P@ssw0rd123", "P@ssw0rd123"),
            ("mysql -u root -pS3cret -h db01", "S3cret"),
            ("sshpass -p 'Wint3r!2024' ssh admin@host", "Wint3r!2024"),
            ("backup.sh --password=Qw3rty!9 --host db", "Qw3rty!9"),
            ("psql postgres://app:Sup3rS3cret@db01:5432/app", "Sup3rS3cret"),
            (
                "Server=db01;Database=crm;User Id=sa;Password=Pa55 word!;",
                "Pa55 word!",
            ),
            ("Data Source=db01;Uid=sa;Pwd=Xk29!mZq;", "Xk29!mZq"),
            (
                r#"$pw = ConvertTo-SecureString "Sp!der2024" -AsPlainText -Force"#,
                "Sp!der2024",
            ),
            (
                "Cookie: sessionid=8f3a9c2b7d6e5f4a3b2c1d0e; theme=dark",
                "8f3a9c2b7d6e5f4a3b2c1d0e",
            ),
            (
                "glpat token glpat-Zx81kPq09LmWn3VbT7yQ in the runner log",
                "glpat-Zx81kPq09LmWn3VbT7yQ",
            ),
            (
                "OPENAI_API_KEY=sk-proj-Ab3De5Gh7Jk9Mn1Pq3St5Vw7Yz9Bc1De3Fg5Hj7KT3BlbkFJAb3De5Gh7Jk9Mn1Pq3St5Vw7Yz9Bc1De3Fg5Hj7K",
                "sk-proj-Ab3De5Gh7Jk9Mn1Pq3St5Vw7Yz9Bc1De3Fg5Hj7KT3BlbkFJAb3De5Gh7Jk9Mn1Pq3St5Vw7Yz9Bc1De3Fg5Hj7K",
            ),
            (
                "hf token 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",
                "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",
            ),
            (
                "//registry.npmjs.org/:_authToken=npm_Ab3De5Gh7Jk9Mn1Pq3St5Vw7Yz9Bc1De3Fg5",
                "npm_Ab3De5Gh7Jk9Mn1Pq3St5Vw7Yz9Bc1De3Fg5",
            ),
            (
                "client secret Abc8Q~dEfGhIjKlMnOpQrStUvWxYz0123456789-",
                "Abc8Q~dEfGhIjKlMnOpQrStUvWxYz0123456789-",
            ),
            // Config files and container registries.
            ("<password>m1Sup3rS3cret</password>", "m1Sup3rS3cret"),
            ("<dbPassword>Tr0ub4dor&amp;3</dbPassword>", "Tr0ub4dor&amp;3"),
            (
                r#"<add key="SmtpPassword" value="Xy7pLq2vNs" />"#,
                "Xy7pLq2vNs",
            ),
            (
                r#"<add key="ApiKey" value="9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c" />"#,
                "9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c",
            ),
            ("docker login -u ci -p Rg7kT2mWq9 registry.corp", "Rg7kT2mWq9"),
            ("helm registry login reg.corp -u ci -p Rg7kT2mWq9", "Rg7kT2mWq9"),
            // What a technician writes in a note.
            ("the password is m1Sup3rS3cret", "m1Sup3rS3cret"),
            ("Temp password was reset to Welcome#2026.", "Welcome#2026"),
            ("her password has been changed to 'Spring2026!'", "Spring2026!"),
        ];
        for (text, secret) in cases {
            let r = redact(text, &[]);
            assert!(
                !r.text.contains(secret),
                "{secret:?} left in {:?} (findings {:?})",
                r.text,
                r.findings
            );
        }
        // The key stays readable: only the value goes.
        assert_eq!(
            redact("curl -u admin:S3cretPass! https://api.local/x", &[]).text,
            "curl -u admin:[REDACTED:password] https://api.local/x"
        );
        assert_eq!(
            redact(r#"dbPassword = "Hunter2Secret!""#, &[]).text,
            r#"dbPassword = "[REDACTED:password]""#
        );
    }

    /// Deterministic pseudo-random characters from `alphabet` (a test needs tokens with the
    /// entropy of real ones).
    fn chars(alphabet: &str, n: usize, seed: u64) -> String {
        let a: Vec<char> = alphabet.chars().collect();
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                a[(x % a.len() as u64) as usize]
            })
            .collect()
    }

    /// The prefixed tokens of issue #19, each found by its gitleaks rule.
    #[test]
    fn prefixed_tokens_are_caught_by_their_gitleaks_rule() {
        const HEX: &str = "0123456789abcdef";
        const ALNUM: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let uuid = |seed| {
            format!(
                "{}-{}-{}-{}-{}",
                chars(HEX, 8, seed),
                chars(HEX, 4, seed + 1),
                chars(HEX, 4, seed + 2),
                chars(HEX, 4, seed + 3),
                chars(HEX, 12, seed + 4)
            )
        };
        let cases: Vec<(&str, String)> = vec![
            (
                "pypi-upload-token",
                format!("pypi-AgEIcHlwaS5vcmc{}", chars(ALNUM, 60, 1)),
            ),
            (
                "sendgrid-api-token",
                format!("SG.{}", chars(&format!("{ALNUM}_-."), 66, 2)),
            ),
            ("twilio-api-key", format!("SK{}", chars(HEX, 32, 3))),
            (
                "shopify-access-token",
                format!("shpat_{}", chars(HEX, 32, 4)),
            ),
            ("digitalocean-pat", format!("dop_v1_{}", chars(HEX, 64, 5))),
            (
                "grafana-service-account-token",
                format!("glsa_{}_{}", chars(ALNUM, 32, 6), chars(HEX, 8, 7)),
            ),
            (
                "vault-service-token",
                format!("hvs.{}", chars(ALNUM, 100, 8)),
            ),
            ("databricks-api-token", format!("dapi{}", chars(HEX, 32, 9))),
            (
                "atlassian-api-token",
                format!("ATATT3{}", chars(ALNUM, 186, 10)),
            ),
            (
                "1password-service-account-token",
                format!("ops_eyJ{}", chars(ALNUM, 260, 11)),
            ),
            (
                "1password-secret-key",
                format!(
                    "A3-{}-{}-{}-{}-{}",
                    chars("ABCDEFGHJKLMNPQRSTVWXYZ23456789", 6, 12),
                    chars("ABCDEFGHJKLMNPQRSTVWXYZ23456789", 11, 13),
                    chars("ABCDEFGHJKLMNPQRSTVWXYZ23456789", 5, 14),
                    chars("ABCDEFGHJKLMNPQRSTVWXYZ23456789", 5, 15),
                    chars("ABCDEFGHJKLMNPQRSTVWXYZ23456789", 5, 16)
                ),
            ),
            (
                "microsoft-teams-webhook",
                format!(
                    "https://contoso.webhook.office.com/webhookb2/{}@{}/IncomingWebhook/{}/{}",
                    uuid(20),
                    uuid(30),
                    chars("0123456789abcdefghijklmnopqrstuvwxyz", 32, 40),
                    uuid(50)
                ),
            ),
            (
                "azure-ad-client-secret",
                format!("{}8Q~{}", chars(ALNUM, 3, 60), chars(ALNUM, 34, 61)),
            ),
            ("gitlab-pat", format!("glpat-{}", chars(ALNUM, 20, 70))),
            (
                "huggingface-access-token",
                format!(
                    "hf_{}",
                    chars(
                        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                        34,
                        80
                    )
                ),
            ),
        ];
        for (rule, token) in &cases {
            let text = format!("the customer pasted {token} in the ticket");
            let r = redact(&text, &[]);
            assert!(
                !r.text.contains(token.as_str()),
                "{rule}: {token} left in {:?}",
                r.text
            );
            assert!(
                gitleaks_findings(&text, Some(rule))
                    .iter()
                    .any(|f| token.contains(f.value.as_str())),
                "{rule} does not find {token}"
            );
        }
    }

    /// False positives tried by hand on support text (issue #19): left alone.
    #[test]
    fn hand_tried_false_positives_are_left_alone() {
        none("see https://cdn.example.org/2021/05/stickers-xoxo-indieweb-1.jpg for the logo");
        none("rookTable = 0023456789abcdefABCDEF0123456789abcdefAB");
        none("support case 4111111111111111 opened by the customer");
        none("Case #: 5105105105105100");
        none("IMEI 490154203237518 and IMEI: 356938035643809");
        none("order 4012888888881881 shipped; tracking 6011111111111117");
        none("ticket 378282246310005 closed");
        none("secretKey: api-key");
        none("password = var.db_password");
        none(r#"db_password = "${DB_PASSWORD}" and pwd=%DB_PWD% and password=$env:DB_PASS"#);
        none("password: <password> and password=******** and password=changeme");
        none("token: xxxxxxxxxxxxxxxx and secret: example");
        none("curl -u <user>:<password> https://api.local/x");
        none("passwordPolicy: strict and compass: north and bypass=1 and author: jdoe");
        none("mysql -u root -p mydb");
        none(r"net use \\srv\share * /user:corp\jdoe");
        // Names that only contain a key word, references, and prose about passwords.
        none("<UserSecretsId>79a3edd0-2092-40a2-a04d-dcb46d5ca9ed</UserSecretsId>");
        none("<PasswordPolicy>strict</PasswordPolicy> <password>${DB_PASS}</password>");
        none(r#"<add key="DbPassword" value="%DB_PASSWORD%" />"#);
        none("the password is expired; the password was reset to default and is now 90 days old");
        none("password is set to expire, password changed to comply");
        none("docker login -u ci -p $REGISTRY_TOKEN registry.corp");
        none("- Initial pass: Phases 1 to 8");
        none(r#"$password = Read-Host "Enter password" -AsSecureString; $pwd = Get-Credential"#);
    }

    #[test]
    fn cards_need_context_or_an_issuer_range() {
        // Card context: any Luhn-valid length.
        one(
            "visa 4111 1111 1111 1111",
            "card-number",
            "4111 1111 1111 1111",
        );
        // No context, but a known issuer range with its length.
        one(
            "paid with 5555555555554444 ok",
            "card-number",
            "5555555555554444",
        );
        // Luhn-valid, no context, no issuer range: 16 digits starting with 2 (not 2221-2720).
        none("ref number 2000000000000006 noted");
        none("number 2000000000000006 noted");
        // Card word nearer than a not-card word wins, and vice versa.
        one(
            "case 12: card 4111111111111111",
            "card-number",
            "4111111111111111",
        );
        none("card holder case 4111111111111111");
    }

    #[test]
    fn generic_assignments_need_entropy() {
        one(
            "api_key=9f8A7b6C5d4E3f2G1h0J",
            "generic-api-key",
            "9f8A7b6C5d4E3f2G1h0J",
        );
        one(
            "X-Apikey: 'Zx81kPq09LmWn3Vb'",
            "generic-api-key",
            "Zx81kPq09LmWn3Vb",
        );
        // A UUID is a secret only in a secret assignment.
        one(
            "token=3f2b8c1e-9d4a-4f6b-a1c2-7e8d9f0a1b2c",
            "generic-api-key",
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

#[cfg(test)]
mod profile {
    use super::*;

    /// Time per own rule and per gitleaks rule on a 5 MB log-like text (or the file named by
    /// `FG_PROFILE_FILE`, e.g. the benchmark's log from `fieldguide-bench`'s `dump_log` test):
    /// `cargo test --release -p fieldguide-core --lib profile_rules -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn profile_rules() {
        let line = "2026-03-02T10:30:45.123Z INFO  [Auth] Token refreshed for session 3f2b8c1e-9d4a-4f6b-a1c2-7e8d9f0a1b2c, expires in 3599 s build 16.0.17328.20162 KB5034441 0x80070005\n";
        let text = match std::env::var("FG_PROFILE_FILE") {
            Ok(p) => std::fs::read_to_string(p).unwrap(),
            Err(_) => line.repeat(5 * 1024 * 1024 / line.len()),
        };
        for rule in RULES.iter() {
            let t = std::time::Instant::now();
            let mut n = 0;
            for caps in rule.re.captures_iter(&text) {
                if let Some(v) = rule.value(&caps) {
                    n += (rule.check)(&text, &caps, v).is_some() as usize;
                }
            }
            let el = t.elapsed().as_secs_f64() * 1e3;
            let t = std::time::Instant::now();
            let raw = rule.re.find_iter(&text).count();
            let fe = t.elapsed().as_secs_f64() * 1e3;
            println!(
                "{el:>8.1} ms {n:>6} (find only {fe:.1} ms, {raw} raw) {}",
                rule.id
            );
        }
        let t = std::time::Instant::now();
        let n = gitleaks_findings(&text, None).len();
        println!("{:>8.1} ms {n} gitleaks", t.elapsed().as_secs_f64() * 1e3);
        let mut per: Vec<(f64, &str)> = gitleaks_rule_ids()
            .into_iter()
            .map(|id| {
                let t = std::time::Instant::now();
                let _ = gitleaks_findings(&text, Some(id));
                (t.elapsed().as_secs_f64() * 1e3, id)
            })
            .collect();
        per.sort_by(|a, b| b.0.total_cmp(&a.0));
        let t = std::time::Instant::now();
        let _ = gitleaks_findings(&text, Some("no-such-rule"));
        println!(
            "{:>8.1} ms keyword pass alone",
            t.elapsed().as_secs_f64() * 1e3
        );
        for (ms, id) in per.iter().take(8) {
            println!("{ms:>8.1} ms gitleaks {id}");
        }
    }
}
