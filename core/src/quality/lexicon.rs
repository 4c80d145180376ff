//! The cue lexicons of post quality: versioned TSV files embedded at build time, extensible at
//! run time, compiled once into a single multi-pattern matcher.
//!
//! Every lexicon file (`core/lexicons/*.tsv`) has one entry per line:
//! `phrase<TAB>category<TAB>weight[<TAB>note]`; `#` starts a comment line; the first comment line
//! names the version. One matcher (a character trie, [`super::phrase_trie`]) holds the phrases of
//! all lexicons, so a post is scanned once
//! however many lexicons read it; a phrase may belong to several lexicons (召开 is both a
//! work-update cue and a self-reference cue).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::markers::Marks;
use super::phrase_trie::PhraseTrie;

/// Which analysis a lexicon feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LexiconKind {
    /// 官腔/套话 set phrases (`officialese.tsv`).
    Officialese,
    /// Conversational, plain-language markers (`plain_language.tsv`).
    PlainLanguage,
    /// Public-service / livelihood topics (`livelihood.tsv`).
    Livelihood,
    /// Post-type cues (`post_type.tsv`).
    PostType,
    /// Reader address vs self-reference (`audience.tsv`).
    Audience,
    /// Trivia and cute-speak markers (`trivia.tsv`).
    Trivia,
}

impl LexiconKind {
    /// Every kind, in file order.
    pub const ALL: [LexiconKind; 6] = [
        LexiconKind::Officialese,
        LexiconKind::PlainLanguage,
        LexiconKind::Livelihood,
        LexiconKind::PostType,
        LexiconKind::Audience,
        LexiconKind::Trivia,
    ];

    /// The embedded default lexicon (TSV text).
    pub fn default_tsv(self) -> &'static str {
        match self {
            LexiconKind::Officialese => include_str!("../../lexicons/officialese.tsv"),
            LexiconKind::PlainLanguage => include_str!("../../lexicons/plain_language.tsv"),
            LexiconKind::Livelihood => include_str!("../../lexicons/livelihood.tsv"),
            LexiconKind::PostType => include_str!("../../lexicons/post_type.tsv"),
            LexiconKind::Audience => include_str!("../../lexicons/audience.tsv"),
            LexiconKind::Trivia => include_str!("../../lexicons/trivia.tsv"),
        }
    }
}

/// One lexicon entry: a phrase, the category it signals, and its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LexiconEntry {
    /// The literal phrase (matched as a substring of the normalised text).
    pub phrase: String,
    /// Category within the lexicon (`stance`, `消费维权`, `work_update`, `reader`…).
    pub category: String,
    /// Weight of one occurrence (default 1.0).
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

/// Parses a lexicon TSV. Lines that are blank, comments, or lack a phrase or category are
/// skipped; an unparsable weight counts as 1.0.
pub fn parse_tsv(tsv: &str) -> Vec<LexiconEntry> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let phrase = cols.next()?.trim();
            let category = cols.next()?.trim();
            if phrase.is_empty() || category.is_empty() {
                return None;
            }
            let weight = cols
                .next()
                .and_then(|w| w.trim().parse::<f64>().ok())
                .filter(|w| w.is_finite())
                .unwrap_or(1.0);
            Some(LexiconEntry {
                phrase: phrase.to_string(),
                category: category.to_string(),
                weight,
            })
        })
        .collect()
}

/// The version line of a lexicon (its first comment line), e.g. `officialese v1 (2026-11)`.
pub fn version(kind: LexiconKind) -> &'static str {
    kind.default_tsv()
        .lines()
        .next()
        .and_then(|l| l.strip_prefix('#'))
        .map_or("", str::trim)
}

/// Run-time additions to the embedded lexicons, one list per lexicon.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LexiconExtensions {
    pub officialese: Vec<LexiconEntry>,
    pub plain_language: Vec<LexiconEntry>,
    pub livelihood: Vec<LexiconEntry>,
    pub post_type: Vec<LexiconEntry>,
    pub audience: Vec<LexiconEntry>,
    pub trivia: Vec<LexiconEntry>,
}

impl LexiconExtensions {
    /// True when nothing is added (the shared default automaton can be used).
    pub fn is_empty(&self) -> bool {
        LexiconKind::ALL.iter().all(|&k| self.get(k).is_empty())
    }

    /// The additions for one lexicon.
    pub fn get(&self, kind: LexiconKind) -> &[LexiconEntry] {
        match kind {
            LexiconKind::Officialese => &self.officialese,
            LexiconKind::PlainLanguage => &self.plain_language,
            LexiconKind::Livelihood => &self.livelihood,
            LexiconKind::PostType => &self.post_type,
            LexiconKind::Audience => &self.audience,
            LexiconKind::Trivia => &self.trivia,
        }
    }
}

/// A phrase's membership in one lexicon.
#[derive(Debug, Clone)]
struct Membership {
    kind: LexiconKind,
    category: String,
    weight: f64,
}

/// One lexicon hit in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit<'l> {
    /// Byte range in the scanned text.
    pub start: usize,
    pub end: usize,
    /// The phrase as written in the lexicon.
    pub phrase: &'l str,
    pub category: &'l str,
    pub weight: f64,
}

/// A phrase's membership in one lexicon, as the scan reads it: the category by its index in
/// [`CompiledLexicons::categories`].
#[derive(Debug, Clone, Copy)]
struct Member {
    kind: LexiconKind,
    category: u32,
    weight: f64,
}

/// One compiled phrase: its text and its first membership in one record, its further
/// memberships (a phrase in several lexicons) a range of [`CompiledLexicons::more`]. A raw hit
/// is resolved from this one record for most phrases (a list of phrases beside a list of
/// membership lists were two or three cache misses per hit inside the pass).
#[derive(Debug)]
struct Pattern {
    phrase: String,
    first: Option<Member>,
    more_start: u32,
    more_len: u32,
    /// The structural markers ([`super::markers`]) the phrase is.
    marks: u64,
}

/// All lexicons compiled into one matcher.
#[derive(Debug)]
pub struct CompiledLexicons {
    matcher: PhraseTrie,
    /// Per lexicon phrase (pattern ids below `patterns.len()`).
    patterns: Vec<Pattern>,
    /// Memberships after each phrase's first.
    more: Vec<Member>,
    /// The distinct category names.
    categories: Vec<String>,
    /// Per pattern: the structural markers ([`super::markers`]) it is (the lexicon phrases'
    /// bits are also in their [`Pattern`], which the scan reads). Patterns past `patterns`
    /// are markers that are no lexicon phrase.
    marker_bits: Vec<u64>,
}

impl CompiledLexicons {
    /// Compiles the embedded lexicons plus `extensions`.
    pub fn new(extensions: &LexiconExtensions) -> CompiledLexicons {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut members: Vec<Vec<Membership>> = Vec::new();
        for kind in LexiconKind::ALL {
            let entries = parse_tsv(kind.default_tsv())
                .into_iter()
                .chain(extensions.get(kind).iter().cloned());
            for e in entries {
                let phrase = crate::text::normalize::fold_width(e.phrase.trim());
                if phrase.is_empty() {
                    continue;
                }
                let id = *index.entry(phrase.clone()).or_insert_with(|| {
                    phrases.push(phrase.clone());
                    members.push(Vec::new());
                    phrases.len() - 1
                });
                let list = &mut members[id];
                // A later entry for the same phrase and lexicon (a user extension) replaces it.
                list.retain(|m| m.kind != kind);
                list.push(Membership {
                    kind,
                    category: e.category,
                    weight: e.weight,
                });
            }
        }
        // The structural markers ride along in the same matcher: a marker that is also a
        // lexicon phrase shares its pattern.
        let mut marker_bits = vec![0u64; phrases.len()];
        let mut extra: Vec<&str> = Vec::new();
        for (i, m) in super::markers::MARKERS.iter().enumerate() {
            let id = match index.get(*m) {
                Some(&id) => id,
                None => {
                    extra.push(m);
                    marker_bits.push(0);
                    marker_bits.len() - 1
                }
            };
            let mut marks = super::markers::Marks(marker_bits[id]);
            marks.set(i);
            marker_bits[id] = marks.0;
        }
        let matcher = PhraseTrie::new(phrases.iter().map(String::as_str).chain(extra));
        let mut categories: Vec<String> = Vec::new();
        let mut category_ids: HashMap<String, u32> = HashMap::new();
        let mut member = |m: Membership| Member {
            kind: m.kind,
            category: *category_ids.entry(m.category.clone()).or_insert_with(|| {
                categories.push(m.category);
                categories.len() as u32 - 1
            }),
            weight: m.weight,
        };
        let mut patterns = Vec::with_capacity(phrases.len());
        let mut more = Vec::new();
        for ((phrase, list), &marks) in phrases.into_iter().zip(members).zip(&marker_bits) {
            let mut list = list.into_iter();
            // Every phrase has at least one membership (it was added with one).
            let first = list.next().map(&mut member);
            let more_start = more.len() as u32;
            more.extend(list.map(&mut member));
            patterns.push(Pattern {
                phrase,
                first,
                more_start,
                more_len: more.len() as u32 - more_start,
                marks,
            });
        }
        CompiledLexicons {
            matcher,
            patterns,
            more,
            categories,
            marker_bits,
        }
    }

    /// The shared compilation of the embedded lexicons (built once).
    pub fn shared_default() -> &'static CompiledLexicons {
        static DEFAULT: OnceLock<CompiledLexicons> = OnceLock::new();
        DEFAULT.get_or_init(|| CompiledLexicons::new(&LexiconExtensions::default()))
    }

    /// Scans `text` once and returns the hits of every lexicon. Within one lexicon, overlapping
    /// hits are resolved leftmost-longest (高度重视 wins over 重视 inside it).
    pub fn scan<'l>(&'l self, text: &str) -> LexiconHits<'l> {
        self.scan_marked(text).0
    }

    /// [`CompiledLexicons::scan`], plus which structural markers occur in `text`.
    pub(crate) fn scan_marked<'l>(&'l self, text: &str) -> (LexiconHits<'l>, Marks) {
        self.scan_marked_into(text, LexiconHits::default())
    }

    /// [`CompiledLexicons::scan_marked`] into the lists of `hits` (emptied first: lists kept
    /// from an earlier post, for their allocations).
    pub(crate) fn scan_marked_into<'l>(
        &'l self,
        text: &str,
        hits: LexiconHits<'l>,
    ) -> (LexiconHits<'l>, Marks) {
        let mut marks = Marks::default();
        RAW.with_borrow_mut(|raw| {
            raw.clear();
            self.matcher.scan(text, |start, end, id| {
                // A lexicon phrase's record is read again when the hit is resolved.
                if let Some(p) = self.patterns.get(id) {
                    marks.0 |= p.marks;
                    raw.push((start, end, id));
                } else {
                    marks.0 |= self.marker_bits.get(id).copied().unwrap_or(0);
                }
            });
            let hits = self.resolve(raw, hits);
            // A very long text's buffer is not kept for the rest of the thread's life.
            if raw.capacity() > 1 << 14 {
                *raw = Vec::new();
            }
            (hits, marks)
        })
    }

    /// Leftmost-longest resolution of the raw hits of one scan (by increasing start, then
    /// increasing end), per lexicon.
    fn resolve<'l>(
        &'l self,
        raw: &mut [(usize, usize, usize)],
        mut hits: LexiconHits<'l>,
    ) -> LexiconHits<'l> {
        // The trie reports by increasing start, then increasing end; leftmost-longest wants
        // the longest first at each start, so each start's run is reversed. One pattern per
        // distinct phrase, so no two raw hits share a span: this is the order (start
        // ascending, end descending) a sort would give.
        for run in raw.chunk_by_mut(|a, b| a.0 == b.0) {
            run.reverse();
        }
        for kind in LexiconKind::ALL {
            hits.get_mut(kind).clear();
        }
        // Leftmost-longest within each lexicon: one pass, one `last_end` per lexicon.
        let mut last_end = [0usize; LexiconKind::ALL.len()];
        for &(s, e, id) in raw.iter() {
            let Some(p) = self.patterns.get(id) else {
                continue;
            };
            let start = p.more_start as usize;
            let more = self
                .more
                .get(start..start + p.more_len as usize)
                .unwrap_or(&[]);
            for m in p.first.iter().chain(more) {
                let slot = &mut last_end[m.kind as usize];
                if s < *slot {
                    continue;
                }
                hits.get_mut(m.kind).push(Hit {
                    start: s,
                    end: e,
                    phrase: &p.phrase,
                    category: self
                        .categories
                        .get(m.category as usize)
                        .map_or("", String::as_str),
                    weight: m.weight,
                });
                *slot = e;
            }
        }
        hits
    }

    /// Which structural markers occur in `text` (a full scan; the analysis gets them from
    /// [`CompiledLexicons::scan_marked`]).
    pub(crate) fn marks(&self, text: &str) -> Marks {
        let mut marks = Marks::default();
        self.matcher.scan(text, |_, _, id| {
            marks.0 |= self.marker_bits.get(id).copied().unwrap_or(0);
        });
        marks
    }

    /// Number of distinct phrases compiled.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// True when no phrase is compiled.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

thread_local! {
    /// The raw hits of [`CompiledLexicons::scan_marked`], reused from post to post.
    static RAW: std::cell::RefCell<Vec<(usize, usize, usize)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The hits of one scan, per lexicon, each list in text order.
#[derive(Debug, Default)]
pub struct LexiconHits<'l> {
    pub officialese: Vec<Hit<'l>>,
    pub plain_language: Vec<Hit<'l>>,
    pub livelihood: Vec<Hit<'l>>,
    pub post_type: Vec<Hit<'l>>,
    pub audience: Vec<Hit<'l>>,
    pub trivia: Vec<Hit<'l>>,
}

impl<'l> LexiconHits<'l> {
    /// The lists emptied, for hits of another scan, in the same allocations (kept from post to
    /// post by [`super::Analyzer::analyze`]).
    pub(crate) fn recycle<'m>(self) -> LexiconHits<'m> {
        LexiconHits {
            officialese: super::recycle(self.officialese),
            plain_language: super::recycle(self.plain_language),
            livelihood: super::recycle(self.livelihood),
            post_type: super::recycle(self.post_type),
            audience: super::recycle(self.audience),
            trivia: super::recycle(self.trivia),
        }
    }

    /// The largest capacity of the lists.
    pub(crate) fn capacity(&self) -> usize {
        [
            self.officialese.capacity(),
            self.plain_language.capacity(),
            self.livelihood.capacity(),
            self.post_type.capacity(),
            self.audience.capacity(),
            self.trivia.capacity(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    }

    fn get_mut(&mut self, kind: LexiconKind) -> &mut Vec<Hit<'l>> {
        match kind {
            LexiconKind::Officialese => &mut self.officialese,
            LexiconKind::PlainLanguage => &mut self.plain_language,
            LexiconKind::Livelihood => &mut self.livelihood,
            LexiconKind::PostType => &mut self.post_type,
            LexiconKind::Audience => &mut self.audience,
            LexiconKind::Trivia => &mut self.trivia,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_lexicon_parses_and_is_versioned() {
        for kind in LexiconKind::ALL {
            let entries = parse_tsv(kind.default_tsv());
            assert!(entries.len() >= 20, "{kind:?} has {}", entries.len());
            assert!(version(kind).contains(" v"), "{kind:?}: {}", version(kind));
            for e in &entries {
                // 4.0 at most: the commentary-column cues of post_type.tsv (a genre marker that
                // outweighs topic cues); anything higher is a typo.
                assert!(e.weight > 0.0 && e.weight <= 4.0, "{kind:?} {e:?}");
                assert!(!e.phrase.contains(' '), "{kind:?} {e:?}");
            }
        }
    }

    #[test]
    fn longest_hit_wins_within_a_lexicon_and_phrases_serve_several_lexicons() {
        let lex = CompiledLexicons::shared_default();
        let hits = lex.scan("我局高度重视，召开专题会议。");
        let off: Vec<_> = hits.officialese.iter().map(|h| h.phrase).collect();
        assert!(off.contains(&"高度重视"), "{off:?}");
        assert!(!off.contains(&"重视"), "{off:?}");
        assert!(hits.post_type.iter().any(|h| h.phrase.contains("召开")));
        assert!(hits.audience.iter().any(|h| h.phrase == "我局"));
    }

    #[test]
    fn run_time_extensions_add_and_override() {
        let ext = LexiconExtensions {
            officialese: vec![LexiconEntry {
                phrase: "某某专项行动".into(),
                category: "slogan".into(),
                weight: 2.0,
            }],
            ..Default::default()
        };
        let lex = CompiledLexicons::new(&ext);
        let hits = lex.scan("深化某某专项行动工作");
        assert_eq!(hits.officialese.len(), 1);
        assert_eq!(hits.officialese[0].category, "slogan");
        assert_eq!(hits.officialese[0].weight, 2.0);
        assert!(
            CompiledLexicons::shared_default()
                .scan("深化某某专项行动工作")
                .officialese
                .iter()
                .all(|h| h.phrase != "某某专项行动")
        );
    }

    #[test]
    fn malformed_lines_are_skipped() {
        let e = parse_tsv("# v1\n\nonly\n\tcat\nok\tcat\tnotanumber\nok2\tcat\t0.5\textra note\n");
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].weight, 1.0);
        assert_eq!(e[1].weight, 0.5);
    }
}
