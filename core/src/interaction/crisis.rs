//! Crisis detection: bursts of negative citizen messages against a rolling baseline, in batch
//! ([`detect`]) or streaming ([`CrisisDetector`]: push messages, receive alerts, constant memory).
//!
//! Method. Time is cut into windows of `window_minutes` (default 60). For each closed window the
//! count `k` of negative citizen messages is compared with the baseline rate `λ`, an
//! exponentially weighted moving average of earlier windows' counts (half-life
//! `baseline_half_life_windows`, default 24 windows = one day), floored at `min_baseline`. The
//! window is **anomalous** when `k ≥ min_negative` and the Poisson upper tail
//! `P(X ≥ k | λ) < p_threshold` (default 0.001). An **episode** starts (onset) at the first
//! anomalous window and ends after `cooldown_windows` consecutive normal windows; its peak is the
//! window with most negative messages. Anomalous windows do not feed the baseline, so a long
//! crisis does not become its own normal. The time to response is from onset to the first
//! official message (reply or post) at or after the onset. Memory is a handful of numbers plus
//! the open episode (bounded evidence), independent of how many messages were pushed.

use crate::model::Timestamp;
use chrono::Duration;
use serde::{Deserialize, Serialize};

/// Settings of the crisis detector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CrisisConfig {
    /// Window length in minutes. Default 60.
    pub window_minutes: i64,
    /// Half-life of the moving-average baseline, in windows. Default 24.
    pub baseline_half_life_windows: f64,
    /// Lowest baseline rate (negative messages per window), so a quiet account's first few
    /// complaints are not a crisis. Default 0.5.
    pub min_baseline: f64,
    /// Fewest negative messages in a window for an alert. Default 5.
    pub min_negative: u64,
    /// Poisson tail probability below which a window is anomalous. Default 0.001.
    pub p_threshold: f64,
    /// Normal windows after which an episode ends. Default 3.
    pub cooldown_windows: u32,
    /// Message ids kept as evidence per episode. Default 20.
    pub evidence_limit: usize,
    /// Windows observed before any alert, so the baseline has history. Default 24.
    pub warmup_windows: u64,
}

impl Default for CrisisConfig {
    fn default() -> Self {
        CrisisConfig {
            window_minutes: 60,
            baseline_half_life_windows: 24.0,
            min_baseline: 0.5,
            min_negative: 5,
            p_threshold: 0.001,
            cooldown_windows: 3,
            evidence_limit: 20,
            warmup_windows: 24,
        }
    }
}

/// One message pushed into the detector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrisisMessage {
    pub id: String,
    pub created_at: Timestamp,
    /// Negative sentiment (citizen messages).
    pub negative: bool,
    /// Written by the account (a reply or post): a response.
    pub official: bool,
}

/// A burst of negative messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrisisEpisode {
    /// Start of the first anomalous window.
    pub onset: Timestamp,
    /// End of the last anomalous window.
    pub end: Timestamp,
    /// Start of the window with most negative messages.
    pub peak: Timestamp,
    pub peak_negative: u64,
    /// Baseline rate at onset (negative messages per window).
    pub baseline_at_onset: f64,
    /// Poisson tail probability of the onset window.
    pub onset_p_value: f64,
    /// Negative messages in the episode's anomalous windows.
    pub negative_messages: u64,
    /// First official message at or after the onset.
    pub first_response_id: Option<String>,
    pub first_response_at: Option<Timestamp>,
    /// Seconds from onset to the first official response.
    pub response_seconds: Option<i64>,
    /// Ids of negative messages in the episode (first `evidence_limit`).
    pub evidence: Vec<String>,
}

/// What a push can report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CrisisAlert {
    /// A window closed as anomalous and no episode was open.
    Onset {
        onset: Timestamp,
        negative: u64,
        baseline: f64,
        p_value: f64,
    },
    /// The first official response after an onset.
    Responded {
        onset: Timestamp,
        response_id: String,
        response_seconds: i64,
    },
    /// An episode ended.
    Ended(CrisisEpisode),
}

/// `P(X ≥ k)` for `X ~ Poisson(λ)`.
pub fn poisson_upper_tail(k: u64, lambda: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if lambda.is_nan() || lambda <= 0.0 || !lambda.is_finite() {
        return 0.0;
    }
    // Sum pmf(i) for i ≥ k in log space, starting at pmf(k).
    let kf = k as f64;
    let log_pmf_k = -lambda + kf * lambda.ln() - ln_factorial(k);
    let mut term = log_pmf_k.exp();
    let mut sum = term;
    let mut i = kf;
    for _ in 0..10_000 {
        i += 1.0;
        term *= lambda / i;
        sum += term;
        if term < sum * 1e-15 {
            break;
        }
    }
    sum.clamp(0.0, 1.0)
}

fn ln_factorial(n: u64) -> f64 {
    if n < 20 {
        return (1..=n).map(|i| (i as f64).ln()).sum();
    }
    // Stirling series for ln Γ(n + 1).
    let x = n as f64 + 1.0;
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x * x * x)
}

/// Streaming detector: constant memory, push messages in (roughly) time order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrisisDetector {
    config: CrisisConfig,
    /// Start of the current window.
    window_start: Option<Timestamp>,
    window_negative: u64,
    window_ids: Vec<String>,
    baseline: f64,
    /// Windows seen (the baseline is trusted after a few).
    windows: u64,
    episode: Option<CrisisEpisode>,
    normal_run: u32,
    /// First official message of the current window (a response if the window turns out to be
    /// an onset).
    window_first_official: Option<(String, Timestamp)>,
}

impl CrisisDetector {
    /// A detector with `config`.
    pub fn new(config: CrisisConfig) -> CrisisDetector {
        CrisisDetector {
            config,
            window_start: None,
            window_negative: 0,
            window_ids: Vec::new(),
            baseline: 0.0,
            windows: 0,
            episode: None,
            normal_run: 0,
            window_first_official: None,
        }
    }

    fn window(&self) -> Duration {
        Duration::minutes(self.config.window_minutes.max(1))
    }

    /// Pushes one message; returns the alerts it triggers (usually none). Messages older than
    /// the current window are counted in the current window.
    pub fn push(&mut self, m: &CrisisMessage) -> Vec<CrisisAlert> {
        let mut alerts = Vec::new();
        let w = self.window();
        let start = match self.window_start {
            Some(s) => s,
            None => {
                // Windows are aligned to multiples of their length since the Unix epoch, so hourly
                // windows start on the hour.
                let step = w.num_seconds().max(1);
                let offset = m.created_at.timestamp().rem_euclid(step);
                let s = m.created_at - Duration::seconds(offset);
                self.window_start = Some(s);
                s
            }
        };
        if m.created_at >= start + w {
            // Close the current window, then any empty windows up to the message (bounded:
            // after a long silence the empty windows just decay the baseline in one step).
            self.close_window(&mut alerts);
            let step = w.num_seconds().max(1);
            let gap = ((m.created_at - start).num_seconds() / step).max(1);
            let empty = gap - 1;
            // Empty windows: close a few explicitly (they can end an episode), then decay the
            // baseline for the rest in one step, so a long silence costs constant time.
            let explicit = empty.min(self.config.cooldown_windows as i64 + 1);
            for j in 1..=explicit {
                self.window_start = Some(start + Duration::seconds(step * j));
                self.close_empty(&mut alerts);
            }
            let rest = empty - explicit;
            if rest > 0 {
                self.baseline *= self.decay().powf(rest as f64);
                self.windows = self.windows.saturating_add(rest as u64);
            }
            self.window_start = Some(start + Duration::seconds(step * gap));
        }
        if m.official {
            if let Some(ep) = self.episode.as_mut() {
                if ep.first_response_at.is_none() && m.created_at >= ep.onset {
                    let secs = (m.created_at - ep.onset).num_seconds();
                    ep.first_response_id = Some(m.id.clone());
                    ep.first_response_at = Some(m.created_at);
                    ep.response_seconds = Some(secs);
                    alerts.push(CrisisAlert::Responded {
                        onset: ep.onset,
                        response_id: m.id.clone(),
                        response_seconds: secs,
                    });
                }
            }
            if self.window_first_official.is_none() {
                self.window_first_official = Some((m.id.clone(), m.created_at));
            }
        } else if m.negative {
            self.window_negative += 1;
            if self.window_ids.len() < self.config.evidence_limit {
                self.window_ids.push(m.id.clone());
            }
        }
        alerts
    }

    /// Closes the current window and any open episode; call at the end of a stream.
    pub fn finish(&mut self) -> Vec<CrisisAlert> {
        let mut alerts = Vec::new();
        if self.window_start.is_some() {
            self.close_window(&mut alerts);
        }
        if let Some(ep) = self.episode.take() {
            alerts.push(CrisisAlert::Ended(ep));
        }
        alerts
    }

    /// The episode in progress, if any.
    pub fn current_episode(&self) -> Option<&CrisisEpisode> {
        self.episode.as_ref()
    }

    /// The current baseline rate (negative messages per window).
    pub fn baseline(&self) -> f64 {
        self.baseline
    }

    fn decay(&self) -> f64 {
        0.5f64.powf(1.0 / self.config.baseline_half_life_windows.max(0.01))
    }

    fn close_empty(&mut self, alerts: &mut Vec<CrisisAlert>) {
        self.window_negative = 0;
        self.window_ids.clear();
        self.close_window(alerts);
    }

    fn close_window(&mut self, alerts: &mut Vec<CrisisAlert>) {
        let Some(start) = self.window_start else {
            return;
        };
        let k = self.window_negative;
        let lambda = self.baseline.max(self.config.min_baseline);
        let p = poisson_upper_tail(k, lambda);
        let anomalous = self.windows >= self.config.warmup_windows
            && k >= self.config.min_negative
            && p < self.config.p_threshold;
        let w = self.window();
        if anomalous {
            self.normal_run = 0;
            match self.episode.as_mut() {
                Some(ep) => {
                    ep.end = start + w;
                    ep.negative_messages += k;
                    if k > ep.peak_negative {
                        ep.peak_negative = k;
                        ep.peak = start;
                    }
                    for id in self.window_ids.drain(..) {
                        if ep.evidence.len() < self.config.evidence_limit {
                            ep.evidence.push(id);
                        }
                    }
                }
                None => {
                    alerts.push(CrisisAlert::Onset {
                        onset: start,
                        negative: k,
                        baseline: lambda,
                        p_value: p,
                    });
                    let response = self.window_first_official.take();
                    let response_seconds = response.as_ref().map(|r| (r.1 - start).num_seconds());
                    if let (Some((id, _)), Some(secs)) = (&response, response_seconds) {
                        alerts.push(CrisisAlert::Responded {
                            onset: start,
                            response_id: id.clone(),
                            response_seconds: secs,
                        });
                    }
                    self.episode = Some(CrisisEpisode {
                        onset: start,
                        end: start + w,
                        peak: start,
                        peak_negative: k,
                        baseline_at_onset: lambda,
                        onset_p_value: p,
                        negative_messages: k,
                        first_response_id: response.as_ref().map(|r| r.0.clone()),
                        first_response_at: response.as_ref().map(|r| r.1),
                        response_seconds,
                        evidence: std::mem::take(&mut self.window_ids),
                    });
                }
            }
        } else {
            // Only normal windows teach the baseline.
            let d = self.decay();
            self.baseline = if self.windows == 0 {
                k as f64
            } else {
                d * self.baseline + (1.0 - d) * k as f64
            };
            if self.episode.is_some() {
                self.normal_run += 1;
                if self.normal_run >= self.config.cooldown_windows.max(1) {
                    if let Some(ep) = self.episode.take() {
                        alerts.push(CrisisAlert::Ended(ep));
                    }
                    self.normal_run = 0;
                }
            }
        }
        self.windows += 1;
        self.window_negative = 0;
        self.window_ids.clear();
        self.window_first_official = None;
    }
}

/// Batch detection over messages (sorted by time here).
pub fn detect(messages: &[CrisisMessage], config: &CrisisConfig) -> Vec<CrisisEpisode> {
    let mut order: Vec<&CrisisMessage> = messages.iter().collect();
    order.sort_by_key(|m| m.created_at);
    let mut d = CrisisDetector::new(config.clone());
    let mut episodes = Vec::new();
    let mut take = |alerts: Vec<CrisisAlert>| {
        for a in alerts {
            if let CrisisAlert::Ended(ep) = a {
                episodes.push(ep);
            }
        }
    };
    for m in order {
        take(d.push(m));
    }
    take(d.finish());
    episodes
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn at(minutes: i64) -> Timestamp {
        DateTime::parse_from_rfc3339("2024-03-01T00:00:00+08:00").unwrap()
            + Duration::minutes(minutes)
    }

    fn msg(id: usize, minutes: i64, negative: bool, official: bool) -> CrisisMessage {
        CrisisMessage {
            id: format!("m{id}"),
            created_at: at(minutes),
            negative,
            official,
        }
    }

    #[test]
    fn poisson_tail_matches_known_values() {
        // P(X ≥ 1 | 1) = 1 − e^−1.
        assert!((poisson_upper_tail(1, 1.0) - (1.0 - (-1.0f64).exp())).abs() < 1e-12);
        // P(X ≥ 10 | 2) ≈ 4.6498e-5.
        assert!((poisson_upper_tail(10, 2.0) - 4.6498e-5).abs() < 1e-8);
        assert_eq!(poisson_upper_tail(0, 3.0), 1.0);
        assert!(poisson_upper_tail(1000, 1.0) < 1e-100);
    }

    #[test]
    fn burst_is_found_with_onset_peak_and_response() {
        let mut ms = Vec::new();
        let mut id = 0;
        // Two days of background: one negative message every 2 hours.
        for h in 0..48 {
            if h % 2 == 0 {
                ms.push(msg(id, h * 60 + 10, true, false));
                id += 1;
            }
        }
        // Burst at hour 48 (12) and 49 (20); official reply at 49:30.
        for i in 0..12 {
            ms.push(msg(id, 48 * 60 + i * 4, true, false));
            id += 1;
        }
        for i in 0..20 {
            ms.push(msg(id, 49 * 60 + i * 2, true, false));
            id += 1;
        }
        ms.push(msg(id, 49 * 60 + 30, false, true));
        let eps = detect(&ms, &CrisisConfig::default());
        assert_eq!(eps.len(), 1, "{eps:?}");
        let e = &eps[0];
        assert_eq!(e.onset, at(48 * 60));
        assert_eq!(e.peak, at(49 * 60));
        assert_eq!(e.peak_negative, 20);
        assert_eq!(e.response_seconds, Some(90 * 60));
        assert_eq!(e.negative_messages, 32);
    }

    #[test]
    fn steady_traffic_raises_no_alert() {
        let ms: Vec<_> = (0..2000)
            .map(|i| msg(i, i as i64 * 6, i % 3 == 0, false))
            .collect();
        assert!(detect(&ms, &CrisisConfig::default()).is_empty());
    }
}
