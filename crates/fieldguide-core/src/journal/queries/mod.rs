//! SQL for the journal, split per model. Each file adds methods to [`super::Journal`]; the
//! `*_impl` variants take the sample flag and are used by [`super::demo`].
mod changes;
mod docs;
mod flows;
mod resolutions;
mod searches;

use time::OffsetDateTime;

use super::ts;

/// The `WHERE` fragment shared by period queries on a table with an `at`-like column: rows with
/// `from <= col < to`, and only real rows unless `include_sample`. Parameters are `?1` (from),
/// `?2` (to), `?3` (include_sample). A qualified column (`s.at`) qualifies `is_sample` too.
pub(crate) fn period_clause(col: &str) -> String {
    let sample = match col.split_once('.') {
        Some((alias, _)) => format!("{alias}.is_sample"),
        None => "is_sample".to_string(),
    };
    format!("{col} >= ?1 AND {col} < ?2 AND (?3 OR {sample} = 0)")
}

/// The parameters matching [`period_clause`].
pub(crate) fn period_params(
    from: OffsetDateTime,
    to: OffsetDateTime,
    include_sample: bool,
) -> (String, String, bool) {
    (ts(from), ts(to), include_sample)
}
