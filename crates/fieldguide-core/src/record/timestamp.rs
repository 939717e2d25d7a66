//! Timestamps in records: RFC 3339 written with the original offset, read leniently from forms.
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// RFC 3339 with the original offset (offsets with seconds, which RFC 3339 cannot carry, are
/// converted to UTC).
pub(crate) fn fmt_time(t: OffsetDateTime) -> String {
    t.format(&Rfc3339)
        .or_else(|_| t.to_offset(time::UtcOffset::UTC).format(&Rfc3339))
        .unwrap_or_default()
}

/// Parses a timestamp from a form: RFC 3339, also with a space for `T` or without seconds.
pub(crate) fn parse_time(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    let mut t = s.replacen(' ', "T", 1);
    // `2026-03-02T09:14+01:00` → add seconds.
    if t.len() >= 16
        && t.as_bytes()
            .get(16)
            .is_none_or(|b| !b.is_ascii_digit() && *b != b':')
    {
        t.insert_str(16, ":00");
    }
    OffsetDateTime::parse(&t, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_leniently() {
        let t = parse_time("2026-03-02 09:14+01:00").unwrap();
        assert_eq!(fmt_time(t), "2026-03-02T09:14:00+01:00");
        assert!(parse_time("yesterday").is_none());
    }
}
