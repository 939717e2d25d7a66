fn main() {
    // Declaring the app's commands makes Tauri generate `allow-<command>` permissions; the main
    // window is granted exactly these at start-up (`commands::capability`), nothing else.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands::NAMES)),
    )
    .expect("tauri build");
}

mod commands {
    include!("src/commands/list.rs");
    macro_rules! names {
        ($($module:ident::$command:ident),* $(,)?) => { &[$(stringify!($command)),*] };
    }
    pub const NAMES: &[&str] = with_commands!(names);
}
