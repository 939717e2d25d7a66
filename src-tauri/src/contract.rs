//! The one contract between Rust and the UI: `ui/src/lib/backend/types.ts` is generated from
//! the Rust types every command takes or returns and every event carries (ts-rs derives), so
//! the UI cannot drift from them. `cargo test -p fieldguide-app contract` fails when the
//! checked-in file is stale; `make types` rewrites it.
use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};

use ts_rs::{Config, TypeVisitor, TS};

use fieldguide_core::article::{DocKind, Status};
use fieldguide_core::frontmatter::FrontMatterForm;
use fieldguide_core::journal::demo::DemoSummary;
use fieldguide_core::journal::OutdatedFlag;
use fieldguide_core::kb::{
    Drill, DrillRows, EditDoc, FlowSessionSummary, FlowState, Preview, RenameOutcome, SaveOutcome,
    SavedEscalation, SavedRecord,
};
use fieldguide_core::metrics::escalations::EscalationReport;
use fieldguide_core::metrics::team::TeamReport;
use fieldguide_core::metrics::{MetricsQuery, Report};
use fieldguide_core::record::lifecycle::{Lifecycle, Transition};
use fieldguide_core::record::review::Review;
use fieldguide_core::record::{EscalationPacket, Prepared, PreparedEscalation, RecordDraft};
use fieldguide_core::team::{Approved, Change, Committed, ConflictVersions, ReviewDiff};
use fieldguide_core::templates::Template;
use fieldguide_core::{DocView, Problem, Progress, SearchRequest, SearchResults};

use crate::commands::kb::{FirstRun, KbInfo, LintCounts};
use crate::commands::perf::ProcessInfo;
use crate::commands::team::TeamView;
use crate::error::CmdError;
use crate::state::KbChanged;

/// Where the generated file lives, relative to the workspace root.
pub const TYPES_TS: &str = "ui/src/lib/backend/types.ts";

/// Collects the declaration of each type reached from the roots, once.
struct Collect<'a> {
    cfg: &'a Config,
    seen: HashSet<TypeId>,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives and wrappers (Vec, Option, maps) have no declaration of their own.
        if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        let mut text = T::docs().unwrap_or_default();
        text.push_str("export ");
        text.push_str(&T::decl(self.cfg));
        let name = T::ident(self.cfg);
        // A generic type is reached once per instance (`Stored<Resolution>`, …): one text.
        if let Some(other) = self.decls.insert(name.clone(), text.clone()) {
            assert_eq!(other, text, "two Rust types are named {name} in TypeScript");
        }
        T::visit_dependencies(self);
    }
}

/// The text of `types.ts`: every type the commands and events exchange, sorted by name.
pub fn types_ts() -> String {
    // JSON numbers: i64/u64 values (ids, epoch ms) stay below 2^53.
    let cfg = Config::new().with_large_int("number");
    let mut c = Collect {
        cfg: &cfg,
        seen: HashSet::new(),
        decls: BTreeMap::new(),
    };
    // Event payloads: `index-progress`, `kb-changed`, `team-status`; the rejection shape.
    c.visit::<Progress>();
    c.visit::<KbChanged>();
    c.visit::<TeamView>();
    c.visit::<CmdError>();
    // What the commands take and return (commands/*.rs).
    c.visit::<KbInfo>();
    c.visit::<LintCounts>();
    c.visit::<FirstRun>();
    c.visit::<Problem>();
    c.visit::<ProcessInfo>();
    c.visit::<SearchRequest>();
    c.visit::<SearchResults>();
    c.visit::<DocView>();
    // `DocView::kind`/`status` and the search filters carry these values as strings.
    c.visit::<DocKind>();
    c.visit::<Status>();
    c.visit::<EditDoc>();
    c.visit::<Preview>();
    c.visit::<FrontMatterForm>();
    c.visit::<SaveOutcome>();
    c.visit::<Template>();
    c.visit::<RenameOutcome>();
    c.visit::<RecordDraft>();
    c.visit::<Prepared>();
    c.visit::<SavedRecord>();
    c.visit::<EscalationPacket>();
    c.visit::<PreparedEscalation>();
    c.visit::<SavedEscalation>();
    c.visit::<Transition>();
    c.visit::<Lifecycle>();
    c.visit::<Review>();
    c.visit::<OutdatedFlag>();
    c.visit::<FlowState>();
    c.visit::<FlowSessionSummary>();
    c.visit::<MetricsQuery>();
    c.visit::<Report>();
    c.visit::<EscalationReport>();
    c.visit::<Drill>();
    c.visit::<DrillRows>();
    c.visit::<DemoSummary>();
    c.visit::<Change>();
    c.visit::<Committed>();
    c.visit::<ConflictVersions>();
    c.visit::<ReviewDiff>();
    c.visit::<Approved>();
    c.visit::<TeamReport>();

    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/contract.rs (ts-rs): do not edit.\n\
         // After changing a type the UI receives, run `make types`.\n",
    );
    for decl in c.decls.values() {
        out.push('\n');
        out.push_str(decl);
        out.push('\n');
    }
    out.push_str(
        "\n/**\n * Every `code` a command can reject with (`BackendErrorPayload.code`): the core's\n \
         * `Error::CODES` and the shell's `SHELL_CODES` (src-tauri/src/error.rs).\n */\n\
         export type ErrorCode =",
    );
    let codes = crate::error::error_codes();
    for code in &codes {
        out.push_str(&format!("\n  | '{code}'"));
    }
    out.push_str(";\n");
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The checked-in `types.ts` is what the Rust types generate now. `FIELDGUIDE_WRITE_TYPES=1`
    /// (`make types`) writes it instead of comparing.
    #[test]
    fn contract_types_ts_is_up_to_date() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(super::TYPES_TS);
        let fresh = super::types_ts();
        if std::env::var_os("FIELDGUIDE_WRITE_TYPES").is_some() {
            std::fs::write(&path, &fresh).expect("write types.ts");
            return;
        }
        let tmp = std::env::temp_dir().join("fieldguide-types.ts");
        std::fs::write(&tmp, &fresh).unwrap();
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != fresh {
            let first = current
                .lines()
                .zip(fresh.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(current.lines().count().min(fresh.lines().count()));
            panic!(
                "{} is stale (first difference at line {}; fresh copy: {}).\n\
                 Refresh it with `make types` and commit it.",
                super::TYPES_TS,
                first + 1,
                tmp.display()
            );
        }
    }
}
