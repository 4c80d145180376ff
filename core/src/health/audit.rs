//! The audit: one [`AccountReport`] per account and a league table, from a [`Dataset`] or
//! streamed record by record through an [`Auditor`].
//!
//! Streaming: the auditor keeps per post a timestamp, kind and id (activity), per account a
//! few sums, and per citizen message that calls for an answer ~24 bytes plus two hash-index
//! entries (responsiveness). Feed posts before the comments on them; comments whose post is
//! unknown are counted as `unattributed_comments`.

use super::activity::{Activity, ActivityAccumulator, ActivityConfig, Window};
use super::cohorts::{self, CohortBy, CohortRank, Coordination, Coverage, LeagueRow, Member};
use super::diagnoses::{Diagnoses, DiagnosisConfig, DiagnosisInputs, DiagnosisKind, diagnose};
use super::indices::{ReferenceIndices, reference_indices};
use super::recommendations::{Recommendation, RecommendationConfig, recommend};
use super::response::{KeyMap, ResponseConfig, ResponseTracker, key};
use super::scores::{ScoreConfig, ScoreInputs, Scores, score};
use super::signals::{
    ContentSignals, EVIDENCE_IDS, EngagementTotals, PostContent, RepostSources, ResponseSignals,
    push_evidence,
};
use crate::error::{Error, Result};
use crate::interaction::{InteractionConfig, InteractionReport, analyze};
use crate::model::{Account, Comment, Dataset, Mention, Post, Timestamp};
use crate::quality::{
    AccountQuality, QualityConfig, ReferenceCorpus, analyze_posts, summarize_account,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Everything the audit can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditConfig {
    /// The observation window. Default `None`: first to last post in the data (all accounts).
    pub window: Option<Window>,
    pub activity: ActivityConfig,
    pub scores: ScoreConfig,
    pub diagnoses: DiagnosisConfig,
    pub response: ResponseConfig,
    pub recommendations: RecommendationConfig,
    /// Cohorts for percentile ranks and coverage. Default by 省/市/县/所 level.
    pub cohort_by: CohortBy,
    /// Audit only listed accounts (the dataset's account list), not every post author.
    /// Default false.
    pub listed_only: bool,
    /// [`audit`] runs the interaction analysis (`zhengwu::interaction`: threads, intent
    /// classifier, responsiveness, closure, crisis) on each account's comments and mentions and
    /// scores responsiveness from it. Default true. When false, and always in the streaming
    /// [`Auditor`], responsiveness comes from the basic cue-based derivation
    /// ([`super::response`]).
    pub run_interaction: bool,
    /// Settings of the interaction analysis (`include_messages` is forced on internally to
    /// fill the latency buckets; per-message outcomes are then dropped from the report).
    pub interaction: InteractionConfig,
    /// Run the post-quality analysis (`zhengwu::quality`: post type, trivia, livelihood,
    /// officialese, reference-corpus duplicates) on each account's original posts (reposts are
    /// originality's business) for content quality, hollow-active and copier. Default true.
    /// [`audit`] also keeps each account's `AccountQuality` summary; the streaming [`Auditor`]
    /// analyses posts in batches and keeps only the sums.
    pub run_quality: bool,
    /// Settings of the post-quality analysis.
    pub quality: QualityConfig,
}

impl Default for AuditConfig {
    fn default() -> Self {
        AuditConfig {
            window: None,
            activity: ActivityConfig::default(),
            scores: ScoreConfig::default(),
            diagnoses: DiagnosisConfig::default(),
            response: ResponseConfig::default(),
            recommendations: RecommendationConfig::default(),
            cohort_by: CohortBy::default(),
            listed_only: false,
            run_interaction: true,
            interaction: InteractionConfig::default(),
            run_quality: true,
            quality: QualityConfig::default(),
        }
    }
}

/// The audit of one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountReport {
    pub account: Account,
    /// It came from an account list, not only from posts.
    pub listed: bool,
    pub activity: Activity,
    pub engagement: EngagementTotals,
    pub reposts: RepostSources,
    pub content: Option<ContentSignals>,
    /// The post-quality summary behind `content`, when [`audit`] ran it.
    pub quality: Option<AccountQuality>,
    pub response: Option<ResponseSignals>,
    /// The interaction analysis behind `response`, when [`audit`] ran it (per-message outcomes
    /// dropped).
    pub interaction: Option<InteractionReport>,
    pub scores: Scores,
    pub diagnoses: Diagnoses,
    pub indices: ReferenceIndices,
    pub recommendations: Vec<Recommendation>,
    pub coordination: Option<Coordination>,
    pub cohort: Option<CohortRank>,
}

/// The audit of a set of accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditReport {
    pub window: Window,
    pub accounts: Vec<AccountReport>,
    pub league: Vec<LeagueRow>,
    pub coverage: Vec<Coverage>,
    /// Accounts per diagnosis kind (an account can have several).
    pub diagnosis_counts: BTreeMap<String, u64>,
    /// Accounts per primary (first) diagnosis; sums to the number of accounts with one.
    pub primary_diagnosis_counts: BTreeMap<String, u64>,
    pub posts: u64,
    pub comments: u64,
    pub mentions: u64,
    /// Comments whose post was not among the posts fed.
    pub unattributed_comments: u64,
    /// Where the content and response signals came from.
    pub signal_sources: Vec<String>,
}

impl AuditReport {
    /// The report of one account.
    pub fn account(&self, id: &str) -> Option<&AccountReport> {
        self.accounts.iter().find(|a| a.account.id == id)
    }
}

#[derive(Debug, Clone, Default)]
struct State {
    account: Account,
    listed: bool,
    activity: ActivityAccumulator,
    engagement: EngagementTotals,
    sources: HashMap<String, u64>,
    reposts: RepostSources,
    content: Option<ContentSignals>,
    quality: Option<AccountQuality>,
    response: Option<ResponseSignals>,
    interaction: Option<InteractionReport>,
    reposts_of_parent: u64,
    parent_examples: Vec<String>,
}

/// Streaming audit: push accounts, posts, comments, mentions (and optionally per-post content
/// judgements or per-account signals), then [`Auditor::finish`].
#[derive(Debug, Clone)]
pub struct Auditor {
    cfg: AuditConfig,
    states: Vec<State>,
    index: HashMap<String, u32>,
    official: HashMap<String, Vec<u32>>,
    government: HashSet<String>,
    post_owner: KeyMap<u32>,
    tracker: ResponseTracker,
    first: Option<Timestamp>,
    last: Option<Timestamp>,
    posts: u64,
    comments: u64,
    mentions: u64,
    unattributed: u64,
    /// Analyse original posts' quality as they stream (batched).
    stream_quality: bool,
    reference: ReferenceCorpus,
    pending: Vec<(u32, Post)>,
}

/// Posts analysed together by the streaming quality pass (parallel with feature `parallel`).
const QUALITY_BATCH: usize = 4096;

impl Auditor {
    /// A new auditor; checks the configuration.
    pub fn new(cfg: AuditConfig) -> Result<Auditor> {
        cfg.scores.validate()?;
        let cfg_run_quality = cfg.run_quality;
        Ok(Auditor {
            tracker: ResponseTracker::new(cfg.response.clone()),
            cfg,
            states: Vec::new(),
            index: HashMap::new(),
            official: HashMap::new(),
            government: HashSet::new(),
            post_owner: KeyMap::default(),
            first: None,
            last: None,
            posts: 0,
            comments: 0,
            mentions: 0,
            unattributed: 0,
            stream_quality: cfg_run_quality,
            reference: ReferenceCorpus::empty(),
            pending: Vec::new(),
        })
    }

    /// Uses `corpus` (e.g. the agency's website pages) for the copier diagnosis.
    pub fn with_reference(mut self, corpus: ReferenceCorpus) -> Auditor {
        self.reference = corpus;
        self
    }

    fn flush_quality(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let (owners, posts): (Vec<u32>, Vec<Post>) =
            std::mem::take(&mut self.pending).into_iter().unzip();
        let qualities = analyze_posts(&posts, &self.cfg.quality);
        for ((i, p), q) in owners.iter().zip(&posts).zip(&qualities) {
            let dup = self
                .reference
                .find(
                    &p.id,
                    &p.text,
                    Some(p.created_at),
                    &self.cfg.quality.originality,
                )
                .is_some();
            let checked = !self.reference.is_empty();
            if let Some(s) = self.states.get_mut(*i as usize) {
                let c = s
                    .content
                    .get_or_insert_with(|| ContentSignals::new("zhengwu::quality"));
                c.reference_checked = checked;
                c.add(&PostContent::from_quality(q, dup));
            }
        }
    }

    /// Sets an account's post-quality summary and the content signals built from it.
    pub fn set_quality(
        &mut self,
        account_id: &str,
        summary: AccountQuality,
        content: ContentSignals,
    ) {
        if let Some(i) = self.state_of(account_id, None) {
            let s = &mut self.states[i as usize];
            s.quality = Some(summary);
            s.content = Some(content);
        }
    }

    fn state_of(&mut self, id: &str, name: Option<&str>) -> Option<u32> {
        if let Some(i) = self.index.get(id) {
            return Some(*i);
        }
        if self.cfg.listed_only {
            return None;
        }
        let i = self.states.len() as u32;
        self.states.push(State {
            account: Account {
                id: id.to_string(),
                name: name.map(str::to_string),
                ..Account::default()
            },
            ..State::default()
        });
        self.index.insert(id.to_string(), i);
        self.official.entry(id.to_string()).or_default().push(i);
        Some(i)
    }

    /// Adds a listed account (before its posts; a repeated id updates the record).
    pub fn push_account(&mut self, account: &Account) {
        if account.is_government() {
            self.government.insert(account.id.clone());
        }
        let i = match self.index.get(&account.id) {
            Some(i) => *i,
            None => {
                let i = self.states.len() as u32;
                self.states.push(State::default());
                self.index.insert(account.id.clone(), i);
                i
            }
        };
        for id in std::iter::once(&account.id).chain(account.affiliated_ids.iter()) {
            let v = self.official.entry(id.clone()).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
        let s = &mut self.states[i as usize];
        s.account = account.clone();
        s.listed = true;
    }

    /// Adds a post of any account.
    pub fn push_post(&mut self, post: &Post) {
        self.posts += 1;
        self.first = Some(
            self.first
                .map_or(post.created_at, |f| f.min(post.created_at)),
        );
        self.last = Some(
            self.last
                .map_or(post.created_at, |l| l.max(post.created_at)),
        );
        let Some(i) = self.state_of(&post.account_id, post.account_name.as_deref()) else {
            return;
        };
        self.post_owner.insert(key(&[&post.id]), i);
        let gov = &self.government;
        let s = &mut self.states[i as usize];
        if s.account.name.is_none() {
            s.account.name = post.account_name.clone();
        }
        s.activity.push(post);
        s.engagement.add(post.reposts, post.comments, post.likes);
        if post.repost() {
            let r = &mut s.reposts;
            r.reposts += 1;
            push_evidence(&mut r.examples, &post.id);
            let author = post.repost_of.as_ref().and_then(|o| o.author_id.as_deref());
            match author {
                Some(a) if a == post.account_id => r.of_self += 1,
                Some(a) => {
                    r.of_others += 1;
                    if gov.contains(a) {
                        r.of_government += 1;
                    }
                    if s.account.parent_id.as_deref() == Some(a) {
                        s.reposts_of_parent += 1;
                        push_evidence(&mut s.parent_examples, &post.id);
                    }
                }
                None => r.unknown_author += 1,
            }
            if let Some(o) = &post.repost_of {
                let label = o
                    .author_name
                    .clone()
                    .or_else(|| o.author_id.clone())
                    .unwrap_or_else(|| "?".into());
                // Bounded: a spam account reposting thousands of sources keeps 1,000 names.
                if s.sources.len() < 1000 || s.sources.contains_key(&label) {
                    *s.sources.entry(label).or_insert(0) += 1;
                }
            }
        }
        if self.stream_quality && !post.repost() {
            self.pending.push((i, post.clone()));
            if self.pending.len() >= QUALITY_BATCH {
                self.flush_quality();
            }
        }
    }

    /// Adds a comment on any post.
    pub fn push_comment(&mut self, c: &Comment) {
        self.comments += 1;
        let Some(owner) = self.post_owner.get(&key(&[&c.post_id])).copied() else {
            self.unattributed += 1;
            return;
        };
        let at = c.created_at.timestamp();
        let official = self
            .official
            .get(&c.author_id)
            .is_some_and(|v| v.contains(&owner));
        if official {
            self.tracker
                .official(owner, &c.post_id, c.parent_id.as_deref(), at, &c.text);
        } else {
            self.tracker.citizen(
                owner,
                &c.id,
                &c.post_id,
                c.author_name.as_deref(),
                at,
                &c.text,
                false,
            );
        }
    }

    /// Adds an @-mention of an audited account. Official comments on the mentioning post count
    /// as replies to it.
    pub fn push_mention(&mut self, m: &Mention) {
        self.mentions += 1;
        let Some(i) = self.index.get(&m.account_id).copied() else {
            return;
        };
        if self
            .official
            .get(&m.author_id)
            .is_some_and(|v| v.contains(&i))
        {
            return;
        }
        self.post_owner.insert(key(&[&m.id]), i);
        self.tracker.citizen(
            i,
            &m.id,
            &m.id,
            m.author_name.as_deref(),
            m.created_at.timestamp(),
            &m.text,
            true,
        );
    }

    /// Adds one post's content judgement (from post quality) to an account's content signals.
    pub fn push_content(&mut self, account_id: &str, content: &PostContent, source: &str) {
        if let Some(i) = self.state_of(account_id, None) {
            self.states[i as usize]
                .content
                .get_or_insert_with(|| ContentSignals::new(source))
                .add(content);
        }
    }

    /// Sets an account's content signals (replacing any pushed).
    pub fn set_content(&mut self, account_id: &str, content: ContentSignals) {
        if let Some(i) = self.state_of(account_id, None) {
            self.states[i as usize].content = Some(content);
        }
    }

    /// Sets an account's interaction report: its response signals replace the basic
    /// derivation, and the report is kept in the account's report (without per-message
    /// outcomes, which can be millions).
    pub fn set_interaction(&mut self, account_id: &str, mut report: InteractionReport) {
        if let Some(i) = self.state_of(account_id, None) {
            let s = &mut self.states[i as usize];
            s.response = Some(ResponseSignals::from(&report));
            report.message_outcomes = Vec::new();
            s.interaction = Some(report);
        }
    }

    /// Sets an account's response signals (e.g. from `zhengwu::interaction`), replacing the
    /// basic derivation from comments.
    pub fn set_response(&mut self, account_id: &str, response: ResponseSignals) {
        if let Some(i) = self.state_of(account_id, None) {
            self.states[i as usize].response = Some(response);
        }
    }

    /// Computes every account's report, ranks and the league table.
    pub fn finish(mut self) -> Result<AuditReport> {
        self.flush_quality();
        let window = match (self.cfg.window, self.first, self.last) {
            (Some(w), _, _) => w,
            (None, Some(start), Some(end)) => Window { start, end },
            _ => {
                return Err(Error::config(
                    "no posts and no window: give AuditConfig::window to audit silent accounts",
                ));
            }
        };
        let cfg = &self.cfg;
        let basic = self.tracker.finish();
        let mut sources = std::collections::BTreeSet::new();
        let mut reports: Vec<AccountReport> = Vec::with_capacity(self.states.len());
        for (i, s) in self.states.into_iter().enumerate() {
            let activity = s
                .activity
                .finish(window, s.account.lifetime_posts, &cfg.activity);
            let response = s.response.or_else(|| basic.get(i).cloned().flatten());
            if let Some(r) = &response {
                sources.insert(format!("response: {}", r.source));
            }
            if let Some(c) = &s.content {
                sources.insert(format!("content: {}", c.source));
            }
            let mut reposts = s.reposts;
            let mut top: Vec<(String, u64)> = s.sources.into_iter().collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            top.truncate(EVIDENCE_IDS);
            reposts.top_sources = top;
            let scores = score(
                ScoreInputs {
                    activity: &activity,
                    content: s.content.as_ref(),
                    response: response.as_ref(),
                    engagement: &s.engagement,
                    followers: s.account.followers,
                },
                &cfg.scores,
            );
            let diagnoses = diagnose(
                DiagnosisInputs {
                    account: &s.account,
                    listed: s.listed,
                    activity: &activity,
                    content: s.content.as_ref(),
                    response: response.as_ref(),
                    reposts: &reposts,
                },
                &cfg.diagnoses,
            );
            let mut diagnoses = diagnoses;
            // Post quality also recognises government sources by name (…局, …发布, 公安…):
            // "mostly of other departments" gets that figure as evidence.
            if let Some(share) = s.quality.as_ref().and_then(|q| q.government_repost_share) {
                for d in diagnoses
                    .found
                    .iter_mut()
                    .filter(|d| d.kind == DiagnosisKind::Echo)
                {
                    d.evidence
                        .figures
                        .insert("government_repost_share".into(), share);
                    d.evidence.notes.push(format!(
                        "{:.0}% of reposts with a known source are of government accounts",
                        100.0 * share
                    ));
                }
            }
            let indices = reference_indices(&s.engagement, &scores, s.content.as_ref());
            let recommendations = recommend(
                &diagnoses,
                &scores,
                s.content.as_ref(),
                &activity,
                &cfg.recommendations,
            );
            let coordination = s.account.parent_id.clone().map(|parent_id| Coordination {
                parent_id,
                posts: activity.posts,
                reposts_of_parent: s.reposts_of_parent,
                share: if activity.posts > 0 {
                    s.reposts_of_parent as f64 / activity.posts as f64
                } else {
                    0.0
                },
                examples: s.parent_examples,
            });
            reports.push(AccountReport {
                account: s.account,
                listed: s.listed,
                activity,
                engagement: s.engagement,
                reposts,
                content: s.content,
                quality: s.quality,
                response,
                interaction: s.interaction,
                scores,
                diagnoses,
                indices,
                recommendations,
                coordination,
                cohort: None,
            });
        }
        let members: Vec<Member> = reports.iter().map(member).collect();
        for (r, rank) in reports
            .iter_mut()
            .zip(cohorts::rank(&members, cfg.cohort_by))
        {
            r.cohort = Some(rank);
        }
        let mut diagnosis_counts = BTreeMap::new();
        let mut primary_diagnosis_counts = BTreeMap::new();
        for r in &reports {
            for d in &r.diagnoses.found {
                *diagnosis_counts
                    .entry(d.kind.as_str().to_string())
                    .or_insert(0) += 1;
            }
            if let Some(p) = r.diagnoses.primary() {
                *primary_diagnosis_counts
                    .entry(p.as_str().to_string())
                    .or_insert(0) += 1;
            }
        }
        Ok(AuditReport {
            window,
            league: cohorts::league_table(&members, cfg.cohort_by),
            coverage: cohorts::coverage(&members, cfg.cohort_by),
            accounts: reports,
            diagnosis_counts,
            primary_diagnosis_counts,
            posts: self.posts,
            comments: self.comments,
            mentions: self.mentions,
            unattributed_comments: self.unattributed,
            signal_sources: sources.into_iter().collect(),
        })
    }
}

/// What the cohort rankings read of an account's report. Public so that a league table under
/// another grouping can be made from a finished report (`cohorts::league_table`) without
/// auditing again.
pub fn member(r: &AccountReport) -> Member {
    Member {
        account_id: r.account.id.clone(),
        name: r.account.name.clone(),
        level: r.account.admin_level,
        system: r.account.system.clone(),
        observed: r.activity.posts > 0,
        overall: r.scores.overall,
        components: r
            .scores
            .components
            .iter()
            .map(|c| (c.kind.as_str().to_string(), c.score))
            .collect(),
        primary_diagnosis: r.diagnoses.primary().map(|k| k.as_str().to_string()),
    }
}

/// Audits every account of a dataset (listed accounts first, then other post authors): activity
/// and repost sources from the posts; responsiveness from the interaction analysis of each
/// account's comments and mentions (or the basic derivation when `run_interaction` is off).
pub fn audit(data: &Dataset, cfg: &AuditConfig) -> Result<AuditReport> {
    audit_with_reference(data, cfg, &ReferenceCorpus::empty())
}

/// [`audit`] with a reference corpus (the agency's website pages, …) for the copier diagnosis.
pub fn audit_with_reference(
    data: &Dataset,
    cfg: &AuditConfig,
    reference: &ReferenceCorpus,
) -> Result<AuditReport> {
    let mut a = Auditor::new(cfg.clone())?;
    // Quality runs per account below (with the account summary), not while streaming.
    a.stream_quality = false;
    for acc in &data.accounts {
        a.push_account(acc);
    }
    for p in &data.posts {
        a.push_post(p);
    }
    if cfg.run_quality {
        for (id, summary, content) in quality_summaries(&a, data, &cfg.quality, reference) {
            a.set_quality(&id, summary, content);
        }
    }
    if cfg.run_interaction && (!data.comments.is_empty() || !data.mentions.is_empty()) {
        for (id, report) in interaction_reports(&a, data, &cfg.interaction)? {
            a.set_interaction(&id, report);
        }
        // Counted for the summary, not re-analysed.
        a.comments += data.comments.len() as u64;
        a.mentions += data.mentions.len() as u64;
        a.unattributed += data
            .comments
            .iter()
            .filter(|c| !a.post_owner.contains_key(&key(&[&c.post_id])))
            .count() as u64;
    } else {
        for c in &data.comments {
            a.push_comment(c);
        }
        for m in &data.mentions {
            a.push_mention(m);
        }
    }
    a.finish()
}

/// Runs the post-quality analysis on each audited account's posts: the account summary over all
/// of them, and content signals over the original ones.
fn quality_summaries(
    a: &Auditor,
    data: &Dataset,
    cfg: &QualityConfig,
    reference: &ReferenceCorpus,
) -> Vec<(String, AccountQuality, ContentSignals)> {
    let mut posts: Vec<Vec<usize>> = vec![Vec::new(); a.states.len()];
    for (i, p) in data.posts.iter().enumerate() {
        if let Some(s) = a.index.get(&p.account_id) {
            posts[*s as usize].push(i);
        }
    }
    let mut out = Vec::new();
    for (s, idx) in posts.iter().enumerate() {
        if idx.is_empty() {
            continue;
        }
        let own: Vec<Post> = idx.iter().map(|i| data.posts[*i].clone()).collect();
        let qualities = analyze_posts(&own, cfg);
        let summary = summarize_account(&own, &qualities, reference, cfg);
        let copied: HashSet<&str> = summary
            .reference_matches
            .iter()
            .map(|m| m.post_id.as_str())
            .collect();
        let mut content = ContentSignals::new("zhengwu::quality");
        content.reference_checked = !reference.is_empty();
        for (p, q) in own.iter().zip(&qualities) {
            if !p.repost() {
                content.add(&PostContent::from_quality(
                    q,
                    copied.contains(p.id.as_str()),
                ));
            }
        }
        let id = a.states[s].account.id.clone();
        out.push((id, summary, content));
    }
    out
}

/// Runs `interaction::analyze` once per audited account that has comments or mentions, on that
/// account's own posts, the comments on them and the mentions of it.
fn interaction_reports(
    a: &Auditor,
    data: &Dataset,
    cfg: &InteractionConfig,
) -> Result<Vec<(String, InteractionReport)>> {
    let n = a.states.len();
    let mut posts: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut comments: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut mentions: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, p) in data.posts.iter().enumerate() {
        if let Some(s) = a.index.get(&p.account_id) {
            posts[*s as usize].push(i);
        }
    }
    // Comments under a citizen's @-mention belong to the mentioned account's conversations
    // (an official reply to a mention is a reply like any other).
    let mention_owner: std::collections::HashMap<&str, u32> = data
        .mentions
        .iter()
        .filter_map(|m| a.index.get(&m.account_id).map(|s| (m.id.as_str(), *s)))
        .collect();
    for (i, c) in data.comments.iter().enumerate() {
        let owner = a
            .post_owner
            .get(&key(&[&c.post_id]))
            .or_else(|| mention_owner.get(c.post_id.as_str()));
        if let Some(s) = owner {
            comments[*s as usize].push(i);
        }
    }
    for (i, m) in data.mentions.iter().enumerate() {
        if let Some(s) = a.index.get(&m.account_id) {
            mentions[*s as usize].push(i);
        }
    }
    // Latency buckets need per-message outcomes.
    let cfg = InteractionConfig {
        include_messages: true,
        ..cfg.clone()
    };
    let mut out = Vec::new();
    for s in 0..n {
        if comments[s].is_empty() && mentions[s].is_empty() {
            continue;
        }
        let account = &a.states[s].account;
        let own_posts: Vec<Post> = posts[s].iter().map(|i| data.posts[*i].clone()).collect();
        let own_comments: Vec<Comment> = comments[s]
            .iter()
            .map(|i| data.comments[*i].clone())
            .collect();
        let own_mentions: Vec<Mention> = mentions[s]
            .iter()
            .map(|i| data.mentions[*i].clone())
            .collect();
        let report = analyze(account, &own_posts, &own_comments, &own_mentions, &cfg)?;
        out.push((account.id.clone(), report));
    }
    Ok(out)
}
