/// Every command the shell exposes (kept in one list for build.rs permissions).
pub const COMMANDS: &[&str] = &[
    "kb_info",
    "open_kb",
    "search",
    "open_doc",
    "kb_problems",
    "stats",
    "stats_drill",
    "stats_csv",
    "save_stats_csv",
    "demo_load",
    "demo_clear",
    "search_logged",
    "log_click",
    "log_view",
];
