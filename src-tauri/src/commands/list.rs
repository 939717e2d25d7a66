/// Every command the shell exposes (kept in one list for build.rs permissions).
pub const COMMANDS: &[&str] = &["kb_info", "open_kb", "search", "open_doc", "kb_problems"];
