//! Diagnoses: the document's kinds of zombie and near-zombie account (D1–D9), each with the
//! evidence that triggered it and configurable thresholds; or *healthy*.
//!
//! | kind | 中文 | fires when (defaults) |
//! |---|---|---|
//! | `dormant` | 久不更新 | no original post for ≥ 14 days (fails inspection), ≥ 90 (僵尸 list), ≥ 365 (long dead), per 国办发〔2018〕123号 and provincial inspection reports |
//! | `not_observed` | 未观测到 | no original post in a window too short to call it dormant (no post at all, or only reposts), while the account exists (lifetime count > 0 or unknown) |
//! | `mute` | 装聋作哑 | ≥ 5 citizen messages called for an answer and ≤ 5% got one |
//! | `hollow_active` | 貌似活跃 | ≥ 7 posts/week and ≥ 50% of analysed posts are trivia |
//! | `echo` | 过度转发 | ≥ 5 posts, ≥ 60% reposts, ≥ 80% of them from other accounts |
//! | `copier` | 照搬网站 | ≥ 5 analysed posts, ≥ 30% duplicate the reference corpus |
//! | `broadcaster` | 只发布不回应 | ≥ 10 posts, ≥ 10 citizen messages, < 0.01 official replies per post |
//! | `healthy` | 健康 | observed, and none of the above fired |
//!
//! A diagnosis that cannot be evaluated (no comments → mute/broadcaster; no post-quality signals
//! → hollow-active/copier) is listed in `not_evaluated` with the reason, never silently passed.

use super::activity::Activity;
use super::signals::{ContentSignals, RepostSources, ResponseSignals};
use crate::model::Account;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Dormancy thresholds in days without an original post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DormancyThresholds {
    /// Fails the inspection standard, default 14 (国办发〔2018〕123号: 「两周未更新」 fails).
    pub fails_inspection_days: f64,
    /// Belongs on a 僵尸 list, default 90 (provincial inspections list accounts not updated for
    /// three months).
    pub zombie_days: f64,
    /// Long dead, default 365.
    pub long_dead_days: f64,
}

impl Default for DormancyThresholds {
    fn default() -> Self {
        DormancyThresholds {
            fails_inspection_days: 14.0,
            zombie_days: 90.0,
            long_dead_days: 365.0,
        }
    }
}

/// Diagnosis thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DiagnosisConfig {
    pub dormancy: DormancyThresholds,
    /// Mute: at least this many messages needing an answer… (default 5)
    pub mute_min_needs_reply: u64,
    /// …and a reply rate at most this (default 0.05: "almost never").
    pub mute_max_reply_rate: f64,
    /// Hollow-active: posts per week at least this ("posts often", default 7)…
    pub hollow_min_posts_per_week: f64,
    /// …and a trivia share at least this (default 0.5).
    pub hollow_min_trivia_share: f64,
    /// Echo: at least this many posts (default 5)…
    pub echo_min_posts: u64,
    /// …a repost share at least this (default 0.6)…
    pub echo_min_repost_share: f64,
    /// …and a share of reposts from other accounts at least this (default 0.8).
    pub echo_min_other_share: f64,
    /// Copier: at least this many analysed posts (default 5)…
    pub copier_min_posts: u64,
    /// …and a duplicate share at least this (default 0.3).
    pub copier_min_duplicate_share: f64,
    /// Broadcaster: at least this many posts (default 10)…
    pub broadcaster_min_posts: u64,
    /// …at least this many citizen messages (default 10; nobody commenting is not the
    /// account's silence)…
    pub broadcaster_min_citizen_messages: u64,
    /// …and fewer official replies per post than this (default 0.01).
    pub broadcaster_max_replies_per_post: f64,
}

impl Default for DiagnosisConfig {
    fn default() -> Self {
        DiagnosisConfig {
            dormancy: DormancyThresholds::default(),
            mute_min_needs_reply: 5,
            mute_max_reply_rate: 0.05,
            hollow_min_posts_per_week: 7.0,
            hollow_min_trivia_share: 0.5,
            echo_min_posts: 5,
            echo_min_repost_share: 0.6,
            echo_min_other_share: 0.8,
            copier_min_posts: 5,
            copier_min_duplicate_share: 0.3,
            broadcaster_min_posts: 10,
            broadcaster_min_citizen_messages: 10,
            broadcaster_max_replies_per_post: 0.01,
        }
    }
}

/// Kinds of diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosisKind {
    Dormant,
    NotObserved,
    Mute,
    HollowActive,
    Echo,
    Copier,
    Broadcaster,
    Healthy,
}

impl DiagnosisKind {
    pub const ALL: [DiagnosisKind; 8] = [
        DiagnosisKind::Dormant,
        DiagnosisKind::NotObserved,
        DiagnosisKind::Mute,
        DiagnosisKind::HollowActive,
        DiagnosisKind::Echo,
        DiagnosisKind::Copier,
        DiagnosisKind::Broadcaster,
        DiagnosisKind::Healthy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosisKind::Dormant => "dormant",
            DiagnosisKind::NotObserved => "not_observed",
            DiagnosisKind::Mute => "mute",
            DiagnosisKind::HollowActive => "hollow_active",
            DiagnosisKind::Echo => "echo",
            DiagnosisKind::Copier => "copier",
            DiagnosisKind::Broadcaster => "broadcaster",
            DiagnosisKind::Healthy => "healthy",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            DiagnosisKind::Dormant => "久不更新",
            DiagnosisKind::NotObserved => "未观测到",
            DiagnosisKind::Mute => "装聋作哑",
            DiagnosisKind::HollowActive => "貌似活跃",
            DiagnosisKind::Echo => "过度转发",
            DiagnosisKind::Copier => "照搬网站",
            DiagnosisKind::Broadcaster => "只发布不回应",
            DiagnosisKind::Healthy => "健康",
        }
    }
}

/// How dormant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DormancyLevel {
    /// ≥ `fails_inspection_days`: fails the inspection standard.
    FailsInspection,
    /// ≥ `zombie_days`: 僵尸 list.
    Zombie,
    /// ≥ `long_dead_days`.
    LongDead,
}

impl DormancyLevel {
    /// `fails_inspection`, `zombie`, `long_dead`.
    pub fn as_str(self) -> &'static str {
        match self {
            DormancyLevel::FailsInspection => "fails_inspection",
            DormancyLevel::Zombie => "zombie",
            DormancyLevel::LongDead => "long_dead",
        }
    }
}

/// What a diagnosis rests on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// Named figures (days, shares, counts).
    pub figures: BTreeMap<String, f64>,
    /// Post ids that illustrate it.
    pub post_ids: Vec<String>,
    /// Comment or mention ids that illustrate it.
    pub message_ids: Vec<String>,
    /// Plain-language facts ("lifetime count 121,000 posts; none in the 10.9-day window").
    pub notes: Vec<String>,
}

/// One diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub kind: DiagnosisKind,
    /// For `dormant`: how long.
    pub level: Option<DormancyLevel>,
    /// For `dormant`: whether the silence is measured (a last original post exists) or only a
    /// lower bound (silent in the whole window).
    pub lower_bound: bool,
    /// One line in English.
    pub summary: String,
    /// The same line in Chinese, for Chinese report cards (the dashboard's 中文 labels).
    #[serde(default)]
    pub summary_zh: String,
    pub evidence: Evidence,
}

/// A diagnosis that could not be evaluated, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotEvaluated {
    pub kind: DiagnosisKind,
    pub reason: String,
}

/// The diagnoses of one account.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Diagnoses {
    pub found: Vec<Diagnosis>,
    pub not_evaluated: Vec<NotEvaluated>,
}

impl Diagnoses {
    pub fn has(&self, kind: DiagnosisKind) -> bool {
        self.found.iter().any(|d| d.kind == kind)
    }

    /// The first (most serious) diagnosis.
    pub fn primary(&self) -> Option<DiagnosisKind> {
        self.found.first().map(|d| d.kind)
    }
}

/// Everything the diagnoses read.
#[derive(Debug, Clone, Copy)]
pub struct DiagnosisInputs<'a> {
    pub account: &'a Account,
    /// True when the account came from an account list (not only from its own posts).
    pub listed: bool,
    pub activity: &'a Activity,
    pub content: Option<&'a ContentSignals>,
    pub response: Option<&'a ResponseSignals>,
    pub reposts: &'a RepostSources,
}

fn fig(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn level_for(days: f64, t: &DormancyThresholds) -> Option<DormancyLevel> {
    if days >= t.long_dead_days {
        Some(DormancyLevel::LongDead)
    } else if days >= t.zombie_days {
        Some(DormancyLevel::Zombie)
    } else if days >= t.fails_inspection_days {
        Some(DormancyLevel::FailsInspection)
    } else {
        None
    }
}

/// Runs every diagnosis. Order of `found`: dormant / not observed first, then the
/// near-zombie kinds, then healthy.
pub fn diagnose(input: DiagnosisInputs<'_>, cfg: &DiagnosisConfig) -> Diagnoses {
    let mut out = Diagnoses::default();
    let a = input.activity;
    dormancy(&input, cfg, &mut out);

    // Mute.
    match input.response {
        Some(r) if r.needs_reply >= cfg.mute_min_needs_reply => {
            let rate = r.reply_rate().unwrap_or(0.0);
            if rate <= cfg.mute_max_reply_rate {
                out.found.push(Diagnosis {
                    kind: DiagnosisKind::Mute,
                    level: None,
                    lower_bound: false,
                    summary: format!(
                        "{} of {} citizen messages that called for an answer got one ({:.0}%)",
                        r.answered.min(r.needs_reply),
                        r.needs_reply,
                        100.0 * rate
                    ),
                    summary_zh: format!(
                        "需要回应的 {} 条网民留言中，{} 条得到回复（{:.0}%）",
                        r.needs_reply,
                        r.answered.min(r.needs_reply),
                        100.0 * rate
                    ),
                    evidence: Evidence {
                        figures: fig(&[
                            ("needs_reply", r.needs_reply as f64),
                            ("answered", r.answered as f64),
                            ("reply_rate", rate),
                            ("backlog", r.backlog() as f64),
                        ]),
                        message_ids: r.unanswered_examples.clone(),
                        ..Evidence::default()
                    },
                });
            }
        }
        Some(r) => out.not_evaluated.push(NotEvaluated {
            kind: DiagnosisKind::Mute,
            reason: format!(
                "only {} messages called for an answer (needs {})",
                r.needs_reply, cfg.mute_min_needs_reply
            ),
        }),
        None => out.not_evaluated.push(NotEvaluated {
            kind: DiagnosisKind::Mute,
            reason: "no comments or mentions in the data".into(),
        }),
    }

    // Hollow-active.
    match input.content.filter(|c| c.analysed_posts > 0) {
        Some(c) => {
            let trivia = c.trivia_share().unwrap_or(0.0);
            if a.posts_per_week >= cfg.hollow_min_posts_per_week
                && trivia >= cfg.hollow_min_trivia_share
            {
                out.found.push(Diagnosis {
                    kind: DiagnosisKind::HollowActive,
                    level: None,
                    lower_bound: false,
                    summary: format!(
                        "{:.1} posts/week, but {:.0}% of analysed posts are trivia",
                        a.posts_per_week,
                        100.0 * trivia
                    ),
                    summary_zh: format!(
                        "每周发帖 {:.1} 条，但分析的帖子中 {:.0}% 是琐碎内容",
                        a.posts_per_week,
                        100.0 * trivia
                    ),
                    evidence: Evidence {
                        figures: fig(&[
                            ("posts_per_week", a.posts_per_week),
                            ("trivia_share", trivia),
                            ("analysed_posts", c.analysed_posts as f64),
                        ]),
                        post_ids: c.trivia_examples.clone(),
                        ..Evidence::default()
                    },
                });
            }
        }
        None => out.not_evaluated.push(NotEvaluated {
            kind: DiagnosisKind::HollowActive,
            reason: "no original post analysed for post quality (post types)".into(),
        }),
    }

    // Echo.
    let rp = input.reposts;
    let known = a.originals + a.reposts;
    if a.posts >= cfg.echo_min_posts && known > 0 {
        let repost_share = a.reposts as f64 / known as f64;
        let with_author = rp.of_self + rp.of_others;
        let other_share = if with_author > 0 {
            rp.of_others as f64 / with_author as f64
        } else {
            // Authors unknown: every repost is presumed of another account (a self-repost is
            // rare and would name its author).
            1.0
        };
        if repost_share >= cfg.echo_min_repost_share && other_share >= cfg.echo_min_other_share {
            let mut notes = Vec::new();
            if !rp.top_sources.is_empty() {
                notes.push(format!(
                    "most reposted: {}",
                    rp.top_sources
                        .iter()
                        .take(3)
                        .map(|(n, c)| format!("{n} ({c})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            out.found.push(Diagnosis {
                kind: DiagnosisKind::Echo,
                level: None,
                lower_bound: false,
                summary: format!(
                    "{:.0}% of its posts are reposts, {:.0}% of them from other accounts",
                    100.0 * repost_share,
                    100.0 * other_share
                ),
                summary_zh: format!(
                    "{:.0}% 的帖子是转发，其中 {:.0}% 转自其他账号",
                    100.0 * repost_share,
                    100.0 * other_share
                ),
                evidence: Evidence {
                    figures: fig(&[
                        ("repost_share", repost_share),
                        ("other_share", other_share),
                        ("reposts_of_government", rp.of_government as f64),
                    ]),
                    post_ids: rp.examples.clone(),
                    notes,
                    ..Evidence::default()
                },
            });
        }
    } else if a.posts > 0 && known == 0 {
        out.not_evaluated.push(NotEvaluated {
            kind: DiagnosisKind::Echo,
            reason: "the source gives no repost flag".into(),
        });
    }

    // Copier.
    match input.content.filter(|c| c.analysed_posts > 0) {
        Some(c) if !c.reference_checked => out.not_evaluated.push(NotEvaluated {
            kind: DiagnosisKind::Copier,
            reason: "no reference corpus given (website pages to compare with)".into(),
        }),
        Some(c) if c.analysed_posts >= cfg.copier_min_posts => {
            let dup = c.duplicate_share().unwrap_or(0.0);
            if dup >= cfg.copier_min_duplicate_share {
                out.found.push(Diagnosis {
                    kind: DiagnosisKind::Copier,
                    level: None,
                    lower_bound: false,
                    summary: format!(
                        "{:.0}% of analysed posts duplicate the reference corpus",
                        100.0 * dup
                    ),
                    summary_zh: format!(
                        "分析的帖子中 {:.0}% 与参照语料（网站页面）重复",
                        100.0 * dup
                    ),
                    evidence: Evidence {
                        figures: fig(&[
                            ("duplicate_share", dup),
                            ("analysed_posts", c.analysed_posts as f64),
                        ]),
                        post_ids: c.duplicate_examples.clone(),
                        ..Evidence::default()
                    },
                });
            }
        }
        Some(_) => {}
        None => out.not_evaluated.push(NotEvaluated {
            kind: DiagnosisKind::Copier,
            reason: "no original post analysed for post quality (reference-corpus duplicates)"
                .into(),
        }),
    }

    // Broadcaster.
    match input.response {
        Some(r)
            if a.posts >= cfg.broadcaster_min_posts
                && r.citizen_messages >= cfg.broadcaster_min_citizen_messages =>
        {
            let per_post = r.official_replies as f64 / a.posts as f64;
            if per_post < cfg.broadcaster_max_replies_per_post {
                out.found.push(Diagnosis {
                    kind: DiagnosisKind::Broadcaster,
                    level: None,
                    lower_bound: false,
                    summary: format!(
                        "{} posts and {} citizen messages, {} official replies",
                        a.posts, r.citizen_messages, r.official_replies
                    ),
                    summary_zh: format!(
                        "发帖 {} 条、网民留言 {} 条，官方回复 {} 条",
                        a.posts, r.citizen_messages, r.official_replies
                    ),
                    evidence: Evidence {
                        figures: fig(&[
                            ("posts", a.posts as f64),
                            ("citizen_messages", r.citizen_messages as f64),
                            ("official_replies", r.official_replies as f64),
                            ("replies_per_post", per_post),
                        ]),
                        message_ids: r.unanswered_examples.clone(),
                        ..Evidence::default()
                    },
                });
            }
        }
        Some(_) => {}
        None => out.not_evaluated.push(NotEvaluated {
            kind: DiagnosisKind::Broadcaster,
            reason: "no comments or mentions in the data".into(),
        }),
    }

    let observed = a.posts > 0;
    if observed && out.found.is_empty() {
        out.found.push(Diagnosis {
            kind: DiagnosisKind::Healthy,
            level: None,
            lower_bound: false,
            summary: format!(
                "posting ({:.1}/week, last original {:.1} days before the window end); no diagnosis fired{}",
                a.posts_per_week,
                a.original_silence_at_least_days,
                if out.not_evaluated.is_empty() {
                    String::new()
                } else {
                    format!(" ({} not evaluable)", out.not_evaluated.len())
                }
            ),
            summary_zh: format!(
                "正常发帖（每周 {:.1} 条，最近一条原创距观察期末 {:.1} 天）；未触发任何诊断{}",
                a.posts_per_week,
                a.original_silence_at_least_days,
                if out.not_evaluated.is_empty() {
                    String::new()
                } else {
                    format!("（{} 项无法评估）", out.not_evaluated.len())
                }
            ),
            evidence: Evidence {
                figures: fig(&[("posts", a.posts as f64), ("posts_per_week", a.posts_per_week)]),
                post_ids: a.last_post.iter().map(|p| p.id.clone()).collect(),
                ..Evidence::default()
            },
        });
    }
    out
}

fn dormancy(input: &DiagnosisInputs<'_>, cfg: &DiagnosisConfig, out: &mut Diagnoses) {
    let a = input.activity;
    let t = &cfg.dormancy;
    let lifetime = input.account.lifetime_posts;
    let mut notes = Vec::new();
    let mut figures = fig(&[("window_days", a.window_days)]);
    if let Some(l) = lifetime {
        figures.insert("lifetime_posts".into(), l as f64);
    }
    if let Some(last) = &a.last_original {
        let days = a.days_since_last_original.unwrap_or(0.0);
        figures.insert("days_since_last_original".into(), days);
        if let Some(level) = level_for(days, t) {
            notes.push(format!(
                "last original post {} on {}",
                last.id,
                last.at.format("%Y-%m-%d")
            ));
            out.found.push(Diagnosis {
                kind: DiagnosisKind::Dormant,
                level: Some(level),
                lower_bound: false,
                summary: format!("no original post for {days:.1} days"),
                summary_zh: format!("已 {days:.1} 天没有原创帖"),
                evidence: Evidence {
                    figures,
                    post_ids: vec![last.id.clone()],
                    notes,
                    ..Evidence::default()
                },
            });
        }
        return;
    }
    // No original post in the window: we only know a lower bound on the silence.
    let at_least = a.original_silence_at_least_days;
    figures.insert("silent_at_least_days".into(), at_least);
    figures.insert("posts_in_window".into(), a.posts as f64);
    let never_posted = lifetime == Some(0);
    if a.posts > 0 {
        notes.push(format!(
            "{} posts in the window, all reposts: no original post",
            a.posts
        ));
    } else {
        notes.push(format!(
            "no post at all in the {:.1}-day window",
            a.window_days
        ));
    }
    if let Some(l) = lifetime {
        notes.push(if never_posted {
            "lifetime post count 0: it has never posted".to_string()
        } else {
            format!("lifetime post count {l}: it has posted before, the window cannot say when")
        });
    }
    // A never-posting account has been silent since it was created.
    let mut bound = at_least;
    if never_posted && let Some(created) = input.account.created_at {
        let age = (a.window.end - created).num_seconds() as f64 / 86_400.0;
        if age > bound {
            bound = age;
            figures.insert("account_age_days".into(), age);
        }
    }
    match level_for(bound, t) {
        Some(level) => out.found.push(Diagnosis {
            kind: DiagnosisKind::Dormant,
            level: Some(level),
            lower_bound: true,
            summary: format!("no original post for at least {bound:.1} days"),
            summary_zh: format!("至少 {bound:.1} 天没有原创帖"),
            evidence: Evidence {
                figures,
                notes,
                ..Evidence::default()
            },
        }),
        None if never_posted => out.found.push(Diagnosis {
            kind: DiagnosisKind::Dormant,
            level: None,
            lower_bound: true,
            summary: "listed account that has never posted".into(),
            summary_zh: "名录中的账号，从未发过帖".into(),
            evidence: Evidence {
                figures,
                notes,
                ..Evidence::default()
            },
        }),
        None => {
            notes.push(format!(
                "the window ({:.1} days) is shorter than the {}-day dormancy bar: not observed, not proven dormant",
                a.window_days, t.fails_inspection_days
            ));
            let (summary, summary_zh) = if a.posts == 0 {
                (
                    format!(
                        "{} but no post in the {:.1}-day window",
                        if input.listed { "listed" } else { "known" },
                        a.window_days
                    ),
                    format!(
                        "{}，但 {:.1} 天的观察期内没有发帖",
                        if input.listed {
                            "名录中有此账号"
                        } else {
                            "已知此账号"
                        },
                        a.window_days
                    ),
                )
            } else {
                (
                    format!(
                        "only reposts in the {:.1}-day window: no original post observed",
                        a.window_days
                    ),
                    format!("{:.1} 天的观察期内只有转发，未见原创帖", a.window_days),
                )
            };
            out.found.push(Diagnosis {
                kind: DiagnosisKind::NotObserved,
                level: None,
                lower_bound: true,
                summary,
                summary_zh,
                evidence: Evidence {
                    figures,
                    notes,
                    ..Evidence::default()
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::activity::{ActivityConfig, Window, activity};
    use chrono::DateTime;

    fn w(start: &str, end: &str) -> Window {
        Window {
            start: DateTime::parse_from_rfc3339(start).expect("t"),
            end: DateTime::parse_from_rfc3339(end).expect("t"),
        }
    }

    fn run(account: &Account, window: Window) -> Diagnoses {
        let a = activity(
            &[],
            window,
            account.lifetime_posts,
            &ActivityConfig::default(),
        );
        diagnose(
            DiagnosisInputs {
                account,
                listed: true,
                activity: &a,
                content: None,
                response: None,
                reposts: &RepostSources::default(),
            },
            &DiagnosisConfig::default(),
        )
    }

    #[test]
    fn short_window_silence_is_not_observed_with_lifetime_evidence() {
        let acc = Account {
            id: "x".into(),
            lifetime_posts: Some(121_000),
            ..Account::default()
        };
        let d = run(
            &acc,
            w("2024-11-19T00:00:00+08:00", "2024-11-29T22:07:44+08:00"),
        );
        assert_eq!(d.primary(), Some(DiagnosisKind::NotObserved));
        let e = &d.found[0].evidence;
        assert_eq!(e.figures.get("lifetime_posts"), Some(&121_000.0));
        assert!(!d.has(DiagnosisKind::Healthy));
    }

    #[test]
    fn long_window_silence_is_dormant_lower_bound() {
        let acc = Account {
            id: "x".into(),
            lifetime_posts: Some(50),
            ..Account::default()
        };
        let d = run(
            &acc,
            w("2024-01-01T00:00:00+08:00", "2024-06-01T00:00:00+08:00"),
        );
        assert_eq!(d.primary(), Some(DiagnosisKind::Dormant));
        assert_eq!(d.found[0].level, Some(DormancyLevel::Zombie));
        assert!(d.found[0].lower_bound);
    }

    #[test]
    fn reposts_only_in_a_short_window_is_not_observed_not_healthy() {
        let acc = Account {
            id: "x".into(),
            ..Account::default()
        };
        let window = w("2024-11-19T00:00:00+08:00", "2024-11-29T00:00:00+08:00");
        let mut p = crate::model::Post::new("1", "x", window.end, "转发微博");
        p.is_repost = Some(true);
        let a = activity(&[p], window, None, &ActivityConfig::default());
        let d = diagnose(
            DiagnosisInputs {
                account: &acc,
                listed: true,
                activity: &a,
                content: None,
                response: None,
                reposts: &RepostSources::default(),
            },
            &DiagnosisConfig::default(),
        );
        assert_eq!(d.primary(), Some(DiagnosisKind::NotObserved));
        assert!(d.found[0].summary.contains("only reposts"));
        assert!(!d.has(DiagnosisKind::Healthy));
    }

    #[test]
    fn never_posted_is_dormant_even_in_a_short_window() {
        let acc = Account {
            id: "x".into(),
            lifetime_posts: Some(0),
            ..Account::default()
        };
        let d = run(
            &acc,
            w("2024-11-19T00:00:00+08:00", "2024-11-29T00:00:00+08:00"),
        );
        assert_eq!(d.primary(), Some(DiagnosisKind::Dormant));
    }

    /// The numbers in a line, in order of size (the Chinese sentence orders them differently).
    fn numbers(line: &str) -> Vec<String> {
        let mut out: Vec<String> = line
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map(|t| t.trim_matches('.'))
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        out.sort();
        out
    }

    #[test]
    fn every_diagnosis_has_a_chinese_summary_with_the_same_figures() {
        let data = crate::sample::generate(7);
        let report = crate::health::audit(&data, &Default::default()).unwrap();
        let mut kinds = std::collections::BTreeSet::new();
        for a in &report.accounts {
            for d in &a.diagnoses.found {
                kinds.insert(d.kind.as_str());
                assert!(
                    d.summary_zh
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{}: {:?}",
                    d.kind.as_str(),
                    d.summary_zh
                );
                assert_eq!(
                    numbers(&d.summary),
                    numbers(&d.summary_zh),
                    "{} vs {}",
                    d.summary,
                    d.summary_zh
                );
            }
        }
        // The sample exercises most kinds; each one checked above has both languages.
        assert!(kinds.len() >= 4, "{kinds:?}");
    }
}
