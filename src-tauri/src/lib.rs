//! The Fieldguide desktop shell: window, plugins, managed state and thin `#[tauri::command]`
//! adapters over `fieldguide-core`. No domain logic lives here.
mod assets;
#[macro_use]
mod commands;
pub mod contract;
mod error;
mod startup;
mod state;
mod webview;

use std::path::PathBuf;

use fieldguide_core::args::KbArgs;
use tauri::webview::PageLoadEvent;
use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

pub use error::CmdError;
pub use state::AppState;

/// `fieldguide-app [--kb PATH] [--data-dir PATH] [--search QUERY]`: the desktop app.
/// `--kb` and `--data-dir` are the CLI's own (`fieldguide_core::args::KbArgs`).
#[derive(clap::Parser, Debug, Default)]
#[command(
    name = "fieldguide-app",
    version,
    about = "Fieldguide desktop app: search runbooks, walk troubleshooting flows, record resolutions."
)]
pub struct AppArgs {
    #[command(flatten)]
    pub kb: KbArgs,
    /// Search for this as soon as the window opens.
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,
    /// Passed by WebKitWebDriver to the browser it starts (the e2e tests); nothing to do here.
    #[arg(long, hide = true)]
    pub automation: bool,
}

impl AppArgs {
    /// The KB to open at start: `--kb PATH`, else `$FIELDGUIDE_KB`, else the KB last opened
    /// from the window; `None` on a first run (the window shows the first-run screen).
    fn initial_kb(&self) -> Option<PathBuf> {
        startup::initial_kb(
            self.kb.kb.as_deref(),
            &fieldguide_core::kb::default_data_base(),
        )
    }

    /// The search to run at start, if given (blank is none).
    fn start_query(&self) -> Option<&str> {
        self.search.as_deref().filter(|q| !q.trim().is_empty())
    }
}

/// The page the main window loads: the UI, with `?q=` when a start query was given (the UI
/// runs it as soon as its script starts, answered from the last session's index if the KB is
/// still opening).
fn start_page(query: Option<&str>) -> PathBuf {
    match query {
        Some(q) => {
            let mut u = tauri::Url::parse("tauri://localhost/index.html").expect("static URL");
            u.query_pairs_mut().append_pair("q", q);
            PathBuf::from(format!("index.html?{}", u.query().unwrap_or_default()))
        }
        None => PathBuf::from("index.html"),
    }
}

/// Builds and runs the app with these options (`AppArgs::parse()` in main: `--help` and
/// `--version` print and exit there, a bad option exits with clap's error).
pub fn run(args: AppArgs) {
    state::tune_allocator();
    commands::perf::mark_run_started();
    webview::prepare_process();
    tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        // KB images for the reader, confined to the open KB folder (src/assets.rs).
        .register_asynchronous_uri_scheme_protocol(assets::SCHEME, assets::handle)
        .manage(AppState::default())
        .manage(commands::team::TeamState::default())
        .on_page_load(|_, payload| {
            commands::perf::mark(match payload.event() {
                PageLoadEvent::Started => "page-load-started",
                PageLoadEvent::Finished => "page-load-finished",
            })
        })
        .setup(move |app| {
            commands::perf::mark("setup");
            app.add_capability(commands::capability())?;
            // The KB (and the last session's index) first: it opens on its own thread while
            // GTK and WebKit bring the window and the page up.
            let handle = app.handle().clone();
            match args.initial_kb() {
                Some(kb) => state::open_in_background(handle, kb, args.kb.data_dir.clone()),
                None => app.state::<AppState>().set_no_kb(),
            }
            // The main window is built here (`"create": false` in tauri.conf.json) so that a
            // start query can go into its URL.
            if let Some(mut config) = app.config().app.windows.first().cloned() {
                config.url = WebviewUrl::App(start_page(args.start_query()));
                let window = WebviewWindowBuilder::from_config(app.handle(), &config)?.build()?;
                commands::perf::mark("window");
                webview::tune(&window);
            }
            Ok(())
        })
        .invoke_handler({
            macro_rules! handler {
                ($($module:ident::$command:ident),* $(,)?) => {
                    tauri::generate_handler![$(commands::$module::$command),*]
                };
            }
            with_commands!(handler)
        })
        .run(tauri::generate_context!())
        .expect("error while running Fieldguide");
}

/// For tests: the managed state type is reachable from an app handle.
pub fn state_of<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> tauri::State<'_, AppState> {
    app.state::<AppState>()
}

#[cfg(test)]
mod tests {
    use super::start_page;

    /// The UI calls exactly the declared commands (`commands/list.rs`): a name only the UI
    /// knows is refused at run time ("Command not found"), one only Rust knows is dead. The
    /// capability file grants no command itself (`commands::capability` does, from the list).
    #[test]
    fn the_ui_calls_exactly_the_declared_commands() {
        let ipc = include_str!("../../ui/src/lib/backend/ipc.ts");
        let mut called: Vec<&str> = ipc
            .split("call('")
            .skip(1)
            .filter_map(|s| s.split('\'').next())
            .collect();
        called.sort_unstable();
        called.dedup();
        let mut declared = crate::commands::NAMES.to_vec();
        let n = declared.len();
        declared.sort_unstable();
        declared.dedup();
        assert_eq!(declared.len(), n, "a command is declared twice");
        assert_eq!(called, declared, "ipc.ts and commands/list.rs differ");
        let caps: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
        for p in caps["permissions"].as_array().unwrap() {
            let p = p.as_str().or(p["identifier"].as_str()).unwrap();
            assert!(
                p.contains(':'),
                "main.json grants the app command permission {p}"
            );
        }
    }

    #[test]
    fn start_query_goes_into_the_page_url_encoded() {
        assert_eq!(start_page(None).to_str(), Some("index.html"));
        assert_eq!(
            start_page(Some("outlook calendar & \"x\"#/")).to_str(),
            Some("index.html?q=outlook+calendar+%26+%22x%22%23%2F")
        );
    }
}

#[cfg(test)]
mod args_tests {
    use super::AppArgs;
    use clap::{error::ErrorKind, CommandFactory, Parser};
    use std::path::PathBuf;

    #[test]
    fn help_prints_the_options_instead_of_starting() {
        let err = AppArgs::try_parse_from(["fieldguide-app", "--help"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::DisplayHelp);
        let help = err.to_string();
        for opt in [
            "--kb <KB>",
            "--data-dir <DATA_DIR>",
            "--search <QUERY>",
            "--version",
        ] {
            assert!(help.contains(opt), "{opt} missing from:\n{help}");
        }
        AppArgs::command().debug_assert();
    }

    #[test]
    fn kb_data_dir_and_search_parse_like_the_cli() {
        let a = AppArgs::try_parse_from([
            "fieldguide-app",
            "--kb=/k",
            "--data-dir",
            "/d",
            "--search",
            "vpn drops",
        ])
        .unwrap();
        assert_eq!(a.kb.kb, Some(PathBuf::from("/k")));
        assert_eq!(a.kb.data_dir, Some(PathBuf::from("/d")));
        assert_eq!(a.start_query(), Some("vpn drops"));
        assert_eq!(a.initial_kb(), Some(PathBuf::from("/k")));
        let blank = AppArgs::try_parse_from(["fieldguide-app", "--search", "  "]).unwrap();
        assert_eq!(blank.start_query(), None);
        // WebKitWebDriver starts the app with `--automation` (e2e tests).
        assert!(AppArgs::try_parse_from(["fieldguide-app", "--kb", "/k", "--automation"]).is_ok());
        let err = AppArgs::try_parse_from(["fieldguide-app", "--db", "x"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownArgument);
    }
}
