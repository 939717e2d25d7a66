//! The text a search hit shows under its title, cut where a reader can pick it up.
//!
//! The search index (tantivy) picks the densest window of matched words, but starts and ends
//! it on a *token*: inside a command (`-Identity` becomes `Identity`, `Set-Mailbox` becomes
//! `Mailbox`), inside a path, in the middle of a sentence. Here the window is widened to whole
//! words, moved back to the start of its line or sentence when that is close, and marked `…`
//! where it still starts or ends mid-sentence. The document text comes from
//! [`crate::article::Article::plain`], where each line of a code block (a command) and each
//! paragraph or list item is its own line.
use std::ops::Range;

use crate::render::escape_html;

/// How far back (bytes) a snippet may move to start at its line or sentence.
const LOOKBACK: usize = 80;
/// How far a word may reach beyond the window before it is cut anyway (a long URL).
const WORD_REACH: usize = 48;
/// A snippet's longest text (bytes), unless its last highlighted word lies further.
const MAX_LEN: usize = 240;
/// The length of a snippet without highlights (the start of the document).
const LEAD_LEN: usize = 180;

/// Sanitized HTML for the window `fragment` of `text` (byte range) with the `highlighted`
/// ranges (relative to the window, as tantivy gives them) in `<b>`.
pub fn html(text: &str, fragment: Range<usize>, highlighted: &[Range<usize>]) -> String {
    let fragment = clamp(text, fragment);
    let mut marks: Vec<Range<usize>> = highlighted
        .iter()
        .map(|r| clamp(text, fragment.start + r.start..fragment.start + r.end))
        .filter(|r| !r.is_empty())
        .collect();
    marks.sort_by_key(|r| (r.start, r.end));
    let first = marks.first().map_or(fragment.start, |r| r.start);
    let last = marks.last().map_or(fragment.end, |r| r.end);

    let (start, clean_start) = start_of(text, fragment.start.min(first), first);
    let start = start.min(first);
    let end = end_of(text, fragment.end.max(last), start, last);
    render(text, start, end, clean_start, &marks)
}

/// The start of `text` as a snippet when nothing in it is highlighted.
pub fn lead(text: &str) -> String {
    let start = text.len() - text.trim_start().len();
    let end = end_of(text, floor(text, start + LEAD_LEN), start, start);
    render(text, start, end, true, &[])
}

/// Where the snippet starts (the window starts at `s`, its first highlight at `first`), and
/// whether that is the start of a line or sentence.
fn start_of(text: &str, s: usize, first: usize) -> (usize, bool) {
    if at_clean_start(text, s) {
        return (s, true);
    }
    // A line or sentence start: the first one inside the window before its first highlight
    // (dropping the tail of the previous sentence), else the nearest one close before.
    let from = floor(text, s.saturating_sub(LOOKBACK));
    let window = &text[from..first];
    let mut starts: Vec<usize> = window
        .match_indices('\n')
        .map(|(i, _)| from + i + 1)
        .chain(sentence_starts(window).into_iter().map(|i| from + i))
        .chain((from == 0).then_some(0))
        .collect();
    starts.sort_unstable();
    let inside = starts.iter().find(|&&b| b >= s);
    if let Some(&b) = inside.or_else(|| starts.last()) {
        return (skip_space(text, b), true);
    }
    // Else the start of the word (a command's `-`, a path's drive), if it is not too long.
    let from = floor(text, s.saturating_sub(WORD_REACH));
    match text[from..s].rfind(char::is_whitespace) {
        Some(i) => {
            let ws = &text[from + i..];
            let w = from + i + ws.chars().next().map_or(1, char::len_utf8);
            (w, at_clean_start(text, w))
        }
        None if from == 0 => (0, true),
        None => (s, false),
    }
}

/// Where the snippet ends: the end of the word (or of a short rest of the line), within
/// [`MAX_LEN`] of `start` but never before `last` (the end of the last highlighted word).
fn end_of(text: &str, e: usize, start: usize, last: usize) -> usize {
    let cap = floor(text, (start + MAX_LEN).max(last)).max(last);
    let rest = &text[e..];
    let line_end = e + rest.find('\n').unwrap_or(rest.len());
    let mut end = if line_end - e <= WORD_REACH {
        line_end
    } else {
        let reach = &text[e..floor(text, e + WORD_REACH)];
        e + reach.find(char::is_whitespace).unwrap_or(0)
    };
    if end > cap {
        // Back to the last whole word before the cap, keeping every highlight.
        end = text[last..cap]
            .rfind(char::is_whitespace)
            .map_or(cap, |i| last + i);
    }
    end.max(last)
}

fn render(
    text: &str,
    start: usize,
    end: usize,
    clean_start: bool,
    marks: &[Range<usize>],
) -> String {
    let end = end.max(start);
    let body = text[start..end].trim_end();
    let end = start + body.len();
    let mut html = String::with_capacity(body.len() + 32);
    if !clean_start && start > 0 {
        html.push('…');
    }
    let mut at = start;
    for m in marks {
        let (s, e) = (m.start.max(at), m.end.min(end));
        if s >= e {
            continue;
        }
        html.push_str(&escape_html(&text[at..s]));
        html.push_str("<b>");
        html.push_str(&escape_html(&text[s..e]));
        html.push_str("</b>");
        at = e;
    }
    html.push_str(&escape_html(&text[at..end]));
    let rest = &text[end..];
    let finished = body.ends_with(['.', '!', '?', ':', ';'])
        || rest.trim_start_matches([' ', '\t']).starts_with('\n');
    if !finished && !rest.trim().is_empty() {
        html.push('…');
    }
    html
}

/// True at the start of the text, of a line, or of a sentence.
fn at_clean_start(text: &str, i: usize) -> bool {
    let before = text[..i].trim_end_matches([' ', '\t']);
    before.is_empty()
        || before.ends_with('\n')
        || (i > before.len() && before.ends_with(['.', '!', '?']) && !abbreviation(before))
}

/// Offsets (in `s`) where a sentence starts after `. `, `! ` or `? `.
fn sentence_starts(s: &str) -> Vec<usize> {
    let b = s.as_bytes();
    (1..b.len())
        .filter(|&i| {
            b[i] == b' ' && matches!(b[i - 1], b'.' | b'!' | b'?') && !abbreviation(&s[..i])
        })
        .map(|i| i + 1)
        .collect()
}

/// `e.g.`, `i.e.`, `vs.`: a full stop that ends no sentence.
fn abbreviation(before: &str) -> bool {
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    matches!(
        word.to_ascii_lowercase().as_str(),
        "e.g." | "i.e." | "vs." | "etc." | "approx." | "no."
    )
}

fn skip_space(text: &str, i: usize) -> usize {
    i + (text[i..].len() - text[i..].trim_start().len())
}

/// `i`, moved down to a character boundary of `text` (and at most its length).
fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn clamp(text: &str, r: Range<usize>) -> Range<usize> {
    let s = floor(text, r.start);
    s..floor(text, r.end).max(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window and highlights tantivy would give for `word` (every occurrence) in a window
    /// starting at `from` (a token start) and `len` bytes long.
    fn snip(text: &str, from: &str, len: usize, words: &[&str]) -> String {
        let start = text.find(from).unwrap();
        let end = floor(text, start + len);
        let marks: Vec<Range<usize>> = words
            .iter()
            .flat_map(|w| {
                text[start..end]
                    .match_indices(w)
                    .map(|(i, _)| i..i + w.len())
            })
            .collect();
        html(text, start..end, &marks)
    }

    #[test]
    fn starts_a_command_at_its_line_not_mid_option() {
        let text = "Run the following command in Exchange Online PowerShell:\n\
                    New-MoveRequest -Identity jane@contoso.com -Remote -RemoteHostName mail.contoso.com\n\
                    Then wait.";
        // tantivy starts on the token `Identity` (the `-` is no token).
        let s = snip(text, "Identity", 60, &["Identity"]);
        assert!(
            s.starts_with("New-MoveRequest -<b>Identity</b> jane@contoso.com"),
            "{s}"
        );
        // The short rest of the command line is kept whole.
        assert!(s.ends_with("-RemoteHostName mail.contoso.com"), "{s}");
    }

    #[test]
    fn drops_the_tail_of_a_sentence_before_the_first_match() {
        let text = format!(
            "{}set the EmailAddressPolicyEnabled parameter to False:\n\
             Get-Mailbox -Monitoring | Set-Mailbox -EmailAddressPolicyEnabled $False\n",
            "To stop the policy from changing the addresses of the arbitration mailboxes, "
        );
        // tantivy's window starts on `False` at the end of the sentence.
        let s = snip(&text, "False:", 60, &["Mailbox"]);
        assert!(
            s.starts_with("Get-<b>Mailbox</b> -Monitoring | Set-<b>Mailbox</b>"),
            "{s}"
        );
        assert!(s.ends_with("$False"), "{s}");
    }

    #[test]
    fn starts_at_the_sentence_when_close_and_marks_cuts() {
        let text = "Outlook keeps a local copy. When the cached data is damaged, the profile \
                    shows old mail and the mailbox stays disconnected until it is rebuilt.";
        let s = snip(text, "the profile", 40, &["profile"]);
        assert!(
            s.starts_with("When the cached data is damaged, the <b>profile</b>"),
            "{s}"
        );
        assert!(s.ends_with("rebuilt."), "{s}");

        // Far from any line or sentence start: whole words, and `…` says it is cut.
        let long = format!(
            "{} needle in here {}",
            "word ".repeat(60),
            "tail ".repeat(80)
        );
        let s = snip(&long, "eedle", 30, &["eedle"]);
        assert!(s.starts_with("…n<b>eedle</b> in here tail"), "{s}");
        assert!(s.starts_with('…') && s.ends_with("tail…"), "{s}");
        assert!(s.len() <= MAX_LEN + 16, "{} bytes: {s}", s.len());
    }

    #[test]
    fn never_splits_a_path_or_a_character_and_escapes() {
        let text = "Delete the value <Default> from\n\
                    HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles and restart «Outlook».";
        let s = snip(text, "Software", 100, &["Software", "Outlook"]);
        assert!(s.starts_with("HKEY_CURRENT_USER\\<b>Software</b>"), "{s}");
        assert!(s.contains("«<b>Outlook</b>»."), "{s}");
        let s = snip(text, "Default", 20, &["Default"]);
        assert!(
            s.starts_with("Delete the value &lt;<b>Default</b>&gt;"),
            "{s}"
        );
        // Abbreviations end no sentence.
        let text = "Several clients, e.g. Outlook and Teams, lose the connection to the server.";
        let s = snip(text, "Outlook", 30, &["Outlook"]);
        assert!(s.starts_with("Several clients, e.g. <b>Outlook</b>"), "{s}");
    }

    /// Any window and highlights, on text with multi-byte characters and odd spacing: never a
    /// panic, no markup but the highlights.
    #[test]
    fn arbitrary_windows_are_safe() {
        let text = "é ü.\n  «x» -a\t\n\nb. c? 日本語のテキスト <tag> & ok. \n".repeat(12);
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..3000 {
            let a = next(text.len() + 4);
            let b = a + next(300);
            let marks: Vec<Range<usize>> = (0..next(4))
                .map(|_| {
                    let s = next(b - a + 1);
                    s..s + next(12)
                })
                .collect();
            let out = html(&text, a..b, &marks);
            assert!(!out.contains('<') || out.contains("<b>"), "{out}");
            assert!(
                !out.replace("<b>", "")
                    .replace("</b>", "")
                    .contains(['<', '>']),
                "{out}"
            );
        }
    }

    #[test]
    fn lead_cuts_on_a_word() {
        let text = format!("  {}", "alpha beta ".repeat(40));
        let s = lead(&text);
        assert!(s.starts_with("alpha beta"), "{s}");
        assert!(s.ends_with("beta…") || s.ends_with("alpha…"), "{s}");
        assert_eq!(lead("Short text."), "Short text.");
    }
}
