//! KB health checks: broken links and heading anchors, missing titles, review dates past,
//! invalid flows, likely duplicates. Each finding is a [`Problem`] with file and line.
use crate::article::{Article, LinkTarget};
use crate::error::{Problem, Severity};
use crate::render::Resolved;

/// Broken links and anchors in one document.
pub fn links_of(a: &Article, resolve: &dyn Fn(&LinkTarget) -> Resolved) -> Vec<Problem> {
    let mut out = Vec::new();
    for l in &a.links {
        match (&l.target, resolve(&l.target)) {
            (LinkTarget::Doc { target, .. }, Resolved::Broken) => out.push(Problem::new(
                &a.path,
                l.line,
                Severity::Warning,
                "broken-link",
                format!("link to `{target}` does not match any document"),
            )),
            (
                LinkTarget::Doc {
                    target,
                    anchor: Some(anchor),
                    ..
                },
                Resolved::Doc { anchor: None, path },
            ) => out.push(Problem::new(
                &a.path,
                l.line,
                Severity::Warning,
                "broken-anchor",
                format!("`{target}` resolves to {path}, which has no heading `#{anchor}`"),
            )),
            (LinkTarget::Anchor { anchor }, _) if a.heading(anchor).is_none() => {
                out.push(Problem::new(
                    &a.path,
                    l.line,
                    Severity::Warning,
                    "broken-anchor",
                    format!("no heading `#{anchor}` in this document"),
                ))
            }
            (LinkTarget::External { url }, Resolved::Refused) => out.push(Problem::new(
                &a.path,
                l.line,
                Severity::Warning,
                "refused-link",
                format!("link `{url}` uses a scheme Fieldguide never follows"),
            )),
            _ => {}
        }
    }
    out
}

/// Today's date (UTC) for review-date checks.
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Parses a `YYYY-MM-DD` date (a longer timestamp is cut to its date).
pub fn parse_date(s: &str) -> Option<time::Date> {
    let d = s.get(..10)?;
    time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

/// All problems in the KB, sorted by path and line: load problems, links, titles, review
/// dates, flows, likely duplicates.
pub fn lint_kb(kb: &crate::Kb, today: time::Date) -> Vec<Problem> {
    let mut out = kb.load_problems();
    let docs = kb.docs();
    for a in &docs {
        out.extend(lint_doc(kb, a, today));
    }
    out.extend(duplicates(&docs));
    out.sort_by(|a, b| {
        a.path
            .cmp(&b.path)
            .then(a.line.cmp(&b.line))
            .then(a.code.cmp(&b.code))
    });
    out
}

/// Problems of one document (everything but load problems and duplicates).
pub fn lint_doc(kb: &crate::Kb, a: &Article, today: time::Date) -> Vec<Problem> {
    let mut out = links_of(a, &|t| kb.resolve_link(&a.path, t));
    if a.meta.title.as_deref().is_none_or(|t| t.trim().is_empty())
        && !a.headings.iter().any(|h| h.level == 1)
    {
        out.push(Problem::new(
            &a.path,
            1,
            Severity::Warning,
            "missing-title",
            "no `title` in front matter and no `#` heading",
        ));
    }
    if let Some(r) = &a.meta.review_by {
        match parse_date(r) {
            None => out.push(Problem::new(
                &a.path,
                a.meta.line.max(1),
                Severity::Warning,
                "bad-date",
                format!("review_by `{r}` is not a YYYY-MM-DD date"),
            )),
            Some(d) if d < today && a.status != crate::article::Status::Retired => {
                out.push(Problem::new(
                    &a.path,
                    a.meta.line.max(1),
                    Severity::Warning,
                    "review-overdue",
                    format!("review was due {r}"),
                ))
            }
            _ => {}
        }
    }
    if a.kind == crate::DocKind::Flow {
        out.extend(crate::flow::lint_article(a));
    }
    out
}

fn normalize_title(t: &str) -> String {
    t.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Likely duplicate documents: same normalized title (tickets excluded: many tickets share a
/// symptom by design).
pub fn duplicates(docs: &[std::sync::Arc<Article>]) -> Vec<Problem> {
    let mut by_title: std::collections::HashMap<String, Vec<&Article>> = Default::default();
    for a in docs
        .iter()
        .filter(|a| a.kind != crate::DocKind::Ticket && a.kind != crate::DocKind::Escalation)
    {
        by_title
            .entry(normalize_title(&a.title))
            .or_default()
            .push(a);
    }
    let mut out = Vec::new();
    for group in by_title.values().filter(|g| g.len() > 1) {
        for a in group {
            let others: Vec<&str> = group
                .iter()
                .filter(|o| o.path != a.path)
                .map(|o| o.path.as_str())
                .collect();
            out.push(Problem::new(
                &a.path,
                a.meta.line.max(1),
                Severity::Info,
                "likely-duplicate",
                format!("same title as {}", others.join(", ")),
            ));
        }
    }
    out
}
