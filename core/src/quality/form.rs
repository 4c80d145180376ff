//! Form (P4 打油诗.歌谣.小故事和图形组合): verse, story, Q&A, list, media, hashtags, emoticons.
//!
//! Verse: at least `verse_min_lines` consecutive short lines (newline-separated; or clause-
//! separated, then one line more is required) of similar length (each within 2 characters of
//! the run's median, at most `verse_max_line_chars` Han characters) whose last characters rhyme:
//! their pinyin finals fall in one rhyme group (a 十三辙-style grouping, see [`rhyme_group`]) for
//! at least `rhyme_share` of the lines, or for every even line (ABCB).

use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

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
    let verse = find_verse(ctx.clean, cfg);
    let story_markers = story_markers(ctx.clean);
    let han = ctx.clean.chars().filter(|&c| is_han(c)).count();
    let story = story_markers.len() >= 2 && han >= cfg.story_min_chars;
    let qa = is_qa(ctx.clean, ctx.sentences);
    let list = is_list(ctx.clean);
    let mut media = ctx.post.media.clone();
    for card in &ctx.norm.link_cards {
        let kind = if card.contains("直播") {
            MediaKind::Live
        } else if card.contains("视频") {
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

fn han_len(s: &str) -> usize {
    s.chars().filter(|&c| is_han(c)).count()
}

fn last_han(s: &str) -> Option<char> {
    s.chars().rev().find(|&c| is_han(c))
}

/// Finds the longest run of verse lines; see the module docs.
pub(crate) fn find_verse(text: &str, cfg: &FormConfig) -> Option<Verse> {
    let by_newline: Vec<&str> = text
        .split('\n')
        .map(str::trim)
        .filter(|l| han_len(l) > 0)
        .collect();
    if by_newline.len() >= cfg.verse_min_lines {
        if let Some(v) = verse_in(
            &by_newline,
            cfg.verse_min_lines,
            cfg.verse_max_line_chars,
            cfg.rhyme_share,
            cfg,
        ) {
            return Some(v);
        }
    }
    let by_clause: Vec<&str> = text
        .split(|c: char| "，。！？；、,!?;\n ".contains(c))
        .map(str::trim)
        .filter(|l| han_len(l) > 0)
        .collect();
    // Comma-separated clauses of prose are short too: ask for one line more, shorter lines and a
    // stronger rhyme.
    verse_in(
        &by_clause,
        cfg.verse_min_lines + 1,
        cfg.verse_max_line_chars.min(9),
        cfg.rhyme_share.max(0.75),
        cfg,
    )
}

/// A verse line: Han characters (and quotes or brackets) only, no digits or Latin letters —
/// those are lists of figures (武汉19例) and names, not verse.
fn verse_line(l: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&han_len(l))
        && !l.chars().any(|c| {
            c.is_ascii_alphanumeric() || (c.is_numeric() && !is_han(c)) || "【】《》".contains(c)
        })
}

/// A candidate line with what the rhyme test needs, computed once.
struct Line<'a> {
    text: &'a str,
    han: usize,
    last: Option<char>,
    group: Option<&'static str>,
}

fn verse_in(
    lines: &[&str],
    min_lines: usize,
    max_chars: usize,
    rhyme_share: f64,
    cfg: &FormConfig,
) -> Option<Verse> {
    // Runs of consecutive verse-like lines; pinyin is looked up only for their last characters.
    let mut runs: Vec<Vec<Line<'_>>> = Vec::new();
    let mut run: Vec<Line<'_>> = Vec::new();
    for &l in lines {
        if verse_line(l, cfg.verse_min_line_chars, max_chars) {
            let last = last_han(l);
            run.push(Line {
                text: l,
                han: han_len(l),
                last,
                group: last.and_then(rhyme_group),
            });
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    let mut best: Option<Verse> = None;
    for run in runs.iter().filter(|r| r.len() >= min_lines) {
        for start in 0..run.len() {
            for end in (start + min_lines..=run.len()).rev() {
                let window = &run[start..end];
                if best.as_ref().is_some_and(|b| b.lines.len() >= window.len()) {
                    break;
                }
                if let Some(v) = rhyming(window, rhyme_share) {
                    best = Some(v);
                    break;
                }
            }
        }
    }
    best
}

fn rhyming(window: &[Line<'_>], rhyme_share: f64) -> Option<Verse> {
    let mut lens: Vec<usize> = window.iter().map(|l| l.han).collect();
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
    let even: Vec<Option<&str>> = window.iter().skip(1).step_by(2).map(|l| l.group).collect();
    let even_rhyme = even.len() >= 3 && even.iter().all(|g| g.is_some() && *g == even[0]);
    if share >= rhyme_share || even_rhyme {
        let (rhyme, share) = if share >= rhyme_share {
            (group, share)
        } else {
            (
                even[0].unwrap_or(group),
                even.len() as f64 / window.len() as f64,
            )
        };
        return Some(Verse {
            lines: window.iter().map(|l| l.text.to_string()).collect(),
            rhyme: rhyme.to_string(),
            rhyme_share: round4(share),
        });
    }
    None
}

const STORY_MARKERS: [&str; 16] = [
    "有一天",
    "那天",
    "那一天",
    "从前",
    "后来",
    "当时",
    "那一刻",
    "原来",
    "没想到",
    "终于",
    "回忆",
    "讲述",
    "故事",
    "这一年",
    "多年来",
    "（化名）",
];

fn story_markers(text: &str) -> Vec<String> {
    STORY_MARKERS
        .iter()
        .filter(|m| text.contains(*m))
        .map(|m| m.to_string())
        .collect()
}

fn is_qa(text: &str, sentences: &[&str]) -> bool {
    if (text.contains("问：") || text.contains("问:"))
        && (text.contains("答：") || text.contains("答:"))
    {
        return true;
    }
    if text.contains("你问我答") || text.contains("Q&A") || text.contains("问答") {
        return true;
    }
    let q = |c: char| c == '？' || c == '?';
    if (text.contains("Q：") || text.contains("Q:"))
        && (text.contains("A：") || text.contains("A:"))
    {
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

fn is_list(text: &str) -> bool {
    let circled = text.chars().filter(|c| ('①'..='⑩').contains(c)).count();
    if circled >= 2 {
        return true;
    }
    let markers = [
        ["1.", "2."],
        ["1、", "2、"],
        ["一是", "二是"],
        ["第一", "第二"],
        ["一、", "二、"],
    ];
    if markers
        .iter()
        .any(|[a, b]| text.contains(a) && text.contains(b))
    {
        return true;
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
    }
}
