//! Account health (BRIEF §3; DIGEST D1–D9, P5–P7): is the account alive, which kind of zombie
//! or near-zombie is it, how does it score against its peers, and what should it do?
//!
//! - [`activity`]: posts per week, days since the last (original) post, longest silence,
//!   regularity, hour × weekday profile, `#话题#` series;
//! - [`diagnoses`]: dormant / not observed / mute / hollow-active / echo / copier /
//!   broadcaster / healthy, each with evidence and configurable thresholds;
//! - [`scores`]: six components (0–100) and an overall score with documented weights;
//! - [`indices`]: BCI (exact), a 人民网-style composite and the 成都 60/20/20 ranking;
//! - [`cohorts`]: percentile ranks within a level or system, league tables, coverage,
//!   coordination;
//! - [`intervention`]: before/after effect of a dated action (P6);
//! - [`recommendations`]: advice per diagnosis, in Chinese and English, from P1–P12;
//! - [`report`]: the report card as text, self-contained HTML with inline SVG, and JSON;
//! - [`signals`]: the small input summaries (content, response, engagement) the scores read;
//! - [`response`]: a streaming, basic derivation of response signals from raw comments;
//! - [`audit()`]: all of it for every account of a [`Dataset`](crate::Dataset), or streamed
//!   through an [`Auditor`].
//!
//! ```
//! use zhengwu::health::{audit, AuditConfig};
//! use zhengwu::{Account, Dataset, Post};
//! use chrono::DateTime;
//!
//! let t = |s| DateTime::parse_from_rfc3339(s).unwrap();
//! let mut data = Dataset::default();
//! data.accounts.push(Account { id: "gov".into(), followers: Some(5_000),
//!     lifetime_posts: Some(121_000), verified_type: Some(1), ..Account::default() });
//! let mut p = Post::new("1", "other", t("2024-11-19T08:00:00+08:00"), "早上好");
//! p.is_repost = Some(false);
//! data.posts.push(p.clone());
//! p.id = "2".into();
//! p.created_at = t("2024-11-29T20:00:00+08:00");
//! data.posts.push(p);
//! let report = audit(&data, &AuditConfig::default()).unwrap();
//! let gov = report.account("gov").unwrap();
//! // Silent for the whole 10.5-day window, but 121,000 lifetime posts: not observed.
//! assert_eq!(gov.diagnoses.primary().map(|k| k.as_str()), Some("not_observed"));
//! ```

pub mod activity;
pub mod audit;
pub mod cohorts;
pub mod diagnoses;
pub mod indices;
pub mod intervention;
pub mod recommendations;
pub mod report;
pub mod response;
pub mod scores;
pub mod signals;

pub use activity::{Activity, ActivityConfig, Window};
pub use audit::{AccountReport, AuditConfig, AuditReport, Auditor, audit, audit_with_reference};
pub use diagnoses::{Diagnosis, DiagnosisConfig, DiagnosisKind, DormancyLevel};
pub use scores::{ScoreConfig, ScoreWeights, Scores};
pub use signals::{ContentSignals, EngagementTotals, PostContent, ResponseSignals};
