//! The fixed query set: realistic support-desk searches over the Microsoft Office support corpus,
//! in five groups (1 word, 4 words, 8 words, a prefix being typed, typos), and how each engine
//! is asked for them.

/// A group of queries measured together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// One word.
    One,
    /// Four words.
    Four,
    /// Eight words or so (a pasted sentence).
    Eight,
    /// The last word is still being typed.
    Prefix,
    /// A misspelt word.
    Typo,
}

impl Group {
    /// All groups, in print order.
    pub const ALL: [Group; 5] = [
        Group::One,
        Group::Four,
        Group::Eight,
        Group::Prefix,
        Group::Typo,
    ];

    /// Short label.
    pub fn label(self) -> &'static str {
        match self {
            Group::One => "1-word",
            Group::Four => "4-word",
            Group::Eight => "8-word",
            Group::Prefix => "prefix",
            Group::Typo => "typo",
        }
    }
}

const ONE: &[&str] = &[
    "outlook",
    "mailbox",
    "activation",
    "sharepoint",
    "teams",
    "certificate",
    "calendar",
    "onedrive",
    "migration",
    "licensing",
    "autodiscover",
    "crash",
];

const FOUR: &[&str] = &[
    "outlook calendar sharing permissions",
    "teams meeting recording missing",
    "sharepoint site storage quota",
    "exchange hybrid free busy",
    "office activation error unlicensed",
    "onedrive sync files stuck",
    "lync client sign in",
    "mailbox move batch failed",
    "retention policy deletes messages",
    "excel workbook external links",
    "access database cannot open",
    "owa security warning certificate",
];

const EIGHT: &[&str] = &[
    "users cannot see free busy information after mailbox move",
    "outlook hangs at processing when starting the profile",
    "teams messages unexpectedly deleted by retention policies in viva",
    "error when you change shared calendar permissions outlook mac",
    "microsoft 365 apps activation error account not associated product",
    "sharepoint files open as read only in the browser",
    "cannot import trusted publishing domain from rms online tenant",
    "newly created users cannot sign in to lync client",
    "room finder not available on shared calendars with accounts",
    "cmdlet not recognized error when running hybrid configuration wizard",
];

const PREFIX: &[&str] = &[
    "outl",
    "sharep",
    "calendar perm",
    "autodisc",
    "teams meet",
    "mailbox permi",
    "certif",
    "onedrive sy",
    "exchange onl",
    "retention pol",
];

const TYPO: &[&str] = &[
    "outlok",
    "sharepiont",
    "calender",
    "certficate",
    "mailbx permissions",
    "activaton error",
    "onedrvie sync",
    "exchnage online",
    "recieve email",
    "autodiscvoer",
];

/// Every query with its group.
pub fn all() -> Vec<(Group, &'static str)> {
    let mut v = Vec::new();
    for (g, qs) in [
        (Group::One, ONE),
        (Group::Four, FOUR),
        (Group::Eight, EIGHT),
        (Group::Prefix, PREFIX),
        (Group::Typo, TYPO),
    ] {
        v.extend(qs.iter().map(|q| (g, *q)));
    }
    v
}

/// The words of a query, lowercased, keeping letters and digits only.
pub fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The FTS5 `MATCH` expression: every word required, the last one as a prefix (search as you
/// type, as Fieldguide does). `any` joins the words with OR instead (the relaxed retry).
pub fn fts5_match(q: &str, any: bool) -> String {
    let w = words(q);
    let n = w.len();
    let parts: Vec<String> = w
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i + 1 == n {
                format!("\"{w}\"*")
            } else {
                format!("\"{w}\"")
            }
        })
        .collect();
    parts.join(if any { " OR " } else { " " })
}

/// The `MATCH` expression for any of the query's words (the relevance baseline).
pub fn fts5_any(q: &str) -> String {
    let mut w = words(q);
    w.sort();
    w.dedup();
    w.iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" OR ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_set_is_large_enough_and_well_formed() {
        let all = all();
        assert!(all.len() >= 50, "{} queries", all.len());
        for (g, q) in &all {
            let n = words(q).len();
            match g {
                Group::One => assert_eq!(n, 1, "{q}"),
                Group::Four => assert_eq!(n, 4, "{q}"),
                Group::Eight => assert!((8..=10).contains(&n), "{q}"),
                Group::Prefix | Group::Typo => assert!(n <= 2, "{q}"),
            }
        }
        assert_eq!(fts5_match("Teams meet", false), "\"teams\" \"meet\"*");
        assert_eq!(fts5_match("a b", true), "\"a\" OR \"b\"*");
        assert_eq!(fts5_any("b a (b)"), "\"a\" OR \"b\"");
    }
}
