//! Post quality aggregated over one account: the type distribution, the means, originality
//! (reposts, reposts of government accounts, near-duplicates of its own posts and of a reference
//! corpus) and topic diversity. This is what the account-health analysis reads; every field the
//! health scores use is named here and documented.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::originality::{OwnDuplicate, ReferenceCorpus, ReferenceMatch, own_duplicates};
use super::{Orientation, PostQuality, PostType, QualityConfig, round4};
use crate::model::Post;
use crate::text::normalize;

/// Post quality of one account, aggregated. Shares are in [0, 1] over `posts` unless said
/// otherwise; means are over the posts that have the measure. All `None`/empty when `posts == 0`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AccountQuality {
    /// The account of the first post (posts of several accounts are summarised together).
    pub account_id: Option<String>,
    /// Posts summarised.
    pub posts: usize,
    /// Posts per type.
    pub type_counts: BTreeMap<PostType, usize>,
    /// Share of posts per type.
    pub type_shares: BTreeMap<PostType, f64>,
    /// Most frequent deciding cues per type, with counts (evidence for the distribution).
    pub type_top_cues: BTreeMap<PostType, Vec<(String, usize)>>,
    /// Share of posts of type `trivia` (D3: 'hollow-active' when high).
    pub trivia_share: f64,
    /// Share of posts that are reposts (D7).
    pub repost_share: f64,
    /// Share of posts known to be original (not reposts): `1 - repost_share` when every post's
    /// status is known; lower when the source cannot tell.
    pub original_share: f64,
    /// Among reposts whose source is known, the share whose source is a government account
    /// (listed in `government_accounts` or with a government name marker) — D7 echo chamber.
    pub government_repost_share: Option<f64>,
    /// Repost sources (account name or id) with counts, most frequent first (at most 20).
    pub repost_sources: Vec<(String, usize)>,
    /// Mean officialese score (P3).
    pub officialese_mean: f64,
    /// Mean plain-language score (P3).
    pub plain_language_mean: f64,
    /// Mean livelihood score (P1).
    pub livelihood_mean: f64,
    /// Share of posts with a livelihood score ≥ 0.5 (clearly public-service content).
    pub livelihood_share: f64,
    /// Mean audience score (P2; positive = citizen-facing).
    pub audience_mean: f64,
    /// Share of citizen-oriented posts.
    pub citizen_share: f64,
    /// Share of self-centred posts (D4: only 本单位的日常工作动态).
    pub self_share: f64,
    /// Mean characters per sentence.
    pub chars_per_sentence_mean: f64,
    /// Mean words per sentence.
    pub words_per_sentence_mean: f64,
    /// Mean share of rare characters.
    pub rare_char_share_mean: f64,
    /// Mean share of rare words.
    pub rare_word_share_mean: f64,
    /// Mean 徐巍 et al. readability3.
    pub xu_readability3_mean: f64,
    /// Share of posts longer than the length norm (140).
    pub over_length_norm_share: f64,
    /// Share of posts with media attached (from the post or its link cards).
    pub media_share: f64,
    /// Posts with a verse.
    pub verse_posts: usize,
    /// Share of posts with an actionable detail (hotline, phone, address, hours, date, link, steps).
    pub actionable_share: f64,
    /// Pairs of near-duplicate own posts (D6 staleness), each with the earlier post.
    pub own_duplicates: Vec<OwnDuplicate>,
    /// Share of posts that repeat an earlier own post.
    pub own_duplicate_share: f64,
    /// Posts copied from the reference corpus, with the document, coverage, evidence and lag (D6).
    pub reference_matches: Vec<ReferenceMatch>,
    /// Share of posts copied from the reference corpus; `None` when no corpus was given.
    pub reference_duplicate_share: Option<f64>,
    /// Median lag (hours) of copied posts behind their reference, when times are known.
    pub reference_lag_hours_median: Option<f64>,
    /// Normalised entropy (0 = one type, 1 = uniform) of the type distribution.
    pub type_entropy: f64,
    /// Normalised entropy of livelihood categories over posts.
    pub category_entropy: f64,
    /// Normalised entropy of the posts' top keywords (topic diversity).
    pub keyword_entropy: f64,
    /// Most frequent keywords, counted over the top 3 TF-IDF keywords of each post.
    pub top_keywords: Vec<(String, usize)>,
    /// Central keywords by TextRank over the account: PageRank on the graph linking the TF-IDF
    /// keywords that occur in the same post (weight normalised so the best is 1; at most 20).
    pub top_keywords_textrank: Vec<super::Keyword>,
}

/// Normalised Shannon entropy of counts: H / ln(k) for k ≥ 2 categories, else 0.
pub fn normalized_entropy<I: IntoIterator<Item = usize>>(counts: I) -> f64 {
    let c: Vec<f64> = counts
        .into_iter()
        .filter(|&n| n > 0)
        .map(|n| n as f64)
        .collect();
    if c.len() < 2 {
        return 0.0;
    }
    let total: f64 = c.iter().sum();
    let h: f64 = c.iter().map(|n| -(n / total) * (n / total).ln()).sum();
    h / (c.len() as f64).ln()
}

fn top_counts(map: HashMap<String, usize>, k: usize) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(k);
    v
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Aggregates `qualities` (from [`super::analyze_posts`] on `posts`) over the account, and looks
/// every post up in `reference` (use [`ReferenceCorpus::empty`] when there is none).
pub fn summarize_account(
    posts: &[Post],
    qualities: &[PostQuality],
    reference: &ReferenceCorpus,
    config: &QualityConfig,
) -> AccountQuality {
    let by_id: HashMap<&str, &PostQuality> =
        qualities.iter().map(|q| (q.post_id.as_str(), q)).collect();
    let pairs: Vec<(&Post, &PostQuality)> = posts
        .iter()
        .filter_map(|p| by_id.get(p.id.as_str()).map(|q| (p, *q)))
        .collect();
    let n = pairs.len();
    let mut out = AccountQuality {
        account_id: posts.first().map(|p| p.account_id.clone()),
        posts: n,
        ..AccountQuality::default()
    };
    if n == 0 {
        return out;
    }
    let nf = n as f64;
    let share = |k: usize| round4(k as f64 / nf);
    let mean =
        |f: &dyn Fn(&PostQuality) -> f64| round4(pairs.iter().map(|(_, q)| f(q)).sum::<f64>() / nf);

    let mut cue_counts: BTreeMap<PostType, HashMap<String, usize>> = BTreeMap::new();
    for (_, q) in &pairs {
        *out.type_counts.entry(q.post_type.kind).or_insert(0) += 1;
        let mut seen: Vec<&str> = Vec::new();
        for c in &q.post_type.cues {
            if !seen.contains(&c.cue.as_str()) {
                seen.push(&c.cue);
                *cue_counts
                    .entry(q.post_type.kind)
                    .or_default()
                    .entry(c.cue.clone())
                    .or_insert(0) += 1;
            }
        }
    }
    out.type_shares = out
        .type_counts
        .iter()
        .map(|(t, &c)| (*t, share(c)))
        .collect();
    out.type_top_cues = cue_counts
        .into_iter()
        .map(|(t, m)| (t, top_counts(m, 5)))
        .collect();
    out.trivia_share = share(*out.type_counts.get(&PostType::Trivia).unwrap_or(&0));

    // Originality: reposts and their sources.
    let reposts: Vec<(&Post, &PostQuality)> = pairs
        .iter()
        .copied()
        .filter(|(_, q)| q.post_type.kind == PostType::Repost)
        .collect();
    out.repost_share = share(reposts.len());
    out.original_share = share(
        pairs
            .iter()
            .filter(|(p, q)| {
                q.post_type.kind != PostType::Repost && (p.original() || p.is_repost.is_none())
            })
            .count(),
    );
    let mut sources: HashMap<String, usize> = HashMap::new();
    let (mut known, mut gov) = (0usize, 0usize);
    let ocfg = &config.originality;
    for (p, q) in &reposts {
        let source = p
            .repost_of
            .as_ref()
            .and_then(|r| r.author_name.clone().or_else(|| r.author_id.clone()))
            .or_else(|| q.text.repost_chain.last().cloned());
        if let Some(s) = source {
            known += 1;
            let is_gov = ocfg.government_accounts.contains(&s)
                || p.repost_of
                    .as_ref()
                    .and_then(|r| r.author_id.as_ref())
                    .is_some_and(|id| ocfg.government_accounts.contains(id))
                || ocfg
                    .government_name_markers
                    .iter()
                    .any(|m| s.contains(m.as_str()));
            gov += usize::from(is_gov);
            *sources.entry(s).or_insert(0) += 1;
        }
    }
    out.government_repost_share = (known > 0).then(|| round4(gov as f64 / known as f64));
    out.repost_sources = top_counts(sources, 20);

    out.officialese_mean = mean(&|q| q.officialese.score);
    out.plain_language_mean = mean(&|q| q.plain_language.score);
    out.livelihood_mean = mean(&|q| q.livelihood.score);
    out.livelihood_share = share(
        pairs
            .iter()
            .filter(|(_, q)| q.livelihood.score >= 0.5)
            .count(),
    );
    out.audience_mean = mean(&|q| q.audience.score);
    out.citizen_share = share(
        pairs
            .iter()
            .filter(|(_, q)| q.audience.orientation == Orientation::Citizen)
            .count(),
    );
    out.self_share = share(
        pairs
            .iter()
            .filter(|(_, q)| q.audience.orientation == Orientation::SelfCentred)
            .count(),
    );
    out.chars_per_sentence_mean = mean(&|q| q.readability.chars_per_sentence);
    out.words_per_sentence_mean = mean(&|q| q.readability.words_per_sentence);
    out.rare_char_share_mean = mean(&|q| q.readability.rare_char_share);
    out.rare_word_share_mean = mean(&|q| q.readability.rare_word_share);
    out.xu_readability3_mean = mean(&|q| q.readability.xu_readability3);
    out.over_length_norm_share = share(
        pairs
            .iter()
            .filter(|(_, q)| q.readability.over_length_norm)
            .count(),
    );
    out.media_share = share(
        pairs
            .iter()
            .filter(|(_, q)| !q.form.media.is_empty())
            .count(),
    );
    out.verse_posts = pairs.iter().filter(|(_, q)| q.form.verse.is_some()).count();
    out.actionable_share = share(
        pairs
            .iter()
            .filter(|(_, q)| !q.livelihood.details.is_empty())
            .count(),
    );

    // Near-duplicates among own original posts (reposts repeat others by design).
    let own_texts: Vec<(&str, crate::model::Timestamp, &str)> = pairs
        .iter()
        .filter(|(_, q)| q.post_type.kind != PostType::Repost)
        .map(|(p, _)| (p.id.as_str(), p.created_at, p.text.as_str()))
        .collect();
    out.own_duplicates = own_duplicates(&own_texts, ocfg);
    out.own_duplicate_share = share(out.own_duplicates.len());

    if !reference.is_empty() {
        for (p, q) in &pairs {
            if q.post_type.kind == PostType::Repost {
                continue;
            }
            // The own text only: a repost chain is someone else's words.
            let own = normalize(&p.text).clean;
            if let Some(m) = reference.find(&p.id, &own, Some(p.created_at), ocfg) {
                out.reference_matches.push(m);
            }
        }
        out.reference_duplicate_share = Some(share(out.reference_matches.len()));
        out.reference_lag_hours_median = median(
            out.reference_matches
                .iter()
                .filter_map(|m| m.lag_hours)
                .collect(),
        );
    }

    out.type_entropy = round4(normalized_entropy(out.type_counts.values().copied()));
    let mut cats: HashMap<&str, usize> = HashMap::new();
    let mut kws: HashMap<String, usize> = HashMap::new();
    for (_, q) in &pairs {
        for c in &q.livelihood.categories {
            *cats.entry(c.category.as_str()).or_insert(0) += 1;
        }
        for k in q.keywords.tfidf.iter().take(3) {
            *kws.entry(k.word.clone()).or_insert(0) += 1;
        }
    }
    out.category_entropy = round4(normalized_entropy(cats.values().copied()));
    out.keyword_entropy = round4(normalized_entropy(kws.values().copied()));
    out.top_keywords = top_counts(kws, 20);
    let docs: Vec<Vec<&str>> = pairs
        .iter()
        .map(|(_, q)| q.keywords.tfidf.iter().map(|k| k.word.as_str()).collect())
        .collect();
    let doc_refs: Vec<&[&str]> = docs.iter().map(Vec::as_slice).collect();
    out.top_keywords_textrank = super::keywords::top(
        super::keywords::textrank_docs(&doc_refs, config.keywords.top_k.max(2)),
        20,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_is_normalised() {
        assert_eq!(normalized_entropy([5]), 0.0);
        assert!((normalized_entropy([3, 3, 3]) - 1.0).abs() < 1e-12);
        assert!(normalized_entropy([9, 1]) < 0.5);
        assert_eq!(normalized_entropy(std::iter::empty()), 0.0);
    }
}
