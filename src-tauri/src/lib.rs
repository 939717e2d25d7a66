//! The Fieldguide desktop shell: window, plugins, managed state and thin `#[tauri::command]`
//! adapters over `fieldguide-core`. No domain logic lives here.
mod assets;
mod commands;
mod error;
mod state;
mod webview;

use std::path::PathBuf;

use tauri::Manager;

pub use error::CmdError;
pub use state::AppState;

/// The KB to open at start: `--kb PATH`, else `$FIELDGUIDE_KB`, else the shipped `kb-content/`.
fn initial_kb() -> PathBuf {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--kb" {
            if let Some(p) = args.next() {
                return PathBuf::from(p);
            }
        } else if let Some(p) = a.strip_prefix("--kb=") {
            return PathBuf::from(p);
        }
    }
    if let Some(p) = std::env::var_os("FIELDGUIDE_KB") {
        return PathBuf::from(p);
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            let c = dir.join("kb-content");
            if c.is_dir() {
                return c;
            }
        }
    }
    PathBuf::from("kb-content")
}

/// Builds and runs the app.
pub fn run() {
    commands::perf::mark_run_started();
    webview::prepare_process();
    tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        // KB images for the reader, confined to the open KB folder (src/assets.rs).
        .register_asynchronous_uri_scheme_protocol(assets::SCHEME, assets::handle)
        .manage(AppState::default())
        .setup(|app| {
            if let Some(window) = app.get_webview_window("main") {
                webview::tune(&window);
            }
            let handle = app.handle().clone();
            state::open_in_background(handle, initial_kb());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::kb::kb_info,
            commands::kb::open_kb,
            commands::kb::kb_problems,
            commands::edit::edit_load,
            commands::edit::edit_preview,
            commands::edit::edit_apply_form,
            commands::edit::edit_save,
            commands::edit::edit_save_copy,
            commands::edit::edit_templates,
            commands::edit::edit_create,
            commands::edit::edit_rename,
            commands::edit::edit_set_status,
            commands::record::record_draft,
            commands::record::record_preview,
            commands::record::record_save,
            commands::record::escalation_draft,
            commands::record::escalation_preview,
            commands::record::escalation_save,
            commands::record::doc_feedback,
            commands::record::doc_flag_outdated,
            commands::record::doc_flags,
            commands::flow::flow_start,
            commands::flow::flow_choose,
            commands::flow::flow_back,
            commands::flow::flow_restart,
            commands::flow::flow_abandon,
            commands::flow::flow_state,
            commands::flow::flow_active,
            commands::flow::flow_open_doc,
            commands::search::search,
            commands::search::open_doc,
            commands::insight::stats,
            commands::insight::stats_drill,
            commands::insight::stats_csv,
            commands::insight::save_stats_csv,
            commands::insight::demo_load,
            commands::insight::demo_clear,
            commands::insight::search_logged,
            commands::insight::log_click,
            commands::insight::log_view,
            commands::perf::process_info,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Fieldguide");
}

/// For tests: the managed state type is reachable from an app handle.
pub fn state_of<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> tauri::State<'_, AppState> {
    app.state::<AppState>()
}
