//! Form (P4 打油诗.歌谣.小故事和图形组合): verse, story, Q&A, list, media, hashtags, emoticons.
//!
//! Verse: at least `verse_min_lines` consecutive short lines (newline-separated; or clause-
//! separated, then one line more is required) of similar length (each within 2 characters of
//! the run's median, at most `verse_max_line_chars` Han characters) whose last characters rhyme:
//! their pinyin finals fall in one rhyme group (a 十三辙-style grouping, see [`rhyme_group`]) for
//! at least `rhyme_share` of the lines, or for every even line (ABCB).

use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

use super::markers::{self, Marks, mark};
use super::{Context, round4};
use crate::model::MediaKind;
use crate::text::frequency::is_han;

/// Settings of form detection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormConfig {
    /// Minimum newline-separated lines of a verse. Default 3 (4 when lines are cut at commas).
    pub verse_min_lines: usize,
    /// Longest verse line, in Han characters. Default 12.
    pub verse_max_line_chars: usize,
    /// Shortest verse line, in Han characters. Default 3.
    pub verse_min_line_chars: usize,
    /// Share of lines whose last characters must share a rhyme group. Default 0.6.
    pub rhyme_share: f64,
    /// Characters from which a post with narrative markers counts as a story. Default 80.
    pub story_min_chars: usize,
}

impl Default for FormConfig {
    fn default() -> Self {
        FormConfig {
            verse_min_lines: 3,
            verse_max_line_chars: 12,
            verse_min_line_chars: 3,
            rhyme_share: 0.6,
            story_min_chars: 80,
        }
    }
}

/// A verse found in a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verse {
    /// The lines, as written.
    pub lines: Vec<String>,
    /// The rhyme group most lines end in (`ang`, `i`, `an`…).
    pub rhyme: String,
    /// Share of lines ending in that group.
    pub rhyme_share: f64,
}

/// Form of a post.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Form {
    /// Doggerel / ballad lines with end rhyme, when found.
    pub verse: Option<Verse>,
    /// Narrative markers (有一天, 后来, 原来…) in a post of story length.
    pub story: bool,
    pub story_markers: Vec<String>,
    /// Question-and-answer layout (问：…答：, Q/A, 你问我答, a question answered in the post).
    pub qa: bool,
    /// Numbered or bulleted list.
    pub list: bool,
    /// Media attached (from the post, or inferred from link cards: `…的微博视频` → video).
    pub media: Vec<MediaKind>,
    pub hashtags: usize,
    pub emoticons: usize,
    pub mentions: usize,
}

pub(crate) fn analyze(ctx: &Context<'_>) -> Form {
    let cfg = &ctx.config.form;
    let newlines = memchr::memchr_iter(b'\n', ctx.clean.as_bytes()).count();
    let verse = find_verse_with(ctx.clean, newlines, ctx.verse_pieces, cfg);
    let story_markers = story_markers(ctx.marks);
    let han = ctx.counts.han;
    let story = story_markers.len() >= 2 && han >= cfg.story_min_chars;
    let qa = is_qa(ctx.marks, ctx.sentences);
    let list = is_list(ctx.clean, ctx.marks, ctx.counts.circled, newlines);
    let mut media = ctx.post.media.clone();
    for card in &ctx.norm.link_cards {
        let kind = if holds(card, "直播") {
            MediaKind::Live
        } else if holds(card, "视频") {
            MediaKind::Video
        } else {
            MediaKind::Link
        };
        if !media.contains(&kind) {
            media.push(kind);
        }
    }
    if !ctx.norm.urls.is_empty() && !media.contains(&MediaKind::Link) {
        media.push(MediaKind::Link);
    }
    Form {
        verse,
        story,
        story_markers,
        qa,
        list,
        media,
        hashtags: ctx.norm.hashtags.len().max(ctx.post.hashtags.len()),
        emoticons: ctx.norm.emoticons.len(),
        mentions: ctx.norm.mentions.len().max(ctx.post.mentions.len()),
    }
}

const INITIALS: [&str; 23] = [
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w",
];

/// The rhyme group of a Han character, from its (first) pinyin reading: the final with the
/// medial dropped, grouped as in 十三辙 (a/ia/ua; o/e/uo; ie/üe; ai/uai; ei/ui; ao/iao; ou/iu;
/// an/ian/uan/üan; en/in/un/ün; ang/iang/uang; eng/ing/ong/iong; i/ü/-i/er; u).
pub fn rhyme_group(c: char) -> Option<&'static str> {
    let py = c.to_pinyin()?.plain();
    let (initial, fin) = INITIALS
        .iter()
        .find_map(|i| py.strip_prefix(i).map(|f| (*i, f)))
        .unwrap_or(("", py));
    let umlaut = fin.starts_with('ü')
        || fin.starts_with('v')
        || (matches!(initial, "j" | "q" | "x" | "y") && fin.starts_with('u'));
    let group = match fin {
        "a" | "ia" | "ua" => "a",
        "o" | "e" | "uo" => "o",
        "ie" | "üe" | "ve" => "ie",
        "ue" if umlaut => "ie",
        "ai" | "uai" => "ai",
        "ei" | "ui" | "uei" => "ei",
        "ao" | "iao" => "ao",
        "ou" | "iu" | "iou" => "ou",
        "an" | "ian" | "uan" | "üan" | "van" => "an",
        "en" | "in" | "un" | "ün" | "vn" | "uen" => "en",
        "ang" | "iang" | "uang" => "ang",
        "eng" | "ing" | "ong" | "iong" => "eng",
        "i" | "ü" | "v" | "er" => "i",
        "u" if umlaut => "i",
        "u" => "u",
        _ => return None,
    };
    // y/w spellings: ye → ie, yan → an (handled above as "an"), yuan → an.
    Some(match (initial, fin) {
        ("y", "e") => "ie",
        _ => group,
    })
}

/// Finds the longest run of verse lines; see the module docs.
#[cfg(test)]
pub(crate) fn find_verse(text: &str, cfg: &FormConfig) -> Option<Verse> {
    let mut pieces = Vec::new();
    let mut walk = ClauseWalk::default();
    for (i, c) in text.char_indices() {
        if is_han(c) {
            walk.han(c);
        } else {
            walk.other(i, c, &mut pieces);
        }
    }
    walk.finish(text.len(), &mut pieces);
    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    find_verse_with(text, newlines, &pieces, cfg)
}

/// `hay.contains(needle)` for the short link-card texts, by a byte search for the needle's
/// first byte (a substring searcher's set-up cost more than the search).
fn holds(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    memchr::memchr_iter(first, h).any(|p| h[p..].starts_with(n))
}

/// [`find_verse`] with the text's clause pieces and its count of `\n` already gathered (by the
/// character-count walk of the analysis, [`ClauseWalk`]).
pub(crate) fn find_verse_with(
    text: &str,
    newlines: usize,
    pieces: &[ClausePiece],
    cfg: &FormConfig,
) -> Option<Verse> {
    // Fewer line breaks than a verse needs: the newline split cannot find one.
    if newlines + 1 >= cfg.verse_min_lines {
        let mut scan = VerseScan::new(
            cfg.verse_min_lines,
            cfg.verse_max_line_chars,
            cfg.rhyme_share,
            cfg,
        );
        for piece in text.split('\n') {
            scan.piece(piece);
        }
        if let Some(v) = scan.finish() {
            return Some(v);
        }
    }
    // Comma-separated clauses of prose are short too: ask for one line more, shorter lines and a
    // stronger rhyme.
    let mut scan = VerseScan::new(
        cfg.verse_min_lines + 1,
        cfg.verse_max_line_chars.min(9),
        cfg.rhyme_share.max(0.75),
        cfg,
    );
    for p in pieces {
        let piece = text.get(p.start..p.end).unwrap_or("");
        scan.piece_with(piece, p.han, p.last, p.other);
    }
    scan.finish()
}

/// A piece of a text between clause separators ([`is_clause_separator`]) that holds a Han
/// character, with what the verse scan asks of it (pieces without one neither extend nor
/// break a run of verse lines, so they are not kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClausePiece {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Han characters.
    pub han: usize,
    /// The last Han character.
    pub last: Option<char>,
    /// Holds a character no verse line has ([`is_non_verse`]).
    pub other: bool,
}

/// Gathers [`ClausePiece`]s character by character: `text.split(is_clause_separator)` with
/// each piece's facts, on a walk the caller already makes.
#[derive(Debug, Default)]
pub(crate) struct ClauseWalk {
    start: usize,
    han: usize,
    last: Option<char>,
    other: bool,
}

impl ClauseWalk {
    /// A Han character.
    #[inline]
    pub(crate) fn han(&mut self, c: char) {
        self.han += 1;
        self.last = Some(c);
    }

    /// A run of `n` Han characters ending with `last`.
    #[inline]
    pub(crate) fn han_run(&mut self, n: usize, last: char) {
        self.han += n;
        self.last = Some(last);
    }

    /// A character that is not Han, at byte `i`.
    #[inline]
    pub(crate) fn other(&mut self, i: usize, c: char, out: &mut Vec<ClausePiece>) {
        if is_clause_separator(c) {
            self.finish(i, out);
            self.start = i + c.len_utf8();
        } else if is_non_verse(c) {
            self.other = true;
        }
    }

    /// Ends the current piece at byte `end`.
    pub(crate) fn finish(&mut self, end: usize, out: &mut Vec<ClausePiece>) {
        if self.han > 0 {
            out.push(ClausePiece {
                start: self.start,
                end,
                han: self.han,
                last: self.last,
                other: self.other,
            });
        }
        (self.han, self.last, self.other) = (0, None, false);
    }
}

fn is_clause_separator(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '！' | '？' | '；' | '、' | ',' | '!' | '?' | ';' | '\n' | ' '
    )
}

/// A candidate line with what the rhyme test needs.
struct Line<'a> {
    text: &'a str,
    han: usize,
    last: Option<char>,
    group: Option<&'static str>,
}

/// Walks the pieces of a text once, keeping the current run of consecutive verse-like lines;
/// a run is tested for rhyme (and its pinyin looked up) only when it is long enough.
struct VerseScan<'a, 'c> {
    min_lines: usize,
    max_chars: usize,
    cfg: &'c FormConfig,
    run: Vec<Line<'a>>,
    best: Option<Verse>,
    rhyme_share: f64,
}

impl<'a, 'c> VerseScan<'a, 'c> {
    fn new(min_lines: usize, max_chars: usize, rhyme_share: f64, cfg: &'c FormConfig) -> Self {
        VerseScan {
            min_lines,
            max_chars,
            cfg,
            run: Vec::new(),
            best: None,
            rhyme_share,
        }
    }

    /// One piece of the split text. Pieces without a Han character are skipped (they neither
    /// extend nor break a run); others extend the run when they are verse lines, else end it.
    fn piece(&mut self, piece: &'a str) {
        let (han, last, other) = line_facts(piece);
        self.piece_with(piece, han, last, other);
    }

    /// [`VerseScan::piece`] with the piece's [`line_facts`] already gathered.
    fn piece_with(&mut self, piece: &'a str, han: usize, last: Option<char>, other: bool) {
        if han == 0 {
            return;
        }
        if !other && (self.cfg.verse_min_line_chars..=self.max_chars).contains(&han) {
            self.run.push(Line {
                // Trimmed when a verse is reported: most candidate lines never are.
                text: piece,
                han,
                last,
                group: None,
            });
        } else {
            self.close_run();
        }
    }

    fn close_run(&mut self) {
        if self.run.len() >= self.min_lines {
            for l in &mut self.run {
                l.group = l.last.and_then(rhyme_group);
            }
            verse_in_run(&self.run, self.min_lines, self.rhyme_share, &mut self.best);
        }
        self.run.clear();
    }

    fn finish(mut self) -> Option<Verse> {
        self.close_run();
        self.best
    }
}

/// Han characters of a line, its last Han character, and whether it holds a character that
/// no verse line has: digits and Latin letters (lists of figures like 武汉19例, names) or
/// 【】《》.
fn line_facts(l: &str) -> (usize, Option<char>, bool) {
    let mut han = 0;
    let mut last = None;
    let mut other = false;
    for c in l.chars() {
        if is_han(c) {
            han += 1;
            last = Some(c);
        } else if is_non_verse(c) {
            other = true;
        }
    }
    (han, last, other)
}

/// A character no verse line holds (for a character that is not Han).
#[inline]
fn is_non_verse(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // The punctuation blocks of Chinese text answered without the Unicode tables: their only
    // numerals are 〇, 〡–〩, 〸–〺 and the full-width digits.
    match c {
        '【' | '】' | '《' | '》' => true,
        '\u{2000}'..='\u{206F}' => false,
        '\u{3000}'..='\u{303F}' => {
            matches!(c, '\u{3007}' | '\u{3021}'..='\u{3029}' | '\u{3038}'..='\u{303A}')
        }
        '\u{FF00}'..='\u{FFEF}' => ('０'..='９').contains(&c),
        _ => c.is_numeric(),
    }
}

fn verse_in_run(run: &[Line<'_>], min_lines: usize, rhyme_share: f64, best: &mut Option<Verse>) {
    for start in 0..run.len() {
        for end in (start + min_lines..=run.len()).rev() {
            let window = &run[start..end];
            if best.as_ref().is_some_and(|b| b.lines.len() >= window.len()) {
                break;
            }
            if let Some(v) = rhyming(window, rhyme_share) {
                *best = Some(v);
                break;
            }
        }
    }
}

fn rhyming(window: &[Line<'_>], rhyme_share: f64) -> Option<Verse> {
    // The line lengths sorted, on the stack for a window of up to 64 lines.
    let mut stack = [0usize; 64];
    let mut heap = Vec::new();
    let lens: &mut [usize] = match stack.get_mut(..window.len()) {
        Some(s) => s,
        None => {
            heap.resize(window.len(), 0);
            &mut heap
        }
    };
    for (len, l) in lens.iter_mut().zip(window) {
        *len = l.han;
    }
    lens.sort_unstable();
    let median = lens[lens.len() / 2];
    if lens.iter().any(|&l| l.abs_diff(median) > 2) {
        return None;
    }
    // Repeating one word at the end of every line (…3例, …5例) is a list, not a rhyme: no final
    // character may end most of the lines.
    let most_common_final = window
        .iter()
        .map(|a| {
            window
                .iter()
                .filter(|b| b.last.is_some() && b.last == a.last)
                .count()
        })
        .max()
        .unwrap_or(0);
    if most_common_final * 2 > window.len() {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for g in window.iter().filter_map(|l| l.group) {
        let n = window.iter().filter(|l| l.group == Some(g)).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((g, n));
        }
    }
    let (group, n) = best?;
    let share = n as f64 / window.len() as f64;
    // The even lines' rhyme groups (`even[0]` is the second line's).
    let mut even = window.iter().skip(1).step_by(2).map(|l| l.group);
    let even_first = window.get(1).and_then(|l| l.group);
    let even_rhyme = window.len() / 2 >= 3 && even.all(|g| g.is_some() && g == even_first);
    if share >= rhyme_share || even_rhyme {
        let (rhyme, share) = if share >= rhyme_share {
            (group, share)
        } else {
            (
                even_first.unwrap_or(group),
                (window.len() / 2) as f64 / window.len() as f64,
            )
        };
        return Some(Verse {
            lines: window.iter().map(|l| l.text.trim().to_string()).collect(),
            rhyme: rhyme.to_string(),
            rhyme_share: round4(share),
        });
    }
    None
}

/// Narrative markers, in the order they are reported.
const STORY_MARKERS: [usize; 16] = [
    mark!("有一天"),
    mark!("那天"),
    mark!("那一天"),
    mark!("从前"),
    mark!("后来"),
    mark!("当时"),
    mark!("那一刻"),
    mark!("原来"),
    mark!("没想到"),
    mark!("终于"),
    mark!("回忆"),
    mark!("讲述"),
    mark!("故事"),
    mark!("这一年"),
    mark!("多年来"),
    mark!("（化名）"),
];

fn story_markers(marks: Marks) -> Vec<String> {
    STORY_MARKERS
        .iter()
        .filter(|&&m| marks.has(m))
        .map(|&m| markers::text(m).to_string())
        .collect()
}

fn is_qa(marks: Marks, sentences: &[&str]) -> bool {
    let has = |m| marks.has(m);
    if (has(mark!("问：")) || has(mark!("问:"))) && (has(mark!("答：")) || has(mark!("答:")))
    {
        return true;
    }
    if has(mark!("你问我答")) || has(mark!("Q&A")) || has(mark!("问答")) {
        return true;
    }
    let q = |c: char| c == '？' || c == '?';
    if (has(mark!("Q：")) || has(mark!("Q:"))) && (has(mark!("A：")) || has(mark!("A:"))) {
        return true;
    }
    // A question sentence followed by at least two sentences of answer, twice or more.
    let mut answered = 0;
    for (k, s) in sentences.iter().enumerate() {
        if s.trim_end().ends_with(q)
            && sentences
                .get(k + 1)
                .is_some_and(|n| !n.trim_end().ends_with(q) && n.chars().count() >= 8)
        {
            answered += 1;
        }
    }
    answered >= 2
}

/// `circled`: how many circled numbers ①–⑩ the text holds; `newlines`: how many `\n`.
fn is_list(text: &str, marks: Marks, circled: usize, newlines: usize) -> bool {
    if circled >= 2 {
        return true;
    }
    let pairs = [
        [mark!("1."), mark!("2.")],
        [mark!("1、"), mark!("2、")],
        [mark!("一是"), mark!("二是")],
        [mark!("第一"), mark!("第二")],
        [mark!("一、"), mark!("二、")],
    ];
    if pairs.iter().any(|&[a, b]| marks.has(a) && marks.has(b)) {
        return true;
    }
    // Three bullet lines need two line feeds.
    if newlines < 2 {
        return false;
    }
    let bullet_lines = text
        .lines()
        .filter(|l| {
            l.trim_start()
                .starts_with(['•', '·', '-', '▶', '✅', '√', '★', '●'])
        })
        .count();
    bullet_lines >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rhyme_groups_by_pinyin_final() {
        assert_eq!(rhyme_group('光'), Some("ang"));
        assert_eq!(rhyme_group('忙'), Some("ang"));
        assert_eq!(rhyme_group('乡'), Some("ang"));
        assert_eq!(rhyme_group('床'), Some("ang"));
        assert_eq!(rhyme_group('霜'), Some("ang"));
        assert_eq!(rhyme_group('语'), Some("i"));
        assert_eq!(rhyme_group('衣'), Some("i"));
        assert_eq!(rhyme_group('月'), Some("ie"));
        assert_eq!(rhyme_group('a'), None);
    }

    #[test]
    fn verse_found_in_doggerel_not_in_news() {
        let cfg = FormConfig::default();
        let v = find_verse(
            "防火安全要记牢，\n出门关好煤气灶，\n电线老化及时换，\n火灾隐患要除掉。",
            &cfg,
        )
        .unwrap();
        assert_eq!(v.rhyme, "ao");
        assert!(v.rhyme_share >= 0.75, "{v:?}");
        // Prose with comma clauses of mixed length and no common rhyme.
        assert!(
            find_verse(
                "今天下午，北京市召开疫情防控新闻发布会，市卫健委等有关单位发布信息，并答记者问。",
                &cfg
            )
            .is_none()
        );
        assert!(find_verse("", &cfg).is_none());
        // The fast path of is_non_verse agrees with its definition everywhere.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if is_han(c) {
                continue;
            }
            let def = c.is_ascii_alphanumeric()
                || matches!(c, '【' | '】' | '《' | '》')
                || (!c.is_ascii() && c.is_numeric());
            assert_eq!(is_non_verse(c), def, "{c:?}");
        }
    }
}
