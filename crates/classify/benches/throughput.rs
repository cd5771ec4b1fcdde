//! In-process mapping throughput: the engine alone, as the scikit-learn
//! baseline of `scripts/bench-classify.sh` is timed (vectorising and
//! predicting texts already in memory), so the two can be compared like for
//! like. `wsis-hub classify` end to end (start-up, reading JSONL, writing
//! JSON lines) is timed by the script itself.
//!
//! Usage: `cargo bench -p wsis-classify --bench throughput -- TEXTS.jsonl`
//! (one `{"id", "text"}` object per line). Prints the figures, then one JSON
//! line for the script. The best of three runs is kept, so the figure is for
//! warm per-thread word caches, as in a long-running server; the end-to-end
//! figure of the script starts them cold.

use std::time::{Duration, Instant};

use wsis_classify::{Engine, Scope};

/// The allocator of the `wsis-hub` binary, so the engine is timed as it runs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Timed runs per thread count; the best is kept, as the machine may be shared.
const RUNS: usize = 3;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .ok_or("usage: throughput TEXTS.jsonl")?;
    let texts: Vec<String> = std::fs::read_to_string(&path)?
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let v: serde_json::Value =
                serde_json::from_str(l).map_err(|e| format!("{path} line {}: {e}", i + 1))?;
            v["text"]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("{path} line {}: no \"text\" string", i + 1))
        })
        .collect::<Result<_, String>>()?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let t0 = Instant::now();
    let engine = Engine::embedded()?;
    let start_up = t0.elapsed();
    let mut rates = Vec::new();
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let mut best = Duration::MAX;
        let mut decided = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let out = pool.install(|| engine.classify_batch(&refs, Scope::All, false));
            best = best.min(t.elapsed());
            decided = out.iter().map(|c| c.codes.len()).sum::<usize>();
        }
        let rate = refs.len() as f64 / best.as_secs_f64();
        println!(
            "in-process, {threads} thread(s): {rate:10.0} texts/s ({:.3} s for {} texts, {decided} codes decided)",
            best.as_secs_f64(),
            refs.len()
        );
        rates.push(rate);
    }
    println!(
        "engine start-up (parse model, compile query systems): {:.1} ms",
        start_up.as_secs_f64() * 1e3
    );
    println!(
        "{}",
        serde_json::json!({"texts": refs.len(), "one_thread": rates[0], "two_threads": rates[1],
            "start_up_ms": start_up.as_secs_f64() * 1e3})
    );
    Ok(())
}
