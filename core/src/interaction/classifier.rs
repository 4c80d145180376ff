//! Trainable text classifier for researchers' own labels (sentiment, intent, anything):
//! logistic regression (default) or multinomial naive Bayes over hashed character n-grams,
//! optionally with the built-in lexicon's sentiment as extra features.
//!
//! Features: after removing `@handles` and URLs and lower-casing ASCII, every run of 1..=3
//! consecutive non-space characters is hashed with 64-bit FNV-1a into `buckets` buckets (the hash
//! is fixed, so a model saved on one platform predicts identically on another, including wasm);
//! each n-gram counts once per text. With `lexicon_features` four more features carry the
//! built-in analyser's positive and negative evidence, its score and whether the text is a
//! question.
//! - Naive Bayes: `argmax_c log P(c) + Σ_f log P(f|c)`, Laplace smoothing `alpha`.
//! - Logistic regression: softmax over labels, trained by AdaGrad for `epochs` passes in a fixed
//!   (seeded) order, L2 penalty `l2`, feature values scaled by `1/sqrt(n_features)`.
//!
//! Save and load as JSON (serde); the format stores only non-empty buckets.
//!
//! ```
//! use zhengwu::interaction::classifier::{TextClassifier, TrainConfig};
//! let texts = ["太好了，谢谢", "真棒", "太差了", "垃圾服务"];
//! let labels = ["pos", "pos", "neg", "neg"];
//! let model = TextClassifier::fit(&texts, &labels, &TrainConfig::default()).unwrap();
//! let json = model.to_json().unwrap();
//! let loaded = TextClassifier::from_json(&json).unwrap();
//! assert_eq!(loaded.predict("服务太差").label, "neg");
//! ```

use super::clean_for_matching;
use crate::error::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Learning algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    NaiveBayes,
    LogisticRegression,
}

/// Training settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainConfig {
    /// Default logistic regression.
    pub algorithm: Algorithm,
    /// Add the built-in lexicon's sentiment evidence as features. Default true.
    pub lexicon_features: bool,
    /// Logistic regression: passes over the data. Default 5 (chosen by 5-fold cross-validation
    /// on the weibo2018 train split).
    pub epochs: usize,
    /// Logistic regression: AdaGrad step size. Default 0.2.
    pub learning_rate: f64,
    /// Logistic regression: L2 penalty per update. Default 1e-6.
    pub l2: f64,
    /// Logistic regression: seed of the training order. Default 42.
    pub seed: u64,
    /// Shortest character n-gram. Default 1.
    pub ngram_min: usize,
    /// Longest character n-gram. Default 3.
    pub ngram_max: usize,
    /// Number of hash buckets. Default 2^20 (only the buckets seen are stored).
    pub buckets: u32,
    /// Laplace smoothing. Default 0.5.
    pub alpha: f64,
    /// Count each n-gram at most once per text (binarised naive Bayes). Default `true`.
    pub binary: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            algorithm: Algorithm::LogisticRegression,
            lexicon_features: true,
            epochs: 5,
            learning_rate: 0.2,
            l2: 1e-6,
            seed: 42,
            ngram_min: 1,
            ngram_max: 3,
            buckets: 1 << 20,
            alpha: 0.5,
            binary: true,
        }
    }
}

/// A prediction with the probability of each label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub label: String,
    /// `(label, probability)` for every label, in the model's label order.
    pub probabilities: Vec<(String, f64)>,
}

/// A fitted naive Bayes model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextClassifier {
    /// Format tag, `"zhengwu-nb-1"`.
    pub format: String,
    pub config: TrainConfig,
    /// Labels in first-seen order.
    pub labels: Vec<String>,
    /// Training texts per label.
    pub documents: Vec<u64>,
    /// Naive Bayes: total feature count per label.
    pub totals: Vec<f64>,
    /// Per bucket, one value per label: naive Bayes counts or logistic-regression weights.
    pub counts: BTreeMap<u32, Vec<f64>>,
    /// Logistic regression: bias per label.
    #[serde(default)]
    pub bias: Vec<f64>,
}

/// Feature ids above the hash range, for the lexicon features.
const LEXICON_IDS: [u32; 4] = [u32::MAX - 3, u32::MAX - 2, u32::MAX - 1, u32::MAX];

/// Features with values: hashed n-grams (value 1) and, optionally, lexicon features.
pub fn weighted_features(text: &str, config: &TrainConfig) -> Vec<(u32, f64)> {
    let mut out: Vec<(u32, f64)> = features(text, config)
        .into_iter()
        .map(|f| (f, 1.0))
        .collect();
    if config.lexicon_features {
        let c = super::MessageClassifier::default_shared();
        let s = c.sentiment().analyze(&clean_for_matching(text));
        let pos: f32 = s
            .evidence
            .iter()
            .filter(|e| e.weight > 0.0)
            .map(|e| e.weight)
            .sum();
        let neg: f32 = s
            .evidence
            .iter()
            .filter(|e| e.weight < 0.0)
            .map(|e| -e.weight)
            .sum();
        let question = text.contains('?') || text.contains('？');
        let scale = (out.len().max(1) as f64).sqrt();
        // Scaled up so that after the 1/sqrt(n) normalisation they weigh like a few n-grams.
        for (id, v) in LEXICON_IDS.iter().zip([
            (pos as f64).min(6.0),
            (neg as f64).min(6.0),
            s.score as f64 * 2.0,
            if question { 1.0 } else { 0.0 },
        ]) {
            if v != 0.0 {
                out.push((*id, v * scale / 3.0));
            }
        }
    }
    out
}

const FORMAT: &str = "zhengwu-nb-1";

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Hashed character n-gram features of `text` (sorted, deduplicated when `binary`).
pub fn features(text: &str, config: &TrainConfig) -> Vec<u32> {
    let clean = clean_for_matching(text);
    let chars: Vec<char> = clean
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let buckets = config.buckets.max(1) as u64;
    let lo = config.ngram_min.max(1);
    let hi = config.ngram_max.max(lo);
    let mut out = Vec::with_capacity(chars.len() * (hi - lo + 1));
    let mut buf = [0u8; 64];
    for start in 0..chars.len() {
        let mut len = 0usize;
        for n in 1..=hi {
            let Some(&c) = chars.get(start + n - 1) else {
                break;
            };
            if len + 4 > buf.len() {
                break;
            }
            len += c.encode_utf8(&mut buf[len..]).len();
            if n >= lo {
                // The n-gram length is mixed in so that e.g. "ab" and "a"+"b" differ.
                let h = fnv1a(&buf[..len]) ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                out.push((h % buckets) as u32);
            }
        }
    }
    if config.binary {
        out.sort_unstable();
        out.dedup();
    }
    out
}

impl TextClassifier {
    /// Fits a model on `texts` with `labels` (same length, at least two distinct labels).
    pub fn fit(texts: &[&str], labels: &[&str], config: &TrainConfig) -> Result<TextClassifier> {
        if texts.len() != labels.len() {
            return Err(Error::config(format!(
                "{} texts but {} labels",
                texts.len(),
                labels.len()
            )));
        }
        if config.buckets == 0
            || config.ngram_max == 0
            || config.alpha.is_nan()
            || config.alpha <= 0.0
        {
            return Err(Error::config(
                "buckets and ngram_max must be positive and alpha > 0",
            ));
        }
        let mut model = TextClassifier {
            format: FORMAT.to_string(),
            config: config.clone(),
            labels: Vec::new(),
            documents: Vec::new(),
            totals: Vec::new(),
            counts: BTreeMap::new(),
            bias: Vec::new(),
        };
        match config.algorithm {
            Algorithm::NaiveBayes => {
                for (text, label) in texts.iter().zip(labels) {
                    model.update(text, label);
                }
            }
            Algorithm::LogisticRegression => model.fit_logistic(texts, labels),
        }
        if model.labels.len() < 2 {
            return Err(Error::config("training needs at least two distinct labels"));
        }
        Ok(model)
    }

    fn fit_logistic(&mut self, texts: &[&str], labels: &[&str]) {
        let cfg = self.config.clone();
        let mut ys = Vec::with_capacity(labels.len());
        for l in labels {
            let k = match self.labels.iter().position(|x| x == l) {
                Some(k) => k,
                None => {
                    self.labels.push(l.to_string());
                    self.documents.push(0);
                    self.totals.push(0.0);
                    self.labels.len() - 1
                }
            };
            self.documents[k] += 1;
            ys.push(k);
        }
        let n_labels = self.labels.len();
        self.bias = vec![0.0; n_labels];
        let xs: Vec<Vec<(u32, f64)>> = texts
            .iter()
            .map(|t| normalised(weighted_features(t, &cfg)))
            .collect();
        let mut grad_sq: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
        let mut bias_sq = vec![1e-8; n_labels];
        let mut order: Vec<usize> = (0..xs.len()).collect();
        let mut rng = cfg.seed | 1;
        for _ in 0..cfg.epochs {
            // Fisher–Yates with xorshift: deterministic for a given seed.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            for &d in &order {
                let x = &xs[d];
                let p = softmax(&self.scores_of(x));
                for k in 0..n_labels {
                    let g = p[k] - if ys[d] == k { 1.0 } else { 0.0 };
                    bias_sq[k] += g * g;
                    self.bias[k] -= cfg.learning_rate * g / bias_sq[k].sqrt();
                }
                for &(f, v) in x {
                    let w = self.counts.entry(f).or_insert_with(|| vec![0.0; n_labels]);
                    let gs = grad_sq.entry(f).or_insert_with(|| vec![1e-8; n_labels]);
                    for k in 0..n_labels {
                        let g = (p[k] - if ys[d] == k { 1.0 } else { 0.0 }) * v + cfg.l2 * w[k];
                        gs[k] += g * g;
                        w[k] -= cfg.learning_rate * g / gs[k].sqrt();
                    }
                }
            }
        }
    }

    fn scores_of(&self, x: &[(u32, f64)]) -> Vec<f64> {
        let mut s = self.bias.clone();
        s.resize(self.labels.len(), 0.0);
        for &(f, v) in x {
            if let Some(w) = self.counts.get(&f) {
                for (k, sk) in s.iter_mut().enumerate() {
                    *sk += w.get(k).copied().unwrap_or(0.0) * v;
                }
            }
        }
        s
    }

    /// Adds one labelled text to a naive Bayes model (online training). Logistic-regression
    /// models are trained in batch by [`TextClassifier::fit`]; for them this does nothing.
    pub fn update(&mut self, text: &str, label: &str) {
        if self.config.algorithm != Algorithm::NaiveBayes {
            return;
        }
        let k = match self.labels.iter().position(|l| l == label) {
            Some(k) => k,
            None => {
                self.labels.push(label.to_string());
                self.documents.push(0);
                self.totals.push(0.0);
                for v in self.counts.values_mut() {
                    v.push(0.0);
                }
                self.labels.len() - 1
            }
        };
        let n_labels = self.labels.len();
        self.documents[k] += 1;
        for (f, _) in weighted_features(text, &self.config) {
            let v = self.counts.entry(f).or_insert_with(|| vec![0.0; n_labels]);
            v[k] += 1.0;
            self.totals[k] += 1.0;
        }
    }

    /// Log-scores per label (unnormalised log posterior or logits).
    fn log_scores(&self, text: &str) -> Vec<f64> {
        if self.config.algorithm == Algorithm::LogisticRegression {
            return self.scores_of(&normalised(weighted_features(text, &self.config)));
        }
        let docs: f64 = self
            .documents
            .iter()
            .map(|&d| d as f64)
            .sum::<f64>()
            .max(1.0);
        let alpha = self.config.alpha;
        let vocab = self.counts.len().max(1) as f64;
        let mut scores: Vec<f64> = self
            .documents
            .iter()
            .map(|&d| ((d as f64 + 1.0) / (docs + self.labels.len() as f64)).ln())
            .collect();
        let denom: Vec<f64> = self
            .totals
            .iter()
            .map(|t| (t + alpha * vocab).ln())
            .collect();
        for (f, _) in weighted_features(text, &self.config) {
            // Features never seen in training carry no information about the label.
            if let Some(v) = self.counts.get(&f) {
                for (k, s) in scores.iter_mut().enumerate() {
                    *s += (v.get(k).copied().unwrap_or(0.0) + alpha).ln() - denom[k];
                }
            }
        }
        scores
    }

    /// Predicts the label of `text`, with probabilities.
    pub fn predict(&self, text: &str) -> Prediction {
        let scores = self.log_scores(text);
        let max = scores.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let exp: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
        let sum: f64 = exp.iter().sum::<f64>().max(f64::MIN_POSITIVE);
        let mut best = 0usize;
        for (k, s) in scores.iter().enumerate() {
            if *s > scores[best] {
                best = k;
            }
        }
        Prediction {
            label: self.labels.get(best).cloned().unwrap_or_default(),
            probabilities: self
                .labels
                .iter()
                .cloned()
                .zip(exp.iter().map(|e| e / sum))
                .collect(),
        }
    }

    /// Predicts many texts (in parallel with feature `parallel`).
    pub fn predict_all(&self, texts: &[&str]) -> Vec<Prediction> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            texts.par_iter().map(|t| self.predict(t)).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            texts.iter().map(|t| self.predict(t)).collect()
        }
    }

    /// Serialises the model as JSON.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(self)
            .map_err(|e| Error::new(ErrorKind::Model, format!("saving model: {e}")))
    }

    /// Loads a model saved by [`TextClassifier::to_json`], checking its consistency.
    pub fn from_json(json: &str) -> Result<TextClassifier> {
        let m: TextClassifier = serde_json::from_str(json)
            .map_err(|e| Error::new(ErrorKind::Model, format!("loading model: {e}")))?;
        if m.format != FORMAT {
            return Err(Error::new(
                ErrorKind::Model,
                format!("unknown model format `{}`", m.format),
            ));
        }
        let n = m.labels.len();
        let bias_ok = match m.config.algorithm {
            Algorithm::LogisticRegression => m.bias.len() == n,
            Algorithm::NaiveBayes => true,
        };
        if n < 2
            || !bias_ok
            || m.documents.len() != n
            || m.totals.len() != n
            || m.counts.values().any(|v| v.len() != n)
        {
            return Err(Error::new(
                ErrorKind::Model,
                "inconsistent model: label, document and count lengths differ",
            ));
        }
        Ok(m)
    }
}

fn normalised(mut x: Vec<(u32, f64)>) -> Vec<(u32, f64)> {
    let n = (x.len().max(1) as f64).sqrt();
    for f in &mut x {
        f.1 /= n;
    }
    x
}

fn softmax(s: &[f64]) -> Vec<f64> {
    let max = s.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = s.iter().map(|x| (x - max).exp()).collect();
    let sum: f64 = e.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    e.into_iter().map(|x| x / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_predict_roundtrip() {
        let texts = ["谢谢民警", "点赞，效率高", "太慢了没人管", "投诉无门，失望"];
        let labels = ["pos", "pos", "neg", "neg"];
        let m = TextClassifier::fit(&texts, &labels, &TrainConfig::default()).unwrap();
        assert_eq!(m.predict("效率高，谢谢").label, "pos");
        assert_eq!(m.predict("没人管，失望").label, "neg");
        let back = TextClassifier::from_json(&m.to_json().unwrap()).unwrap();
        assert_eq!(back, m);
        let p = back.predict("");
        let total: f64 = p.probabilities.iter().map(|x| x.1).sum();
        assert!((total - 1.0).abs() < 1e-9);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(TextClassifier::fit(&["a"], &[], &TrainConfig::default()).is_err());
        assert!(TextClassifier::fit(&["a", "b"], &["x", "x"], &TrainConfig::default()).is_err());
        assert_eq!(
            TextClassifier::from_json("{}").unwrap_err().kind,
            ErrorKind::Model
        );
    }

    #[test]
    fn features_are_stable() {
        // Fixed hash: the same text always maps to the same buckets (models are portable).
        let f = features("好", &TrainConfig::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f, features("好", &TrainConfig::default()));
    }
}
