//! Post-type rules of lexicon v4 (docs/methodology/quality.md, "Post type"): each test pins one
//! rule on a short post written in the style of the accounts it was tuned on.

use zhengwu::Post;
use zhengwu::quality::{PostQuality, PostType, QualityConfig, analyze_post};

fn classify(text: &str) -> PostQuality {
    let t = chrono::DateTime::parse_from_rfc3339("2020-03-01T09:00:00+08:00").expect("time");
    analyze_post(&Post::new("1", "acct", t, text), &QualityConfig::default())
}

fn has_cue(q: &PostQuality, cue: &str) -> bool {
    q.post_type.cues.iter().any(|c| c.cue == cue)
}

#[test]
fn headline_after_leading_topics_is_news() {
    let q = classify(
        "#全球抗疫第一线#【#某国确诊病例增至5例#】当地卫生部门今天发布，新增病例均在隔离中。",
    );
    assert_eq!(q.post_type.kind, PostType::News, "{:?}", q.post_type);
    assert!(has_cue(&q, "【】 headline"));
    // A `#` that opens no topic does not hide the headline rule's limits: prose first, no headline.
    let q = classify("今天天气不错。#春天#【花开了】");
    assert!(!q.post_type.scores.contains_key(&PostType::News));
}

#[test]
fn one_rhetorical_question_does_not_outweigh_a_headline() {
    let q = classify("【#小城里的百年老店#】老街上的这家店已经开了一百年。你吃过这家的点心吗？");
    assert_eq!(q.post_type.kind, PostType::News, "{:?}", q.post_type);
    // A question plus an explicit ask (留言) is still interaction.
    let q =
        classify("【#小城里的百年老店#】老街上的这家店已经开了一百年。你吃过吗？欢迎留言分享！");
    assert_eq!(q.post_type.kind, PostType::Interaction, "{:?}", q.post_type);
}

#[test]
fn commentary_column_is_other_with_its_own_cue() {
    let q = classify(
        "#央视热评#【别让规矩成摆设】规矩立起来，更要执行下去，最新消息再次说明了这一点。",
    );
    assert_eq!(q.post_type.kind, PostType::Other, "{:?}", q.post_type);
    assert!(has_cue(&q, "热评"));
    assert!(
        q.post_type
            .cues
            .iter()
            .all(|c| c.post_type == PostType::Other)
    );
}

#[test]
fn fill_in_quiz_is_interaction() {
    let q = classify("#每日一题#“春眠不觉晓，处处闻___”？你来填空吧！");
    assert_eq!(q.post_type.kind, PostType::Interaction, "{:?}", q.post_type);
    assert!(has_cue(&q, "fill-in quiz"));
    // Underscores in a mention are not a blank.
    let q = classify("【比赛结束】恭喜@选手___ 夺冠！");
    assert!(!has_cue(&q, "fill-in quiz"));
}

#[test]
fn repeated_phrase_counts_once() {
    let q = classify("【某公司致歉】某公司今天发布致歉声明，再次致歉，并表示将再次致歉。");
    let crisis = q.post_type.scores.get(&PostType::CrisisResponse).copied();
    // 致歉 (1.5) three times: 1.5, not 4.5.
    assert_eq!(crisis, Some(1.5), "{:?}", q.post_type);
}

#[test]
fn rule_wording_and_contact_search() {
    let q = classify(
        "【#某市调整应急响应级别#】自明天零时起，全市应急响应级别由一级调整为二级，来访人员一律测温。",
    );
    assert_eq!(q.post_type.kind, PostType::Policy, "{:?}", q.post_type);
    let q = classify("【#某项补贴政策延长两年#】今天召开的国务院常务会议确定：将补贴政策延长2年。");
    assert_eq!(q.post_type.kind, PostType::Policy, "{:?}", q.post_type);
    let q =
        classify("#急寻病例同行人员#【急寻1月20日某次列车乘客】请同车厢乘客主动联系当地疾控部门。");
    assert_eq!(q.post_type.kind, PostType::Service, "{:?}", q.post_type);
}

#[test]
fn government_posts_with_a_headline_keep_their_type() {
    // The headline weighs 1.5: an agency's own meeting, a notice or a reminder written under a
    // 【】 headline must not become news.
    let cases = [
        (
            "【我局召开安全生产工作会议】3月5日上午，局党组书记主持会议，部署下一阶段工作。",
            PostType::WorkUpdate,
        ),
        (
            "【停水通知】因管网维修，3月6日8:00至18:00某路沿线停水，请提前储水。",
            PostType::Service,
        ),
        (
            "【温馨提示】近期气温骤降，请广大市民注意保暖，出行注意安全。",
            PostType::Service,
        ),
        (
            "#平安春运#【关于网传某路段封闭的情况说明】网传消息不实，该路段正常通行。",
            PostType::CrisisResponse,
        ),
        (
            "【有奖征集】城市宣传口号征集开始啦！欢迎留言投稿。",
            PostType::Interaction,
        ),
    ];
    for (text, want) in cases {
        let q = classify(text);
        assert_eq!(q.post_type.kind, want, "{text}: {:?}", q.post_type.scores);
    }
}
