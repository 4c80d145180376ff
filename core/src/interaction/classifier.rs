//! Trainable text classifier for researchers' own labels (sentiment, intent, anything):
//! multinomial naive Bayes over hashed character n-grams, with binarised counts by default
//! (each n-gram counted once per text, which suits short texts).
//!
//! Features: after removing `@handles` and URLs and lower-casing ASCII, every run of 1..=3
//! consecutive non-space characters is hashed with 64-bit FNV-1a into `buckets` buckets (the hash
//! is fixed, so a model saved on one platform predicts identically on another, including wasm).
//! Training counts per class; prediction is `argmax_c log P(c) + Σ_f log P(f|c)` with Laplace
//! smoothing `alpha`. Save and load as JSON (serde); the format stores only non-empty buckets.
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

/// Training settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainConfig {
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
    /// Total feature count per label.
    pub totals: Vec<f64>,
    /// Feature counts per bucket, one per label.
    pub counts: BTreeMap<u32, Vec<f64>>,
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
        };
        for (text, label) in texts.iter().zip(labels) {
            model.update(text, label);
        }
        if model.labels.len() < 2 {
            return Err(Error::config("training needs at least two distinct labels"));
        }
        Ok(model)
    }

    /// Adds one labelled text to the model (online training).
    pub fn update(&mut self, text: &str, label: &str) {
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
        for f in features(text, &self.config) {
            let v = self.counts.entry(f).or_insert_with(|| vec![0.0; n_labels]);
            v[k] += 1.0;
            self.totals[k] += 1.0;
        }
    }

    /// Log-scores per label (unnormalised log posterior).
    fn log_scores(&self, text: &str) -> Vec<f64> {
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
        for f in features(text, &self.config) {
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
        if n < 2
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
