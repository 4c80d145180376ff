//! Cohorts: the 省/市/县/所 account matrix. Percentile ranks within a level or a system, league
//! tables, coverage (which listed accounts posted at all) and coordination (how much of a
//! lower-level account's output is reposts of its upper level, 「市.县.所三级」 matrix, P7).

use crate::model::AdminLevel;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How accounts are grouped for ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CohortBy {
    /// One cohort of everyone.
    All,
    /// By 省/市/县/所 level (unknown level → "unknown"). The default: a county bureau is
    /// compared with county bureaus.
    #[default]
    Level,
    /// By system (公安, 市场监管…).
    System,
    /// By level and system together.
    LevelAndSystem,
}

/// What cohort code needs to know about one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub account_id: String,
    pub name: Option<String>,
    pub level: Option<AdminLevel>,
    pub system: Option<String>,
    /// Posted at least once in the window.
    pub observed: bool,
    pub overall: f64,
    /// Component scores by name.
    pub components: BTreeMap<String, Option<f64>>,
    /// Most serious diagnosis.
    pub primary_diagnosis: Option<String>,
}

/// The cohort name of a member.
pub fn cohort_of(m: &Member, by: CohortBy) -> String {
    let level = || {
        m.level
            .map(|l| format!("{l:?}").to_lowercase())
            .unwrap_or_else(|| "unknown".into())
    };
    let system = || m.system.clone().unwrap_or_else(|| "unknown".into());
    match by {
        CohortBy::All => "all".into(),
        CohortBy::Level => level(),
        CohortBy::System => system(),
        CohortBy::LevelAndSystem => format!("{}/{}", level(), system()),
    }
}

/// Percentile rank of `v` among `values` (mid-rank: below + half of ties, in 0–100).
pub fn percentile_rank(values: &[f64], v: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let below = values.iter().filter(|x| **x < v).count() as f64;
    let equal = values.iter().filter(|x| **x == v).count() as f64;
    100.0 * (below + 0.5 * equal) / values.len() as f64
}

/// A member's place in its cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortRank {
    pub cohort: String,
    pub size: usize,
    /// 1 = best overall score in the cohort (ties share a rank).
    pub rank: usize,
    pub overall_percentile: f64,
    /// Percentile of each available component among the cohort members that have it.
    pub component_percentiles: BTreeMap<String, f64>,
}

/// One row of a league table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeagueRow {
    pub rank: usize,
    pub account_id: String,
    pub name: Option<String>,
    pub cohort: String,
    pub overall: f64,
    pub components: BTreeMap<String, Option<f64>>,
    pub primary_diagnosis: Option<String>,
}

/// Coverage of one cohort: how many listed accounts posted at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub cohort: String,
    pub accounts: usize,
    pub observed: usize,
    pub share: f64,
}

/// Ranks every member within its cohort; returns ranks in member order.
pub fn rank(members: &[Member], by: CohortBy) -> Vec<CohortRank> {
    let names: Vec<String> = members.iter().map(|m| cohort_of(m, by)).collect();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, n) in names.iter().enumerate() {
        groups.entry(n.as_str()).or_default().push(i);
    }
    let mut out: Vec<Option<CohortRank>> = vec![None; members.len()];
    for (cohort, idx) in &groups {
        let overall: Vec<f64> = idx.iter().map(|i| members[*i].overall).collect();
        let mut comp_values: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for i in idx {
            for (k, v) in &members[*i].components {
                if let Some(v) = v {
                    comp_values.entry(k.as_str()).or_default().push(*v);
                }
            }
        }
        for i in idx {
            let m = &members[*i];
            let better = overall.iter().filter(|x| **x > m.overall).count();
            let component_percentiles = m
                .components
                .iter()
                .filter_map(|(k, v)| {
                    let v = (*v)?;
                    let vals = comp_values.get(k.as_str())?;
                    Some((k.clone(), percentile_rank(vals, v)))
                })
                .collect();
            out[*i] = Some(CohortRank {
                cohort: cohort.to_string(),
                size: idx.len(),
                rank: better + 1,
                overall_percentile: percentile_rank(&overall, m.overall),
                component_percentiles,
            });
        }
    }
    out.into_iter().flatten().collect()
}

/// League table: all members by overall score, best first (ties by id, for determinism).
pub fn league_table(members: &[Member], by: CohortBy) -> Vec<LeagueRow> {
    let mut order: Vec<&Member> = members.iter().collect();
    order.sort_by(|a, b| {
        b.overall
            .total_cmp(&a.overall)
            .then(a.account_id.cmp(&b.account_id))
    });
    let mut rows: Vec<LeagueRow> = Vec::with_capacity(order.len());
    for (i, m) in order.into_iter().enumerate() {
        let rank = match rows.last() {
            Some(prev) if prev.overall == m.overall => prev.rank,
            _ => i + 1,
        };
        rows.push(LeagueRow {
            rank,
            account_id: m.account_id.clone(),
            name: m.name.clone(),
            cohort: cohort_of(m, by),
            overall: m.overall,
            components: m.components.clone(),
            primary_diagnosis: m.primary_diagnosis.clone(),
        });
    }
    rows
}

/// Coverage per cohort.
pub fn coverage(members: &[Member], by: CohortBy) -> Vec<Coverage> {
    let mut g: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for m in members {
        let e = g.entry(cohort_of(m, by)).or_default();
        e.0 += 1;
        e.1 += m.observed as usize;
    }
    g.into_iter()
        .map(|(cohort, (accounts, observed))| Coverage {
            cohort,
            accounts,
            observed,
            share: if accounts > 0 {
                observed as f64 / accounts as f64
            } else {
                0.0
            },
        })
        .collect()
}

/// How much of an account's output reposts its upper-level account (`parent_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coordination {
    pub parent_id: String,
    pub posts: u64,
    pub reposts_of_parent: u64,
    /// `reposts_of_parent / posts`.
    pub share: f64,
    /// First such repost ids (evidence).
    pub examples: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: &str, level: AdminLevel, overall: f64, observed: bool) -> Member {
        Member {
            account_id: id.into(),
            name: None,
            level: Some(level),
            system: Some("市场监管".into()),
            observed,
            overall,
            components: [("activity".to_string(), Some(overall))]
                .into_iter()
                .collect(),
            primary_diagnosis: None,
        }
    }

    #[test]
    fn ranks_within_level_and_covers() {
        let ms = vec![
            m("a", AdminLevel::County, 80.0, true),
            m("b", AdminLevel::County, 40.0, true),
            m("c", AdminLevel::County, 0.0, false),
            m("d", AdminLevel::City, 10.0, true),
        ];
        let r = rank(&ms, CohortBy::Level);
        assert_eq!((r[0].rank, r[1].rank, r[2].rank, r[3].rank), (1, 2, 3, 1));
        assert_eq!(r[0].size, 3);
        assert!((r[1].overall_percentile - 50.0).abs() < 1e-9);
        assert_eq!(r[3].cohort, "city");
        let c = coverage(&ms, CohortBy::Level);
        let county = c.iter().find(|c| c.cohort == "county").expect("county");
        assert_eq!((county.accounts, county.observed), (3, 2));
        let l = league_table(&ms, CohortBy::All);
        assert_eq!(l[0].account_id, "a");
        assert_eq!(l[3].account_id, "c");
    }
}
