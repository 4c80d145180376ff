//! Parity with jieba-rs 0.11: the same tokens for the same text and dictionary.

use super::*;
use jieba_rs::Jieba;

fn jieba_cut<'a>(j: &Jieba, text: &'a str) -> Vec<&'a str> {
    j.cut(text, true).into_iter().map(|t| t.word).collect()
}

const SAMPLES: &[&str] = &[
    "近日，3人驾驶越野车驶入四川康定特殊地貌亚拢沟钙华滩，在滩上转圈漂移，还拍摄视频炫车技。",
    "【#国务院联防联控机制#：全国累计报告接种新冠病毒疫苗超1亿剂次】",
    "我们中出了一个叛徒",
    "南京市长江大桥",
    "他来到了网易杭研大厦",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "iPhone 12 Pro售价7999元，折扣15.5%，C++和C#都行，a_b&c-d.e",
    "\r\n第一行\r\n\n第二行\t\u{3000}全角空格　结束 ",
    "😀😀表情包来了👍，转发微博//@央视新闻:转发",
    "𠀀𠀁㐀豈更 ＡＢＣ１２３ é à",
    "乒乓球拍卖完了。结婚的和尚未结婚的。",
    "",
    " ",
    "a",
    "中",
];

fn check_parity(seg: &Segmenter, j: &Jieba, text: &str) {
    assert_eq!(seg.cut(text), jieba_cut(j, text), "text {text:?}");
}

#[test]
fn empty_dictionary_matches_jieba_hmm() {
    let seg = Segmenter::empty();
    let j = Jieba::empty();
    for t in SAMPLES {
        check_parity(&seg, &j, t);
    }
}

#[test]
fn dictionary_from_bytes_matches_jieba_including_duplicates_and_missing_fields() {
    let dict = "市场监管 100 n\n投诉 50 v\n市场 2000 n\n监管 300 vn\n市场 10\n长江大桥 80 ns\n南京 500\n\
                南京市 400 ns\n市长 300 n\n江大桥 3 nr\n零频 0 n\nC++ 10 eng\n  \n单独\n";
    let seg = Segmenter::from_dict_bytes(dict.as_bytes()).unwrap();
    let j = Jieba::with_dict(&mut std::io::BufReader::new(dict.as_bytes())).unwrap();
    for t in SAMPLES
        .iter()
        .chain(&["市场监管投诉", "南京市长江大桥", "零频单独C++投诉市场"])
    {
        check_parity(&seg, &j, t);
    }
    assert!(seg.has_word("零频") && seg.has_word("单独") && !seg.has_word("市场监"));
    // The same entries sorted and unique take the fast build: same cuts.
    let sorted = "C++ 10 eng\n单独\n南京 500\n南京市 400 ns\n市场 10\n市场监管 100 n\n市长 300 n\n\
                  投诉 50 v\n江大桥 3 nr\n监管 300 vn\n长江大桥 80 ns\n零频 0 n\n";
    let lines = sorted.lines().count();
    let fast = Segmenter::from_sorted(lines, entries(sorted))
        .unwrap()
        .unwrap();
    let fast_j = Jieba::with_dict(&mut std::io::BufReader::new(sorted.as_bytes())).unwrap();
    for t in SAMPLES
        .iter()
        .chain(&["市场监管投诉", "南京市长江大桥", "零频单独C++投诉市场"])
    {
        check_parity(&fast, &fast_j, t);
    }
    assert!(
        Segmenter::from_sorted(3, entries(dict)).unwrap().is_none(),
        "unsorted"
    );
    assert_eq!(seg.len(), 12);
    assert!(Segmenter::from_dict_bytes(b"word notanumber\n").is_err());
    assert!(Segmenter::from_dict_bytes(&[0xFF, b' ', b'1']).is_err());
}

#[test]
fn user_words_follow_jieba_suggest_freq() {
    let dict = "市场 2000 n\n监管 300 vn\n局 500 n\n放 100 v\n管 100 v\n服 100 v\n";
    let mut seg = Segmenter::from_dict_bytes(dict.as_bytes()).unwrap();
    let mut j = Jieba::with_dict(&mut std::io::BufReader::new(dict.as_bytes())).unwrap();
    for w in ["市场监管局", "放管服", "市场", "AB12", "新词汇"] {
        let (a, b) = (seg.suggest_freq(w), j.suggest_freq(w));
        assert_eq!(a, b, "{w}");
        seg.add_word(w, a);
        j.add_word(w, Some(b), None);
    }
    for t in ["深化放管服改革", "张家口市市场监管局发布", "AB12新词汇市场"] {
        check_parity(&seg, &j, t);
    }
}

#[cfg(feature = "default-dict")]
mod default_dictionary {
    use super::*;
    use proptest::prelude::*;

    fn pair() -> &'static (Segmenter, Jieba) {
        static PAIR: OnceLock<(Segmenter, Jieba)> = OnceLock::new();
        PAIR.get_or_init(|| (Segmenter::default_dictionary(), Jieba::new()))
    }

    #[test]
    fn samples_match_jieba() {
        let (seg, j) = pair();
        assert_eq!(seg.len(), 349_045);
        // The embedded file is sorted and without repeats: the fast build applies.
        let lines = DEFAULT_DICT.lines().count();
        assert!(
            Segmenter::from_sorted(lines, entries(DEFAULT_DICT))
                .unwrap()
                .is_some()
        );
        for t in SAMPLES {
            check_parity(seg, j, t);
        }
    }

    #[test]
    fn texts_longer_than_a_window_match_jieba() {
        // The text is split and its second steps asked for a window of about WINDOW bytes at a
        // time: windows end at block boundaries, a block longer than a window stays whole.
        let (seg, j) = pair();
        let mixed: String = SAMPLES.iter().cycle().take(800).copied().collect();
        assert!(mixed.len() > 3 * WINDOW);
        let han: String = "中华人民共和国国务院新闻办公室发布会".repeat(300);
        assert!(han.len() > 2 * WINDOW);
        let both = format!("{mixed}{han}，{han}a{mixed}");
        for t in [&mixed, &han, &both] {
            check_parity(seg, j, t);
        }
    }

    #[test]
    fn user_words_match_jieba() {
        let mut seg = Segmenter::default_dictionary();
        let mut j = Jieba::new();
        for w in [
            "张家口市市场监督管理局",
            "放管服",
            "政府",
            "亚拢沟",
            "12315热线",
        ] {
            let (a, b) = (seg.suggest_freq(w), j.suggest_freq(w));
            assert_eq!(a, b, "{w}");
            seg.add_word(w, a);
            j.add_word(w, Some(b), None);
        }
        for t in SAMPLES
            .iter()
            .chain(&["张家口市市场监督管理局发布12315热线，深化放管服改革"])
        {
            check_parity(&seg, &j, t);
        }
    }

    #[test]
    fn listed_entries_equal_a_second_lookup() {
        let (seg, _) = pair();
        let freq = WordFrequencies::shared();
        assert!(seg.bands(freq).complete);
        for t in SAMPLES {
            for (w, e) in seg.cut_listed(t) {
                assert_eq!(e, freq.entry(w), "{w:?} in {t:?}");
            }
        }
        // A dictionary lacking listed words falls back to the table for words outside it.
        let small = Segmenter::from_dict_bytes("市场 2000 n\n".as_bytes()).unwrap();
        assert!(!small.bands(freq).complete);
        for (w, e) in small.cut_listed("市场监管部门的投诉") {
            assert_eq!(e, freq.entry(w), "{w:?}");
        }
    }

    /// Han (common and rare), Latin, digits, the connectors jieba keeps in words, punctuation,
    /// emoji, whitespace including `\r\n`.
    fn mixed_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "的",
            "中国",
            "人民",
            "政府",
            "市场",
            "监管",
            "局",
            "南京",
            "长江",
            "大桥",
            "钙",
            "华",
            "滩",
            "拢",
            "沟",
            "亚",
            "嬲",
            "龘",
            "㐀",
            "𠀀",
            "a",
            "Z",
            "iPhone",
            "12",
            "3.5",
            "%",
            "+",
            "#",
            "&",
            "_",
            "-",
            ".",
            "，",
            "。",
            "！",
            "“",
            "”",
            "😀",
            "👍",
            " ",
            "\t",
            "\r\n",
            "\n",
            "\r",
            "　",
            "é",
            "ａ",
            "１",
            "@",
            "//",
            "【",
            "】",
            "哈哈哈",
            "么么哒",
            "微博",
            "转发",
            "疫情",
            "防控",
            "新冠",
            "肺炎",
            "核酸",
            "检测",
            "同志",
            "们",
            "了",
            "吗",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]
        #[test]
        fn random_mixed_text_matches_jieba(text in mixed_text()) {
            let (seg, j) = pair();
            prop_assert_eq!(seg.cut(&text), jieba_cut(j, &text));
            let freq = WordFrequencies::shared();
            for (w, e) in seg.cut_listed(&text) {
                prop_assert_eq!(e, freq.entry(w));
            }
        }

        #[test]
        fn random_unicode_matches_jieba(text in "\\PC{0,60}") {
            let (seg, j) = pair();
            prop_assert_eq!(seg.cut(&text), jieba_cut(j, &text));
        }
    }
}
