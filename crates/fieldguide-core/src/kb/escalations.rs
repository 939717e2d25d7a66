//! Escalation quality on a loaded KB: evidence checklists, the packet lifecycle, closure-note
//! reviews and the escalation KPIs (see [`crate::record::checklist`],
//! [`crate::record::lifecycle`], [`crate::record::review`], [`crate::metrics::escalations`]).
use std::collections::BTreeMap;
use std::sync::Arc;

use time::OffsetDateTime;

use super::Kb;
use crate::article::{Article, DocKind};
use crate::error::{Error, Result};
use crate::journal::{ChangeKind, KbChange};
use crate::metrics::escalations::{escalation_report, EscalationReport, ReviewedNote};
use crate::record::lifecycle::{transition, Lifecycle, Transition};
use crate::record::review::{apply_review, is_rubric, review_draft, review_note, Review, Rubric};
use crate::record::{is_checklist, Checklist, TicketNote};

impl Kb {
    /// The checklist a reference (`checklists/web-api-errors.md`, `checklists/web-api-errors`)
    /// names. `NotFound` when nothing matches; `Invalid` when the document is not a readable
    /// checklist.
    pub fn checklist(&self, reference: &str) -> Result<Checklist> {
        let path = crate::lint::resolve_ref(self, "", reference)
            .ok_or_else(|| Error::NotFound(reference.to_string()))?;
        let doc = self
            .doc(&path)
            .ok_or_else(|| Error::NotFound(path.clone()))?;
        if !is_checklist(&doc) {
            return Err(Error::InvalidInput(format!(
                "{path} is not `kind: checklist`"
            )));
        }
        let (c, problems) = Checklist::from_article(&doc);
        c.filter(|_| problems.is_empty()).ok_or_else(|| {
            Error::Malformed(
                problems
                    .iter()
                    .map(|p| format!("{}:{}: {}", p.path, p.line, p.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
    }

    /// Every readable checklist, by path.
    pub fn checklists(&self) -> Vec<Checklist> {
        let mut out: Vec<Checklist> = self
            .docs_where(|s| s.kind == DocKind::Checklist)
            .iter()
            .filter(|a| is_checklist(a))
            .filter_map(|a| Checklist::from_article(a).0)
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// The rubric at `path`, else the first `kind: rubric` document (by path).
    pub fn rubric(&self, path: Option<&str>) -> Result<Rubric> {
        let doc = match path {
            Some(p) => self.doc(p).ok_or_else(|| Error::NotFound(p.to_string()))?,
            None => {
                let mut docs: Vec<_> = self
                    .docs_where(|s| s.kind == DocKind::Rubric)
                    .into_iter()
                    .filter(|a| is_rubric(a))
                    .collect();
                docs.sort_by(|a, b| a.path.cmp(&b.path));
                docs.into_iter().next().ok_or_else(|| {
                    Error::NotFound("a rubric (a document with `kind: rubric`)".into())
                })?
            }
        };
        let (r, problems) = Rubric::from_article(&doc);
        r.filter(|_| problems.is_empty()).ok_or_else(|| {
            Error::Malformed(format!(
                "{}: {}",
                doc.path,
                problems.first().map(|p| p.message.as_str()).unwrap_or("")
            ))
        })
    }

    /// Moves the packet at `path` through its lifecycle (edits only its `state` and `events`
    /// front-matter lines), re-indexes it and journals the change. Returns the new lifecycle.
    pub fn packet_transition(&self, path: &str, t: &Transition) -> Result<Lifecycle> {
        if self.read_only {
            return Err(Error::Locked(self.root.clone()));
        }
        let doc = self
            .doc(path)
            .filter(|d| d.kind == DocKind::Escalation)
            .ok_or_else(|| Error::NotFound(format!("escalation packet {path}")))?;
        let abs = crate::fsutil::resolve_in_kb(&self.root, &doc.path)?;
        let source = std::fs::read_to_string(&abs).map_err(|e| Error::io(&abs, e))?;
        let (text, life) = transition(&doc.path, &source, t, OffsetDateTime::now_utc())?;
        crate::fsutil::atomic_write(&abs, text.as_bytes())?;
        self.refresh_paths(std::slice::from_ref(&doc.path))?;
        let mut change = KbChange::new(
            doc.path.clone(),
            ChangeKind::Updated,
            OffsetDateTime::now_utc(),
        );
        change.doc_kind = Some(DocKind::Escalation.as_str().to_string());
        let _ = self.journal().record_kb_change(&change);
        Ok(life)
    }

    /// The lifecycle of every escalation packet (documents with `kind: escalation` in their
    /// front matter that read; the others are reported by `fieldguide check`).
    pub fn packets(&self) -> Vec<Lifecycle> {
        self.docs_where(|s| s.declares(DocKind::Escalation.as_str()))
            .iter()
            .filter(|a| a.meta.kind == Some(DocKind::Escalation))
            .filter_map(|a| Lifecycle::read(&a.path, &a.source).ok())
            .collect()
    }

    /// Ticket notes with a `review_score`, by path (the notes are read one at a time: a KB
    /// holds many).
    pub fn reviewed_notes(&self) -> Vec<ReviewedNote> {
        let out = std::sync::Mutex::new(Vec::new());
        self.for_each_doc(
            |s| s.kind == DocKind::Ticket,
            |a| {
                let note = (|| {
                    let score = a.meta.get_str("review_score")?.trim().parse().ok()?;
                    let resolved = crate::record::parse_time(&a.meta.get_str("resolved")?)?;
                    Some(ReviewedNote {
                        path: a.path.clone(),
                        ticket: a.meta.ticket.clone().unwrap_or_default(),
                        category: a.meta.category.clone(),
                        resolved,
                        score,
                    })
                })();
                if let Some(n) = note {
                    out.lock().unwrap_or_else(|e| e.into_inner()).push(n);
                }
            },
        );
        let mut out = out.into_inner().unwrap_or_else(|e| e.into_inner());
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// Scores the ticket note at `path` against the rubric (`rubric`, else the KB's rubric);
    /// `verdicts` are the reviewer's pass/fail per criterion. With `save`, the score is written
    /// into the note's front matter (only the review lines change).
    pub fn review(
        &self,
        path: &str,
        rubric: Option<&str>,
        verdicts: &BTreeMap<String, bool>,
        save: bool,
    ) -> Result<Review> {
        let (doc, rubric, note) = self.note_and_rubric(path, rubric)?;
        let review = review_note(&rubric, &note, verdicts)?;
        if save {
            if self.read_only {
                return Err(Error::Locked(self.root.clone()));
            }
            let abs = crate::fsutil::resolve_in_kb(&self.root, &doc.path)?;
            let source = std::fs::read_to_string(&abs).map_err(|e| Error::io(&abs, e))?;
            let text = apply_review(&source, &review, OffsetDateTime::now_utc())?;
            crate::fsutil::atomic_write(&abs, text.as_bytes())?;
            self.refresh_paths(std::slice::from_ref(&doc.path))?;
        }
        Ok(review)
    }

    /// What [`Kb::review`] would score with the verdicts given so far, never saved: criteria
    /// without an automatic check and no verdict yet are listed in `pending`, not refused.
    pub fn review_preview(
        &self,
        path: &str,
        rubric: Option<&str>,
        verdicts: &BTreeMap<String, bool>,
    ) -> Result<Review> {
        let (_, rubric, note) = self.note_and_rubric(path, rubric)?;
        review_draft(&rubric, &note, verdicts)
    }

    fn note_and_rubric(
        &self,
        path: &str,
        rubric: Option<&str>,
    ) -> Result<(Arc<Article>, Rubric, TicketNote)> {
        let rubric = self.rubric(rubric)?;
        let doc = self
            .doc(path)
            .filter(|d| d.kind == DocKind::Ticket)
            .ok_or_else(|| Error::NotFound(format!("ticket note {path}")))?;
        let note = TicketNote::from_markdown(&doc.path, &doc.source)?;
        Ok((doc, rubric, note))
    }

    /// The escalation KPIs for packets sent (and notes resolved) in `[from, to)`.
    pub fn escalation_stats(&self, from: OffsetDateTime, to: OffsetDateTime) -> EscalationReport {
        escalation_report(&self.packets(), &self.reviewed_notes(), from, to)
    }
}
