//! Register benchmark: bulk import and search at 100,000 initiatives, on
//! SQLite and PostgreSQL, each beside a baseline measured in the same run.
//!
//! Run with `scripts/bench-register.sh [COUNT] [--passes N]` (it starts a throwaway
//! PostgreSQL). Baselines: for import, the same rows inserted one statement
//! per row into a plain table without indexes (the engine's raw insert
//! speed through the same driver); for search, a primary-key read of one
//! initiative (`get_initiative`). A second import figure, full-text indexing
//! alone, shows the most any import can reach while it keeps the text index
//! up to date. Figures are reported as ratios to them so that runs on
//! different machines can be compared.

use std::time::{Duration, Instant};

use sqlx::AssertSqlSafe;
use wsis_framework::Framework;
use wsis_register::{
    CodeAssignment, Initiative, Kind, Organization, Origin, StakeholderGroup, Status,
};
use wsis_store::Filter;
use wsis_store::testing::{self, TestDb};

/// A small deterministic generator (xorshift64*), so every run loads the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A skewed pick: low indexes are much more frequent, like words in text.
    fn zipf(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b).min(self.below(n))
    }
}

/// Words of the framework's own texts, most frequent first.
fn vocabulary(fw: &Framework) -> Vec<String> {
    let mut counts = std::collections::HashMap::<String, usize>::new();
    let texts = fw
        .action_lines
        .iter()
        .flat_map(|a| a.paragraphs.iter().chain([&a.intro]));
    let targets = fw
        .sdgs
        .iter()
        .flat_map(|s| s.targets.iter().map(|t| &t.text));
    for text in texts.chain(targets) {
        for w in text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.len() > 3)
        {
            *counts.entry(w.to_lowercase()).or_default() += 1;
        }
    }
    let mut words: Vec<(String, usize)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.into_iter().map(|(w, _)| w).collect()
}

fn generate(n: usize, fw: &Framework, words: &[String]) -> Vec<Initiative> {
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    let codes: Vec<&str> = fw.codes().collect();
    let countries: Vec<&str> = fw.countries.iter().map(|c| c.iso3.as_str()).collect();
    let text = |rng: &mut Rng, len: usize| {
        (0..len)
            .map(|_| words[rng.zipf(words.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (0..n)
        .map(|i| {
            let title_len = 6 + rng.below(5);
            let title = text(&mut rng, title_len);
            let description_len = 60 + rng.below(60);
            let description = text(&mut rng, description_len);
            let mut item_codes: Vec<CodeAssignment> = Vec::new();
            for _ in 0..1 + rng.below(4) {
                let code = codes[rng.below(codes.len())].to_string();
                if item_codes.iter().all(|c| c.code != code) {
                    let origin = Origin::Declared;
                    item_codes.push(CodeAssignment {
                        code,
                        origin,
                        score: None,
                        evidence: vec![],
                        engine_version: None,
                    });
                }
            }
            let mut cs: Vec<String> = (0..1 + rng.below(3))
                .map(|_| countries[rng.below(countries.len())].to_string())
                .collect();
            cs.sort();
            cs.dedup();
            let mut item = Initiative {
                id: format!("bench-{i:06}"),
                title,
                description,
                organization: Organization {
                    name: format!("Organization {}", rng.below(5000)),
                    stakeholder_group: StakeholderGroup::ALL[0],
                    country: None,
                },
                kind: Kind::ALL[rng.below(Kind::ALL.len())],
                countries: cs,
                start_date: Some(format!("{}", 2005 + rng.below(21))),
                end_date: None,
                status: Status::ALL[rng.below(Status::ALL.len())],
                links: vec![format!("https://example.org/{i}")],
                codes: item_codes,
                attribution: None,
                sample: true,
            };
            // One group per organization, so organizations stay consistent.
            let org_no: usize = item.organization.name[13..].parse().unwrap_or(0);
            item.organization.stakeholder_group =
                StakeholderGroup::ALL[org_no % StakeholderGroup::ALL.len()];
            item.sort_codes();
            item
        })
        .collect()
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The baseline import: one INSERT per row into a plain table.
async fn baseline_import(db: &TestDb, items: &[Initiative]) -> f64 {
    // The store has installed the drivers and created the database file.
    let pool = sqlx::AnyPool::connect(&db.url).await.expect("pool");
    let ddl = "CREATE TABLE baseline (id TEXT, title TEXT, description TEXT, organization TEXT, kind TEXT)";
    sqlx::raw_sql(AssertSqlSafe(ddl))
        .execute(&pool)
        .await
        .expect("baseline table");
    let start = Instant::now();
    let mut tx = pool.begin().await.expect("tx");
    for i in items {
        sqlx::query("INSERT INTO baseline (id, title, description, organization, kind) VALUES ($1, $2, $3, $4, $5)")
            .bind(&i.id)
            .bind(&i.title)
            .bind(&i.description)
            .bind(&i.organization.name)
            .bind(i.kind.as_str())
            .execute(&mut *tx)
            .await
            .expect("insert");
    }
    tx.commit().await.expect("commit");
    items.len() as f64 / start.elapsed().as_secs_f64()
}

/// The limit set by full-text indexing alone: the baseline rows copied by
/// `INSERT … SELECT` into tables indexed like the register's text (on
/// SQLite, FTS5 over title and description plus FTS5 over titles, with the
/// same tokenizer and settings; on PostgreSQL, a weighted tsvector with a
/// GIN index).
async fn text_index_floor(db: &TestDb, sqlite: bool) -> f64 {
    let pool = sqlx::AnyPool::connect(&db.url).await.expect("pool");
    let ddl = if sqlite {
        "CREATE VIRTUAL TABLE floor_fts USING fts5(title, description, \
         tokenize = 'porter unicode61 remove_diacritics 2'); \
         INSERT INTO floor_fts (floor_fts, rank) VALUES ('pgsz', 8000); \
         INSERT INTO floor_fts (floor_fts, rank) VALUES ('automerge', 16); \
         CREATE VIRTUAL TABLE floor_titles USING fts5(title, \
         tokenize = 'porter unicode61 remove_diacritics 2'); \
         INSERT INTO floor_titles (floor_titles, rank) VALUES ('pgsz', 8000); \
         INSERT INTO floor_titles (floor_titles, rank) VALUES ('automerge', 16)"
    } else {
        "CREATE TABLE floor_fts (title TEXT, description TEXT, search TSVECTOR GENERATED ALWAYS AS \
         (setweight(to_tsvector('english', title), 'A') || \
         setweight(to_tsvector('english', description), 'B')) STORED); \
         CREATE INDEX floor_fts_search ON floor_fts USING GIN (search)"
    };
    sqlx::raw_sql(AssertSqlSafe(ddl))
        .execute(&pool)
        .await
        .expect("floor table");
    let mut copies =
        vec!["INSERT INTO floor_fts (title, description) SELECT title, description FROM baseline"];
    if sqlite {
        copies.push("INSERT INTO floor_titles (title) SELECT title FROM baseline");
    }
    let start = Instant::now();
    let mut tx = pool.begin().await.expect("floor tx");
    let mut rows = 0;
    for copy in copies {
        rows = sqlx::query(copy)
            .execute(&mut *tx)
            .await
            .expect("floor copy")
            .rows_affected();
    }
    tx.commit().await.expect("floor commit");
    rows as f64 / start.elapsed().as_secs_f64()
}

/// SQLite only: FTS5 indexing of the baseline rows in import-sized
/// transactions (5,000 rows each), once with FTS5's default settings and
/// once with the register's (migration 0004: 8 KB pages, merging at 16
/// segments), as rows/s. This is the evidence for those settings.
async fn fts_settings_effect(db: &TestDb) -> (f64, f64) {
    let pool = sqlx::AnyPool::connect(&db.url).await.expect("pool");
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM baseline")
        .fetch_one(&pool)
        .await
        .expect("count");
    let mut rates = [0.0; 2];
    for (n, (table, settings)) in [
        ("fts_default", ""),
        (
            "fts_tuned",
            "INSERT INTO fts_tuned (fts_tuned, rank) VALUES ('pgsz', 8000); \
             INSERT INTO fts_tuned (fts_tuned, rank) VALUES ('automerge', 16);",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let ddl = format!(
            "CREATE VIRTUAL TABLE {table} USING fts5(title, description, \
             tokenize = 'porter unicode61 remove_diacritics 2'); {settings}"
        );
        sqlx::raw_sql(AssertSqlSafe(ddl))
            .execute(&pool)
            .await
            .expect("fts table");
        let insert = format!(
            "INSERT INTO {table} (title, description) \
             SELECT title, description FROM baseline WHERE rowid > $1 AND rowid <= $2"
        );
        let start = Instant::now();
        for from in (0..total).step_by(5000) {
            sqlx::query(AssertSqlSafe(insert.clone()))
                .bind(from)
                .bind(from + 5000)
                .execute(&pool)
                .await
                .expect("fts batch");
        }
        rates[n] = total as f64 / start.elapsed().as_secs_f64();
    }
    (rates[0], rates[1])
}

fn queries(words: &[String], fw: &Framework) -> Vec<Filter> {
    let mut rng = Rng(42);
    let codes: Vec<&str> = fw.sdgs.iter().map(|s| s.code.as_str()).collect();
    (0..400)
        .map(|n| {
            let word = |rng: &mut Rng| words[rng.below(words.len().min(2000))].clone();
            let mut f = Filter {
                page: 1,
                per_page: 20,
                ..Filter::default()
            };
            match n % 4 {
                0 => f.q = Some(word(&mut rng)),
                1 => f.q = Some(format!("{} {}", word(&mut rng), word(&mut rng))),
                2 => {
                    f.q = Some(word(&mut rng));
                    f.sdg = Some(codes[rng.below(codes.len())].to_string());
                }
                _ => {
                    f.sdg = Some(codes[rng.below(codes.len())].to_string());
                    f.kind = Some(Kind::ALL[rng.below(Kind::ALL.len())].as_str().to_string());
                }
            }
            f
        })
        .collect()
}

/// Quoted two-word phrases taken from the generated descriptions, so each
/// is found: a phrase is checked against each candidate's word positions,
/// which a plain word search does not need.
fn phrases(items: &[Initiative]) -> Vec<Filter> {
    let mut rng = Rng(7);
    (0..100)
        .map(|_| {
            let item = &items[rng.below(items.len())];
            let words: Vec<&str> = item.description.split(' ').collect();
            let at = rng.below(words.len() - 1);
            Filter {
                q: Some(format!("\"{} {}\"", words[at], words[at + 1])),
                page: 1,
                per_page: 20,
                ..Filter::default()
            }
        })
        .collect()
}

async fn run(db: TestDb, items: &[Initiative], words: &[String], passes: usize) {
    let fw = Framework::embedded();
    let start = Instant::now();
    db.store
        .import_initiatives(items, &mut |_| {})
        .await
        .expect("import");
    let import_rate = items.len() as f64 / start.elapsed().as_secs_f64();
    // The first search after a write builds this server's facet index.
    let t = Instant::now();
    db.store
        .list_initiatives(&Filter::default())
        .await
        .expect("first search");
    let first = t.elapsed();
    let mut latencies = Vec::new();
    let mut by_kind: [Vec<Duration>; 4] = Default::default();
    let mut hits = 0;
    let queries = queries(words, fw);
    for (n, f) in queries.iter().enumerate() {
        let t = Instant::now();
        let page = db.store.list_initiatives(f).await.expect("search");
        latencies.push(t.elapsed());
        by_kind[n % 4].push(t.elapsed());
        hits += page.total;
    }
    let mut phrase_latencies = Vec::new();
    for f in phrases(items) {
        let t = Instant::now();
        db.store.list_initiatives(&f).await.expect("phrase search");
        phrase_latencies.push(t.elapsed());
    }
    phrase_latencies.sort();
    let mut reads = Vec::new();
    for n in 0..400 {
        let id = format!("bench-{:06}", (n * 7919) % items.len());
        let t = Instant::now();
        db.store
            .get_initiative(&id)
            .await
            .expect("read")
            .expect("found");
        reads.push(t.elapsed());
    }
    // More passes over the same queries, keeping each query's fastest
    // time: what a change does to the searches themselves, with most of
    // a shared machine's noise (another process taking a core for a few
    // milliseconds) left out. One pass, as above, is what a user meets.
    let mut fastest = latencies.clone();
    for _ in 1..passes {
        for (n, f) in queries.iter().enumerate() {
            let t = Instant::now();
            db.store.list_initiatives(f).await.expect("search");
            fastest[n] = fastest[n].min(t.elapsed());
        }
    }
    // The baselines write 200,000 to 400,000 more rows into the same
    // database, so they run after the searches are timed. On PostgreSQL
    // those rows pass autovacuum's thresholds (and the indexed copy's GIN
    // pending list fills), so background work for tables the register does
    // not have could otherwise run beside the timed searches, on the same
    // two cores. In two alternating runs each, the p99 was 35.9 and 27.2 ms
    // with the old order and 29.0 and 24.3 ms with this one: within the
    // spread between runs, so this is for a cleaner measurement, not a
    // faster search.
    let baseline_rate = baseline_import(&db, items).await;
    let floor_rate = text_index_floor(&db, db.name == "sqlite").await;
    let settings = if db.name == "sqlite" {
        Some(fts_settings_effect(&db).await)
    } else {
        None
    };
    latencies.sort();
    reads.sort();
    let (median, p99) = (quantile(&latencies, 0.5), quantile(&latencies, 0.99));
    let read_median = quantile(&reads, 0.5);
    println!("engine {}: {} initiatives", db.name, items.len());
    println!(
        "  import      {import_rate:>9.0} initiatives/s   baseline (row-by-row insert, no index) {baseline_rate:>9.0} rows/s   ratio {:.2}",
        import_rate / baseline_rate
    );
    println!(
        "              full-text indexing alone (INSERT … SELECT in one transaction, no driver round trips) {floor_rate:>9.0} rows/s   ratio {:.2}",
        import_rate / floor_rate
    );
    if let Some((default, tuned)) = settings {
        println!(
            "              FTS5 indexing in 5,000-row transactions: default settings {default:>9.0} rows/s   register's settings {tuned:>9.0} rows/s   ratio {:.2}",
            tuned / default
        );
    }
    println!(
        "  search      median {:>7.2} ms   p99 {:>7.2} ms   ({} queries, {} hits in all; text, text+facet, facet-only)",
        ms(median),
        ms(p99),
        latencies.len(),
        hits
    );
    println!(
        "    first search after the import (builds the facet index) {:>7.2} ms",
        ms(first)
    );
    if passes > 1 {
        let mean = fastest.iter().sum::<Duration>() / fastest.len() as u32;
        fastest.sort();
        println!(
            "    each query's fastest of {passes} passes: median {:>7.2} ms   p99 {:>7.2} ms   mean {:>7.3} ms",
            ms(quantile(&fastest, 0.5)),
            ms(quantile(&fastest, 0.99)),
            ms(mean)
        );
    }
    for (name, mut l) in ["one word", "two words", "word + SDG", "SDG + kind"]
        .into_iter()
        .zip(by_kind)
    {
        l.sort();
        println!(
            "    {name:<11} median {:>7.2} ms   p99 {:>7.2} ms",
            ms(quantile(&l, 0.5)),
            ms(quantile(&l, 0.99))
        );
    }
    println!(
        "    quoted phrase median {:>7.2} ms   p99 {:>7.2} ms   ({} queries, not in the figures above)",
        ms(quantile(&phrase_latencies, 0.5)),
        ms(quantile(&phrase_latencies, 0.99)),
        phrase_latencies.len()
    );
    println!(
        "  baseline    primary-key read median {:>6.3} ms   search median / read median {:.1}",
        ms(read_median),
        median.as_secs_f64() / read_median.as_secs_f64()
    );
}

#[tokio::main]
async fn main() {
    // `[COUNT] [--passes N]`; cargo's own `--bench` flag may come too.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let passes = args
        .iter()
        .position(|a| a == "--passes")
        .and_then(|i| args.get(i + 1))
        .map(|p| p.parse::<usize>().expect("--passes takes a number"))
        .unwrap_or(1)
        .max(1);
    let n: usize = args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || args[i - 1] != "--passes")
        .find_map(|(_, a)| a.parse().ok())
        .unwrap_or(100_000);
    let fw = Framework::embedded();
    let words = vocabulary(fw);
    let items = generate(n, fw, &words);
    run(testing::sqlite().await, &items, &words, passes).await;
    if std::env::var("WSIS_HUB_TEST_POSTGRES").is_ok() {
        run(testing::postgres().await, &items, &words, passes).await;
    } else {
        println!("engine postgres: skipped (run through scripts/bench-register.sh)");
    }
}
