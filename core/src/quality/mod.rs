//! Post quality (BRIEF §1; seed points D3, D4, D6, D7, P1–P4, P9, P12): what a post is, whether
//! it serves daily life, whom it addresses, how bureaucratic and how readable it is, its form,
//! its keywords — and, per account, how original the posts are.
//!
//! Per post: [`analyze_post`] (or [`analyze_posts`] for a batch, parallel with feature
//! `parallel`). Per account: [`summarize_account`] over the posts and their [`PostQuality`], with
//! an optional [`ReferenceCorpus`] (the agency's website pages, press releases, transcripts) for
//! copy detection. Every number carries the evidence that produced it: matched phrases with
//! their categories, extracted details, the duplicated post or reference document.
//!
//! One post is normalised ([`crate::text::normalize`]), segmented once by the shared tokenizer
//! (with part-of-speech tags), split into sentences, and scanned once by one automaton holding
//! every cue lexicon ([`lexicon`]); each module then reads that shared context.
//!
//! ```
//! use zhengwu::{Post, quality::{analyze_post, PostType, QualityConfig}};
//! let t = chrono::DateTime::parse_from_rfc3339("2020-03-01T09:00:00+08:00").unwrap();
//! let post = Post::new("1", "acct", t, "【消费提示】您好！网购遇到退款难，请拨打12315投诉举报。");
//! let q = analyze_post(&post, &QualityConfig::default());
//! assert_eq!(q.post_type.kind, PostType::Service);
//! assert!(q.livelihood.details.iter().any(|d| d.text == "12315"));
//! ```

pub mod account;
pub mod audience;
pub mod form;
pub mod keywords;
pub mod lexicon;
pub mod livelihood;
pub(crate) mod markers;
pub mod officialese;
pub mod originality;
mod phrase_trie;
pub mod post_type;
pub mod readability;
pub mod trivia;

use std::cell::RefCell;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::Post;
use crate::text::frequency::is_word_char;
use crate::text::{Normalized, normalize, tokenizer};

pub use account::{AccountQuality, summarize_account};
pub use audience::{Audience, AudienceConfig, Orientation};
pub use form::{Form, FormConfig, Verse};
pub use keywords::{Keyword, Keywords, KeywordsConfig};
pub use lexicon::{CompiledLexicons, LexiconEntry, LexiconExtensions, LexiconKind};
pub use livelihood::{ActionableDetail, DetailKind, Livelihood, LivelihoodConfig};
pub use officialese::{Officialese, OfficialeseConfig, PhraseMatch, PlainLanguage};
pub use originality::{OriginalityConfig, ReferenceCorpus, ReferenceDoc, ReferenceMatch};
pub use post_type::{PostType, PostTypeConfig, PostTypeResult};
pub use readability::{Readability, ReadabilityConfig};
pub use trivia::Trivia;

/// Every setting of the post-quality analysis. `Default` is the documented configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QualityConfig {
    /// Run-time additions to the embedded cue lexicons (officialese, livelihood, …). Default
    /// empty. With additions, [`analyze_post`] compiles the lexicons on every call: for many
    /// posts use [`analyze_posts`] or [`Analyzer`], which compile once.
    pub lexicons: LexiconExtensions,
    pub officialese: OfficialeseConfig,
    pub livelihood: LivelihoodConfig,
    pub audience: AudienceConfig,
    pub readability: ReadabilityConfig,
    pub form: FormConfig,
    pub keywords: KeywordsConfig,
    pub post_type: PostTypeConfig,
    pub originality: OriginalityConfig,
}

/// Normalised text facts of a post (from [`crate::text::normalize`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TextFacts {
    /// Characters of the cleaned own text.
    pub chars: usize,
    /// `#话题#` topics (the post's own list merged with those found in the text).
    pub hashtags: Vec<String>,
    /// `@` mentions.
    pub mentions: Vec<String>,
    /// `[表情]` codes.
    pub emoticons: Vec<String>,
    /// URLs.
    pub urls: Vec<String>,
    /// Link cards (`网页链接`, `…的微博视频`).
    pub link_cards: Vec<String>,
    /// Users of the `//@` repost chain, nearest first.
    pub repost_chain: Vec<String>,
    /// The text was folded (`展开全文`) when crawled: measures describe the visible part only.
    pub truncated: bool,
}

/// The quality of one post, with evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostQuality {
    /// The post's id.
    pub post_id: String,
    /// The post's type and the cues that decided it (D4, P8, P12).
    pub post_type: PostTypeResult,
    /// Public-service relevance, categories and actionable details (P1).
    pub livelihood: Livelihood,
    /// Reader address vs self-reference (P2).
    pub audience: Audience,
    /// Density of 官腔 set phrases and patterns (P3).
    pub officialese: Officialese,
    /// Conversational, plain-language markers (P3).
    pub plain_language: PlainLanguage,
    /// Sentence and word lengths, rare characters and words, the 徐巍 et al. (2021) indices (P4, P9).
    pub readability: Readability,
    /// Verse, story, Q&A, list, media, hashtags (P4).
    pub form: Form,
    /// Trivia and cute-speak markers (D3).
    pub trivia: Trivia,
    /// TF-IDF and TextRank keywords.
    pub keywords: Keywords,
    /// What normalisation extracted.
    pub text: TextFacts,
}

/// What every per-post module reads: computed once per post.
pub(crate) struct Context<'a> {
    pub post: &'a Post,
    pub norm: &'a Normalized,
    /// The cleaned own text.
    pub clean: &'a str,
    /// Words of `clean` in order (they concatenate to `clean`).
    pub tokens: &'a [&'a str],
    /// What the modules ask of each word of `tokens` (band, characters, tag classes), same
    /// order; the tag each word is read with is [`WordInfo::of`]'s.
    pub words: &'a [WordInfo],
    /// Sentences of `clean` that hold a letter or digit.
    pub sentences: &'a [&'a str],
    /// Clause pieces of `clean` with a Han character, for the verse scan.
    pub verse_pieces: &'a [form::ClausePiece],
    pub hits: &'a lexicon::LexiconHits<'a>,
    /// Which structural markers occur in `clean` (from the same scan as `hits`).
    pub marks: markers::Marks,
    /// Character counts of `clean`, from one pass.
    pub counts: CharCounts,
    pub config: &'a QualityConfig,
}

/// Character counts of the cleaned text, taken in one pass because several modules read them
/// (each used to walk the text again).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CharCounts {
    /// All characters.
    pub chars: usize,
    /// Letters and digits of any script ([`is_word_char`]).
    pub word_chars: usize,
    /// Han characters ([`crate::text::frequency::is_han`]).
    pub han: usize,
    /// Han characters outside the common-character list.
    pub rare_han: usize,
    /// Question marks (`？`, `?`).
    pub questions: usize,
    /// Emoji and pictographs.
    pub emoji: usize,
    /// Circled numbers ①–⑩.
    pub circled: usize,
    /// A Chinese numeral is followed by a slogan head (两个, 三严): numbered slogans are possible.
    pub numeral_then_head: bool,
    /// Clauses holding a letter or digit: the pieces of the text between clause marks
    /// ([`readability::is_clause_mark`]) and sentence ends. Two letters are in one clause when
    /// neither mark lies between them, wherever the sentence splitter puts the boundary among
    /// the closing quotes and spaces after an end mark, so this equals splitting each sentence at
    /// its clause marks.
    pub clauses: usize,
}

impl CharCounts {
    #[cfg(test)]
    pub(crate) fn of(text: &str) -> CharCounts {
        CharCounts::walk(text).counts
    }

    /// The counts, and on the same walk the sentences that hold a letter or digit (exactly
    /// [`crate::text::content_sentences`]: a sentence ends after a run of end marks, the
    /// closing quotes and brackets after it, then spaces) and the clause pieces of the verse
    /// scan ([`form::ClauseWalk`]). Each used to be a walk of its own.
    #[cfg(test)]
    pub(crate) fn walk(text: &str) -> TextWalk<'_> {
        CharCounts::walk_into(text, Vec::new(), Vec::new())
    }

    /// [`CharCounts::walk`] into `sentences` and `verse_pieces` (emptied first: lists kept from
    /// an earlier post, for their allocations).
    pub(crate) fn walk_into<'a>(
        text: &'a str,
        mut sentences: Vec<&'a str>,
        mut verse_pieces: Vec<form::ClausePiece>,
    ) -> TextWalk<'a> {
        let common = crate::text::frequency::common_chars();
        let mut n = CharCounts::default();
        let mut after_numeral = false;
        // The current clause already holds a letter or digit.
        let mut in_clause = false;
        // Sized from the text (on the cctv posts nearly always under one sentence and two
        // pieces per 64 bytes), so that the lists are not regrown push by push.
        sentences.clear();
        sentences.reserve(text.len() / 64 + 2);
        let mut sentence = SentenceState::default();
        verse_pieces.clear();
        verse_pieces.reserve(text.len() / 32 + 2);
        let mut clause = form::ClauseWalk::default();
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if let Some(first) = han3(b, i) {
                // A run of Han characters of U+4000–U+9FFF (most of the text): the sentence and
                // clause bookkeeping once per run, per character only what depends on it.
                sentence.ordinary(text, i, &mut sentences);
                sentence.has_word = true;
                n.clauses += usize::from(!in_clause);
                in_clause = true;
                let (mut c, mut run) = (first, 0usize);
                loop {
                    run += 1;
                    n.rare_han += usize::from(!common.contains(c));
                    if after_numeral && officialese::is_slogan_head(c) {
                        n.numeral_then_head = true;
                    }
                    after_numeral = officialese::is_numeral(c);
                    i += 3;
                    match han3(b, i) {
                        Some(next) => c = next,
                        None => break,
                    }
                }
                clause.han_run(run, c);
                n.chars += run;
                n.word_chars += run;
                n.han += run;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            n.chars += 1;
            if crate::text::frequency::is_han(c) {
                // A Han character is no end mark, closing mark or space.
                sentence.ordinary(text, i, &mut sentences);
                sentence.has_word = true;
                clause.han(c);
                n.clauses += usize::from(!in_clause);
                in_clause = true;
                n.word_chars += 1;
                n.han += 1;
                n.rare_han += usize::from(!common.contains(c));
                if after_numeral && officialese::is_slogan_head(c) {
                    n.numeral_then_head = true;
                }
                after_numeral = officialese::is_numeral(c);
            } else {
                sentence.step(text, i, c, &mut sentences);
                clause.other(i, c, &mut verse_pieces);
                after_numeral = false;
                // ASCII first: most non-Han characters here are, and their test is cheaper.
                let ascii = c.is_ascii();
                let word = if ascii {
                    c.is_ascii_alphanumeric()
                } else {
                    is_word_char(c)
                };
                if word {
                    sentence.has_word = true;
                    n.clauses += usize::from(!in_clause);
                    in_clause = true;
                } else if readability::is_clause_mark(c)
                    || crate::text::sentences::is_sentence_end(c)
                {
                    in_clause = false;
                }
                n.word_chars += usize::from(word);
                n.questions += usize::from(c == '?' || c == '？');
                if !ascii {
                    n.emoji += usize::from(officialese::is_emoji(c));
                    n.circled += usize::from(('①'..='⑩').contains(&c));
                }
            }
            i += c.len_utf8();
        }
        sentence.close(text, text.len(), &mut sentences);
        clause.finish(text.len(), &mut verse_pieces);
        TextWalk {
            counts: n,
            sentences,
            verse_pieces,
        }
    }
}

/// The Han character encoded at byte `i` of `b` (a character boundary) when it is one of
/// U+4000–U+9FFF: a three-byte sequence with lead E4–E9, all Han
/// ([`crate::text::frequency::is_han`]) except U+4DC0–U+4DFF (`E4 B7 xx`).
#[inline]
fn han3(b: &[u8], i: usize) -> Option<char> {
    let &[x, y, z] = b.get(i..i + 3)? else {
        return None;
    };
    if !(0xE4..=0xE9).contains(&x) || (x == 0xE4 && y == 0xB7) {
        return None;
    }
    char::from_u32((u32::from(x & 0x0F) << 12) | (u32::from(y & 0x3F) << 6) | u32::from(z & 0x3F))
}

/// What [`CharCounts::walk`] gathers.
pub(crate) struct TextWalk<'a> {
    pub counts: CharCounts,
    pub sentences: Vec<&'a str>,
    pub verse_pieces: Vec<form::ClausePiece>,
}

/// Where the sentence walk of [`CharCounts::with_sentences`] is: inside a sentence, or in the
/// run of end marks, closing marks or spaces that ends it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum SentencePhase {
    #[default]
    Text,
    Ends,
    Closing,
    Spaces,
}

#[derive(Debug, Default)]
struct SentenceState {
    start: usize,
    phase: SentencePhase,
    /// The current sentence holds a letter or digit.
    has_word: bool,
}

impl SentenceState {
    /// Character `c` at byte `i`.
    #[inline]
    fn step<'a>(&mut self, text: &'a str, i: usize, c: char, out: &mut Vec<&'a str>) {
        use crate::text::sentences::{is_closing, is_sentence_end};
        let space = c == ' ' || c == '\t' || c == '\u{3000}';
        let absorbed = match self.phase {
            SentencePhase::Text => false,
            SentencePhase::Ends if is_sentence_end(c) => true,
            SentencePhase::Ends | SentencePhase::Closing if is_closing(c) => {
                self.phase = SentencePhase::Closing;
                true
            }
            SentencePhase::Ends | SentencePhase::Closing | SentencePhase::Spaces if space => {
                self.phase = SentencePhase::Spaces;
                true
            }
            _ => false,
        };
        if absorbed {
            return;
        }
        self.ordinary(text, i, out);
        if is_sentence_end(c) {
            self.phase = SentencePhase::Ends;
        }
    }

    /// A character at byte `i` that is none of the marks that end a sentence.
    #[inline]
    fn ordinary<'a>(&mut self, text: &'a str, i: usize, out: &mut Vec<&'a str>) {
        if self.phase != SentencePhase::Text {
            self.close(text, i, out);
            self.start = i;
            self.phase = SentencePhase::Text;
        }
    }

    /// Ends the current sentence at byte `end`.
    fn close<'a>(&mut self, text: &'a str, end: usize, out: &mut Vec<&'a str>) {
        if end > self.start && self.has_word {
            out.push(&text[self.start..end]);
        }
        self.has_word = false;
    }
}

/// A compiled analyser: the configuration plus its lexicons compiled once. Immutable and
/// shareable across threads.
#[derive(Debug)]
pub struct Analyzer<'c> {
    config: &'c QualityConfig,
    lexicons: Lexicons,
}

/// The shared default compilation, or one with the configuration's additions.
#[derive(Debug)]
enum Lexicons {
    Shared(&'static CompiledLexicons),
    Owned(Box<CompiledLexicons>),
}

impl std::ops::Deref for Lexicons {
    type Target = CompiledLexicons;
    fn deref(&self) -> &CompiledLexicons {
        match self {
            Lexicons::Shared(l) => l,
            Lexicons::Owned(l) => l,
        }
    }
}

impl<'c> Analyzer<'c> {
    /// Compiles the lexicons of `config` (the shared default automaton when it adds nothing).
    pub fn new(config: &'c QualityConfig) -> Analyzer<'c> {
        let lexicons = if config.lexicons.is_empty() {
            Lexicons::Shared(CompiledLexicons::shared_default())
        } else {
            Lexicons::Owned(Box::new(CompiledLexicons::new(&config.lexicons)))
        };
        Analyzer { config, lexicons }
    }

    /// Analyses one post.
    pub fn analyze(&self, post: &Post) -> PostQuality {
        let norm = normalize(&post.text);
        let clean = norm.clean.as_str();
        let kept = Buffers::take();
        let (mut tokens, mut words) = (recycle(kept.tokens), kept.words);
        cut_words_into(clean, &mut tokens, &mut words);
        let (hits, marks) = self.lexicons.scan_marked_into(clean, kept.hits.recycle());
        let walk = CharCounts::walk_into(clean, recycle(kept.sentences), kept.verse_pieces);
        let ctx = Context {
            post,
            norm: &norm,
            clean,
            tokens: &tokens,
            words: &words,
            sentences: &walk.sentences,
            verse_pieces: &walk.verse_pieces,
            hits: &hits,
            marks,
            counts: walk.counts,
            config: self.config,
        };
        let officialese = officialese::analyze(&ctx);
        let plain_language = officialese::plain_language(&ctx);
        let livelihood = livelihood::analyze(&ctx);
        let audience = audience::analyze(&ctx);
        let readability = readability::analyze(&ctx);
        let form = form::analyze(&ctx);
        let trivia = trivia::analyze(&ctx);
        let keywords = keywords::extract(&ctx);
        let post_type = post_type::classify(&ctx, &livelihood, &trivia, &form);
        let chars = ctx.counts.chars;
        Buffers::keep(tokens, words, walk.sentences, walk.verse_pieces, hits);
        PostQuality {
            post_id: post.id.clone(),
            post_type,
            livelihood,
            audience,
            officialese,
            plain_language,
            readability,
            form,
            trivia,
            keywords,
            text: text_facts(post, norm, chars),
        }
    }
}

/// What the modules ask of each word, worked out once per token (they used to decode every
/// token's characters and compare its tag string again, each on its own).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordInfo {
    /// Frequency band (`None`: punctuation, or not among the listed words).
    pub band: Option<u8>,
    /// Characters in the word.
    pub chars: u32,
    /// [`WordInfo::HAN`], [`WordInfo::WORD_CHAR`]… bits.
    pub flags: u8,
}

impl WordInfo {
    /// Holds a Han character.
    pub const HAN: u8 = 1;
    /// Holds a letter or digit ([`is_word_char`]).
    pub const WORD_CHAR: u8 = 2;
    /// Every character is an ASCII letter.
    pub const ASCII_ALPHA: u8 = 4;
    /// Holds a sentence-ending mark ([`crate::text::sentences::is_sentence_end`]).
    pub const SENTENCE_END: u8 = 8;
    /// Tagged `x` (punctuation, spaces, unknown).
    pub const TAG_X: u8 = 16;
    /// Tagged adverb (`d…`) or conjunction (`c…`).
    pub const ADV_CONJ: u8 = 32;
    /// A tag keywords are drawn from (nouns, verbs, adjectives, idioms, names, `eng`, `un`).
    pub const KEYWORD_TAG: u8 = 64;
    /// A noun-like tag that builds nominal chains (`n`, `vn`, `nz`, `nt`, `an`, `ng`).
    pub const NOMINAL: u8 = 128;

    #[inline]
    pub fn has(self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    /// The classes of `tag` ([`WordInfo::TAG_X`], [`WordInfo::ADV_CONJ`],
    /// [`WordInfo::KEYWORD_TAG`], [`WordInfo::NOMINAL`]): what `tag == "x"`, a `d`/`c` prefix,
    /// `keywords::is_candidate_tag` and `officialese::is_nominal` say (a test checks every
    /// tag of the frequency table against them), read from the first two bytes and the length
    /// in one match: every token asks, and the four string tests cost more than the word's own
    /// characters.
    #[inline(always)]
    fn tag_flags(tag: &str) -> u8 {
        let b = tag.as_bytes();
        let (Some(&first), second, len) = (b.first(), b.get(1).copied().unwrap_or(0), b.len())
        else {
            return 0;
        };
        match first {
            b'x' if len == 1 => Self::TAG_X,
            b'd' | b'c' => Self::ADV_CONJ,
            b'n' if len == 1 || (len == 2 && matches!(second, b'z' | b't' | b'g')) => {
                Self::KEYWORD_TAG | Self::NOMINAL
            }
            b'v' | b'a' if len == 2 && second == b'd' => 0,
            b'v' | b'a' if len == 2 && second == b'n' => Self::KEYWORD_TAG | Self::NOMINAL,
            b'n' | b'v' | b'a' | b'j' | b'l' | b'i' => Self::KEYWORD_TAG,
            b'e' if tag == "eng" => Self::KEYWORD_TAG,
            b'u' if tag == "un" => Self::KEYWORD_TAG,
            _ => 0,
        }
    }

    /// What the modules ask of word `w`, given its frequency-table entry as its band and the
    /// classes of its tag ([`WordInfo::tag_flags`]), `None` when not listed. It is read with its
    /// jieba part of speech from the frequency table (the entry the segmenter found with the
    /// word, [`crate::text::Tokenizer`]; the table covers the 40,000 most frequent words). Words
    /// not listed get `m` (digits), `eng` (Latin letters), `un` (other words with a letter: rare
    /// words and names found by the HMM) or `x` (punctuation, spaces); one-character
    /// punctuation tokens get `x` whatever their entry. jieba-rs's own tagger runs a second HMM
    /// over unknown words and costs several times the segmentation itself.
    #[inline(always)]
    fn of(w: &str, listed: Option<(u8, u8)>) -> WordInfo {
        let band = listed.map(|e| e.0);
        // Most words are Han only: letters, no sentence end, not punctuation, `un` when not
        // listed.
        if let Some(chars) = han_word_chars(w) {
            let tag = listed.map_or_else(|| Self::tag_flags("un"), |e| e.1);
            return WordInfo {
                band,
                chars,
                flags: Self::HAN | Self::WORD_CHAR | tag,
            };
        }
        let (flags, chars) = Self::of_chars(w);
        // Punctuation and spaces are one-character tokens: tagged `x` whatever the entry.
        if chars == 1 && flags & Self::WORD_CHAR == 0 {
            return WordInfo {
                band: None,
                chars,
                flags: flags | Self::tag_flags("x"),
            };
        }
        let tag = match listed {
            Some((_, t)) => t,
            None if w.bytes().all(|b| b.is_ascii_digit()) => Self::tag_flags("m"),
            None if flags & Self::ASCII_ALPHA != 0 => Self::tag_flags("eng"),
            None if flags & Self::WORD_CHAR != 0 => Self::tag_flags("un"),
            None => Self::tag_flags("x"),
        };
        WordInfo {
            band,
            chars,
            flags: flags | tag,
        }
    }

    /// The character classes of `word` and its character count.
    fn of_chars(word: &str) -> (u8, u32) {
        let mut flags = Self::ASCII_ALPHA;
        let mut chars = 0u32;
        for c in word.chars() {
            chars += 1;
            if !c.is_ascii_alphabetic() {
                flags &= !Self::ASCII_ALPHA;
            }
            if is_word_char(c) {
                flags |= Self::WORD_CHAR;
                if crate::text::frequency::is_han(c) {
                    flags |= Self::HAN;
                }
            } else if crate::text::sentences::is_sentence_end(c) {
                flags |= Self::SENTENCE_END;
            }
        }
        (flags, chars)
    }
}

/// Number of characters of `word` when every one is a Han character of U+4000–U+9FFF (most
/// words of Chinese text), read from the lead bytes alone: a three-byte sequence leading with
/// E4–E9 is U+4000–U+9FFF, all Han ([`crate::text::frequency::is_han`]) except U+4DC0–U+4DFF
/// (`E4 B7 xx`). `None` for any other word. (Valid UTF-8: when every third byte from the start
/// is such a lead, the characters are exactly those three-byte groups.)
#[inline]
fn han_word_chars(word: &str) -> Option<u32> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() % 3 != 0 {
        return None;
    }
    // Most words are one or two characters: those lengths without the loop.
    let lead = |x: u8, y: u8| x.wrapping_sub(0xE4) <= 5 && !(x == 0xE4 && y == 0xB7);
    let ok = match *b {
        [x, y, _] => lead(x, y),
        [x, y, _, u, v, _] => lead(x, y) && lead(u, v),
        _ => b.chunks_exact(3).all(|c| lead(c[0], c[1])),
    };
    ok.then_some((b.len() / 3) as u32)
}

/// Cuts `text` with the shared tokenizer and works out each word's [`WordInfo`] as the
/// segmenter hands the word out with its frequency-table entry (band and tag index, the tag's
/// classes read from [`tag_classes`]): one walk, no list of entries in between, no tag string
/// read per word. The words are appended to `tokens`, their infos to `words`.
pub(crate) fn cut_words_into<'a>(
    text: &'a str,
    tokens: &mut Vec<&'a str>,
    words: &mut Vec<WordInfo>,
) {
    let classes = tag_classes();
    // Most posts fit the lists kept from earlier posts; a longer one grows them once.
    let cap = (text.len() / 2).min(4096);
    tokens.reserve(cap);
    words.reserve(cap);
    tokenizer().cut_listed_each(text, &mut |w, entry| {
        tokens.push(w);
        words.push(WordInfo::of(
            w,
            entry.map(|(band, tag)| (band, classes[usize::from(tag)])),
        ));
    });
}

/// [`cut_words_into`] into new lists.
#[cfg(test)]
pub(crate) fn cut_words(text: &str) -> (Vec<&str>, Vec<WordInfo>) {
    let (mut tokens, mut words) = (Vec::new(), Vec::new());
    cut_words_into(text, &mut tokens, &mut words);
    (tokens, words)
}

/// The per-post lists of the previous post on this thread (token list, word infos, sentences,
/// clause pieces, lexicon hits), emptied and kept for their allocations: allocating and freeing
/// them for every post cost more than keeping them.
#[derive(Default)]
struct Buffers {
    tokens: Vec<&'static str>,
    words: Vec<WordInfo>,
    sentences: Vec<&'static str>,
    verse_pieces: Vec<form::ClausePiece>,
    hits: lexicon::LexiconHits<'static>,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::default();
}

impl Buffers {
    /// Lists longer than this (a very long text) are freed rather than kept.
    const KEEP_AT_MOST: usize = 1 << 16;

    /// The kept lists (empty; new ones when none are kept, or while they are taken).
    fn take() -> Buffers {
        BUFFERS
            .try_with(|b| b.try_borrow_mut().map(|mut b| std::mem::take(&mut *b)).ok())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Keeps the lists (emptied) for the next post.
    fn keep(
        tokens: Vec<&str>,
        mut words: Vec<WordInfo>,
        sentences: Vec<&str>,
        mut verse_pieces: Vec<form::ClausePiece>,
        hits: lexicon::LexiconHits,
    ) {
        let small = |cap: usize| cap <= Self::KEEP_AT_MOST;
        if !(small(tokens.capacity())
            && small(words.capacity())
            && small(sentences.capacity())
            && small(verse_pieces.capacity())
            && small(hits.capacity()))
        {
            return;
        }
        words.clear();
        verse_pieces.clear();
        let kept = Buffers {
            tokens: recycle(tokens),
            words,
            sentences: recycle(sentences),
            verse_pieces,
            hits: hits.recycle(),
        };
        let _ = BUFFERS.try_with(|b| {
            if let Ok(mut b) = b.try_borrow_mut() {
                *b = kept;
            }
        });
    }
}

/// `v` emptied, as a list of another item type, in the same allocation when the two types have
/// the same size and alignment: collecting a vector's own `into_iter` into such items reuses
/// its allocation (checked by a test), so one allocation serves, say, the words borrowed from
/// post after post.
pub(crate) fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// [`WordInfo::tag_flags`] of every tag index of the frequency table
/// ([`crate::text::frequency::WordFrequencies::tag_name`]), worked out once: a word's tag
/// classes are then one table read.
fn tag_classes() -> &'static [u8; 256] {
    static CLASSES: OnceLock<[u8; 256]> = OnceLock::new();
    CLASSES.get_or_init(|| {
        let freq = crate::text::frequency::WordFrequencies::shared();
        std::array::from_fn(|i| WordInfo::tag_flags(freq.tag_name(i as u8)))
    })
}

/// Each word's [`WordInfo`] from its entry with the tag as a string (what
/// [`crate::text::Tokenizer::cut_listed`] gives), for tests.
#[cfg(test)]
pub(crate) fn word_infos(tokens: &[(&str, Option<(u8, &'static str)>)]) -> Vec<WordInfo> {
    tokens
        .iter()
        .map(|&(w, e)| WordInfo::of(w, e.map(|(band, tag)| (band, WordInfo::tag_flags(tag)))))
        .collect()
}

/// The normalisation's lists, moved (not copied) into the result once every module has read them.
fn text_facts(post: &Post, norm: Normalized, chars: usize) -> TextFacts {
    let merge = |own: &[String], found: Vec<String>| {
        if own.is_empty() {
            // What pushing each into an empty list gives, in place: repeats dropped, first
            // occurrences kept in order.
            let mut all = found;
            let mut kept = 0;
            for i in 0..all.len() {
                if !all[..kept].contains(&all[i]) {
                    all.swap(kept, i);
                    kept += 1;
                }
            }
            all.truncate(kept);
            return all;
        }
        let mut all = own.to_vec();
        for x in found {
            if !all.contains(&x) {
                all.push(x);
            }
        }
        all
    };
    TextFacts {
        chars,
        hashtags: merge(&post.hashtags, norm.hashtags),
        mentions: merge(&post.mentions, norm.mentions),
        emoticons: norm.emoticons,
        urls: norm.urls,
        link_cards: norm.link_cards,
        repost_chain: norm.repost_chain.into_iter().map(|h| h.user).collect(),
        truncated: norm.truncated || post.truncated,
    }
}

/// Analyses one post. With run-time lexicon additions in `config`, prefer [`Analyzer`] or
/// [`analyze_posts`] for many posts (they compile the lexicons once).
pub fn analyze_post(post: &Post, config: &QualityConfig) -> PostQuality {
    Analyzer::new(config).analyze(post)
}

/// Analyses a batch of posts, in input order; across cores with feature `parallel`.
pub fn analyze_posts(posts: &[Post], config: &QualityConfig) -> Vec<PostQuality> {
    let analyzer = Analyzer::new(config);
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        posts.par_iter().map(|p| analyzer.analyze(p)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        posts.iter().map(|p| analyzer.analyze(p)).collect()
    }
}

/// Rounds to 4 decimals so serialised scores are stable and readable.
pub(crate) fn round4(x: f64) -> f64 {
    if x.is_finite() {
        (x * 10_000.0).round() / 10_000.0
    } else {
        0.0
    }
}

/// `1 - exp(-x / scale)`: maps a non-negative density onto [0, 1), monotone, saturating.
pub(crate) fn saturate(x: f64, scale: f64) -> f64 {
    if x <= 0.0 || scale <= 0.0 || !x.is_finite() {
        return 0.0;
    }
    1.0 - (-x / scale).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_classes_are_the_string_tests() {
        let slow = |tag: &str| {
            let mut flags = 0;
            if tag == "x" {
                flags |= WordInfo::TAG_X;
            }
            if tag.starts_with('d') || tag.starts_with('c') {
                flags |= WordInfo::ADV_CONJ;
            }
            if keywords::is_candidate_tag(tag) {
                flags |= WordInfo::KEYWORD_TAG;
            }
            if officialese::is_nominal(tag) {
                flags |= WordInfo::NOMINAL;
            }
            flags
        };
        let mut tags: Vec<&str> = crate::text::frequency::WordFrequencies::shared()
            .listed()
            .iter()
            .map(|&(w, _, _)| crate::text::frequency::WordFrequencies::shared().entry(w))
            .filter_map(|e| e.map(|e| e.1))
            .collect();
        tags.extend([
            "", "x", "xx", "m", "eng", "en", "engl", "un", "u", "uj", "unk", "n", "nr", "ns", "nt",
            "nz", "ng", "nrt", "ntx", "v", "vn", "vd", "vg", "vnx", "a", "ad", "an", "ag", "adx",
            "d", "dg", "c", "j", "l", "i", "e", "y", "z", "é",
        ]);
        let mut distinct = 0;
        tags.sort_unstable();
        tags.dedup();
        for t in tags {
            distinct += 1;
            assert_eq!(WordInfo::tag_flags(t), slow(t), "{t:?}");
        }
        assert!(distinct > 50, "{distinct}");
    }

    #[test]
    fn word_infos_from_tag_indices_are_those_from_tag_strings() {
        let texts = [
            "【消费提示】您好！网购遇到退款难，请拨打12315投诉举报。",
            "近日，3人驾驶越野车驶入四川康定特殊地貌亚拢沟钙华滩，在滩上转圈漂移，还拍摄视频炫车技。",
            "COVID-19 疫苗 v2.0 😀🇨🇳！\u{200b}\r\n ①②③ 张家口市市场监督管理局 abc123 ٣٤ ㊙ 々〇",
            "",
        ];
        for t in texts {
            let (tokens, words) = cut_words(t);
            let listed = tokenizer().cut_listed(t);
            let want = word_infos(&listed);
            assert_eq!(tokens, listed.iter().map(|x| x.0).collect::<Vec<_>>());
            assert_eq!(words, want, "{t:?}");
        }
    }

    #[test]
    fn word_lists_keep_their_allocation_from_post_to_post() {
        let text = String::from(
            "近日，3人驾驶越野车驶入四川康定特殊地貌亚拢沟钙华滩。高度重视，扎实推进。",
        );
        let mut tokens = Vec::with_capacity(100);
        tokens.extend(tokenizer().cut(&text));
        let (at, cap) = (tokens.as_ptr() as usize, tokens.capacity());
        let again: Vec<&str> = recycle(tokens);
        let mut hits = Vec::with_capacity(8);
        hits.push(lexicon::Hit {
            start: 0,
            end: 3,
            phrase: &text[..3],
            category: "x",
            weight: 1.0,
        });
        let hits_at = hits.as_ptr() as usize;
        let hits: Vec<lexicon::Hit<'static>> = recycle(hits);
        assert!(hits.is_empty());
        assert_eq!((hits.as_ptr() as usize, hits.capacity()), (hits_at, 8));
        assert!(again.is_empty());
        assert_eq!((again.as_ptr() as usize, again.capacity()), (at, cap));
        // Taken, filled, kept, taken again: the same lists, empty.
        let kept = Buffers::take();
        let (mut tokens, mut words) = (recycle(kept.tokens), kept.words);
        cut_words_into(&text, &mut tokens, &mut words);
        assert_eq!((tokens.clone(), words.clone()), cut_words(&text));
        let walk = CharCounts::walk_into(&text, recycle(kept.sentences), kept.verse_pieces);
        assert_eq!(walk.sentences, CharCounts::walk(&text).sentences);
        assert_eq!(walk.verse_pieces, CharCounts::walk(&text).verse_pieces);
        let at = [
            tokens.as_ptr() as usize,
            words.as_ptr() as usize,
            walk.sentences.as_ptr() as usize,
            walk.verse_pieces.as_ptr() as usize,
        ];
        let lexicons = CompiledLexicons::shared_default();
        let (hits, _) = lexicons.scan_marked_into(&text, kept.hits.recycle());
        assert_eq!(hits.officialese, lexicons.scan(&text).officialese);
        assert!(!hits.officialese.is_empty());
        let hits_at = hits.officialese.as_ptr() as usize;
        Buffers::keep(tokens, words, walk.sentences, walk.verse_pieces, hits);
        drop(text);
        let b = Buffers::take();
        assert!(b.tokens.is_empty() && b.words.is_empty());
        assert!(b.sentences.is_empty() && b.verse_pieces.is_empty());
        let again = [
            b.tokens.as_ptr() as usize,
            b.words.as_ptr() as usize,
            b.sentences.as_ptr() as usize,
            b.verse_pieces.as_ptr() as usize,
        ];
        assert_eq!(again, at);
        assert_eq!(b.hits.officialese.as_ptr() as usize, hits_at);
    }

    #[test]
    fn sentences_of_the_count_walk_are_the_content_sentences() {
        let mut texts: Vec<String> = [
            "",
            "。",
            "好",
            "他说：“来了！”我们走吧。好",
            "真的吗？！太好了……（完）\n\n第二段；第三句!? end",
            "好。”。",
            "。”好",
            "a!) b？ \u{3000}c\t。」」 d",
            "！！！\n\n",
            "😀🇨🇳！\u{200b}",
            "问：怎么办？答：拨打12345。",
            "】开头。",
        ]
        .map(String::from)
        .to_vec();
        // Every string of up to four characters over the marks that matter, plus a letter.
        let alphabet = [
            '好', 'a', '。', '！', '?', '”', ')', ' ', '\u{3000}', '\n', '…',
        ];
        let mut frontier = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for s in &frontier {
                for c in alphabet {
                    let mut t = s.clone();
                    t.push(c);
                    next.push(t);
                }
            }
            texts.extend(next.iter().cloned());
            frontier = next;
        }
        for t in &texts {
            let got = CharCounts::walk(t).sentences;
            let want: Vec<&str> = crate::text::content_sentences(t).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }
}
