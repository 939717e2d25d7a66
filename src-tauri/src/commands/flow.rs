//! Guided troubleshooting: one command per player action, each a call to `Kb::flow_*`. Every
//! action is saved to the journal by the core before it returns, so closing the window
//! mid-flow loses nothing.
use fieldguide_core::kb::{FlowSessionSummary, FlowState};
use fieldguide_core::DocView;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Starts a session on the flow document at `path`.
#[tauri::command]
pub async fn flow_start(state: State<'_, AppState>, path: String) -> CmdResult<FlowState> {
    Ok(state.kb()?.flow_start(&path)?)
}

/// Takes answer `index` (0-based) at the current step.
#[tauri::command]
pub async fn flow_choose(
    state: State<'_, AppState>,
    session_id: String,
    index: usize,
) -> CmdResult<FlowState> {
    Ok(state.kb()?.flow_choose(&session_id, index)?)
}

/// Takes back the last answer.
#[tauri::command]
pub async fn flow_back(state: State<'_, AppState>, session_id: String) -> CmdResult<FlowState> {
    Ok(state.kb()?.flow_back(&session_id)?)
}

/// Goes back to the first step (also the way out of `flow_changed`).
#[tauri::command]
pub async fn flow_restart(state: State<'_, AppState>, session_id: String) -> CmdResult<FlowState> {
    Ok(state.kb()?.flow_restart(&session_id)?)
}

/// Gives the session up.
#[tauri::command]
pub async fn flow_abandon(state: State<'_, AppState>, session_id: String) -> CmdResult<()> {
    Ok(state.kb()?.flow_abandon(&session_id)?)
}

/// The state of a saved session (`flow_changed` when the flow no longer fits it).
#[tauri::command]
pub async fn flow_state(state: State<'_, AppState>, session_id: String) -> CmdResult<FlowState> {
    Ok(state.kb()?.flow_state(&session_id)?)
}

/// Sessions in progress, most recent first ("resume where you were").
#[tauri::command]
pub async fn flow_active(state: State<'_, AppState>) -> CmdResult<Vec<FlowSessionSummary>> {
    Ok(state.kb()?.flow_sessions_active()?)
}

/// A document linked from a flow step, read beside the flow (journaled with the session).
#[tauri::command]
pub async fn flow_open_doc(
    state: State<'_, AppState>,
    session_id: String,
    path: String,
) -> CmdResult<DocView> {
    Ok(state.kb()?.flow_open_doc(&session_id, &path)?)
}
