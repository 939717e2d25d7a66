//! Front matter, the YAML block at the top of a document, in one place:
//!
//! - [`parse`]: finding the block ([`front_matter_block`]) and reading it, leniently into the
//!   [`crate::FrontMatter`] every document has ([`parse_front_matter`]) or strictly field by
//!   field for the notes and packets Fieldguide writes (`FrontMatterMap`).
//! - `simple`: the common case (`key: value` lines, lists of plain words) read without the
//!   YAML parser; anything else goes to it.
//! - [`edit`]: minimal-diff edits of an existing block ([`apply_front_matter`] behind the
//!   editor's [`FrontMatterForm`], [`set_front_matter_keys`] for the lifecycle and review
//!   writers): only the lines of changed keys are rewritten.
//! - `write`: the one quoting rule for every value Fieldguide writes (`yaml_str`,
//!   `yaml_list`, `yaml_key`, `yaml_json`), used by the editor and every record writer alike;
//!   whatever it writes parses back as the same string.
pub mod edit;
pub mod parse;
mod simple;
pub(crate) mod write;

pub use edit::{apply_front_matter, set_front_matter_keys, FrontMatterForm};
pub(crate) use parse::FrontMatterMap;
pub use parse::{front_matter_block, parse_front_matter};
pub(crate) use write::{yaml_json, yaml_key, yaml_list, yaml_str};

/// For tests: the texts of the markdown files of the shipped KB and, when present, of the
/// shared corpus (`../shared/corpus`), by folder.
#[cfg(test)]
pub(crate) fn real_markdown() -> Vec<(std::path::PathBuf, Vec<(std::path::PathBuf, String)>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut folders = vec![root.join("kb-content")];
    for name in ["officedocs-support", "prometheus-runbooks"] {
        let p = root.join("../shared/corpus").join(name);
        if p.is_dir() {
            folders.push(p);
        }
    }
    folders
        .into_iter()
        .map(|folder| {
            let mut files = Vec::new();
            let mut stack = vec![folder.clone()];
            while let Some(dir) = stack.pop() {
                for e in std::fs::read_dir(&dir).unwrap().flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|x| x == "md") {
                        let text = std::fs::read_to_string(&p).unwrap_or_default();
                        files.push((p, text));
                    }
                }
            }
            (folder, files)
        })
        .collect()
}
