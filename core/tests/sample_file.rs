//! The bundled sample file is exactly what the seeded generator produces, so it can't drift.

#[test]
fn bundled_sample_matches_generator() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/sample.jsonl");
    let committed =
        std::fs::read_to_string(&path).expect("examples/data/sample.jsonl is committed");
    let generated =
        zhengwu::sample::to_jsonl(&zhengwu::sample::generate(zhengwu::sample::DEFAULT_SEED));
    assert!(
        committed == generated,
        "examples/data/sample.jsonl is stale: run `cargo run --example gen_sample`"
    );
}
