//! `index`, `search`, `show`.
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};
use fieldguide_core::SearchRequest;

use super::open_kb;
use crate::args::Cli;

pub fn index(cli: &Cli, rebuild: bool) -> Result<ExitCode> {
    if rebuild {
        let root = cli
            .kb
            .kb
            .clone()
            .unwrap_or_else(super::default_kb)
            .canonicalize()?;
        let data = cli.kb.data_dir.clone().unwrap_or_else(|| {
            fieldguide_core::kb::data_dir_for(&fieldguide_core::kb::default_data_base(), &root)
        });
        let _ = std::fs::remove_dir_all(data.join("index"));
    }
    let t = Instant::now();
    let kb = open_kb(cli, std::io::stderr().is_terminal())?;
    let problems = kb.load_problems();
    println!(
        "{} documents indexed from {} in {:.2}s ({} with load problems; index in {})",
        kb.index().num_docs(),
        kb.root().display(),
        t.elapsed().as_secs_f64(),
        problems.len(),
        kb.data_dir().display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn search(
    cli: &Cli,
    query: &str,
    kinds: &[String],
    tags: &[String],
    all: bool,
    (limit, explain): (usize, bool),
    json: bool,
) -> Result<ExitCode> {
    let stdin_text;
    let query = if query == "-" {
        // `fieldguide search -`: the query is read from standard input (a pasted ticket, a log
        // excerpt, text that starts with `-`).
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)?;
        stdin_text = text;
        stdin_text.trim()
    } else {
        query
    };
    // Only the index is needed: brought up to date (changed files only), the KB not loaded.
    let kb = super::open_index(cli, std::io::stderr().is_terminal())?;
    // The command line's query is complete: its last word is not a half-typed prefix.
    let req = SearchRequest {
        query: query.to_string(),
        kinds: kinds.to_vec(),
        tags: tags.to_vec(),
        include_retired: all,
        limit,
        complete: true,
    };
    let r = kb.search(&req)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &r)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let color = std::io::stdout().is_terminal();
    let (b, nb, dim, reset) = if color {
        ("\x1b[1m", "\x1b[22m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    if r.hits.is_empty() {
        writeln!(out, "no results for {query:?}")?;
        return Ok(ExitCode::from(1));
    }
    if r.relaxed {
        writeln!(
            out,
            "{dim}(no document has all the words; closest matches){reset}"
        )?;
    }
    for (i, h) in r.hits.iter().enumerate() {
        let section = h
            .section
            .as_ref()
            .map(|s| format!(" § {}", s.heading))
            .unwrap_or_default();
        writeln!(
            out,
            "{:>2}. {b}{}{nb} [{}]{section}",
            i + 1,
            h.title,
            h.kind
        )?;
        writeln!(out, "    {dim}{}{reset}", h.path)?;
        let snippet = h
            .snippet_html
            .replace("<b>", b)
            .replace("</b>", nb)
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&amp;", "&")
            .replace('\n', " ");
        writeln!(out, "    {snippet}")?;
        if explain && !h.why.line.is_empty() {
            writeln!(out, "    {dim}why: {}{reset}", h.why.line)?;
        }
    }
    let kinds: Vec<String> = r
        .facets
        .kinds
        .iter()
        .map(|f| format!("{} {}", f.value, f.count))
        .collect();
    writeln!(
        out,
        "{dim}{} matching · {} · {:.1} ms{reset}",
        r.total,
        kinds.join(", "),
        r.took_micros as f64 / 1000.0
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The document `path` names among `paths` (sorted): exactly, with `.md` added, or as the
/// end of only one path.
fn find_doc(root: &std::path::Path, paths: &[String], path: &str) -> Result<String> {
    let has = |p: &str| paths.binary_search_by(|x| x.as_str().cmp(p)).is_ok();
    if has(path) {
        return Ok(path.to_string());
    }
    let with = format!("{path}.md");
    if has(&with) {
        return Ok(with);
    }
    let matches: Vec<&String> = paths
        .iter()
        .filter(|d| d.ends_with(&format!("/{with}")))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => bail!("no document {path:?} in {}", root.display()),
        _ => bail!(
            "{path:?} is ambiguous: {}",
            matches
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub fn show(cli: &Cli, path: &str, html: bool, json: bool) -> Result<ExitCode> {
    // The index (brought up to date, changed files only) and the one file: the KB is not loaded.
    let kb = super::open_index(cli, false)?;
    let path = find_doc(kb.root(), &kb.doc_paths()?, path)?;
    let (view, doc) = kb.view(&path)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &view)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if html {
        writeln!(out, "{}", view.html)?;
        return Ok(ExitCode::SUCCESS);
    }
    let color = std::io::stdout().is_terminal();
    let (b, reset, dim) = if color {
        ("\x1b[1m", "\x1b[0m", "\x1b[2m")
    } else {
        ("", "", "")
    };
    writeln!(out, "{b}{}{reset}", doc.title)?;
    let mut meta = vec![
        doc.kind.as_str().to_string(),
        doc.status.as_str().to_string(),
    ];
    meta.extend(doc.meta.product.clone());
    if !doc.meta.tags.is_empty() {
        meta.push(
            doc.meta
                .tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    writeln!(out, "{dim}{} · {}{reset}\n", path, meta.join(" · "))?;
    for line in doc.body().lines() {
        if line.starts_with('#') {
            writeln!(out, "{b}{line}{reset}")?;
        } else {
            writeln!(out, "{line}")?;
        }
    }
    for p in &view.problems {
        writeln!(out, "{dim}{p}{reset}")?;
    }
    Ok(ExitCode::SUCCESS)
}
