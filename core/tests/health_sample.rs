//! The bundled generated sample: each fictional account stands for one pattern, and the audit
//! must name it.

use zhengwu::health::{AuditConfig, DiagnosisKind, Window, audit};

#[test]
fn each_sample_account_gets_its_pattern() {
    let d = zhengwu::sample::generate(zhengwu::sample::DEFAULT_SEED);
    // The sample's documented window (its dormant account's old posts lie before it).
    let end = zhengwu::sample::window_end();
    let cfg = AuditConfig {
        window: Some(Window {
            start: end - chrono::Duration::days(zhengwu::sample::WINDOW_DAYS),
            end,
        }),
        ..AuditConfig::default()
    };
    let r = audit(&d, &cfg).expect("audit");
    for a in &r.accounts {
        let kinds: Vec<&str> = a.diagnoses.found.iter().map(|d| d.kind.as_str()).collect();
        println!(
            "{} {:?} overall {:.1}",
            a.account.id, kinds, a.scores.overall
        );
    }
    let has = |id: &str, k: DiagnosisKind| {
        r.account(id)
            .unwrap_or_else(|| panic!("{id} audited"))
            .diagnoses
            .has(k)
    };
    assert!(has("gov-healthy", DiagnosisKind::Healthy));
    assert!(has("gov-dormant", DiagnosisKind::Dormant));
    assert!(has("gov-mute", DiagnosisKind::Mute));
    assert!(has("gov-echo", DiagnosisKind::Echo));
    assert!(has("gov-trivia", DiagnosisKind::HollowActive));
    assert!(!has("gov-healthy", DiagnosisKind::HollowActive));
    // The healthy account leads the league.
    assert_eq!(r.league[0].account_id, "gov-healthy");
    assert!(has("gov-broadcaster", DiagnosisKind::Broadcaster));
}
