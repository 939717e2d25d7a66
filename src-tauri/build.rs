fn main() {
    // Declaring the app's commands makes Tauri generate `allow-<command>` permissions, so the
    // capability file grants exactly the commands the UI uses and nothing else.
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(
            tauri_build::AppManifest::new().commands(fieldguide_app_commands::COMMANDS),
        ),
    )
    .expect("tauri build");
}

mod fieldguide_app_commands {
    include!("src/commands/list.rs");
}
