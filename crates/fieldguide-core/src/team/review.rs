//! Review of article changes by a lead, inside the KB and its git history (docs/team.md,
//! "Review for leads"). A technician marks a changed article `status: review`
//! ([`propose_review`]); the change is committed and synced like any other, so every laptop
//! sees the proposal. The lead compares the file with **the last reviewed version** — the last
//! approval commit, found from the history (for a document never approved: the newest
//! committed version whose status was not `review` or `draft`) — and approves ([`approve_review`]): status back to
//! `published`, `approved` (date) and `approved_by` written to the front matter, and one commit
//! by the lead naming the version the review started from.
use serde::Serialize;
use ts_rs::TS;

use super::{Change, Committed, Repo};
use crate::article::Status;
use crate::error::{Error, Result};
use crate::frontmatter_edit::set_front_matter_keys;
use crate::kb::content_hash;
use crate::Kb;

/// What a lead reviews: the changes to one document since its last reviewed version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewDiff {
    /// KB-relative path.
    pub path: String,
    /// The `status` written in the file on disk now (`None`: no status, i.e. published).
    pub status: Option<String>,
    /// True when the file on disk is marked `status: review`.
    pub in_review: bool,
    /// The last reviewed version (the newest committed one not in review or draft); `None`
    /// for a document that was never published (the whole text is new).
    pub base: Option<Change>,
    /// The commits that changed the file since `base`, newest first (who proposed what).
    pub changes: Vec<Change>,
    /// Unified diff from `base` to the file on disk.
    pub diff: String,
    /// Hash of the file on disk ([`crate::kb::content_hash`]): [`approve_review`] approves
    /// exactly this version and refuses one changed since.
    pub hash: String,
}

/// The outcome of an approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Approved {
    /// The approval commit (`None` when the KB is not committed to, never in practice).
    pub committed: Option<Committed>,
    /// The commit of the last reviewed version the changes were compared with.
    pub base: Option<String>,
}

/// The subject prefix of an approval commit.
const APPROVE: &str = "fieldguide: approve ";

/// The status a version of a document declares (front matter), `None` when it has none.
fn status_of(path: &str, text: &str) -> Option<Status> {
    crate::markdown::parse_article(path, text.to_string())
        .0
        .meta
        .status
}

/// Whether a version counts as reviewed: published (explicitly or by default) or retired.
fn is_reviewed(status: Option<Status>) -> bool {
    !matches!(status, Some(Status::Review | Status::Draft))
}

impl Repo {
    /// The last reviewed version of `path`: the newest approval (a commit
    /// `fieldguide: approve …` that changed it); for a document never approved, the newest
    /// committed version not marked `review` or `draft`. `None` when there is neither.
    pub fn last_reviewed(&self, path: &str) -> Result<Option<Change>> {
        let history = self.history(path)?;
        if let Some(c) = history.iter().find(|c| c.message.starts_with(APPROVE)) {
            return Ok(Some(c.clone()));
        }
        for change in history {
            // A version from before a rename is not at `path`: it ends the search.
            let Some(text) = self.blob(&change.commit, path)? else {
                break;
            };
            if is_reviewed(status_of(path, &text)) {
                return Ok(Some(change));
            }
        }
        Ok(None)
    }

    /// The changes to `path` since its last reviewed version, up to the file on disk.
    pub fn review_diff(&self, path: &str) -> Result<ReviewDiff> {
        let abs = crate::fsutil::resolve_in_kb(&self.kb_root, path)?;
        let bytes = match std::fs::read(&abs) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotFound(path.to_string()))
            }
            Err(e) => return Err(Error::io(&abs, e)),
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let status = status_of(path, &text);
        let history = self.history(path)?;
        let base = self.last_reviewed(path)?;
        let changes = match &base {
            Some(b) => history
                .iter()
                .take_while(|c| c.commit != b.commit)
                .cloned()
                .collect(),
            None => history,
        };
        let diff = match &base {
            Some(b) => self.diff(path, &b.commit, None)?,
            None => all_added(path, &text),
        };
        Ok(ReviewDiff {
            path: path.to_string(),
            status: status.map(|s| s.as_str().to_string()),
            in_review: status == Some(Status::Review),
            base,
            changes,
            diff,
            hash: content_hash(&bytes),
        })
    }
}

/// A diff that adds every line of `text` (a document with no reviewed version).
fn all_added(path: &str, text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = format!(
        "--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{} @@\n",
        lines.len()
    );
    for l in lines {
        out.push('+');
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Marks `path` as proposed for review (`status: review`, a minimal front-matter edit), saves
/// it through `kb` (re-indexed) and commits `fieldguide: propose x.md for review`. The file's
/// other changes, made before, are part of the proposal. Refuses a ticket note or escalation
/// packet (their review is the closure-note rubric, `fieldguide review`).
pub fn propose_review(repo: &Repo, kb: &Kb, path: &str) -> Result<Option<Committed>> {
    let doc = kb.load_for_edit(path)?;
    if let Some(d) = kb.doc(path) {
        if matches!(
            d.kind,
            crate::article::DocKind::Ticket | crate::article::DocKind::Escalation
        ) {
            return Err(Error::Invalid(format!(
                "{path} is a {}: ticket notes are scored with `fieldguide review`, not approved",
                d.kind.as_str()
            )));
        }
    }
    if status_of(path, &doc.text) != Some(Status::Review) {
        kb.set_status(path, Status::Review)?;
    }
    repo.commit_paths(
        &[path.to_string()],
        &format!("fieldguide: propose {path} for review"),
    )
}

/// Approves the proposed version of `path` that the lead looked at (`seen_hash`, the
/// [`ReviewDiff::hash`] they were shown): sets `status: published`, `approved: YYYY-MM-DD` and
/// `approved_by: <user.name>`, saves through `kb` and commits `fieldguide: approve x.md` with
/// the reviewed range in the message body. Refuses a document not in review, and one changed
/// on disk since it was shown ([`Error::Conflict`]: review the new version).
pub fn approve_review(repo: &Repo, kb: &Kb, path: &str, seen_hash: &str) -> Result<Approved> {
    let id = repo.identity()?;
    let review = repo.review_diff(path)?;
    if !review.in_review {
        return Err(Error::Invalid(format!(
            "{path} is not in review (status: {}): nothing to approve",
            review.status.as_deref().unwrap_or("published")
        )));
    }
    let doc = kb.load_for_edit(path)?;
    if doc.base_hash != seen_hash || review.hash != seen_hash {
        return Err(Error::Conflict {
            path: path.to_string(),
            disk_text: doc.text,
        });
    }
    let today = crate::lint::today().to_string();
    let by = serde_json::to_string(&id.name).map_err(|e| Error::Invalid(e.to_string()))?;
    let text = set_front_matter_keys(
        &doc.text,
        &[
            ("status", Some(Status::Published.as_str().into())),
            ("approved", Some(today)),
            ("approved_by", Some(by)),
        ],
    )
    .map_err(|e| e.in_file(path))?;
    kb.save_doc(path, &text, &doc.base_hash)?;
    let base = review.base.as_ref().map(|b| b.commit.clone());
    let mut message = format!("{APPROVE}{path}\n\n");
    match &base {
        Some(b) => message.push_str(&format!(
            "Reviewed the changes since {} ({} commit(s)).",
            &b[..b.len().min(12)],
            review.changes.len()
        )),
        None => message.push_str("Reviewed the whole document (first reviewed version)."),
    }
    let mut authors: Vec<&str> = review.changes.iter().map(|c| c.author.as_str()).collect();
    authors.sort_unstable();
    authors.dedup();
    if !authors.is_empty() {
        message.push_str(&format!("\nProposed by: {}.", authors.join(", ")));
    }
    let committed = repo.commit_paths(&[path.to_string()], &message)?;
    Ok(Approved { committed, base })
}

/// The KB documents marked `status: review`, sorted by path.
pub fn in_review(kb: &Kb) -> Vec<String> {
    let mut v: Vec<String> = kb
        .docs()
        .iter()
        .filter(|d| d.meta.status == Some(Status::Review))
        .map(|d| d.path.clone())
        .collect();
    v.sort();
    v
}
