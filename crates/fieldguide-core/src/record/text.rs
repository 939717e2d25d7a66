//! Free text as the record writers store it: normalised lines and line endings, code fences
//! tracked, closed and written so that pasted text cannot escape them.

/// Multi-line free text as we store it: `\n` line endings, no trailing whitespace at the end,
/// no leading blank lines, every code fence closed.
pub(crate) fn clean_text(text: &str) -> String {
    let t = text.replace("\r\n", "\n").replace('\r', "\n");
    let t = t.trim_end();
    let t = t.trim_start_matches(['\n', ' ', '\t']);
    close_fences(t)
}

/// One-line text: every run of whitespace (newlines included) becomes one space; trimmed.
pub(crate) fn clean_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tracks CommonMark fenced code blocks line by line.
#[derive(Default)]
pub(crate) struct Fence {
    open: Option<(char, usize)>,
}

impl Fence {
    /// Feeds one line; returns true if the line is inside a fence or is a fence line.
    pub(crate) fn feed(&mut self, line: &str) -> bool {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let ch = rest.chars().next();
        let run = |c: char| rest.len() - rest.trim_start_matches(c).len();
        match self.open {
            Some((c, n)) => {
                if indent <= 3 && ch == Some(c) && run(c) >= n && rest[run(c)..].trim().is_empty() {
                    self.open = None;
                }
                true
            }
            None => {
                if indent <= 3 {
                    for c in ['`', '~'] {
                        if ch == Some(c)
                            && run(c) >= 3
                            && !(c == '`' && rest[run(c)..].contains('`'))
                        {
                            self.open = Some((c, run(c)));
                            return true;
                        }
                    }
                }
                false
            }
        }
    }

    fn closing(&self) -> Option<String> {
        self.open.map(|(c, n)| std::iter::repeat_n(c, n).collect())
    }
}

/// Appends a closing fence if `text` leaves a code fence open (so it cannot swallow the rest of
/// the document).
pub(crate) fn close_fences(text: &str) -> String {
    let mut f = Fence::default();
    text.split('\n').for_each(|l| {
        f.feed(l);
    });
    match f.closing() {
        Some(close) => format!("{text}\n{close}"),
        None => text.to_string(),
    }
}

/// Wraps `text` in a backtick fence longer than any backtick run inside, so nothing in it can
/// close the block (pasted logs cannot inject markdown or HTML).
pub(crate) fn fenced(info: &str, text: &str) -> String {
    let mut longest = 0;
    let mut cur = 0;
    for c in text.chars() {
        if c == '`' {
            cur += 1;
            longest = longest.max(cur);
        } else {
            cur = 0;
        }
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{info}\n{text}\n{fence}")
}

/// Reads a block written by [`fenced`] at the start of `s`: (content, rest after the block).
pub(crate) fn read_fenced(s: &str) -> Option<(&str, &str)> {
    let n = s.len() - s.trim_start_matches('`').len();
    if n < 3 {
        return None;
    }
    let first_nl = s.find('\n')?;
    let fence = &s[..n];
    let body_start = first_nl + 1;
    let mut pos = body_start;
    loop {
        let end = s[pos..].find('\n').map(|i| pos + i).unwrap_or(s.len());
        if &s[pos..end] == fence {
            let content = if pos == body_start {
                ""
            } else {
                &s[body_start..pos - 1]
            };
            return Some((content, &s[end..]));
        }
        if end == s.len() {
            return None;
        }
        pos = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_are_closed_and_tracked() {
        assert_eq!(close_fences("a\n```sh\nls"), "a\n```sh\nls\n```");
        assert_eq!(close_fences("a\n````\n```\nx"), "a\n````\n```\nx\n````");
        assert_eq!(close_fences("```\nx\n```"), "```\nx\n```");
        let f = fenced("text", "a ```` b\n```");
        assert!(f.starts_with("`````text\n"));
        assert_eq!(read_fenced(&f), Some(("a ```` b\n```", "")));
        assert_eq!(read_fenced("```\n```\nrest"), Some(("", "\nrest")));
    }
}
