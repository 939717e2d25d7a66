//! The user's query syntax, read leniently: whatever is typed or pasted is a query, and
//! punctuation never makes it fail.
//!
//! - Filters: `kind:runbook`, `tag:vpn`, `product:"Global Protect"`, `category:x`,
//!   `status:retired` (`type:` and `tags:` too). A filter word with nothing after the colon
//!   (`status: 503`, `error:`) is ordinary text.
//! - Fields: `title:word`, `headings:word`, `body:word` — the word must be in that field.
//! - Phrases: `"certificate expired"` must appear as written (with balanced quotes; typographic
//!   quotes count). An unbalanced quote is ignored.
//! - `-word` / `-"a phrase"` / `NOT word` exclude; `+word` requires; `OR` between words lets
//!   any of them match, `AND` that all must (no "closest matches" then). These operators only
//!   count in short queries (at most [`OPERATOR_TOKENS`] tokens): in a pasted sentence or
//!   command line, `-Identity` is a flag and `NOT` a word. A `-word` right after a word is a
//!   flag too when the KB has it written so (`certutil -pulse`).
//! - Parentheses are ignored (no grouping).

/// Up to this many whitespace-separated tokens, `-`, `+`, `NOT` and `OR` are operators.
pub const OPERATOR_TOKENS: usize = 6;

/// How a clause takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Req {
    /// Counts towards the ranking; required or not by the query's rules.
    Should,
    /// Must be found (`+word`, a quoted phrase, `title:word`).
    Must,
    /// Must not be found (`-word`, `NOT word`).
    MustNot,
}

/// A field named in the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    /// `title:`
    Title,
    /// `headings:`
    Headings,
    /// `body:`
    Body,
}

/// One text clause of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The text as written (quotes, operators and parentheses removed).
    pub text: String,
    /// Quoted: the words must appear in this order.
    pub phrase: bool,
    /// How it takes part.
    pub req: Req,
    /// Only in this field.
    pub field: Option<FieldName>,
    /// Written with a leading `-`: an exclusion, unless the KB has it as written after the
    /// word before it — a command-line flag (`certutil -pulse`).
    pub dash: bool,
}

/// A user query split into text clauses and field filters.
#[derive(Debug, Default, PartialEq)]
pub struct ParsedQuery {
    /// The text clauses, in order.
    pub clauses: Vec<Clause>,
    /// `OR` was used: any word may match.
    pub any: bool,
    /// `AND` was used: every word must match, never relaxed.
    pub all: bool,
    /// `kind:` filters.
    pub kinds: Vec<String>,
    /// `tag:` filters.
    pub tags: Vec<String>,
    /// `product:` filters.
    pub products: Vec<String>,
    /// `category:` filters.
    pub categories: Vec<String>,
    /// `status:` filters.
    pub statuses: Vec<String>,
}

/// Typographic quotes read as `"`.
fn straight_quotes(q: &str) -> String {
    q.chars()
        .map(|c| match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
            c => c,
        })
        .collect()
}

/// Whitespace-separated tokens; with `quotes`, a quoted part (spaces included) stays in its
/// token.
fn tokens(q: &str, quotes: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = q;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let mut end = 0;
        let mut in_quote = false;
        for (i, c) in rest.char_indices() {
            if c == '"' && quotes {
                in_quote = !in_quote;
            } else if c.is_whitespace() && !in_quote {
                break;
            }
            end = i + c.len_utf8();
        }
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

impl ParsedQuery {
    /// Splits `q` (see the module's documentation). Never fails.
    pub fn parse(q: &str) -> ParsedQuery {
        let q = straight_quotes(q);
        let quotes = q.matches('"').count().is_multiple_of(2);
        let toks = tokens(&q, quotes);
        let operators = toks.len() <= OPERATOR_TOKENS;
        let mut out = ParsedQuery::default();
        let mut negate_next = false;
        for (i, &tok) in toks.iter().enumerate() {
            if operators {
                match tok {
                    "AND" => {
                        out.all = true;
                        continue;
                    }
                    "OR" if i > 0 && i + 1 < toks.len() => {
                        out.any = true;
                        continue;
                    }
                    "NOT" if i + 1 < toks.len() => {
                        negate_next = true;
                        continue;
                    }
                    _ => {}
                }
            }
            let mut req = if std::mem::take(&mut negate_next) {
                Req::MustNot
            } else {
                Req::Should
            };
            let mut t = tok;
            let mut dash = false;
            if operators {
                let operand = |rest: &str| {
                    rest.chars()
                        .next()
                        .is_some_and(|c| c.is_alphanumeric() || c == '"')
                };
                if let Some(rest) = t.strip_prefix('-').filter(|r| operand(r)) {
                    req = Req::MustNot;
                    t = rest;
                    dash = true;
                } else if let Some(rest) = t.strip_prefix('+').filter(|r| operand(r)) {
                    req = Req::Must;
                    t = rest;
                }
            }
            let mut field = None;
            if let Some((name, value)) = t.split_once(':') {
                let value_text = value.trim_matches('"');
                let filter = match name.to_ascii_lowercase().as_str() {
                    "kind" | "type" => Some(&mut out.kinds),
                    "tag" | "tags" => Some(&mut out.tags),
                    "product" => Some(&mut out.products),
                    "category" => Some(&mut out.categories),
                    "status" => Some(&mut out.statuses),
                    "title" if !value.is_empty() => {
                        field = Some(FieldName::Title);
                        None
                    }
                    "headings" | "heading" if !value.is_empty() => {
                        field = Some(FieldName::Headings);
                        None
                    }
                    "body" | "text" if !value.is_empty() => {
                        field = Some(FieldName::Body);
                        None
                    }
                    _ => None,
                };
                if let Some(list) = filter {
                    if !value_text.is_empty() && req != Req::MustNot {
                        list.push(value_text.to_lowercase());
                        continue;
                    }
                }
                if field.is_some() {
                    t = value;
                    if req == Req::Should {
                        req = Req::Must;
                    }
                }
            }
            let phrase = quotes && t.len() >= 2 && t.starts_with('"') && t.ends_with('"');
            if phrase && req == Req::Should {
                req = Req::Must;
            }
            let text: String = t
                .chars()
                .map(|c| if matches!(c, '"' | '(' | ')') { ' ' } else { c })
                .collect();
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            out.clauses.push(Clause {
                text: text.to_string(),
                phrase,
                req,
                field,
                dash,
            });
        }
        out
    }

    /// The free text of the clauses, as written (for display and logging).
    pub fn text(&self) -> String {
        self.clauses
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(text: &str, phrase: bool, req: Req) -> Clause {
        Clause {
            text: text.into(),
            phrase,
            req,
            field: None,
            dash: req == Req::MustNot,
        }
    }

    #[test]
    fn parses_filters() {
        let p = ParsedQuery::parse("vpn tag:network kind:Runbook product:\"Global Protect\" drops");
        assert_eq!(p.text(), "vpn drops");
        assert_eq!(p.tags, vec!["network"]);
        assert_eq!(p.kinds, vec!["runbook"]);
        assert_eq!(p.products, vec!["global protect"]);
        // A filter word with nothing after the colon is text.
        let p = ParsedQuery::parse("status: 503 error:");
        assert!(p.statuses.is_empty());
        assert_eq!(p.text(), "status: 503 error:");
    }

    #[test]
    fn phrases_exclusions_and_operators_in_short_queries() {
        let p = ParsedQuery::parse("\u{201C}certificate expired\u{201D} -printer +vpn");
        assert_eq!(
            p.clauses,
            vec![
                clause("certificate expired", true, Req::Must),
                clause("printer", false, Req::MustNot),
                clause("vpn", false, Req::Must),
            ]
        );
        let p = ParsedQuery::parse("outlook OR owa NOT mac");
        assert!(p.any);
        assert_eq!(p.clauses[2].req, Req::MustNot);
        assert!(!p.clauses[2].dash);
        let p = ParsedQuery::parse("title:vpn");
        assert_eq!(p.clauses[0].field, Some(FieldName::Title));
        assert_eq!(p.clauses[0].req, Req::Must);
    }

    #[test]
    fn pasted_punctuation_is_text() {
        // A leading bullet, an unbalanced quote, parentheses, lower-case and/or.
        let p =
            ParsedQuery::parse("- When you open an \"(IRM)-protected message, and/or forward it");
        assert!(!p.any);
        assert!(p.clauses.iter().all(|c| c.req == Req::Should && !c.phrase));
        assert_eq!(
            p.text(),
            "- When you open an IRM -protected message, and/or forward it"
        );
        // In a long paste, `-Identity` is a flag, NOT and OR are words.
        let p = ParsedQuery::parse("Set-Mailbox -Identity alice -Type Shared NOT OR working");
        assert!(p.clauses.iter().all(|c| c.req == Req::Should));
        assert!(!p.any);
        assert_eq!(p.clauses.len(), 8);
        // Multi-byte punctuation where an operator could be.
        let p = ParsedQuery::parse("— fix –x ‑");
        assert_eq!(p.text(), "— fix –x ‑");
        // Nothing but punctuation.
        assert!(ParsedQuery::parse("- ( ) \" -- :")
            .clauses
            .iter()
            .all(|c| c.text.chars().all(|ch| !ch.is_alphanumeric())));
    }
}
