//! Closing the loop through an open KB: pre-filling a record from a flow session, previewing
//! what will be redacted, saving ticket notes and escalation packets into the KB (indexed at
//! once, journalled as resolutions and KB changes), and reader feedback ("did this help?",
//! "flag as outdated"). The pure parts (redaction, note layout, file writing) live in
//! [`crate::record`]; this module adds what needs the KB: its folder, index and journal.
//!
//! ```no_run
//! use fieldguide_core::Kb;
//! let kb = Kb::open("kb-content").unwrap();
//! let mut draft = kb.record_draft(Some("session-42"), None).unwrap();
//! draft.ticket = "INC-20417".into();
//! draft.resolution = "Renewed the machine certificate.".into();
//! let preview = kb.record_preview(&draft, &[]).unwrap(); // findings per field
//! let saved = kb.record_save(&draft, &[], Some("session-42")).unwrap();
//! println!("{} ({} redacted)", saved.path, preview.findings.len());
//! ```
use serde::Serialize;
use time::OffsetDateTime;
use ts_rs::TS;

use super::Kb;
use crate::article::DocKind;
use crate::error::{Error, Result};
use crate::flow::{FlowSession, Outcome as FlowOutcome};
use crate::journal::{self, ChangeKind, KbChange, OutdatedFlag, Resolution};
use crate::record::{
    self, fmt_time, prepare_escalation_with, EscalationPacket, Outcome, Prepared,
    PreparedEscalation, RecordDraft,
};

/// What [`Kb::record_save`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedRecord {
    /// KB-relative path of the note written (`tickets/2026/inc-20417-….md`).
    pub path: String,
    /// The ticket id as written.
    pub ticket: String,
    /// Values replaced by `[REDACTED:…]` in the file.
    pub redacted: usize,
    /// Working sessions counted for this ticket (2+ when an earlier note had the same id).
    pub sessions_count: u32,
    /// The journal row of the resolution, if it could be recorded.
    pub resolution_id: Option<i64>,
    /// Why the journal could not record it (the note itself is saved either way).
    pub journal_error: Option<String>,
}

/// What [`Kb::escalation_save`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedEscalation {
    /// KB-relative path of the packet (`<note stem>.escalation.md`).
    pub path: String,
    /// Values replaced by `[REDACTED:…]` in the file.
    pub redacted: usize,
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl Kb {
    fn refuse_if_read_only(&self) -> Result<()> {
        if self.read_only {
            return Err(Error::Locked(self.root.clone()));
        }
        Ok(())
    }

    /// A draft for the record form: blank (opened and resolved = now), or pre-filled from the
    /// flow session `session_id` (see [`Kb::record_draft_from_session`]); `doc` adds that
    /// document to the articles used (and lends its category/product when still empty).
    pub fn record_draft(&self, session_id: Option<&str>, doc: Option<&str>) -> Result<RecordDraft> {
        let mut draft = match session_id.filter(|s| !s.trim().is_empty()) {
            Some(id) => self.record_draft_from_session(id)?,
            None => {
                let t = fmt_time(now());
                RecordDraft {
                    opened: t.clone(),
                    resolved: t,
                    ..RecordDraft::default()
                }
            }
        };
        if let Some(path) = doc.filter(|d| !d.trim().is_empty()) {
            let article = self
                .doc(path)
                .ok_or_else(|| Error::NotFound(path.to_string()))?;
            if draft.category.is_empty() {
                draft.category = article.meta.category.clone().unwrap_or_default();
            }
            if draft.product.is_empty() {
                draft.product = article.meta.product.clone().unwrap_or_default();
            }
            if !draft.articles.iter().any(|a| a.path == article.path) {
                draft.articles.push(record::ArticleUse {
                    path: article.path.clone(),
                    helped: None,
                });
            }
        }
        Ok(draft)
    }

    /// A draft pre-filled from a flow session stored in the journal: flow path, title (the
    /// flow's), steps taken (the transcript), opened (session start), resolved (session end, or
    /// now), time spent, outcome (escalated when the flow ended in `escalate`), and the
    /// documents opened during the session as articles used. `NotFound` for an unknown id.
    pub fn record_draft_from_session(&self, session_id: &str) -> Result<RecordDraft> {
        let (rec, views) = {
            let j = self.journal();
            let rec = j
                .load_flow_session(session_id)?
                .ok_or_else(|| Error::NotFound(format!("flow session {session_id}")))?;
            let views = j.views_between(
                OffsetDateTime::UNIX_EPOCH,
                now() + time::Duration::days(1),
                false,
            )?;
            (rec, views)
        };
        let session: FlowSession = serde_json::from_str(&rec.state_json).map_err(|e| {
            Error::Invalid(format!("flow session {session_id}: unreadable state: {e}"))
        })?;
        let flow_path = if session.flow_path.is_empty() {
            rec.flow_path.clone()
        } else {
            session.flow_path.clone()
        };
        let mut articles: Vec<record::ArticleUse> = Vec::new();
        for v in views
            .iter()
            .filter(|v| v.record.flow_session_id.as_deref() == Some(session_id))
        {
            let p = &v.record.doc_path;
            if *p != flow_path && !articles.iter().any(|a| a.path == *p) {
                articles.push(record::ArticleUse {
                    path: p.clone(),
                    helped: None,
                });
            }
        }
        let flow_doc = self.doc(&flow_path);
        let meta = |f: fn(&crate::FrontMatter) -> Option<String>| {
            flow_doc
                .as_ref()
                .and_then(|d| f(&d.meta))
                .unwrap_or_default()
        };
        Ok(RecordDraft {
            title: session.flow_title.clone(),
            category: meta(|m| m.category.clone()),
            product: meta(|m| m.product.clone()),
            opened: fmt_time(session.started_at),
            resolved: fmt_time(session.ended_at.unwrap_or_else(now)),
            outcome: match session.outcome {
                Some(FlowOutcome::Escalate) => Outcome::Escalated,
                _ => Outcome::Resolved,
            },
            flow: Some(flow_path),
            articles,
            time_to_resolve_min: Some(session.elapsed_minutes()),
            steps: session.transcript_steps(),
            ..RecordDraft::default()
        })
    }

    /// What saving `draft` would write: the redacted note, its markdown and every finding per
    /// field (medium-confidence values listed in `keep` stay in clear and are marked kept).
    pub fn record_preview(&self, draft: &RecordDraft, keep: &[String]) -> Result<Prepared> {
        record::prepare(draft, keep)
    }

    /// How many notes for `ticket` the KB already holds (reopens).
    fn earlier_notes(&self, ticket: &str) -> u32 {
        self.summaries()
            .iter()
            .filter(|d| d.kind == DocKind::Ticket)
            .filter(|d| {
                d.ticket
                    .as_deref()
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case(ticket))
            })
            .count() as u32
    }

    /// Saves `draft` as a ticket note under `tickets/YYYY/` (redacted; atomically; never
    /// overwriting — a taken name gets `-2`, `-3`), makes it searchable at once, and records in
    /// the journal the resolution (ticket, category, product, times, outcome, flow, session,
    /// sessions count — one more than the notes already saved for that ticket id, or the draft's
    /// `extra.sessions` when larger — and the
    /// articles used with whether they helped) and a `created` KB change. `Locked` in a
    /// read-only KB, with nothing written.
    pub fn record_save(
        &self,
        draft: &RecordDraft,
        keep: &[String],
        session_id: Option<&str>,
    ) -> Result<SavedRecord> {
        self.refuse_if_read_only()?;
        let prepared = record::prepare(draft, keep)?;
        let note = &prepared.note;
        // A reopen counts one more session than the notes already saved for the ticket; the
        // draft may say more (`extra.sessions`: contacts before this tool saw the ticket).
        let asked = draft
            .extra
            .get("sessions")
            .and_then(|v| v.as_u64())
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let sessions_count = (self.earlier_notes(&note.ticket) + 1).max(asked.unwrap_or(0));
        let path = record::write_note(&self.root, &prepared)?;
        self.refresh_paths(std::slice::from_ref(&path))?;

        let resolution = Resolution {
            ticket_id: note.ticket.clone(),
            category: non_empty(&note.category),
            product: note.product.as_deref().and_then(non_empty),
            kind: None,
            opened_at: note.opened,
            resolved_at: note.resolved,
            outcome: note.outcome,
            flow_path: note.flow.clone(),
            flow_session_id: session_id.and_then(non_empty),
            sessions_count,
            time_to_resolve_min: note.time_to_resolve_min.max(0),
            note_path: Some(path.clone()),
            articles: note.articles.clone(),
        };
        let mut change = KbChange::new(path.clone(), ChangeKind::Created, now());
        change.doc_kind = Some(DocKind::Ticket.as_str().to_string());
        let journalled = {
            let j = self.journal();
            j.record_resolution(&resolution)
                .and_then(|id| j.record_kb_change(&change).map(|_| id))
        };
        let (resolution_id, journal_error) = match journalled {
            Ok(id) => (Some(id), None),
            Err(e) => (None, Some(e.to_string())),
        };
        Ok(SavedRecord {
            path,
            ticket: note.ticket.clone(),
            redacted: prepared.findings.iter().filter(|f| !f.kept).count(),
            sessions_count,
            resolution_id,
            journal_error,
        })
    }

    /// An escalation packet pre-filled from a record draft: ticket, title, summary (the
    /// issue), environment, already tried (the steps, i.e. the flow path), suspected cause,
    /// flow, category; created now, severity sev3. When the flow ended at an escalate outcome
    /// naming a team and a checklist (the node in the last step, else the flow's only such
    /// node), those are filled in too.
    pub fn escalation_draft(&self, draft: &RecordDraft) -> EscalationPacket {
        let target = draft
            .flow
            .as_deref()
            .and_then(|f| self.flow(f).ok())
            .and_then(|flow| {
                let targets: Vec<_> = flow
                    .nodes
                    .iter()
                    .filter_map(|n| n.escalation.clone().map(|e| (n.title.clone(), e)))
                    .collect();
                let last = draft.steps.last().map(String::as_str).unwrap_or("");
                targets
                    .iter()
                    .find(|(title, _)| last.starts_with(&format!("{title} → ")))
                    .or_else(|| (targets.len() == 1).then(|| &targets[0]))
                    .map(|(_, e)| e.clone())
            })
            .unwrap_or_default();
        let checklist = target
            .checklist
            .as_deref()
            .and_then(|c| crate::lint::resolve_ref(self, "", c));
        EscalationPacket {
            ticket: draft.ticket.clone(),
            title: draft.title.clone(),
            summary: draft.issue.clone(),
            severity: Default::default(),
            impact: String::new(),
            environment: draft.environment.clone(),
            reproduction: Vec::new(),
            evidence: Default::default(),
            tried: draft.steps.clone(),
            suspected_cause: draft.cause.clone(),
            flow: draft.flow.clone(),
            team: target.team,
            category: non_empty(&draft.category),
            checklist,
            confirmed: Vec::new(),
            unavailable: Default::default(),
            checks: Vec::new(),
            created: now(),
        }
    }

    /// What saving `packet` would write, with every finding per field.
    pub fn escalation_preview(
        &self,
        packet: &EscalationPacket,
        keep: &[String],
    ) -> Result<PreparedEscalation> {
        self.prepare_checked(packet, keep)
    }

    /// [`prepare_escalation_with`] the packet's checklist (resolved in the KB) when it names
    /// one.
    fn prepare_checked(
        &self,
        packet: &EscalationPacket,
        keep: &[String],
    ) -> Result<PreparedEscalation> {
        let checklist = match packet.checklist.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => Some(self.checklist(c)?),
            _ => None,
        };
        prepare_escalation_with(packet, keep, checklist.as_ref())
    }

    /// Saves `packet` (redacted) beside the ticket note `note_rel_path` as
    /// `<note stem>.escalation.md`, never overwriting, searchable at once, journalled as a
    /// `created` KB change. `NotFound` when the note is not in the KB; `Locked` when read-only.
    pub fn escalation_save(
        &self,
        packet: &EscalationPacket,
        keep: &[String],
        note_rel_path: &str,
    ) -> Result<SavedEscalation> {
        self.refuse_if_read_only()?;
        let note = self
            .doc(note_rel_path)
            .ok_or_else(|| Error::NotFound(note_rel_path.to_string()))?;
        let prepared = self.prepare_checked(packet, keep)?;
        let path = record::write_escalation(&self.root, &note.path, &prepared)?;
        self.refresh_paths(std::slice::from_ref(&path))?;
        let mut change = KbChange::new(path.clone(), ChangeKind::Created, now());
        change.doc_kind = Some(DocKind::Escalation.as_str().to_string());
        // The packet is saved; a journal failure only loses a statistic.
        let _ = self.journal().record_kb_change(&change);
        Ok(SavedEscalation {
            path,
            redacted: prepared.findings.iter().filter(|f| !f.kept).count(),
        })
    }

    fn known_doc(&self, doc_path: &str) -> Result<String> {
        self.doc(doc_path)
            .map(|d| d.path.clone())
            .ok_or_else(|| Error::NotFound(doc_path.to_string()))
    }

    /// Records a "did this help?" answer on a document. The optional comment is redacted
    /// (high and medium findings alike) before it is stored. Returns the journal row id.
    pub fn feedback(&self, doc_path: &str, helpful: bool, comment: Option<&str>) -> Result<i64> {
        self.refuse_if_read_only()?;
        let doc_path = self.known_doc(doc_path)?;
        let comment = comment
            .and_then(non_empty)
            .map(|c| record::redact(&c, &[]).text);
        self.journal().record_feedback(&journal::Feedback {
            doc_path,
            helpful,
            comment,
            at: now(),
        })
    }

    /// Flags a document as outdated (the comment, redacted, says what is wrong; required).
    /// Returns the flag id.
    pub fn flag_outdated(&self, doc_path: &str, comment: &str) -> Result<i64> {
        self.refuse_if_read_only()?;
        let doc_path = self.known_doc(doc_path)?;
        let comment = record::redact(comment.trim(), &[]).text;
        self.journal()
            .flag_outdated(&doc_path, &comment, None, now())
    }

    /// Open outdated flags (real ones, not demo data), oldest first; `doc` narrows to one
    /// document.
    pub fn open_flags(&self, doc: Option<&str>) -> Result<Vec<OutdatedFlag>> {
        self.journal().open_flags(doc, false)
    }
}
