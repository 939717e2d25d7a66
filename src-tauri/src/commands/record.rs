//! Closing the loop: record drafts, redaction previews, saving ticket notes and escalation
//! packets, and reader feedback / outdated flags. Each command calls one `Kb` method.
use fieldguide_core::journal::OutdatedFlag;
use fieldguide_core::kb::{SavedEscalation, SavedRecord};
use std::collections::BTreeMap;

use fieldguide_core::record::lifecycle::{Lifecycle, Transition};
use fieldguide_core::record::review::Review;
use fieldguide_core::record::{EscalationPacket, Prepared, PreparedEscalation, RecordDraft};
use tauri::{AppHandle, State};

use crate::commands::team::commit_written;
use crate::error::CmdResult;
use crate::state::AppState;

/// A draft for the record form: blank, from a flow session, and/or with one article used.
#[tauri::command]
pub async fn record_draft(
    state: State<'_, AppState>,
    session_id: Option<String>,
    doc: Option<String>,
) -> CmdResult<RecordDraft> {
    Ok(state
        .kb()?
        .record_draft(session_id.as_deref(), doc.as_deref())?)
}

/// The redacted note and every finding per field, without writing anything.
#[tauri::command]
pub async fn record_preview(
    state: State<'_, AppState>,
    draft: RecordDraft,
    keep: Vec<String>,
) -> CmdResult<Prepared> {
    Ok(state.kb()?.record_preview(&draft, &keep)?)
}

/// Writes the note (redacted, indexed at once) and journals the resolution.
#[tauri::command]
pub async fn record_save(
    app: AppHandle,
    state: State<'_, AppState>,
    draft: RecordDraft,
    keep: Vec<String>,
    session_id: Option<String>,
) -> CmdResult<SavedRecord> {
    let saved = state
        .kb()?
        .record_save(&draft, &keep, session_id.as_deref())?;
    commit_written(
        &app,
        std::slice::from_ref(&saved.path),
        &format!("fieldguide: record ticket {}", saved.ticket),
    );
    Ok(saved)
}

/// An escalation packet pre-filled from the record form.
#[tauri::command]
pub async fn escalation_draft(
    state: State<'_, AppState>,
    draft: RecordDraft,
) -> CmdResult<EscalationPacket> {
    Ok(state.kb()?.escalation_draft(&draft))
}

/// The redacted packet and its findings, without writing anything.
#[tauri::command]
pub async fn escalation_preview(
    state: State<'_, AppState>,
    packet: EscalationPacket,
    keep: Vec<String>,
) -> CmdResult<PreparedEscalation> {
    Ok(state.kb()?.escalation_preview(&packet, &keep)?)
}

/// Saves the packet beside the ticket note `note_path`.
#[tauri::command]
pub async fn escalation_save(
    app: AppHandle,
    state: State<'_, AppState>,
    packet: EscalationPacket,
    keep: Vec<String>,
    note_path: String,
) -> CmdResult<SavedEscalation> {
    let saved = state.kb()?.escalation_save(&packet, &keep, &note_path)?;
    commit_written(
        &app,
        std::slice::from_ref(&saved.path),
        &format!("fieldguide: escalate ticket {}", packet.ticket.trim()),
    );
    Ok(saved)
}

/// Moves an escalation packet through its lifecycle (returned, resent, rerouted, accepted,
/// resolved); only its `state`/`events` front-matter lines change.
#[tauri::command]
pub async fn packet_transition(
    state: State<'_, AppState>,
    path: String,
    transition: Transition,
) -> CmdResult<Lifecycle> {
    Ok(state.kb()?.packet_transition(&path, &transition)?)
}

/// The lifecycle of an escalation packet.
#[tauri::command]
pub async fn packet_lifecycle(state: State<'_, AppState>, path: String) -> CmdResult<Lifecycle> {
    let kb = state.kb()?;
    let doc = kb
        .doc(&path)
        .ok_or_else(|| fieldguide_core::Error::NotFound(path.clone()))?;
    Ok(Lifecycle::read(&doc.path, &doc.source)?)
}

/// Scores a ticket note against the closure-note rubric. Without `save` it is a preview (criteria
/// still needing a verdict are `pending`); with `save` every criterion must be judged and the
/// score is stored in the note and committed.
#[tauri::command]
pub async fn note_review(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    verdicts: BTreeMap<String, bool>,
    save: bool,
) -> CmdResult<Review> {
    let kb = state.kb()?;
    if !save {
        return Ok(kb.review_preview(&path, None, &verdicts)?);
    }
    let review = kb.review(&path, None, &verdicts, true)?;
    drop(kb);
    commit_written(
        &app,
        std::slice::from_ref(&path),
        &format!("fieldguide: review {path} (score {})", review.score),
    );
    Ok(review)
}

/// "Did this help?" on a document.
#[tauri::command]
pub async fn doc_feedback(
    state: State<'_, AppState>,
    path: String,
    helpful: bool,
    comment: Option<String>,
) -> CmdResult<i64> {
    Ok(state.kb()?.feedback(&path, helpful, comment.as_deref())?)
}

/// "Flag as outdated" on a document.
#[tauri::command]
pub async fn doc_flag_outdated(
    state: State<'_, AppState>,
    path: String,
    comment: String,
) -> CmdResult<i64> {
    Ok(state.kb()?.flag_outdated(&path, &comment)?)
}

/// Open outdated flags, on one document or all.
#[tauri::command]
pub async fn doc_flags(
    state: State<'_, AppState>,
    path: Option<String>,
) -> CmdResult<Vec<OutdatedFlag>> {
    Ok(state.kb()?.open_flags(path.as_deref())?)
}
