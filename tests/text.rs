//! Terminal-safe text: sanitizing, measuring, truncating and wrapping stored
//! text that may hold anything (escape sequences, bidi overrides, CJK, emoji).

use std::borrow::Cow;

use po::text::{pad_to, sanitize, truncate, width, wrap};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

const FAMILY: &str = "👨\u{200D}👩\u{200D}👧";
const FLAG_US: &str = "🇺🇸";
const FLAG_SCOTLAND: &str = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
const E_ACUTE: &str = "e\u{301}";
const TEN_MB: usize = 10 * 1024 * 1024;

fn has_unsafe_char(s: &str) -> bool {
    s.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{61C}' | '\u{200B}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}')
    })
}

/// Where ratatui's buffer ends up after drawing the text: its real width.
fn ratatui_width(s: &str) -> usize {
    let mut buf = Buffer::empty(Rect::new(0, 0, 1000, 1));
    let (x, _) = buf.set_stringn(0, 0, s, 1000, Style::default());
    usize::from(x)
}

#[test]
fn plain_text_is_not_copied() {
    assert!(matches!(sanitize("Pay with saved card"), Cow::Borrowed(_)));
    assert!(matches!(sanitize("支付 🇺🇸 café"), Cow::Borrowed(_)));
    assert!(matches!(sanitize(FAMILY), Cow::Borrowed(_)));
    assert!(matches!(truncate("short", 10), Cow::Borrowed("short")));
    assert!(matches!(truncate("中文", 4), Cow::Borrowed("中文")));
}

#[test]
fn escape_sequences_never_reach_the_terminal() {
    let s = sanitize("\x1b[31mred\x1b[0m \x1b]0;title\x07 \u{9b}2J");
    assert!(!s.contains('\x1b') && !s.contains('\x07') && !s.contains('\u{9b}'));
    assert_eq!(s, "�[31mred�[0m �]0;title� �2J");
}

#[test]
fn tabs_become_spaces_and_line_breaks_become_a_visible_mark() {
    assert_eq!(sanitize("a\tb"), "a b");
    assert_eq!(sanitize("one\ntwo\r\nthree\rfour"), "one⏎two⏎three⏎four");
    assert_eq!(sanitize("x\u{2028}y\u{85}z"), "x⏎y⏎z");
    assert_eq!(sanitize("\x7f\x00"), "��");
}

#[test]
fn bidi_overrides_and_invisible_characters_are_shown() {
    // "Trojan source": a right-to-left override would reorder what follows.
    assert_eq!(sanitize("invoice\u{202E}fdp.exe"), "invoice�fdp.exe");
    assert_eq!(sanitize("\u{2066}x\u{2069}\u{200F}"), "�x��");
    assert_eq!(sanitize("ad\u{200B}min\u{FEFF}"), "ad�min�");
    assert_eq!(sanitize("soft\u{AD}hyphen"), "soft�hyphen");
}

#[test]
fn emoji_sequences_and_combining_marks_are_kept() {
    for s in [
        FAMILY,
        FLAG_US,
        FLAG_SCOTLAND,
        E_ACUTE,
        "❤\u{FE0F}",
        "क्षि",
        "نستعليق\u{200C}",
    ] {
        assert_eq!(sanitize(s), s);
    }
}

#[test]
fn width_counts_cells_per_grapheme() {
    assert_eq!(width("hello"), 5);
    assert_eq!(width("中文"), 4);
    assert_eq!(width(FAMILY), 2);
    assert_eq!(width(FLAG_US), 2);
    assert_eq!(width(FLAG_SCOTLAND), 2);
    assert_eq!(width(E_ACUTE), 1);
    assert_eq!(width("❤\u{FE0F}"), 2);
    // Measured on the sanitized text: the replacements take a cell each.
    assert_eq!(width("a\x1bb"), 3);
    assert_eq!(width("a\u{200B}b"), 3);
}

#[test]
fn width_agrees_with_where_ratatui_puts_the_cursor() {
    for s in [
        "hello",
        "中文字",
        FAMILY,
        FLAG_US,
        FLAG_SCOTLAND,
        E_ACUTE,
        "ｶﾞﾊﾟ",
        "क्षि",
        "a\tb\nc",
    ] {
        let clean = sanitize(s);
        assert_eq!(width(s), ratatui_width(&clean), "{s:?}");
    }
}

#[test]
fn truncating_adds_an_ellipsis_only_when_something_was_cut() {
    assert_eq!(truncate("hello world", 11), "hello world");
    assert_eq!(truncate("hello world", 5), "hell…");
    assert_eq!(truncate("hello", 1), "…");
    assert_eq!(truncate("hello", 0), "");
    assert_eq!(truncate("", 0), "");
}

#[test]
fn a_wide_character_that_would_cross_the_edge_is_left_out() {
    assert_eq!(truncate("中文字符", 5), "中文…");
    assert_eq!(truncate("中文字符", 4), "中…");
    assert_eq!(width(&truncate("中文字符", 4)), 3);
    assert_eq!(pad_to("中文字符", 4), "中… ");
    assert_eq!(truncate("ab中", 3), "ab…");
    assert_eq!(truncate("中", 1), "…");
}

#[test]
fn truncating_never_splits_a_grapheme() {
    let accents = E_ACUTE.repeat(3);
    assert_eq!(truncate(&accents, 2), format!("{E_ACUTE}…"));
    let families = FAMILY.repeat(3);
    assert_eq!(truncate(&families, 5), format!("{FAMILY}{FAMILY}…"));
    assert_eq!(truncate(&families, 4), format!("{FAMILY}…"));
    let flags = FLAG_US.repeat(3);
    assert_eq!(truncate(&flags, 4), format!("{FLAG_US}…"));
}

#[test]
fn truncated_text_is_sanitized_too() {
    assert_eq!(truncate("\x1b[2Jboom", 20), "�[2Jboom");
    assert_eq!(truncate("line one\nline two", 10), "line one⏎…");
}

#[test]
fn padding_makes_columns_line_up() {
    assert_eq!(pad_to("ab", 4), "ab  ");
    assert_eq!(pad_to("abcdef", 4), "abc…");
    assert_eq!(pad_to(FAMILY, 3), format!("{FAMILY} "));
    assert_eq!(pad_to("x", 0), "");
}

#[test]
fn wrapping_breaks_at_spaces() {
    assert_eq!(
        wrap("the quick brown fox jumps", 10),
        ["the quick", "brown fox", "jumps"]
    );
    assert_eq!(wrap("a  b", 10), ["a  b"]);
}

#[test]
fn wrapping_keeps_paragraphs_and_blank_lines() {
    assert_eq!(
        wrap("one\n\ntwo\r\nthree\n", 10),
        ["one", "", "two", "three"]
    );
    assert_eq!(wrap("  - indented item", 20), ["  - indented item"]);
    assert_eq!(wrap("   ", 5), [""]);
    assert!(wrap("", 10).is_empty());
}

#[test]
fn words_longer_than_the_line_are_split_between_graphemes() {
    assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
    assert_eq!(wrap("ab cdefgh", 4), ["ab c", "defg", "h"]);
    // CJK has no spaces: it fills the lines and wraps anywhere.
    assert_eq!(wrap("中文字符串", 4), ["中文", "字符", "串"]);
    assert_eq!(wrap("中文字符串", 5), ["中文", "字符", "串"]);
    assert_eq!(
        wrap(&FAMILY.repeat(3), 4),
        [FAMILY.repeat(2), FAMILY.to_string()]
    );
}

#[test]
fn tiny_widths_do_not_panic() {
    assert!(wrap("anything", 0).is_empty());
    assert_eq!(wrap("ab", 1), ["a", "b"]);
    // A two-cell character cannot fit in one cell.
    assert_eq!(wrap("a中b", 1), ["a", "…", "b"]);
    assert_eq!(wrap(E_ACUTE, 1), [E_ACUTE]);
}

#[test]
fn wrapped_text_is_sanitized() {
    assert_eq!(wrap("a\tb\x1b[0m", 20), ["a b�[0m"]);
}

// Ten-megabyte texts: no timing assertions, a quadratic algorithm would
// simply never finish. Separate tests so that they run in parallel.

#[test]
fn a_ten_megabyte_description_is_measured_cut_and_wrapped() {
    let ascii = "word ".repeat(TEN_MB / 5);
    assert_eq!(truncate(&ascii, 10), "word word…");
    assert!(matches!(sanitize(&ascii), Cow::Borrowed(_)));
    assert_eq!(width(&ascii), ascii.len());
    // 16 four-letter words and their spaces make a 79-cell line.
    assert_eq!(wrap(&ascii, 80).len(), (TEN_MB / 5).div_ceil(16));
}

#[test]
fn ten_megabytes_of_cjk_are_measured_and_cut() {
    let cjk = "中".repeat(TEN_MB / 3);
    assert_eq!(truncate(&cjk, 5), "中中…");
    assert_eq!(width(&cjk), 2 * (TEN_MB / 3));
}

#[test]
fn ten_megabytes_of_escape_characters_are_cut_without_sanitizing_them_all() {
    let controls = "\x1b".repeat(TEN_MB);
    assert_eq!(truncate(&controls, 3), "��…");
    assert!(!sanitize(&controls).contains('\x1b'));
}

#[test]
fn one_ten_megabyte_grapheme_is_cut_in_linear_time() {
    // A base letter with millions of combining marks is a single zero-width
    // grapheme: the prefix that truncate looks at has to grow to all of it.
    let marks = format!("e{}", "\u{301}".repeat(TEN_MB / 2));
    assert_eq!(truncate(&marks, 3), marks.as_str());
}

/// Characters that are hard on terminals, mixed with arbitrary ones.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec![
            'a', 'Z', ' ', ' ', '-', '中', '文', 'ｶ', 'ﾞ', 'ﾟ', '👨', '👩', '❤', '🏴', 'क', '्', 'ष',
            '\u{200D}', '\u{200C}', '\u{FE0F}', '\u{301}', '\u{1F1FA}', '\u{1F1F8}', '\u{E0067}',
            '\u{E007F}', '\t', '\n', '\r', '\x1b', '\x07', '\x7f', '\u{9b}', '\u{85}', '\u{202E}',
            '\u{2066}', '\u{200E}', '\u{200B}', '\u{AD}', '\u{FEFF}', '\u{2028}', '\u{3164}',
            '\u{115F}', '\u{1160}', '\u{0600}', '…', '⏎', '\u{FFFD}',
        ]),
        1 => any::<char>(),
    ]
}

fn nasty_string(max_len: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..max_len).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn sanitized_text_has_no_control_or_bidi_characters(s in nasty_string(40)) {
        let clean = sanitize(&s);
        prop_assert!(!has_unsafe_char(&clean), "{:?} -> {:?}", s, clean);
        // Sanitizing twice changes nothing and copies nothing.
        prop_assert!(matches!(sanitize(&clean), Cow::Borrowed(_)));
        prop_assert_eq!(width(&clean), width(&s));
    }

    #[test]
    fn width_matches_ratatui(s in nasty_string(40)) {
        prop_assert_eq!(width(&s), ratatui_width(&sanitize(&s)), "{:?}", s);
    }

    #[test]
    fn truncated_text_fits_and_is_a_prefix(s in nasty_string(40), max in 0usize..30) {
        let cut = truncate(&s, max);
        let clean = sanitize(&s);
        prop_assert!(width(&cut) <= max, "{:?} at {} -> {:?}", s, max, cut);
        prop_assert!(!has_unsafe_char(&cut));
        prop_assert!(ratatui_width(&cut) <= max);
        if width(&s) <= max {
            prop_assert_eq!(&*cut, &*clean);
        } else if max > 0 {
            let kept = cut.strip_suffix('…').unwrap_or_default();
            prop_assert!(cut.ends_with('…'));
            prop_assert!(clean.starts_with(kept));
            // The next grapheme would not have fitted before the ellipsis.
            let next = clean[kept.len()..].graphemes(true).next().unwrap_or_default();
            prop_assert!(width(kept) + width(next) > max - 1, "{:?} {} {:?}", s, max, cut);
        } else {
            prop_assert_eq!(&*cut, "");
        }
    }

    #[test]
    fn padded_text_is_exactly_as_wide_as_asked(s in nasty_string(30), w in 0usize..25) {
        prop_assert_eq!(width(&pad_to(&s, w)), w);
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word(s in nasty_string(80), w in 2usize..30) {
        let lines = wrap(&s, w);
        for line in &lines {
            prop_assert!(width(line) <= w, "{:?} at {} -> {:?}", s, w, lines);
            prop_assert!(ratatui_width(line) <= w);
            prop_assert!(!has_unsafe_char(line));
        }
        // Only spaces may be dropped or moved, and a grapheme wider than the
        // line is shown as an ellipsis.
        let words = |t: &str| t.chars().filter(|c| *c != ' ').collect::<String>();
        let expected: String = s
            .split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
            .flat_map(|p| {
                let clean = sanitize(p).into_owned();
                clean
                    .split(' ')
                    .flat_map(|run| run.graphemes(true))
                    .map(|g| if width(g) > w { "…".to_string() } else { g.to_string() })
                    .collect::<Vec<_>>()
            })
            .collect();
        prop_assert_eq!(words(&lines.concat()), words(&expected));
    }

    #[test]
    fn one_cell_wide_wrapping_never_overflows(s in nasty_string(40)) {
        for line in wrap(&s, 1) {
            prop_assert!(width(&line) <= 1, "{:?}", line);
        }
    }
}
