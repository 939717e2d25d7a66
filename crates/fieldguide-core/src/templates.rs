//! Starting points for new documents: a KCS article (Issue, Environment, Resolution, Cause), a
//! runbook, a guided flow and an evidence checklist, shipped inside the binary.
use serde::Serialize;
use ts_rs::TS;

/// A document template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "DocTemplate")]
pub struct Template {
    /// Stable id (`kcs-article`, `runbook`, `flow`).
    pub id: &'static str,
    /// What the picker shows.
    pub label: &'static str,
    /// The `kind` it creates.
    pub kind: &'static str,
    /// The folder new documents of this template go to by default.
    pub folder: &'static str,
    /// The markdown, front matter included.
    pub text: &'static str,
}

/// Every template, in picker order.
pub const TEMPLATES: [Template; 4] = [
    Template {
        id: "kcs-article",
        label: "KCS article (Issue, Environment, Resolution, Cause)",
        kind: "article",
        folder: "articles",
        text: include_str!("templates/kcs-article.md"),
    },
    Template {
        id: "runbook",
        label: "Runbook (steps, verify, escalate)",
        kind: "runbook",
        folder: "runbooks",
        text: include_str!("templates/runbook.md"),
    },
    Template {
        id: "flow",
        label: "Troubleshooting flow (decision tree)",
        kind: "flow",
        folder: "flows",
        text: include_str!("templates/flow.md"),
    },
    Template {
        id: "checklist",
        label: "Evidence checklist (what an escalation must contain)",
        kind: "checklist",
        folder: "checklists",
        text: include_str!("templates/checklist.md"),
    },
];

/// The template with this id.
pub fn template(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.id == id)
}
