//! Lint, the KB's problem check: broken links and heading anchors, images the reader cannot
//! show, missing titles, review dates past, invalid flows, likely duplicates (same title or
//! near-identical content), documents flagged outdated by technicians. Each finding is a
//! [`Problem`] with file and line.
use crate::article::{Article, LinkTarget};
use crate::error::{Problem, Severity};
use crate::render::Resolved;

/// Broken links and anchors in one document.
pub fn links_of(a: &Article, resolve: &dyn Fn(&LinkTarget) -> Resolved) -> Vec<Problem> {
    let mut out = Vec::new();
    for l in &a.links {
        match (&l.target, resolve(&l.target)) {
            (LinkTarget::Doc { target, wiki, .. }, Resolved::Broken) => out.push(Problem::new(
                &a.path,
                l.line,
                Severity::Warning,
                "broken-link",
                if !*wiki && target.starts_with('/') && !target.starts_with("//") {
                    format!(
                        "link to `{target}` does not match any document (if it points to the \
                         web site the KB was published on, set `site_base` under `[links]` in \
                         {})",
                        crate::settings::SETTINGS_FILE
                    )
                } else {
                    format!("link to `{target}` does not match any document")
                },
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

/// Images of one document that the reader will not show, checked against the KB folder `root`
/// exactly as the reader loads them ([`crate::assets`]): a missing or unusable file inside the
/// KB is a `broken-image` warning; a reference the reader never loads by design (remote, `data:`,
/// outside the KB, not an image format it serves) is `image-not-shown` information. The reader
/// shows the alt text instead of each.
pub fn images_of(a: &Article, root: &std::path::Path) -> Vec<Problem> {
    use crate::assets::{self, AssetError};
    let mut out = Vec::new();
    for img in &a.images {
        let src = img.src.trim();
        let rel = assets::asset_url_path(src).or_else(|| assets::image_ref_path(&a.path, src));
        let problem = match rel {
            Some(rel) => match assets::check(root, &rel) {
                Ok(_) => continue,
                Err(AssetError::NotFound) => (
                    Severity::Warning,
                    "broken-image",
                    format!("image `{src}` not found: there is no file `{rel}` in the KB"),
                ),
                Err(AssetError::Forbidden) => (
                    Severity::Warning,
                    "broken-image",
                    format!(
                        "image `{src}` is not shown: `{rel}` is not a regular image file inside \
                         the KB folder of at most {} MB",
                        assets::MAX_BYTES / (1024 * 1024)
                    ),
                ),
            },
            None if src.is_empty() => (
                Severity::Warning,
                "broken-image",
                "image with no file given".to_string(),
            ),
            None => {
                let remote = ["http://", "https://", "//"]
                    .iter()
                    .any(|p| src.starts_with(p));
                let message = if remote {
                    format!(
                        "remote image `{}` is never loaded (Fieldguide works offline and shows \
                         only images stored in the KB folder)",
                        truncate(src, 80)
                    )
                } else {
                    let kinds: Vec<&str> =
                        assets::IMAGE_EXTENSIONS.iter().map(|(e, _)| *e).collect();
                    format!(
                        "image `{}` is not shown: only image files ({}) inside the KB folder are",
                        truncate(src, 80),
                        kinds.join(", ")
                    )
                };
                (Severity::Info, "image-not-shown", message)
            }
        };
        out.push(Problem::new(
            &a.path, img.line, problem.0, problem.1, problem.2,
        ));
    }
    out
}

/// `s` cut to at most `max` characters (with `…`), for messages quoting long input such as
/// `data:` URLs.
fn truncate(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]).into(),
        None => s.into(),
    }
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
    lint_kb_with(kb, today, &|_| {})
}

/// [`lint_kb`] reporting progress (phase `lint`, documents checked out of all) to `progress`.
/// Documents are read and checked one at a time on all cores; what is kept of each for the
/// duplicate checks is its title and a 512-byte content signature, so memory does not grow
/// with the size of the bodies.
pub fn lint_kb_with(
    kb: &crate::Kb,
    today: time::Date,
    progress: &(dyn Fn(crate::Progress) + Sync),
) -> Vec<Problem> {
    let mut out = kb.load_problems();
    let total = kb.doc_count();
    progress(crate::Progress {
        phase: crate::kb::Phase::Lint,
        done: 0,
        total,
    });
    // Problems, duplicate-check data, documents checked (counted under the lock, so that the
    // reports come in order).
    let found: std::sync::Mutex<(Vec<Problem>, Vec<DupDoc>, usize)> = Default::default();
    kb.for_each_doc(
        |_| true,
        |a| {
            let problems = lint_doc(kb, &a, today);
            let dup = DupDoc::of(&a);
            let mut f = found.lock().unwrap_or_else(|e| e.into_inner());
            f.0.extend(problems);
            f.1.push(dup);
            f.2 += 1;
            if f.2.is_multiple_of(500) {
                progress(crate::Progress {
                    phase: crate::kb::Phase::Lint,
                    done: f.2,
                    total,
                });
            }
        },
    );
    let (problems, mut docs, _) = found.into_inner().unwrap_or_else(|e| e.into_inner());
    out.extend(problems);
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    out.extend(duplicates(&docs));
    out.extend(content_duplicates(&docs));
    progress(crate::Progress {
        phase: crate::kb::Phase::Lint,
        done: total,
        total,
    });
    out.extend(outdated_flags(kb));
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
    out.extend(images_of(a, kb.root()));
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
                key_line(a, "review_by"),
                Severity::Warning,
                "bad-date",
                format!("review_by `{r}` is not a YYYY-MM-DD date"),
            )),
            Some(d) if d < today && a.status != crate::article::Status::Retired => {
                out.push(Problem::new(
                    &a.path,
                    key_line(a, "review_by"),
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
        out.extend(flow_escalations(kb, a));
    }
    out.extend(escalation_docs(kb, a));
    out
}

/// The KB document a checklist/runbook reference (`checklists/web.md`, `checklists/web`)
/// names, resolved from the KB root.
pub fn resolve_ref(kb: &crate::Kb, from: &str, target: &str) -> Option<String> {
    let t = target
        .trim()
        .trim_start_matches("[[")
        .trim_end_matches("]]")
        .trim();
    match kb.resolve_link(
        from,
        &LinkTarget::Doc {
            target: t.to_string(),
            anchor: None,
            wiki: true,
        },
    ) {
        Resolved::Doc { path, .. } => Some(path),
        _ => None,
    }
}

/// A flow's escalate outcomes must name an existing checklist (`flow-checklist`).
fn flow_escalations(kb: &crate::Kb, a: &Article) -> Vec<Problem> {
    let (flow, _) = crate::flow::Flow::from_article(a);
    let mut out = Vec::new();
    for n in &flow.nodes {
        let Some(c) = n.escalation.as_ref().and_then(|e| e.checklist.as_deref()) else {
            continue;
        };
        let found = resolve_ref(kb, &a.path, c).and_then(|p| kb.doc(&p));
        let why = match found {
            None => format!(
                "node `{}` names checklist `{c}`, which does not match any document",
                n.id
            ),
            Some(d) if !crate::record::is_checklist(&d) => format!(
                "node `{}` names `{c}` as its checklist, but {} is not `kind: checklist`",
                n.id, d.path
            ),
            Some(_) => continue,
        };
        out.push(Problem::new(
            &a.path,
            n.line,
            Severity::Error,
            "flow-checklist",
            why,
        ));
    }
    out
}

/// Checklists (items readable, runbooks existing), rubrics and escalation packets' lifecycles.
fn escalation_docs(kb: &crate::Kb, a: &Article) -> Vec<Problem> {
    let mut out = Vec::new();
    if crate::record::is_checklist(a) {
        let (c, problems) = crate::record::Checklist::from_article(a);
        out.extend(problems);
        for it in c.iter().flat_map(|c| &c.items) {
            if let Some(r) = &it.runbook {
                if resolve_ref(kb, &a.path, r).is_none() {
                    out.push(Problem::new(
                        &a.path,
                        key_line(a, "items"),
                        Severity::Warning,
                        "checklist-runbook",
                        format!(
                            "item `{}` links runbook `{r}`, which does not match any document",
                            it.id
                        ),
                    ));
                }
            }
        }
    } else if crate::record::review::is_rubric(a) {
        out.extend(crate::record::review::Rubric::from_article(a).1);
    } else if a.meta.kind == Some(crate::DocKind::Escalation) {
        if let Err(e) = crate::record::lifecycle::Lifecycle::read(&a.path, &a.source) {
            let line = match &e {
                crate::error::Error::FrontMatter { line, .. } => *line,
                _ => 1,
            };
            out.push(Problem::new(
                &a.path,
                line,
                Severity::Error,
                "escalation-lifecycle",
                e.to_string(),
            ));
        }
    }
    out
}

/// The 1-based line of the front-matter key `key` (for click-to-line), else the front
/// matter's first line.
pub fn key_line(a: &Article, key: &str) -> usize {
    let start = a.meta.line.max(1);
    a.source
        .lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| !matches!(l.trim_end(), "---" | "..."))
        .find(|(_, l)| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|(i, _)| i + 1)
        .unwrap_or(start)
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

/// What the duplicate checks keep of a document: path, title, kind, front-matter line and
/// content signature (min-hash of its word 5-shingles, `None` when too short to compare).
#[derive(Debug, Clone)]
pub struct DupDoc {
    /// KB-relative path.
    pub path: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: crate::DocKind,
    /// Line of the front matter (where a duplicate is reported).
    pub line: usize,
    sig: Option<[u64; MINHASHES]>,
}

impl DupDoc {
    /// What the duplicate checks need of `a`.
    pub fn of(a: &Article) -> DupDoc {
        let compared = a.kind != crate::DocKind::Ticket && a.kind != crate::DocKind::Escalation;
        DupDoc {
            path: a.path.clone(),
            title: a.title.clone(),
            kind: a.kind,
            line: a.meta.line.max(1),
            sig: if compared { minhash(&a.plain) } else { None },
        }
    }
}

/// How many of a document's same-title siblings its "likely duplicate" problem names; the rest
/// are counted. A KB of 41 copies of each article named 40 paths in each of 100,000 problems:
/// 320 MB of messages nobody could read, and most of KB lint's memory.
const NAMED_DUPLICATES: usize = 3;

/// Likely duplicate documents: same normalized title (tickets excluded: many tickets share a
/// symptom by design).
pub fn duplicates(docs: &[DupDoc]) -> Vec<Problem> {
    let mut by_title: std::collections::HashMap<String, Vec<&DupDoc>> = Default::default();
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
            let named: Vec<&str> = group
                .iter()
                .filter(|o| o.path != a.path)
                .take(NAMED_DUPLICATES)
                .map(|o| o.path.as_str())
                .collect();
            let more = group.len() - 1 - named.len();
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            out.push(Problem::new(
                &a.path,
                a.line,
                Severity::Info,
                "likely-duplicate",
                format!("same title as {}{more}", named.join(", ")),
            ));
        }
    }
    out
}

/// Open "outdated" flags raised by technicians (journal), one problem per flag on an existing
/// document.
pub fn outdated_flags(kb: &crate::Kb) -> Vec<Problem> {
    let flags = kb.journal().open_flags(None, false).unwrap_or_default();
    flags
        .into_iter()
        .filter_map(|f| {
            let a = kb.doc(&f.doc_path)?;
            let who =
                f.by.as_deref()
                    .map(|b| format!(" by {b}"))
                    .unwrap_or_default();
            Some(Problem::new(
                &f.doc_path,
                a.meta.line.max(1),
                Severity::Warning,
                "flagged-outdated",
                format!("flagged outdated{who} on {}: {}", f.at.date(), f.comment),
            ))
        })
        .collect()
}

/// Number of min-hash functions per document; similarity is estimated in steps of 1/64.
const MINHASHES: usize = 64;
/// Rows per LSH band: 16 bands of 4 make pairs above ~0.6 similar very likely candidates.
const BAND_ROWS: usize = 4;
/// Estimated Jaccard similarity of word 5-shingles above which two documents are reported.
pub const DUPLICATE_SIMILARITY: f64 = 0.8;
/// Documents with fewer shingles than this are too short to compare.
const MIN_SHINGLES: usize = 12;

fn minhash(text: &str) -> Option<[u64; MINHASHES]> {
    const FNV_OFFSET: u64 = 0xcbf29ce484222325;
    const FNV_PRIME: u64 = 0x100000001b3;
    // The hashes of the last five words (lowercase), oldest first from `words % 5`: a
    // shingle's hash folds them in order. Nothing is allocated per word (the words and their
    // lowercase copies were most of the cost after the signature itself).
    let mut ring = [0u64; 5];
    let mut words = 0usize;
    let mut sig = [u64::MAX; MINHASHES];
    let mut utf8 = [0u8; 4];
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut h = FNV_OFFSET;
        for c in word.chars().flat_map(char::to_lowercase) {
            for &b in c.encode_utf8(&mut utf8).as_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(FNV_PRIME);
            }
        }
        ring[words % 5] = h;
        words += 1;
        if words < 5 {
            continue;
        }
        let mut h = FNV_OFFSET;
        for j in 0..5 {
            h = (h.rotate_left(23) ^ ring[(words + j) % 5]).wrapping_mul(FNV_PRIME);
        }
        for (i, slot) in sig.iter_mut().enumerate() {
            // A cheap family of hash functions: mix h with a per-function odd constant.
            let mut x = h ^ (i as u64).wrapping_mul(0x9e3779b97f4a7c15);
            x ^= x >> 33;
            x = x.wrapping_mul(0xff51afd7ed558ccd);
            x ^= x >> 33;
            if x < *slot {
                *slot = x;
            }
        }
    }
    (words >= MIN_SHINGLES + 4).then_some(sig)
}

/// Likely duplicates by content: near-identical plain text (estimated Jaccard similarity of
/// word 5-shingles ≥ [`DUPLICATE_SIMILARITY`]) through min-hash signatures and LSH bands, so
/// the cost stays near linear in the number of documents. Pairs with the same title are left
/// to [`duplicates`]; tickets and escalations are skipped.
pub fn content_duplicates(docs: &[DupDoc]) -> Vec<Problem> {
    let cands: Vec<(&DupDoc, [u64; MINHASHES])> = docs
        .iter()
        .filter(|a| a.kind != crate::DocKind::Ticket && a.kind != crate::DocKind::Escalation)
        .filter_map(|a| a.sig.map(|s| (a, s)))
        .collect();
    // One (band hash, document) entry per band and document, sorted so that each bucket is a
    // run: one allocation, where a map of per-bucket lists made 1.6 million small ones at
    // 100,000 documents. A hash collision only adds a candidate pair, which the similarity
    // check below drops.
    let mut keys: Vec<(u64, usize)> = Vec::with_capacity(cands.len() * (MINHASHES / BAND_ROWS));
    for (i, (_, sig)) in cands.iter().enumerate() {
        for (b, band) in sig.chunks(BAND_ROWS).enumerate() {
            let mut h = (b as u64 + 1).wrapping_mul(0x9e3779b97f4a7c15);
            for v in band {
                h = (h ^ v).wrapping_mul(0x100000001b3);
                h ^= h >> 29;
            }
            keys.push((h, i));
        }
    }
    keys.sort_unstable();
    // Same-title pairs are left out as they are found, not after: in a KB of 41 copies of each
    // article they were 2 million pairs held at once.
    let titles: Vec<String> = cands
        .iter()
        .map(|(a, _)| normalize_title(&a.title))
        .collect();
    let mut pairs = std::collections::BTreeSet::new();
    for run in keys
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|r| r.len() > 1 && r.len() <= 50)
    {
        for (x, &(_, i)) in run.iter().enumerate() {
            for &(_, j) in &run[x + 1..] {
                if i != j && titles[i] != titles[j] {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (i, j) in pairs {
        let (a, sa) = &cands[i];
        let (b, sb) = &cands[j];
        let same = sa.iter().zip(sb.iter()).filter(|(x, y)| x == y).count();
        let sim = same as f64 / MINHASHES as f64;
        if sim < DUPLICATE_SIMILARITY {
            continue;
        }
        let pct = (sim * 100.0).round();
        for (x, y) in [(a, b), (b, a)] {
            out.push(Problem::new(
                &x.path,
                x.line,
                Severity::Info,
                "likely-duplicate",
                format!("content about {pct}% the same as {}", y.path),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_content_under_another_title_is_a_duplicate_and_under_the_same_title_is_left_out() {
        let text = "Restart the print spooler service on the workstation, clear the queue \
                    folder, then send a test page from the printer's own settings page.";
        let doc = |path: &str, title: &str, text: &str| DupDoc {
            path: path.into(),
            title: title.into(),
            kind: crate::DocKind::Article,
            line: 2,
            sig: minhash(text),
        };
        let docs = [
            doc("a.md", "Printer queue stuck", text),
            doc("b.md", "Printer queue stuck", text),
            doc("c.md", "Spooler reset", text),
            doc("d.md", "VPN drops", "Reconnect the VPN client after the laptop wakes from sleep and check the gateway certificate date."),
        ];
        let found = content_duplicates(&docs);
        let mut got: Vec<(&str, &str)> = found
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("a.md", "content about 100% the same as c.md"),
                ("b.md", "content about 100% the same as c.md"),
                ("c.md", "content about 100% the same as a.md"),
                ("c.md", "content about 100% the same as b.md"),
            ]
        );
    }

    /// Exact Jaccard similarity of two texts' sets of lowercase word 5-shingles.
    fn jaccard(a: &str, b: &str) -> f64 {
        let shingles = |t: &str| {
            let w: Vec<String> = t.split(' ').map(str::to_lowercase).collect();
            w.windows(5)
                .map(|s| s.join(" "))
                .collect::<std::collections::HashSet<_>>()
        };
        let (a, b) = (shingles(a), shingles(b));
        a.intersection(&b).count() as f64 / a.union(&b).count() as f64
    }

    #[test]
    fn signatures_estimate_the_shingle_similarity() {
        let words: Vec<String> = (0..200).map(|i| format!("w{}", i * 7919 % 1000)).collect();
        let base = words.join(" ");
        let sig = |t: &str| minhash(t).expect("long enough");
        let estimate = |a: &[u64; MINHASHES], b: &[u64; MINHASHES]| {
            a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / MINHASHES as f64
        };
        // Case does not matter; a text is the same as itself.
        assert_eq!(sig(&base), sig(&base.to_uppercase()));
        // Every 8th, 20th, 40th word changed: the estimate is within 0.15 of the exact value.
        for every in [8, 20, 40] {
            let changed: Vec<String> = words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    if i % every == 3 {
                        format!("x{i}")
                    } else {
                        w.clone()
                    }
                })
                .collect();
            let changed = changed.join(" ");
            let (exact, est) = (
                jaccard(&base, &changed),
                estimate(&sig(&base), &sig(&changed)),
            );
            assert!(
                (exact - est).abs() < 0.15,
                "every {every}: exact {exact:.2}, estimated {est:.2}"
            );
        }
        // The same words in another order share no shingle.
        let mut reversed = words.clone();
        reversed.reverse();
        assert!(estimate(&sig(&base), &sig(&reversed.join(" "))) < 0.1);
        // Too short to compare.
        assert_eq!(
            minhash("one two three four five six seven eight nine ten"),
            None
        );
    }

    #[test]
    fn a_duplicate_names_three_of_its_same_title_siblings_and_counts_the_rest() {
        let doc = |i: usize| DupDoc {
            path: format!("copy-{i}/vpn.md"),
            title: "VPN drops".into(),
            kind: crate::DocKind::Article,
            line: 1,
            sig: None,
        };
        let found = duplicates(&(0..6).map(doc).collect::<Vec<_>>());
        assert_eq!(found.len(), 6);
        let first = found.iter().find(|p| p.path == "copy-0/vpn.md").unwrap();
        assert_eq!(
            first.message,
            "same title as copy-1/vpn.md, copy-2/vpn.md, copy-3/vpn.md and 2 more"
        );
        let pair = duplicates(&(0..2).map(doc).collect::<Vec<_>>());
        assert_eq!(pair.len(), 2);
        assert_eq!(pair[0].message, "same title as copy-1/vpn.md");
        assert_eq!(pair[1].message, "same title as copy-0/vpn.md");
    }

    #[test]
    fn images_the_reader_will_not_show_are_reported_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("kb");
        std::fs::create_dir_all(root.join("runbooks/media")).unwrap();
        std::fs::write(root.join("runbooks/media/ok.png"), b"\x89PNG fake").unwrap();
        std::fs::write(root.join("logo.gif"), b"GIF89a").unwrap();
        std::fs::create_dir_all(root.join("runbooks/media/dir.png")).unwrap();
        std::fs::write(dir.path().join("outside.png"), b"\x89PNG").unwrap();
        let md = "# VPN\n\
                  ![shown](media/ok.png)\n\
                  ![rooted](/logo.gif \"title\")\n\
                  ![asset url](fgasset://localhost/runbooks/media/ok.png)\n\
                  ![missing](media/missing.png)\n\
                  ![a folder](media/dir.png)\n\
                  ![escape](../../outside.png)\n\
                  ![remote](https://example.com/beacon.png)\n\
                  ![vector](media/diagram.svg)\n\
                  ![inline](data:image/png;base64,AAAA)\n\
                  text ![](media/missing%20two.png) inline\n";
        let (a, _) = crate::markdown::parse_article("runbooks/vpn.md", md.to_string());
        assert_eq!(a.images.len(), 10);
        let found: Vec<(usize, Severity, &str)> = images_of(&a, &root)
            .iter()
            .map(|p| (p.line, p.severity, p.code.as_str()))
            .map(|(l, s, c)| {
                (
                    l,
                    s,
                    if c == "broken-image" {
                        "broken"
                    } else {
                        "not-shown"
                    },
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (5, Severity::Warning, "broken"),
                (6, Severity::Warning, "broken"),
                (7, Severity::Info, "not-shown"),
                (8, Severity::Info, "not-shown"),
                (9, Severity::Info, "not-shown"),
                (10, Severity::Info, "not-shown"),
                (11, Severity::Warning, "broken"),
            ]
        );
        let problems = images_of(&a, &root);
        assert!(problems[0]
            .message
            .contains("no file `runbooks/media/missing.png`"));
        assert!(
            problems[2].message.contains("not shown"),
            "{}",
            problems[2].message
        );
        assert!(problems[3].message.contains("remote image"));
        assert!(problems[6]
            .message
            .contains("no file `runbooks/media/missing two.png`"));
        // The image text stays out of the indexed text.
        assert!(!a.plain.contains("missing"));
    }
}
