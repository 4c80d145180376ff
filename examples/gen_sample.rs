//! Writes the bundled sample (`examples/data/sample.jsonl`) from the seeded generator in
//! `zhengwu::sample`. `cargo run --example gen_sample` rewrites it; a test checks the committed
//! file is exactly what the generator gives.

fn main() -> std::io::Result<()> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/sample.jsonl");
    let data = zhengwu::sample::generate(zhengwu::sample::DEFAULT_SEED);
    std::fs::write(&path, zhengwu::sample::to_jsonl(&data))?;
    eprintln!(
        "wrote {} ({} accounts, {} posts, {} comments)",
        path.display(),
        data.accounts.len(),
        data.posts.len(),
        data.comments.len()
    );
    Ok(())
}
