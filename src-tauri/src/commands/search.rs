//! Searching and reading.
use fieldguide_core::{assets, DocView, SearchRequest, SearchResults};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Runs a search (on the last session's index while the KB is still opening).
#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    request: SearchRequest,
) -> CmdResult<SearchResults> {
    crate::commands::perf::mark("search-in");
    let res = state.search(&request);
    crate::commands::perf::mark("search-out");
    res
}

/// The reader's view of one document (sanitized HTML, toc, backlinks).
#[tauri::command]
pub async fn open_doc(state: State<'_, AppState>, path: String) -> CmdResult<DocView> {
    Ok(state
        .kb()?
        .view_with_images(&path, assets::url_base_for_platform())?)
}
