//! The bundled generated sample: each fictional account stands for one pattern, and the audit
//! must name it.

use zhengwu::health::{AuditConfig, DiagnosisKind, audit};

#[test]
fn each_sample_account_gets_its_pattern() {
    let d = zhengwu::sample::generate(zhengwu::sample::DEFAULT_SEED);
    let r = audit(&d, &AuditConfig::default()).expect("audit");
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
    assert!(has("gov-broadcaster", DiagnosisKind::Broadcaster));
}
