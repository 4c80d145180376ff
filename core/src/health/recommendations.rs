//! Recommendations: each diagnosis, and each weak signal, maps to concrete advice drawn from
//! the source document's prescriptions (P1–P12, `seed/DIGEST.md`), in Chinese and English, with
//! the document's own words as the quote.

use super::activity::Activity;
use super::diagnoses::{Diagnoses, DiagnosisKind};
use super::scores::{ComponentKind, Scores};
use super::signals::ContentSignals;
use serde::{Deserialize, Serialize};

/// When weak signals (not diagnoses) trigger advice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecommendationConfig {
    /// Mean officialese at or above this triggers the 接地气 advice (P3). Default 0.3.
    pub officialese_at_least: f64,
    /// Mean livelihood relevance below this triggers the 民生 advice (P1). Default 0.2.
    pub livelihood_below: f64,
    /// Engagement score below this triggers the participation advice (P5). Default 20.
    pub engagement_below: f64,
    /// Reach score below this triggers the 博网联动 / QR-code advice (P6). Default 30.
    pub reach_below: f64,
    /// With at least this many posts and no `#话题#` series, the topic-planning advice (P7).
    /// Default 14.
    pub series_min_posts: u64,
}

impl Default for RecommendationConfig {
    fn default() -> Self {
        RecommendationConfig {
            officialese_at_least: 0.3,
            livelihood_below: 0.2,
            engagement_below: 20.0,
            reach_below: 30.0,
            series_min_posts: 14,
        }
    }
}

/// One piece of advice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Source-document point(s), e.g. `"P8, P9"`.
    pub points: String,
    /// What triggered it (a diagnosis name, or a figure against its threshold).
    pub trigger: String,
    pub zh: String,
    pub en: String,
    /// The document's own words.
    pub quote_zh: String,
}

fn rec(points: &str, trigger: String, zh: &str, en: &str, quote: &str) -> Recommendation {
    Recommendation {
        points: points.into(),
        trigger,
        zh: zh.into(),
        en: en.into(),
        quote_zh: quote.into(),
    }
}

/// Advice for one diagnosis kind.
pub fn for_diagnosis(kind: DiagnosisKind) -> Recommendation {
    let t = kind.as_str().to_string();
    match kind {
        DiagnosisKind::Dormant => rec(
            "P7, P9",
            t,
            "恢复日常更新：每个工作日至少发布一条原创信息，建立选题策划与值班制度，由专门团队负责（两周未更新即不合格）。",
            "Resume regular posting: at least one original post every working day, with a topic plan and a duty roster run by a dedicated team (two weeks without an update fails inspection).",
            "确保日常信息发布频次；需要组建相对专业的运行团队，具体负责日常的选题策划、信息编辑和粉丝互动",
        ),
        DiagnosisKind::NotObserved => rec(
            "D1",
            t,
            "观测窗口内没有发布：请采集更长时间（至少 14 天）或完整的时间线后再下结论，并确认账号仍有专人维护。",
            "Nothing posted in the observed window: collect a longer period (at least 14 days) or the full timeline before judging, and confirm someone still runs the account.",
            "有些单位的政务微博形同虚设，迟迟不见更新",
        ),
        DiagnosisKind::Mute => rec(
            "P8, P9",
            t,
            "对网民的咨询、投诉和质疑在承诺时限内（如 24 小时内）逐条回复，并公开办理结果。",
            "Answer every inquiry, complaint and challenge within a stated time (e.g. 24 hours) and publish what was done.",
            "及时回应网民的咨询、质疑；投诉意见及时回复",
        ),
        DiagnosisKind::HollowActive => rec(
            "P1, P2",
            t,
            "少发菜谱、问候和卖萌内容，多发与群众日常生活相关的信息，如登记注册知识、消费维权知识、办事指南。",
            "Post fewer recipes, greetings and cute net-speak; post what people need in daily life: registration know-how, consumer-rights advice, service guides.",
            "发布与群众日常生活息息相关的信息，如登记注册知识、消费维权知识等",
        ),
        DiagnosisKind::Echo => rec(
            "D7, P2",
            t,
            "减少转发其他部门微博，多发布本单位原创、与本地群众相关的信息；确需转发时加上本地化的解读。",
            "Repost other departments less; publish your own content relevant to local people, and add a local explanation when you do repost.",
            "过度转发相关部门微博的现象也比较突出，这种实用性不强的微博自然关注度低",
        ),
        DiagnosisKind::Copier => rec(
            "D6, P4",
            t,
            "不要照搬政务网站内容：改写成短平快的微博语言，尝试打油诗、歌谣、小故事和图文组合等形式。",
            "Do not paste website cut-outs: rewrite for Weibo, short and direct, and try verse, ballads, short stories and picture combinations.",
            "以打油诗、歌谣、小故事和图形组合的方式发布信息，增强可读性、趣味性",
        ),
        DiagnosisKind::Broadcaster => rec(
            "D8, P8, P12",
            t,
            "建立互动机制：回复评论，发起征集、投票和问答，问政于民、问需于民、问计于民。",
            "Build an interaction routine: reply to comments, run calls for opinions, polls and Q&As — ask the people.",
            "建立完善的互动机制；实现问政于民、问需于民、问计于民",
        ),
        DiagnosisKind::Healthy => rec(
            "P5, P6",
            t,
            "保持现有节奏；对积极参与互动的网民给予鼓励，并通过博网联动、服务卡二维码等方式扩大关注。",
            "Keep the rhythm; reward people who take part, and widen the audience through forum link-ups and QR codes on service cards.",
            "对积极参与互动的网民给予鼓励；在红盾服务联系卡上增加了微博二维码扫描标志，效果明显",
        ),
    }
}

/// Advice for an account: one per diagnosis (in order), then one per weak signal.
pub fn recommend(
    d: &Diagnoses,
    s: &Scores,
    content: Option<&ContentSignals>,
    activity: &Activity,
    cfg: &RecommendationConfig,
) -> Vec<Recommendation> {
    let mut out: Vec<Recommendation> = d.found.iter().map(|x| for_diagnosis(x.kind)).collect();
    let observed = activity.posts > 0;
    if let Some(c) = content.filter(|c| c.analysed_posts > 0) {
        if let Some(o) = c
            .officialese_mean()
            .filter(|o| *o >= cfg.officialese_at_least)
        {
            out.push(rec(
                "P3",
                format!("officialese_mean {o:.2} ≥ {}", cfg.officialese_at_least),
                "少用“高度重视”“认真贯彻落实”等套话，多用接地气的口语，像和市民说话一样写微博。",
                "Drop set phrases like 高度重视 and 认真贯彻落实; write plainly, as if talking to a resident.",
                "微博用语多用'接地气'的语言，避免打'官腔'",
            ));
        }
        if let Some(l) = c.livelihood_mean().filter(|l| *l < cfg.livelihood_below)
            && !d.has(DiagnosisKind::HollowActive)
        {
            out.push(rec(
                "P1, P2",
                format!("livelihood_mean {l:.2} < {}", cfg.livelihood_below),
                "换位思考，从群众的关注点和需求点出发，多发布办事指南、消费提示等实用信息，少发本单位工作动态。",
                "Think from the reader's side: publish service guides and consumer tips, fewer reports of the agency's own work.",
                "善于换位思考，从群众的关注点和需求点出发",
            ));
        }
    }
    if observed
        && let Some(e) = s
            .get(ComponentKind::Engagement)
            .filter(|e| *e < cfg.engagement_below)
    {
        out.push(rec(
            "P5",
            format!("engagement {e:.0} < {}", cfg.engagement_below),
            "设计有奖转发、征集等互动活动，对积极参与的网民给予鼓励。",
            "Run participation campaigns (rewarded reposts, calls for contributions) and reward people who take part.",
            "采取适当的方式对积极参与互动的网民给予鼓励",
        ));
    }
    if let Some(r) = s.get(ComponentKind::Reach).filter(|r| *r < cfg.reach_below) {
        out.push(rec(
            "P6",
            format!("reach {r:.0} < {}", cfg.reach_below),
            "与本地关注度高的论坛“博网联动”，在服务卡、窗口张贴微博二维码。",
            "Link up with popular local forums and print the account's QR code on service cards and counters.",
            "把政务微博与当地关注度较高的论坛进行'博网'联动",
        ));
    }
    if activity.posts >= cfg.series_min_posts && activity.hashtag_series.is_empty() {
        out.push(rec(
            "P7",
            format!("{} posts, no #话题# series", activity.posts),
            "做好选题策划，开设固定栏目（#话题#系列），让粉丝形成阅读期待。",
            "Plan topics and run fixed series (#hashtag# columns) so followers know what to expect.",
            "具体负责日常的选题策划、信息编辑和粉丝互动",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_diagnosis_has_bilingual_advice_with_a_source_point() {
        for k in DiagnosisKind::ALL {
            let r = for_diagnosis(k);
            assert!(!r.zh.is_empty() && !r.en.is_empty() && !r.quote_zh.is_empty());
            assert!(
                r.points.starts_with('P') || r.points.starts_with('D'),
                "{k:?}"
            );
            assert_eq!(r.trigger, k.as_str());
        }
    }
}
