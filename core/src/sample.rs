//! A deterministic, generated sample of government accounts of different kinds, with posts and
//! comments: what the audit example and the dashboard load when given no file.
//!
//! No third-party data goes into it: texts are assembled from templates written for this sample
//! by a seeded generator, so the same seed always yields byte-identical output. The accounts are
//! fictional and each stands for one pattern the analyses must recognise:
//!
//! | id | name | pattern |
//! | --- | --- | --- |
//! | `gov-healthy` | 示例市市场监管局 | daily service posts (12315, 消费维权, 食品安全), answers citizens within hours |
//! | `gov-dormant` | 示例县人民政府 | last original post months before the end of the window |
//! | `gov-mute` | 示例区公安分局 | posts regularly; citizens ask and complain; never answers |
//! | `gov-trivia` | 示例镇政府 | posts often, mostly recipes, greetings and cute net-speak |
//! | `gov-echo` | 示例市卫健委 | mostly reposts of the provincial health commission |
//! | `gov-broadcaster` | 示例市交通运输局 | meeting reports in heavy officialese, never replies |
//! | `gov-province-health` | 示例省卫健委 | the upper-level account the echo account reposts |

use chrono::{Duration, TimeZone};

use crate::model::{
    Account, AdminLevel, Comment, Dataset, MediaKind, Post, Record, RepostOf, Timestamp,
};
use crate::time::cst;

/// The seed used for the bundled sample file.
pub const DEFAULT_SEED: u64 = 20_261_126;

/// Days covered by the sample, ending at [`window_end`].
pub const WINDOW_DAYS: i64 = 92;

/// The end of the sample's observation window (2026-10-31 23:59 +08:00): the "as of" time.
pub fn window_end() -> Timestamp {
    cst()
        .with_ymd_and_hms(2026, 10, 31, 23, 59, 0)
        .single()
        .expect("valid date")
}

/// SplitMix64: small, fast, and identical on every platform (wasm included).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const SERVICE: &[&str] = &[
    "【消费提示】#消费维权# 双十一将至，网购请保留好订单截图和聊天记录。遇到商品质量问题，可拨打12315投诉举报，或登录全国12315平台在线投诉。",
    "【办事指南】个体工商户登记注册现在可以全程网办！登录市政务服务网，选择“个体工商户设立”，按提示上传身份证和经营场所证明，最快1个工作日办结。咨询电话：0571-12345。",
    "【食品安全】秋季野生菌中毒高发，请市民朋友不采摘、不购买、不食用来历不明的野生菌。一旦出现恶心、呕吐等症状，请立即就医并拨打120。",
    "【便民服务】市市场监管局行政服务窗口办公时间调整：周一至周五 9:00-17:00，周六上午 9:00-12:00。地址：示例市人民路88号市民中心二楼。",
    "#你问我答# 网友问：买到过期食品怎么办？答：保留购物小票和商品，向商家要求退换；协商不成的，拨打12315，经营者可能需依法承担十倍赔偿。",
    "【提醒】电动自行车充电器“3C认证”抽检结果公布：5批次不合格，详见链接 http://t.cn/A6sample 。购买时请认准3C标志，不要私拉电线充电。",
    "【价格公示】本周主要农副产品价格：猪肉（精瘦）每斤16.5元，鸡蛋每斤5.2元，大白菜每斤1.1元。价格异常可拨打12345反映。",
];

const OFFICIALESE: &[&str] = &[
    "我局召开2026年第三季度安全生产工作会议。会议强调，要高度重视、认真贯彻落实上级决策部署，切实加强组织领导，进一步压实主体责任，扎实推进各项工作，确保取得明显成效。",
    "局党组书记、局长张某某带队赴各区县调研检查交通运输行业安全生产工作，要求各单位坚持“两个至上”，落实“三个必须”，以高度的政治责任感抓好各项工作落实。",
    "我局召开党风廉政建设专题部署会，深入学习贯彻会议精神，全面加强作风建设，不断提升服务水平，为全市经济社会高质量发展提供坚强保障。",
    "市交通运输局领导班子深入基层一线开展“大调研、大走访”活动，进一步统一思想、凝聚共识，切实把各项部署要求落到实处、见到实效。",
];

const POLICE: &[&str] = &[
    "【警情通报】10月12日14时许，人民路与解放路交叉口发生一起两车碰撞事故，无人员伤亡。交警已到场处置，现场交通已恢复。",
    "【防骗提醒】近期冒充“客服”退款诈骗高发！凡是要求你下载陌生App、开启屏幕共享、转账到“安全账户”的，都是诈骗。如有疑问请拨打110或96110。",
    "【平安守护】国庆假期，我局共出动警力1200余人次，圆满完成各项安保任务，全区社会治安秩序平稳。",
    "#反诈宣传# 我局民警走进社区开展反诈宣传活动，发放宣传资料500余份，提醒群众守好“钱袋子”。",
];

const TRIVIA: &[&str] = &[
    "早安[太阳]新的一天也要元气满满哦~么么哒",
    "小编今天学会了一道家常菜：番茄炒蛋！鸡蛋打散，番茄切块，先炒蛋再炒番茄，加一勺糖，超好吃的啦[馋嘴]",
    "周五啦！亲们周末打算去哪里玩呀？评论区告诉小编[嘻嘻]",
    "晚安，好梦[月亮]",
    "今天的晚霞好美呀，萌萌哒[心]大家快抬头看~",
    "【美食】秋天就要来一碗热乎乎的南瓜小米粥：南瓜切块，小米洗净，小火慢熬40分钟，软糯香甜～",
];

const HEALTH_PROVINCE: &[&str] = &[
    "【健康科普】秋冬季是流感高发季节，建议60岁以上老人、慢性病患者和儿童尽早接种流感疫苗。接种点查询请拨打12320。",
    "【通知】全省二级以上公立医院全面推行检查检验结果互认，群众就医可少跑腿、少花钱。",
    "#健康知识# 每天运动30分钟，少盐少油少糖，定期体检，做自己健康的第一责任人。",
    "【辟谣】网传“喝板蓝根可以预防新冠”不实。目前没有证据表明板蓝根能预防病毒感染，请勿轻信谣言。",
];

const INQUIRIES: &[&str] = &[
    "请问个体户注册需要带哪些材料？",
    "周六窗口上班吗？想去办营业执照",
    "请问12315投诉一般多久有回复？",
    "想问一下，网上买的东西质量有问题怎么投诉？",
    "请问这个链接在哪里打开？",
    "老人不会用手机，可以去现场办理吗？",
];

const COMPLAINTS: &[&str] = &[
    "投诉！人民路那家超市卖过期面包，店员还不给退，希望你们管管",
    "举报小区门口的早餐店卫生太差，已经拉肚子两次了",
    "电动车店铺占道经营，人行道根本走不了，反映多少次了都没人管",
    "我在商场买的手机三天就坏了，商家推来推去，怎么办？？",
    "晚上十一点还有工地施工，吵得睡不着，有没有人管啊",
];

const CHALLENGES: &[&str] = &[
    "就知道发这些，老百姓的问题什么时候解决？",
    "呵呵，通报写得真好看",
    "为什么不公布处理结果？",
];

const PRAISE: &[&str] = &[
    "点赞！很实用",
    "谢谢提醒[赞]",
    "收藏了，太有用了",
    "辛苦了！",
    "小编好可爱哈哈哈",
];

const SUGGESTIONS: &[&str] = &[
    "建议把办事流程做成图片，老年人看得更清楚",
    "希望能延长周末的办公时间",
    "建议增加线上预约功能",
];

const HEALTHY_REPLIES: &[&str] = &[
    "您好，需携带身份证原件和经营场所证明，也可以全程网办，详见置顶微博。",
    "您好，已将您反映的情况转交属地市场监管所，工作人员将在3个工作日内联系您核实处理。",
    "您好，周六上午9:00-12:00窗口正常办公，欢迎前来办理。",
    "感谢建议！我们会认真研究改进。",
    "您好，可拨打12315或登录全国12315平台投诉，一般7个工作日内受理。",
];

struct Spec {
    id: &'static str,
    name: &'static str,
    level: AdminLevel,
    system: &'static str,
    parent: Option<&'static str>,
    followers: u64,
    lifetime_posts: u64,
    created: (i32, u32, u32),
}

const SPECS: &[Spec] = &[
    Spec {
        id: "gov-healthy",
        name: "示例市市场监管局",
        level: AdminLevel::City,
        system: "市场监管",
        parent: None,
        followers: 185_000,
        lifetime_posts: 9_800,
        created: (2012, 3, 1),
    },
    Spec {
        id: "gov-dormant",
        name: "示例县人民政府",
        level: AdminLevel::County,
        system: "政府办",
        parent: None,
        followers: 12_400,
        lifetime_posts: 1_350,
        created: (2013, 5, 20),
    },
    Spec {
        id: "gov-mute",
        name: "示例区公安分局",
        level: AdminLevel::County,
        system: "公安",
        parent: None,
        followers: 64_000,
        lifetime_posts: 5_600,
        created: (2011, 11, 11),
    },
    Spec {
        id: "gov-trivia",
        name: "示例镇政府",
        level: AdminLevel::Station,
        system: "政府办",
        parent: None,
        followers: 3_100,
        lifetime_posts: 2_200,
        created: (2014, 7, 1),
    },
    Spec {
        id: "gov-echo",
        name: "示例市卫健委",
        level: AdminLevel::City,
        system: "卫健",
        parent: Some("gov-province-health"),
        followers: 41_000,
        lifetime_posts: 4_700,
        created: (2013, 1, 15),
    },
    Spec {
        id: "gov-broadcaster",
        name: "示例市交通运输局",
        level: AdminLevel::City,
        system: "交通",
        parent: None,
        followers: 27_500,
        lifetime_posts: 3_900,
        created: (2012, 9, 9),
    },
    Spec {
        id: "gov-province-health",
        name: "示例省卫健委",
        level: AdminLevel::Province,
        system: "卫健",
        parent: None,
        followers: 920_000,
        lifetime_posts: 21_000,
        created: (2011, 6, 1),
    },
];

/// Generates the sample with the given seed.
pub fn generate(seed: u64) -> Dataset {
    let mut rng = Rng(seed);
    let end = window_end();
    let start = end - Duration::days(WINDOW_DAYS);
    let mut data = Dataset::default();
    for s in SPECS {
        data.accounts.push(Account {
            id: s.id.into(),
            name: Some(s.name.into()),
            admin_level: Some(s.level),
            system: Some(s.system.into()),
            parent_id: s.parent.map(str::to_string),
            followers: Some(s.followers),
            following: Some(100 + rng.below(400)),
            lifetime_posts: Some(s.lifetime_posts),
            verified_type: Some(1),
            verified_reason: Some(format!("{}官方微博", s.name)),
            created_at: cst()
                .with_ymd_and_hms(s.created.0, s.created.1, s.created.2, 9, 0, 0)
                .single(),
            affiliated_ids: Vec::new(),
        });
    }
    let mut n_comment = 0u64;
    let province_posts = posts_for(
        &mut rng,
        "gov-province-health",
        "示例省卫健委",
        start,
        end,
        1.5,
        |r| r.pick(HEALTH_PROVINCE).to_string(),
    );
    for (i, spec) in SPECS.iter().enumerate() {
        let posts: Vec<Post> = match spec.id {
            "gov-healthy" => posts_for(&mut rng, spec.id, spec.name, start, end, 1.2, |r| {
                r.pick(SERVICE).to_string()
            }),
            "gov-dormant" => {
                // Active until 130 days before the end, then silent.
                let s2 = start - Duration::days(60);
                posts_for(
                    &mut rng,
                    spec.id,
                    spec.name,
                    s2,
                    end - Duration::days(130),
                    0.3,
                    |r| r.pick(SERVICE).to_string(),
                )
            }
            "gov-mute" => posts_for(&mut rng, spec.id, spec.name, start, end, 1.0, |r| {
                r.pick(POLICE).to_string()
            }),
            "gov-trivia" => posts_for(&mut rng, spec.id, spec.name, start, end, 1.6, |r| {
                if r.chance(0.85) {
                    r.pick(TRIVIA).to_string()
                } else {
                    r.pick(SERVICE).to_string()
                }
            }),
            "gov-echo" => {
                let mut ps = Vec::new();
                for (k, p) in province_posts.iter().enumerate() {
                    if rng.chance(0.8) {
                        let at = p.created_at + Duration::minutes(20 + rng.below(600) as i64);
                        if at > end {
                            continue;
                        }
                        let mut rp = Post::new(format!("{}-{k}", spec.id), spec.id, at, "转发微博");
                        rp.account_name = Some(spec.name.into());
                        rp.is_repost = Some(true);
                        rp.repost_of = Some(RepostOf {
                            post_id: Some(p.id.clone()),
                            author_id: Some(p.account_id.clone()),
                            author_name: p.account_name.clone(),
                            text: Some(p.text.clone()),
                            created_at: Some(p.created_at),
                        });
                        rp.reposts = Some(rng.below(5));
                        rp.comments = Some(rng.below(3));
                        rp.likes = Some(rng.below(20));
                        rp.client = Some("微博 weibo.com".into());
                        ps.push(rp);
                    }
                }
                ps.extend(posts_for(
                    &mut rng,
                    spec.id,
                    spec.name,
                    start,
                    end,
                    0.08,
                    |r| r.pick(HEALTH_PROVINCE).to_string(),
                ));
                ps.sort_by_key(|p| p.created_at);
                ps
            }
            "gov-broadcaster" => posts_for(&mut rng, spec.id, spec.name, start, end, 0.9, |r| {
                r.pick(OFFICIALESE).to_string()
            }),
            _ => province_posts.clone(),
        };
        let _ = i;
        for p in &posts {
            if p.repost() {
                continue;
            }
            let n = match spec.id {
                "gov-healthy" => 2 + rng.below(5),
                "gov-mute" => 2 + rng.below(6),
                "gov-trivia" => rng.below(3),
                "gov-broadcaster" => rng.below(4),
                "gov-province-health" => rng.below(3),
                _ => rng.below(2),
            };
            for _ in 0..n {
                n_comment += 1;
                let roll = rng.below(100);
                let (text, needs) = match roll {
                    0..=29 => (rng.pick(INQUIRIES), true),
                    30..=49 => (rng.pick(COMPLAINTS), true),
                    50..=59 => (rng.pick(CHALLENGES), false),
                    60..=69 => (rng.pick(SUGGESTIONS), false),
                    _ => (rng.pick(PRAISE), false),
                };
                let at = p.created_at + Duration::minutes(5 + rng.below(60 * 20) as i64);
                let author = format!("citizen-{}", 1000 + rng.below(600));
                let mut c = Comment::new(
                    format!("c{n_comment}"),
                    p.id.clone(),
                    author.clone(),
                    at,
                    text,
                );
                c.author_name = Some(format!("网友{}", &author[8..]));
                c.likes = Some(rng.below(30));
                let cid = c.id.clone();
                data.comments.push(c);
                // Only the healthy account answers, usually within a few hours.
                if spec.id == "gov-healthy" && (needs || rng.chance(0.2)) && rng.chance(0.9) {
                    n_comment += 1;
                    let delay = if rng.chance(0.7) {
                        10 + rng.below(170)
                    } else {
                        180 + rng.below(1200)
                    };
                    let mut r = Comment::new(
                        format!("c{n_comment}"),
                        p.id.clone(),
                        spec.id,
                        at + Duration::minutes(delay as i64),
                        format!("回复@网友{}:{}", &author[8..], rng.pick(HEALTHY_REPLIES)),
                    );
                    r.parent_id = Some(cid);
                    r.author_name = Some(spec.name.into());
                    data.comments.push(r);
                }
            }
        }
        data.posts.extend(posts);
    }
    data.comments.sort_by(|a, b| {
        a.created_at
            .cmp(&b.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    data
}

/// Posts at about `per_day` a day between `from` and `to`, during office-ish hours.
fn posts_for(
    rng: &mut Rng,
    account: &str,
    name: &str,
    from: Timestamp,
    to: Timestamp,
    per_day: f64,
    mut text: impl FnMut(&mut Rng) -> String,
) -> Vec<Post> {
    let mut out = Vec::new();
    let days = (to - from).num_days();
    for d in 0..days {
        let day = from + Duration::days(d);
        let mut k = per_day.floor() as u64;
        if rng.chance(per_day.fract()) {
            k += 1;
        }
        for j in 0..k {
            let minute = 8 * 60 + rng.below(12 * 60) as i64;
            let at = day
                .date_naive()
                .and_hms_opt(0, 0, 0)
                .map(|n| cst().from_local_datetime(&n).single());
            let Some(Some(midnight)) = at else { continue };
            let at = midnight + Duration::minutes(minute);
            let mut p = Post::new(format!("{account}-{d}-{j}"), account, at, text(rng));
            p.account_name = Some(name.to_string());
            p.is_repost = Some(false);
            let base = 5 + rng.below(60);
            p.likes = Some(base * (1 + rng.below(8)));
            p.comments = Some(rng.below(base / 3 + 1));
            p.reposts = Some(rng.below(base / 2 + 1));
            p.client = Some("微博 weibo.com".into());
            if rng.chance(0.4) {
                p.media.push(MediaKind::Image);
            }
            p.hashtags = crate::sample::hashtags(&p.text);
            out.push(p);
        }
    }
    out
}

/// `#话题#` names in a text (for the generated posts' `hashtags` field).
fn hashtags(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('#') {
        let after = &rest[i + 1..];
        match after.find('#') {
            Some(j) if j > 0 && !after[..j].contains(char::is_whitespace) => {
                out.push(after[..j].to_string());
                rest = &after[j + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// The dataset as our JSON Lines schema (accounts, then posts, then comments).
pub fn to_jsonl(data: &Dataset) -> String {
    let mut out = String::new();
    let records = data
        .accounts
        .iter()
        .cloned()
        .map(Record::Account)
        .chain(data.posts.iter().cloned().map(Record::Post))
        .chain(data.comments.iter().cloned().map(Record::Comment))
        .chain(data.mentions.iter().cloned().map(Record::Mention));
    for r in records {
        // Serialising plain data to JSON cannot fail (no maps with non-string keys).
        if let Ok(line) = serde_json::to_string(&r) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_readable_back() {
        let a = to_jsonl(&generate(DEFAULT_SEED));
        let b = to_jsonl(&generate(DEFAULT_SEED));
        assert_eq!(a, b);
        let (d, r) = crate::read::read_str(&a, &crate::read::ReadOptions::default()).unwrap();
        assert!(r.balanced() && r.rejected == 0);
        assert_eq!(d, generate(DEFAULT_SEED));
    }

    #[test]
    fn each_pattern_is_present() {
        let d = generate(DEFAULT_SEED);
        let posts = |id: &str| d.posts.iter().filter(|p| p.account_id == id).count();
        let replies = |id: &str| d.comments.iter().filter(|c| c.author_id == id).count();
        assert!(posts("gov-healthy") > 80 && replies("gov-healthy") > 100);
        let last_dormant = d
            .posts
            .iter()
            .filter(|p| p.account_id == "gov-dormant")
            .map(|p| p.created_at)
            .max()
            .unwrap();
        assert!((window_end() - last_dormant).num_days() >= 90);
        assert!(posts("gov-mute") > 60 && replies("gov-mute") == 0);
        let echo: Vec<_> = d
            .posts
            .iter()
            .filter(|p| p.account_id == "gov-echo")
            .collect();
        assert!(echo.iter().filter(|p| p.repost()).count() * 10 >= echo.len() * 8);
        assert_eq!(replies("gov-broadcaster"), 0);
    }
}
