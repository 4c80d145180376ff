//! The one shared word segmenter, built lazily on first use.
//!
//! Segmentation is jieba's (HMM on), computed by our own implementation
//! ([`crate::text::segment`], token for token what jieba-rs 0.11 gives) so that each token comes
//! with its dictionary entry and the dictionary builds quickly. Building the dictionary still
//! takes tens of milliseconds, so the library builds it once per process, on first use, and
//! shares it between threads ([`tokenizer`]). Callers who need their own words (agency names,
//! slogans) build a [`Tokenizer`] with [`Tokenizer::with_user_words`] and either use it directly
//! or [`install`] it as the shared one before the first analysis. Builds without the embedded
//! dictionary (feature `default-dict` off, e.g. a small wasm bundle) load one with
//! [`Tokenizer::from_dict_bytes`].

use std::io::BufReader;
use std::sync::OnceLock;

use jieba_rs::Jieba;

use crate::error::{Error, Result};
use crate::text::segment::Segmenter;

/// Where a tokenizer's dictionary came from, kept so that [`Tokenizer::tag`] can build the
/// matching jieba-rs instance (its part-of-speech model) when first asked.
enum Origin {
    #[cfg(feature = "default-dict")]
    Default,
    Bytes(Box<[u8]>),
    Empty,
}

/// A word segmenter: jieba's dictionary + HMM segmentation for unknown words (jieba's default).
///
/// Immutable once built, so one instance serves every thread.
pub struct Tokenizer {
    seg: Segmenter,
    /// Where the dictionary came from, for reports (`"jieba default"`, `"bytes"`, `"empty"`).
    source: &'static str,
    origin: Origin,
    /// User words in the order added, with the frequency each got.
    added: Vec<(String, usize)>,
    /// jieba-rs over the same dictionary, for [`Tokenizer::tag`] only.
    tagger: OnceLock<Jieba>,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("source", &self.source)
            .field("user_words", &self.added.len())
            .finish()
    }
}

impl Tokenizer {
    fn with(seg: Segmenter, source: &'static str, origin: Origin) -> Tokenizer {
        Tokenizer {
            seg,
            source,
            origin,
            added: Vec::new(),
            tagger: OnceLock::new(),
        }
    }

    /// jieba's embedded default dictionary (≈ 350k words).
    #[cfg(feature = "default-dict")]
    pub fn new() -> Tokenizer {
        Tokenizer::with(
            Segmenter::default_dictionary(),
            "jieba default",
            Origin::Default,
        )
    }

    /// A tokenizer with no dictionary: every run of Chinese text is cut by the HMM alone. This
    /// is what [`tokenizer`] falls back to when built without `default-dict` and nothing was
    /// [`install`]ed; segmentation quality is poor, so install a dictionary.
    pub fn without_dictionary() -> Tokenizer {
        Tokenizer::with(Segmenter::empty(), "empty", Origin::Empty)
    }

    /// A tokenizer from a dictionary in jieba's text format (`word [freq [tag]]` per line).
    ///
    /// ```
    /// let t = zhengwu::text::Tokenizer::from_dict_bytes("市场监管 100 n\n投诉 50 v\n".as_bytes()).unwrap();
    /// assert_eq!(t.cut("市场监管投诉"), ["市场监管", "投诉"]);
    /// ```
    pub fn from_dict_bytes(bytes: &[u8]) -> Result<Tokenizer> {
        let seg = Segmenter::from_dict_bytes(bytes)?;
        Ok(Tokenizer::with(seg, "bytes", Origin::Bytes(bytes.into())))
    }

    /// Adds words the dictionary lacks (agency names like `市场监管局`, slogans like
    /// `放管服`), each kept whole. jieba picks a frequency just high enough to keep the word
    /// together. Blank entries are ignored.
    ///
    /// ```
    /// # #[cfg(feature = "default-dict")] {
    /// use zhengwu::text::Tokenizer;
    /// let t = Tokenizer::new().with_user_words(["放管服"]);
    /// assert!(t.cut("深化放管服改革").contains(&"放管服"));
    /// # }
    /// ```
    pub fn with_user_words<I, S>(mut self, words: I) -> Tokenizer
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for w in words {
            let w = w.as_ref().trim();
            if w.is_empty() || w.contains(char::is_whitespace) {
                continue;
            }
            let freq = self.seg.suggest_freq(w);
            self.seg.add_word(w, freq);
            self.added.push((w.to_string(), freq));
        }
        self.tagger = OnceLock::new();
        self
    }

    /// Cuts `text` into words with HMM on (jieba's default mode). Tokens borrow from `text`
    /// and concatenate back to it (spaces and punctuation are tokens too).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.seg.cut(text)
    }

    /// [`Tokenizer::cut`], each token with its entry in the frequent-word table
    /// ([`crate::text::frequency::WordFrequencies::entry`]).
    #[cfg(test)]
    pub(crate) fn cut_listed<'a>(
        &self,
        text: &'a str,
    ) -> Vec<(&'a str, Option<(u8, &'static str)>)> {
        self.seg.cut_listed(text)
    }

    /// [`Tokenizer::cut`], handing each token to `emit` with its entry in the frequent-word
    /// table as (band, tag index)
    /// ([`crate::text::frequency::WordFrequencies::entry_index`]).
    #[inline]
    pub(crate) fn cut_listed_each<'a>(
        &self,
        text: &'a str,
        emit: &mut impl FnMut(&'a str, Option<(u8, u8)>),
    ) {
        self.seg.cut_listed_each(text, emit)
    }

    /// Cuts `text` and returns each word with its part-of-speech tag from jieba's dictionary
    /// (`n`, `v`, `d` adverb, `c` conjunction, `x` punctuation/unknown…). The first call builds
    /// jieba-rs over the same dictionary for its tagger.
    pub fn tag<'a>(&'a self, text: &'a str) -> Vec<(&'a str, &'a str)> {
        self.tagger()
            .tag(text, true)
            .into_iter()
            .map(|t| (t.word, t.tag))
            .collect()
    }

    fn tagger(&self) -> &Jieba {
        self.tagger.get_or_init(|| {
            let mut j = match &self.origin {
                #[cfg(feature = "default-dict")]
                Origin::Default => Jieba::new(),
                // These bytes loaded once already, so they load again.
                Origin::Bytes(b) => {
                    Jieba::with_dict(&mut BufReader::new(&b[..])).unwrap_or_else(|_| Jieba::empty())
                }
                Origin::Empty => Jieba::empty(),
            };
            for (w, f) in &self.added {
                j.add_word(w, Some(*f), None);
            }
            j
        })
    }

    /// True when `word` is in the dictionary (including user words).
    pub fn has_word(&self, word: &str) -> bool {
        self.seg.has_word(word)
    }

    /// Where the dictionary came from: `"jieba default"`, `"bytes"` or `"empty"`.
    pub fn dictionary_source(&self) -> &'static str {
        self.source
    }

    /// How many user words were added.
    pub fn user_word_count(&self) -> usize {
        self.added.len()
    }
}

#[cfg(feature = "default-dict")]
impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::new()
    }
}

static SHARED: OnceLock<Tokenizer> = OnceLock::new();

/// The shared tokenizer, built on first call (jieba's default dictionary with feature
/// `default-dict`, else an empty one unless [`install`] was called first). Thread-safe.
pub fn tokenizer() -> &'static Tokenizer {
    SHARED.get_or_init(default_tokenizer)
}

#[cfg(feature = "default-dict")]
fn default_tokenizer() -> Tokenizer {
    Tokenizer::new()
}

#[cfg(not(feature = "default-dict"))]
fn default_tokenizer() -> Tokenizer {
    Tokenizer::without_dictionary()
}

/// Makes `t` the shared tokenizer. Fails with [`ErrorKind::Config`] when the shared tokenizer was
/// already built or installed (it cannot change once analyses have used it).
pub fn install(t: Tokenizer) -> Result<()> {
    SHARED.set(t).map_err(|_| {
        Error::config("the shared tokenizer is already built; install it before the first analysis")
    })
}

#[cfg(all(test, feature = "default-dict"))]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn cuts_real_cctv_text_and_borrows_from_it() {
        let t = "近日，3人驾驶越野车驶入四川康定特殊地貌亚拢沟钙华滩，在滩上转圈漂移，还拍摄视频炫车技。";
        let words = tokenizer().cut(t);
        assert_eq!(words.concat(), t);
        for w in ["驾驶", "越野车", "四川", "康定", "视频"] {
            assert!(words.contains(&w), "{w} missing from {words:?}");
        }
        // Every token is a slice of the input, not a copy.
        let base = t.as_ptr() as usize;
        for w in &words {
            let p = w.as_ptr() as usize;
            assert!(p >= base && p + w.len() <= base + t.len());
        }
    }

    #[test]
    fn hmm_is_on_like_jieba_default() {
        // 亚拢沟 is not in jieba's dictionary; HMM joins 拢沟 rather than leaving single chars.
        let words = tokenizer().cut("亚拢沟钙华滩");
        assert!(words.len() < 6, "{words:?}");
    }

    #[test]
    fn shared_instance_is_one_and_thread_safe() {
        let a = tokenizer() as *const Tokenizer as usize;
        let handles: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    let t = tokenizer();
                    (
                        t as *const Tokenizer as usize,
                        t.cut("国务院联防联控机制").len(),
                    )
                })
            })
            .collect();
        for h in handles {
            let (p, n) = h.join().unwrap();
            assert_eq!(p, a);
            assert!(n >= 2);
        }
        assert!(install(Tokenizer::without_dictionary()).is_err());
    }

    #[test]
    fn user_words_stay_whole() {
        let plain = Tokenizer::new();
        assert!(
            !plain
                .cut("张家口市市场监督管理局发布")
                .contains(&"张家口市市场监督管理局")
        );
        let t = Tokenizer::new().with_user_words(["张家口市市场监督管理局", " ", "两 个"]);
        assert_eq!(t.user_word_count(), 1);
        assert!(
            t.cut("张家口市市场监督管理局发布")
                .contains(&"张家口市市场监督管理局")
        );
    }

    #[test]
    fn bad_dictionary_bytes_give_a_typed_error() {
        let e = Tokenizer::from_dict_bytes(b"word notanumber\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Model);
        let t = Tokenizer::from_dict_bytes(b"").unwrap();
        assert_eq!(t.cut("你好").concat(), "你好");
    }

    #[test]
    fn tags_and_entries_follow_jieba_with_user_words() {
        let text = "深化放管服改革，张家口市市场监督管理局发布12315热线通知";
        let words = ["放管服", "张家口市市场监督管理局", "政府"];
        let t = Tokenizer::new().with_user_words(words);
        let mut j = Jieba::new();
        for w in words {
            let f = j.suggest_freq(w);
            j.add_word(w, Some(f), None);
        }
        let want: Vec<(&str, &str)> = j
            .tag(text, true)
            .into_iter()
            .map(|x| (x.word, x.tag))
            .collect();
        assert_eq!(t.tag(text), want);
        assert_eq!(t.cut(text), want.iter().map(|x| x.0).collect::<Vec<_>>());
        // Each token's frequent-word entry is what a second lookup would find.
        let freq = crate::text::frequency::WordFrequencies::shared();
        for (w, e) in t.cut_listed(text) {
            assert_eq!(e, freq.entry(w), "{w}");
        }
        // A dictionary from bytes tags from those bytes.
        let b = Tokenizer::from_dict_bytes("市场监管 100 n\n投诉 50 v\n".as_bytes())
            .unwrap()
            .with_user_words(["热线"]);
        let tags = b.tag("市场监管投诉热线");
        assert_eq!(tags, [("市场监管", "n"), ("投诉", "v"), ("热线", "")]);
    }
}
