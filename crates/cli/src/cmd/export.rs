//! `wsis-hub export initiatives|inputs`: write the whole register, or the
//! published inputs of a call, to a file or stdout.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use wsis_register::interchange::{self, Format};

use crate::cmd::migrate;

/// What to export, and where.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The kind of record: `initiatives`; `inputs` (published inputs of a
    /// call); or `training` (texts with reviewer-confirmed codes, as the JSONL
    /// that `train --action-line-data` reads).
    #[arg(value_parser = ["initiatives", "inputs", "training"])]
    pub what: String,
    /// The call whose inputs to export (with `inputs`).
    #[arg(long, required_if_eq("what", "inputs"))]
    pub call: Option<i64>,
    /// The format to write.
    #[arg(long, default_value = "json")]
    pub format: Format,
    /// The file to write; standard output by default.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Runs the command. A file is written beside its destination and renamed
/// into place at the end, so a failed export never leaves half a file.
pub async fn run(database: &str, args: Args) -> anyhow::Result<()> {
    let store = migrate::open(database).await?;
    if args.what == "training" {
        let bytes = training(&store).await;
        store.close().await;
        return write_out(args.output.as_deref(), &bytes?, "training texts");
    }
    if let (Some(call), "inputs") = (args.call, args.what.as_str()) {
        let bytes = inputs(&store, call, args.format).await;
        store.close().await;
        return write_out(args.output.as_deref(), &bytes?, "inputs");
    }
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            let out = BufWriter::new(stdout.lock());
            let (_, mut out) = write_register(&store, args.format, out).await?;
            out.flush()?;
        }
        Some(path) => {
            let tmp = path.with_extension("partial");
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("creating {}", tmp.display()))?;
            let written = write_register(&store, args.format, BufWriter::new(file)).await;
            let (n, mut out) = match written {
                Ok(done) => done,
                Err(e) => {
                    std::fs::remove_file(&tmp).ok();
                    return Err(e);
                }
            };
            out.flush()?;
            drop(out);
            std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("exported {n} initiatives to {}", path.display());
        }
    }
    store.close().await;
    Ok(())
}

/// Initiatives read per query: the export holds one page of the register
/// in memory, not all of it (100,000 initiatives took 405 MB at once).
const PAGE: i64 = 2000;

/// Writes every initiative in key order, a page at a time, and returns how
/// many and the output.
async fn write_register<W: Write>(
    store: &wsis_store::Store,
    format: Format,
    out: W,
) -> anyhow::Result<(usize, W)> {
    let mut w = interchange::Writer::new(format, out)?;
    each_page(store, |page| Ok(w.write(page)?)).await?;
    let n = w.written();
    Ok((n, w.finish()?))
}

/// Visits every initiative in key order, [`PAGE`] at a time.
async fn each_page(
    store: &wsis_store::Store,
    mut visit: impl FnMut(&[wsis_register::Initiative]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut after = 0;
    loop {
        let (page, last) = store
            .initiatives_after(after, PAGE)
            .await
            .context("reading the register")?;
        if page.is_empty() {
            return Ok(());
        }
        visit(&page)?;
        after = last;
    }
}

/// The published inputs of a call in a format.
async fn inputs(store: &wsis_store::Store, id: i64, format: Format) -> anyhow::Result<Vec<u8>> {
    let call = store
        .get_call(id)
        .await?
        .with_context(|| format!("no call {id}"))?;
    let found = store.published_inputs(id, None).await?;
    let fw = wsis_framework::Framework::embedded();
    let items = wsis_calls::export::exported(&found, |c| fw.country(c).map(|c| c.region.clone()));
    Ok(match format {
        Format::Csv => wsis_calls::export::to_csv(&call, &items)?,
        Format::Json => {
            let mut v = serde_json::to_vec_pretty(&items)?;
            v.push(b'\n');
            v
        }
    })
}

/// Initiatives and published inputs with confirmed codes, one JSON line
/// each: `{"id", "text", "labels"}`. Suggestions that no one confirmed are
/// left out, so the model never learns from its own guesses.
async fn training(store: &wsis_store::Store) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut line = |id: String, text: String, labels: Vec<String>| -> anyhow::Result<()> {
        if !labels.is_empty() && !text.trim().is_empty() {
            let row = serde_json::json!({ "id": id, "text": text, "labels": labels });
            serde_json::to_writer(&mut out, &row)?;
            out.push(b'\n');
        }
        Ok(())
    };
    each_page(store, |page| {
        for i in page {
            let text = format!("{}\n\n{}", i.title, i.description);
            line(i.id.clone(), text, wsis_register::confirmed_codes(&i.codes))?;
        }
        Ok(())
    })
    .await?;
    let published = wsis_calls::submission::SubmissionStatus::Published;
    for s in store.submissions_with_status(published).await? {
        let labels = wsis_register::confirmed_codes(&s.codes);
        line(format!("input-{}", s.id), s.full_text(), labels)?;
    }
    Ok(out)
}

/// Writes bytes to a file (through a temporary beside it) or to stdout.
fn write_out(path: Option<&std::path::Path>, bytes: &[u8], what: &str) -> anyhow::Result<()> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
        }
        Some(path) => {
            let tmp = path.with_extension("partial");
            std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
            std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("exported {what} to {}", path.display());
        }
    }
    Ok(())
}
