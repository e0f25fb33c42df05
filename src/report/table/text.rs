//! Plain-text layout for a terminal: widths in columns, line breaks only
//! between tokens, colour added after layout so that escape codes never count
//! as width.

use unicode_width::UnicodeWidthStr;

/// Columns `s` takes on a terminal: a CJK character takes two, a combining
/// mark none; counting chars would overflow the line on names in Chinese.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Report text (names come from tags, messages quote AWS data) made safe for
/// one line of a terminal: a newline or tab would break the layout, an escape
/// or a bidirectional override could repaint or reorder what the reader sees.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            c if c.is_whitespace() => ' ',
            c if c.is_control() => '\u{FFFD}',
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The words of `s`, for wrapping.
pub fn words(s: &str) -> Vec<String> {
    clean(s).split_whitespace().map(str::to_string).collect()
}

/// `tokens` laid out after `lead` (the first line's start, e.g. `"  ✗ "`),
/// later lines indented by `indent`, one space between tokens, at most `max`
/// columns. Lines break only between tokens: a token wider than the room
/// (an ARN, a check id) gets a line of its own and overflows it, because a
/// broken ARN or id can be neither searched for nor pasted.
pub fn wrap(lead: &str, indent: usize, tokens: &[String], max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = lead.to_string();
    let mut used = width(lead);
    let mut empty = true;
    for token in tokens {
        let w = width(token);
        if !empty && used + 1 + w > max {
            lines.push(std::mem::take(&mut line));
            line = " ".repeat(indent);
            used = indent;
            empty = true;
        }
        if !empty {
            line.push(' ');
            used += 1;
        }
        line.push_str(token);
        used += w;
        empty = false;
    }
    lines.push(line);
    lines
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// `tokens` after `lead` on one line of at most `max` columns: the first token
/// always, then as many whole tokens as fit with " …" saying some were left
/// out. Returns the line and whether it was shortened.
pub fn one_line(lead: &str, tokens: &[String], max: usize) -> (String, bool) {
    let mut line = lead.to_string();
    let mut used = width(lead);
    for (i, token) in tokens.iter().enumerate() {
        let w = width(token);
        let gap = usize::from(i > 0);
        let last = i + 1 == tokens.len();
        // Room for this token, and for " …" unless it is the last one.
        let needed = gap + w + if last { 0 } else { 2 };
        if i > 0 && used + needed > max {
            if used + 2 <= max {
                line.push_str(" …");
            }
            return (line.trim_end().to_string(), true);
        }
        if gap == 1 {
            line.push(' ');
        }
        line.push_str(token);
        used += gap + w;
    }
    (line.trim_end().to_string(), false)
}

/// The colours of the table, as in the per-finding view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Magenta,
    Red,
    Yellow,
    Blue,
    Green,
    Grey,
}

/// `text` in `paint` (bold if asked) when `on`, else unchanged. Plain ANSI
/// SGR codes: every terminal comfy-table colours for understands them.
pub fn paint(text: &str, paint: Paint, bold: bool, on: bool) -> String {
    if !on || text.is_empty() {
        return text.to_string();
    }
    let code = match paint {
        Paint::Magenta => "35",
        Paint::Red => "31",
        Paint::Yellow => "33",
        Paint::Blue => "34",
        Paint::Green => "32",
        Paint::Grey => "90",
    };
    let bold = if bold { "1;" } else { "" };
    format!("\x1b[{bold}{code}m{text}\x1b[0m")
}

/// Prose lines (the summary and the verdict) wrapped at `max`, each with a
/// hanging indent: under the text of a numbered step (`  3. `), else two
/// columns past the line's own indent, so a continuation reads as one.
pub fn wrap_prose(text: &str, max: usize) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let lead_spaces = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[lead_spaces..];
        let numbered = rest
            .split_once(". ")
            .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .map(|(n, _)| n.len() + 2);
        let indent = lead_spaces + numbered.unwrap_or(2);
        let lead = " ".repeat(lead_spaces);
        for l in wrap(&lead, indent, &words(rest), max) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    // `split` gives one more (empty) line after the text's last newline.
    out.truncate(out.len().saturating_sub(1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn wrap_breaks_between_words_and_indents_continuations() {
        let lines = wrap("  Fix: ", 7, &toks("aaa bbb ccc ddd eee"), 16);
        assert_eq!(lines, ["  Fix: aaa bbb", "       ccc ddd", "       eee"]);
        assert!(lines.iter().all(|l| width(l) <= 16));
    }

    #[test]
    fn an_overlong_token_gets_its_own_line_unbroken() {
        let arn = "arn:aws:iam::111111111111:role/a-very-long-role-name-indeed";
        let lines = wrap("  ✗ ", 4, &toks(&format!("x {arn} y")), 30);
        assert_eq!(lines, ["  ✗ x", &format!("    {arn}"), "    y"]);
    }

    #[test]
    fn no_tokens_leave_the_lead_without_trailing_spaces() {
        assert_eq!(wrap("HIGH      ", 10, &[], 80), ["HIGH"]);
        // A width smaller than the indent still terminates, one token a line.
        assert_eq!(wrap("", 8, &toks("a b"), 2), ["a", "        b"]);
    }

    #[test]
    fn one_line_keeps_whole_tokens_and_marks_the_cut() {
        let (line, cut) = one_line("  ✗ ", &toks("name (us-east-1) admits the internet"), 24);
        assert_eq!(line, "  ✗ name (us-east-1) …");
        assert!(cut && width(&line) <= 24);
        let (line, cut) = one_line("  ✗ ", &toks("name (us-east-1)"), 24);
        assert_eq!((line.as_str(), cut), ("  ✗ name (us-east-1)", false));
        // The first token stays whole even when it alone is too wide.
        let (line, cut) = one_line("- ", &toks("abcdefghij klm"), 6);
        assert_eq!((line.as_str(), cut), ("- abcdefghij", true));
    }

    #[test]
    fn width_counts_terminal_columns() {
        assert_eq!(width("✗ ?"), 3);
        assert_eq!(width("生产"), 4);
        let lines = wrap("", 0, &toks("生产 生产 生产"), 9);
        assert_eq!(lines, ["生产 生产", "生产"]);
    }

    #[test]
    fn clean_removes_what_would_break_or_repaint_a_line() {
        assert_eq!(clean("a\nb\tc"), "a b c");
        assert_eq!(clean("x\x1b[31my"), "x\u{FFFD}[31my");
        assert_eq!(clean("abc\u{202E}def"), "abc\u{FFFD}def");
    }

    #[test]
    fn paint_only_when_on() {
        assert_eq!(paint("HIGH", Paint::Red, true, false), "HIGH");
        assert_eq!(
            paint("HIGH", Paint::Red, true, true),
            "\x1b[1;31mHIGH\x1b[0m"
        );
    }

    #[test]
    fn prose_hangs_under_numbered_steps() {
        let text = "To reach X, fix:\n  1. [high] some-check (1 resource): do this and that\n";
        let wrapped = wrap_prose(text, 30);
        assert_eq!(
            wrapped,
            "To reach X, fix:\n  1. [high] some-check (1\n     resource): do this and\n     that\n"
        );
    }
}
