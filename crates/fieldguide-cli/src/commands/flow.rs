//! `flow run` (walk a flow in the terminal, line by line from stdin, so scripts and tests can
//! drive it), `flow lint` and `flow show` (outline, Mermaid or JSON graph).
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{bail, Result};
use fieldguide_core::flow::SessionStatus;
use fieldguide_core::kb::FlowState;
use fieldguide_core::{DocKind, Kb};

use super::open_kb;
use crate::args::{Cli, FlowCommand};

pub fn run(cli: &Cli, cmd: &FlowCommand) -> Result<ExitCode> {
    match cmd {
        FlowCommand::Run { name } => run_flow(cli, name),
        FlowCommand::Lint { name, json } => lint(cli, name.as_deref(), *json),
        FlowCommand::Show {
            name,
            mermaid,
            json,
        } => show(cli, name, *mermaid, *json),
    }
}

/// A flow named by KB path (with or without `.md`, with or without `flows/`) or by a file name
/// that only one flow has.
fn find_flow(kb: &Kb, name: &str) -> Result<String> {
    let name = name.trim().trim_start_matches("./");
    let flows: Vec<String> = kb
        .summaries()
        .iter()
        .filter(|d| d.kind == DocKind::Flow)
        .map(|d| d.path.to_string())
        .collect();
    let with_md = if name.ends_with(".md") {
        name.to_string()
    } else {
        format!("{name}.md")
    };
    for candidate in [
        name.to_string(),
        with_md.clone(),
        format!("flows/{with_md}"),
    ] {
        if flows.contains(&candidate) {
            return Ok(candidate);
        }
    }
    if kb.doc(&with_md).is_some() || kb.doc(name).is_some() {
        bail!("{name:?} is not a flow (its kind is not `flow`)");
    }
    let matches: Vec<&String> = flows
        .iter()
        .filter(|p| p.ends_with(&format!("/{with_md}")))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => bail!(
            "no flow {name:?} in {}; flows: {}",
            kb.root().display(),
            flows.join(", ")
        ),
        many => bail!(
            "{name:?} is ambiguous: {}",
            many.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

struct Style {
    b: &'static str,
    dim: &'static str,
    reset: &'static str,
}

impl Style {
    fn new() -> Style {
        if std::io::stdout().is_terminal() {
            Style {
                b: "\x1b[1m",
                dim: "\x1b[2m",
                reset: "\x1b[0m",
            }
        } else {
            Style {
                b: "",
                dim: "",
                reset: "",
            }
        }
    }
}

/// Walks a flow: prints each step and its numbered choices, reads an answer per line
/// (`1`…`9`, `b` back, `r` restart, `q` quit). Ends with the transcript. Exit code 0 when an
/// outcome is reached, 1 when the session is abandoned (`q` or end of input).
fn run_flow(cli: &Cli, name: &str) -> Result<ExitCode> {
    let kb = open_kb(cli, false)?;
    let path = find_flow(&kb, name)?;
    let flow = kb.flow(&path)?;
    let st = Style::new();
    let mut out = std::io::stdout().lock();
    let mut state = kb.flow_start(&path)?;
    writeln!(out, "{}{}{}", st.b, state.flow_title, st.reset)?;
    writeln!(
        out,
        "{}{path} · session {}{}",
        st.dim, state.session_id, st.reset
    )?;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut shown = String::new();
    loop {
        let key = format!("{}/{}", state.breadcrumb.len(), state.node.id);
        if shown != key {
            print_step(&mut out, &st, &flow, &state)?;
            shown = key;
        }
        if state.status != SessionStatus::Active {
            break;
        }
        let n = state.node.choices.len();
        write!(
            out,
            "{}[1-{n}] answer · b back · r restart · q quit{}\n> ",
            st.dim, st.reset
        )?;
        out.flush()?;
        let Some(line) = lines.next() else {
            writeln!(out)?;
            kb.flow_abandon(&state.session_id)?;
            state = kb.flow_state(&state.session_id)?;
            break;
        };
        let input = line?.trim().to_ascii_lowercase();
        let result = match input.as_str() {
            "" => continue,
            "q" | "quit" => {
                kb.flow_abandon(&state.session_id)?;
                state = kb.flow_state(&state.session_id)?;
                break;
            }
            "b" | "back" => {
                if !state.can_go_back {
                    writeln!(out, "already at the first step")?;
                }
                kb.flow_back(&state.session_id)
            }
            "r" | "restart" => kb.flow_restart(&state.session_id),
            s => match s.parse::<usize>() {
                Ok(k) if (1..=n).contains(&k) => kb.flow_choose(&state.session_id, k - 1),
                _ => {
                    writeln!(out, "type a number from 1 to {n}, b, r or q")?;
                    continue;
                }
            },
        };
        match result {
            Ok(s) => state = s,
            Err(e) => writeln!(out, "error: {e}")?,
        }
    }
    writeln!(out, "\n{}Transcript{}", st.b, st.reset)?;
    write!(out, "{}", state.transcript_markdown)?;
    Ok(if state.status == SessionStatus::Abandoned {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_step(
    out: &mut impl Write,
    st: &Style,
    flow: &fieldguide_core::Flow,
    state: &FlowState,
) -> Result<()> {
    writeln!(
        out,
        "\n{}Step {}: {}{}",
        st.b,
        state.breadcrumb.len(),
        state.node.title,
        st.reset
    )?;
    if let Some(node) = flow.node(&state.node.id) {
        let body = node.body_markdown.trim();
        if !body.is_empty() {
            writeln!(out, "{body}")?;
        }
    }
    for d in &state.linked_docs {
        writeln!(out, "{}  see: {} ({}){}", st.dim, d.title, d.path, st.reset)?;
    }
    for c in &state.node.choices {
        writeln!(out, "  {}) {}", c.index + 1, c.label)?;
    }
    match state.status {
        SessionStatus::Resolved => writeln!(out, "{}=> Resolved{}", st.b, st.reset)?,
        SessionStatus::Escalated => writeln!(out, "{}=> Escalate{}", st.b, st.reset)?,
        SessionStatus::Abandoned => writeln!(out, "=> Abandoned")?,
        SessionStatus::Active => {}
    }
    Ok(())
}

fn lint(cli: &Cli, name: Option<&str>, json: bool) -> Result<ExitCode> {
    let kb = open_kb(cli, false)?;
    let paths = match name {
        Some(n) => vec![find_flow(&kb, n)?],
        None => kb
            .summaries()
            .iter()
            .filter(|d| d.kind == DocKind::Flow)
            .map(|d| d.path.to_string())
            .collect(),
    };
    let today = fieldguide_core::lint::today();
    let mut problems = Vec::new();
    for p in &paths {
        if let Some(doc) = kb.doc(p) {
            problems.extend(fieldguide_core::lint::lint_doc(&kb, &doc, today));
        }
    }
    super::lint::report_problems(&problems, json, false, &format!("{} flow(s)", paths.len()))
}

fn show(cli: &Cli, name: &str, mermaid: bool, json: bool) -> Result<ExitCode> {
    let kb = open_kb(cli, false)?;
    let path = find_flow(&kb, name)?;
    let flow = kb.flow(&path)?;
    let mut out = std::io::stdout().lock();
    if mermaid {
        write!(out, "{}", flow.to_mermaid())?;
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        serde_json::to_writer_pretty(&mut out, &flow.graph())?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let st = Style::new();
    writeln!(
        out,
        "{}{}{}  {}{path}{}",
        st.b, flow.title, st.reset, st.dim, st.reset
    )?;
    for node in &flow.nodes {
        let end = node
            .outcome
            .map(|o| format!("  [{}]", o.as_str()))
            .unwrap_or_default();
        writeln!(
            out,
            "\n#{} {}{}{}{end}",
            node.id, st.b, node.title, st.reset
        )?;
        for c in &node.choices {
            writeln!(out, "  - {} → #{}", c.label, c.target)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
