//! Insight: the KPI dashboard's report, drill-downs, CSV export, the sample journal, and the
//! usage logging (searches, result clicks, document views) that feeds knowledge-gap figures.
use std::path::PathBuf;

use fieldguide_core::journal::demo::DemoSummary;
use fieldguide_core::kb::{Drill, DrillRows};
use fieldguide_core::metrics::escalations::EscalationReport;
use fieldguide_core::metrics::{MetricsQuery, Report};
use fieldguide_core::SearchRequest;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// The dashboard report for a period (and segment).
#[tauri::command]
pub async fn stats(state: State<'_, AppState>, query: MetricsQuery) -> CmdResult<Report> {
    Ok(state.kb()?.stats(&query)?)
}

/// The escalation quality figures (avoidable rate, round trips, time to actionable, closure-note
/// audit) for the query's period, with every packet for drill-down.
#[tauri::command]
pub async fn escalation_stats(
    state: State<'_, AppState>,
    query: MetricsQuery,
) -> CmdResult<EscalationReport> {
    Ok(state.kb()?.escalation_stats(query.from, query.to))
}

/// The rows behind one dashboard figure.
#[tauri::command]
pub async fn stats_drill(
    state: State<'_, AppState>,
    query: MetricsQuery,
    drill: Drill,
) -> CmdResult<DrillRows> {
    Ok(state.kb()?.drill(&query, &drill)?)
}

/// One report table as CSV text.
#[tauri::command]
pub async fn stats_csv(
    state: State<'_, AppState>,
    table: String,
    query: MetricsQuery,
) -> CmdResult<String> {
    Ok(state.kb()?.stats_csv(&table, &query)?)
}

/// Writes one report table as CSV to a file the user picked in the save dialog.
#[tauri::command]
pub async fn save_stats_csv(
    state: State<'_, AppState>,
    table: String,
    query: MetricsQuery,
    path: PathBuf,
) -> CmdResult<()> {
    Ok(state.kb()?.write_stats_csv(&table, &query, &path)?)
}

/// Replaces the sample rows with a fresh 90-day demo journal.
#[tauri::command]
pub async fn demo_load(state: State<'_, AppState>, seed: Option<u64>) -> CmdResult<DemoSummary> {
    Ok(state.kb()?.demo_journal(seed.unwrap_or(42))?)
}

/// Removes every sample row; returns how many went.
#[tauri::command]
pub async fn demo_clear(state: State<'_, AppState>) -> CmdResult<usize> {
    Ok(state.kb()?.clear_demo()?)
}

/// Logs a search whose results the UI shows (`result_count` of them) once the user paused
/// typing or opened a result; returns the journal id that `log_click` refers to. Plain
/// `search` is not logged.
#[tauri::command]
pub async fn log_search(
    state: State<'_, AppState>,
    request: SearchRequest,
    result_count: usize,
) -> CmdResult<i64> {
    Ok(state.kb()?.log_search(&request, result_count)?)
}

/// Logs that the result at 1-based `rank` of a logged search was opened.
#[tauri::command]
pub async fn log_click(
    state: State<'_, AppState>,
    search_id: i64,
    path: String,
    rank: u32,
) -> CmdResult<i64> {
    Ok(state.kb()?.log_click(search_id, &path, rank)?)
}

/// Logs that a document was shown in the reader.
#[tauri::command]
pub async fn log_view(
    state: State<'_, AppState>,
    path: String,
    flow_session_id: Option<String>,
) -> CmdResult<i64> {
    Ok(state.kb()?.log_view(&path, flow_session_id.as_deref())?)
}
