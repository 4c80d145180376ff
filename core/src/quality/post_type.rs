//! Post type (D4, P8, P12): service, work update, news, policy, crisis response, interaction,
//! trivia, repost, other — with the cues that decided it.
//!
//! A repost (the post's repost flag or reference, a `//@` chain with no own text, a `转发理由`
//! prefix, or own text that is only `转发微博`) is `repost`. Otherwise each type sums the weights
//! of its phrase cues (`core/lexicons/post_type.tsv`; each phrase once; `other` has its own cues
//! for commentary columns and music videos) plus structural cues:
//! - service: +1 per kind of actionable detail (hotline, phone, address, hours; numbered steps
//!   only with a livelihood topic; at most 2), +0.5 when the livelihood score is ≥ 0.6;
//! - interaction: +1 when a question mark and second-person address occur together, +2 for a
//!   fill-in-the-blank quiz (`___` with a question);
//! - trivia: the trivia marker weight when the post reads as trivia;
//! - news: +1.5 for a `【…】` headline at the start, after any leading `#话题#` tags;
//! - policy: +2 for a document title `《…》` naming 办法/条例/规定/意见/通知/方案.
//!
//! The highest sum wins; below `min_score` the post is `other`. Ties go to the rarer, more
//! specific type: crisis_response > interaction > service > policy > work_update > trivia > news
//! > other.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::form::Form;
use super::livelihood::{DetailKind, Livelihood};
use super::markers::mark;
use super::trivia::Trivia;
use super::{Context, round4};

/// Settings of the post-type classifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostTypeConfig {
    /// Minimum cue weight for a type; below it the post is `other`. Default 1.0 (one clear
    /// cue, e.g. a `【】` headline for news).
    pub min_score: f64,
}

impl Default for PostTypeConfig {
    fn default() -> Self {
        PostTypeConfig { min_score: 1.0 }
    }
}

/// The kind of a post.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PostType {
    /// 服务: notices, how-tos, reminders useful to daily life.
    Service,
    /// 工作动态: the agency's own meetings, inspections, campaigns.
    WorkUpdate,
    /// 新闻: news reports.
    News,
    /// 政策: announcements, regulations and their interpretation.
    Policy,
    /// 回应/辟谣/通报: crisis response, rumour correction, incident reports.
    CrisisResponse,
    /// 互动: asks the public (征集, 投票, 有奖转发, questions, Q&A).
    Interaction,
    /// 琐碎: recipes, greetings, cute net-speak.
    Trivia,
    /// 转发: a repost.
    Repost,
    /// None of the above with enough evidence.
    #[default]
    Other,
}

impl PostType {
    /// Every type, in the tie-break order (most specific first), then repost and other.
    pub const ALL: [PostType; 9] = [
        PostType::CrisisResponse,
        PostType::Interaction,
        PostType::Service,
        PostType::Policy,
        PostType::WorkUpdate,
        PostType::Trivia,
        PostType::News,
        PostType::Repost,
        PostType::Other,
    ];

    /// The snake_case name used in serialisation and lexicons.
    pub fn as_str(self) -> &'static str {
        match self {
            PostType::Service => "service",
            PostType::WorkUpdate => "work_update",
            PostType::News => "news",
            PostType::Policy => "policy",
            PostType::CrisisResponse => "crisis_response",
            PostType::Interaction => "interaction",
            PostType::Trivia => "trivia",
            PostType::Repost => "repost",
            PostType::Other => "other",
        }
    }

    fn parse(s: &str) -> Option<PostType> {
        PostType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// One piece of evidence for a type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeCue {
    pub post_type: PostType,
    /// The phrase matched, or a structural cue (`repost flag`, `【】 headline`, `hotline`…).
    pub cue: String,
    pub weight: f64,
}

/// The type of a post with its evidence.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PostTypeResult {
    pub kind: PostType,
    /// Summed cue weight per type (types without cues are absent).
    pub scores: BTreeMap<PostType, f64>,
    /// Cues of the chosen type (all types' cues for `other`), in text order.
    pub cues: Vec<TypeCue>,
}

fn is_repost_only_text(clean: &str) -> bool {
    let t = clean.trim_matches(|c: char| !crate::text::frequency::is_word_char(c));
    t.is_empty() || matches!(t, "转发微博" | "轉發微博" | "Repost" | "转发")
}

pub(crate) fn classify(
    ctx: &Context<'_>,
    livelihood: &Livelihood,
    trivia: &Trivia,
    form: &Form,
) -> PostTypeResult {
    let raw = ctx.post.text.trim_start();
    let repost_cue = if ctx.post.repost() {
        Some("repost flag")
    } else if raw.starts_with("转发理由") {
        Some("转发理由 prefix")
    } else if !ctx.norm.repost_chain.is_empty() && is_repost_only_text(ctx.clean) {
        Some("//@ repost chain")
    } else if is_repost_only_text(ctx.clean) && raw.contains("转发微博") {
        Some("转发微博")
    } else {
        None
    };
    if let Some(cue) = repost_cue {
        return PostTypeResult {
            kind: PostType::Repost,
            scores: BTreeMap::from([(PostType::Repost, 1.0)]),
            cues: vec![TypeCue {
                post_type: PostType::Repost,
                cue: cue.to_string(),
                weight: 1.0,
            }],
        };
    }
    // Each phrase counts once per type: a phrase repeated in a long text (a story quoting 致歉
    // three times) is one piece of evidence, not three.
    let mut cues: Vec<TypeCue> = Vec::new();
    for h in &ctx.hits.post_type {
        let Some(t) = PostType::parse(h.category) else {
            continue;
        };
        if cues.iter().any(|c| c.post_type == t && c.cue == h.phrase) {
            continue;
        }
        cues.push(TypeCue {
            post_type: t,
            cue: h.phrase.to_string(),
            weight: h.weight,
        });
    }
    let mut add = |t: PostType, cue: &str, w: f64| {
        cues.push(TypeCue {
            post_type: t,
            cue: cue.to_string(),
            weight: w,
        })
    };
    // Numbered steps make a service post only when it is about a daily-life topic (news lists
    // numbered points too).
    let topic = !livelihood.categories.is_empty();
    let mut detail_kinds: Vec<DetailKind> = livelihood
        .details
        .iter()
        .map(|d| d.kind)
        .filter(|k| {
            matches!(
                k,
                DetailKind::Hotline | DetailKind::Phone | DetailKind::Address | DetailKind::Hours
            ) || (*k == DetailKind::Steps && topic)
        })
        .collect();
    detail_kinds.sort();
    detail_kinds.dedup();
    for k in detail_kinds.iter().take(2) {
        let name = match k {
            DetailKind::Hotline => "hotline",
            DetailKind::Phone => "phone",
            DetailKind::Address => "address",
            DetailKind::Hours => "hours",
            DetailKind::Date => "date",
            DetailKind::Deadline => "deadline",
            DetailKind::Link => "link",
            DetailKind::Steps => "steps",
        };
        add(PostType::Service, name, 1.0);
    }
    if livelihood.score >= 0.6 {
        add(PostType::Service, "livelihood score ≥ 0.6", 0.5);
    }
    let second_person = [mark!("你"), mark!("您"), mark!("大家")]
        .into_iter()
        .any(|m| ctx.marks.has(m));
    if second_person && ctx.counts.questions > 0 {
        add(PostType::Interaction, "question to the reader", 1.0);
    }
    if form.qa {
        add(PostType::Interaction, "Q&A form", 0.5);
    }
    if trivia.is_trivia {
        add(PostType::Trivia, "trivia markers", trivia.weight);
    }
    if fill_in_quiz(ctx.clean, ctx.counts.questions, ctx.marks) {
        add(PostType::Interaction, "fill-in quiz", 2.0);
    }
    if ctx.clean.trim_start().starts_with('【') || opens_with_headline(raw) {
        add(PostType::News, "【】 headline", HEADLINE_WEIGHT);
    }
    // Most texts quote no title: the scan's marker says so without a search for `《`.
    if let Some(title) = ctx
        .marks
        .has(mark!("《"))
        .then(|| document_title(ctx.clean))
        .flatten()
    {
        add(PostType::Policy, &format!("《{title}》"), 2.0);
    }
    let mut scores: BTreeMap<PostType, f64> = BTreeMap::new();
    for c in &cues {
        *scores.entry(c.post_type).or_insert(0.0) += c.weight;
    }
    for s in scores.values_mut() {
        *s = round4(*s);
    }
    // Highest score; ties to the earlier type in PostType::ALL.
    let mut kind = PostType::Other;
    let mut best = 0.0;
    for t in PostType::ALL {
        if let Some(&s) = scores.get(&t) {
            if s > best {
                best = s;
                kind = t;
            }
        }
    }
    // `other` by lack of evidence keeps every type's cues; a type that won (including `other`
    // by its own cues: commentary, music video) keeps its own.
    if best < ctx.config.post_type.min_score {
        kind = PostType::Other;
    } else {
        cues.retain(|c| c.post_type == kind);
    }
    PostTypeResult { kind, scores, cues }
}

/// Weight of a `【…】` headline, the news format of media and government accounts. 1.5 rather
/// than 1.0 so that one weak cue of another type (a rhetorical question to the reader, `提醒`, a
/// reported `道歉`) does not outweigh it; two cues still do.
const HEADLINE_WEIGHT: f64 = 1.5;

/// The text opens with a `【…】` headline, possibly after leading `#话题#` tags (Weibo media
/// accounts write `#共同战疫#【标题】…` as often as `【标题】…`).
fn opens_with_headline(raw: &str) -> bool {
    let mut t = raw.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{200b}');
    while let Some(rest) = t.strip_prefix('#') {
        match rest.find('#') {
            // A topic is short; a lone `#` is not a topic.
            Some(end) if rest[..end].chars().count() <= 40 => {
                t = rest[end + 1..]
                    .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{200b}');
            }
            _ => break,
        }
    }
    t.starts_with('【')
}

/// A fill-in-the-blank quiz: a run of three or more underscores (`早有_____立上头`) in a text
/// that asks (a question mark or 填空). Mentions such as `@王楚钦___` are gone from the clean text.
/// `questions`: the question marks of the text (from the character counts); `marks`: its
/// structural markers.
fn fill_in_quiz(clean: &str, questions: usize, marks: super::markers::Marks) -> bool {
    // A byte search for `_` (rare) or `＿`'s last byte before each substring search.
    (questions > 0 || marks.has(mark!("填空")))
        && ((memchr::memchr(b'_', clean.as_bytes()).is_some() && clean.contains("___"))
            || (clean.contains('＿') && clean.contains("＿＿＿")))
}

/// The first `《…》` title naming a regulation or notice.
pub(crate) fn document_title(text: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(p) = text[from..].find('《') {
        let start = from + p + '《'.len_utf8();
        let end = start + text[start..].find('》')?;
        let title = &text[start..end];
        if [
            "办法", "条例", "规定", "意见", "通知", "方案", "细则", "公告",
        ]
        .iter()
        .any(|w| title.contains(w))
        {
            return Some(title);
        }
        from = end;
    }
    None
}
