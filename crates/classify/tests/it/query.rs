//! The query compiler on the published syntaxes: boolean operators, the
//! three phrase delimiters, wildcards and proximity.

use wsis_classify::query::{QuerySet, source_hash};
use wsis_classify::text::Tokens;

/// Compiles one query (as SDG 1) and tells whether it matches `text`.
fn hits(query: &str, text: &str) -> bool {
    let csv = format!(
        "system,sdg,query_id,query\nt,SDG-01,1,\"{}\"\n",
        query.replace('"', "\"\"")
    );
    let set = QuerySet::from_csv(&[("t", &csv)]).expect("compiles");
    assert_eq!(set.skipped(), 0, "query {query:?} did not parse");
    !set.matches(&Tokens::new(text)).is_empty()
}

#[test]
fn phrases_in_all_three_delimiters() {
    for q in [
        r#""extreme poverty""#,
        "{extreme poverty}",
        "<extreme poverty>",
    ] {
        assert!(hits(q, "Ending Extreme-Poverty by 2030."), "{q}");
        assert!(!hits(q, "poverty is extreme"), "{q}: words out of order");
    }
}

#[test]
fn boolean_and_or_not() {
    let q =
        r#"("microfinance" OR "microcredit") AND ("women" OR "girls") AND NOT ("banking crisis")"#;
    assert!(hits(q, "Microcredit schemes for rural women."));
    assert!(!hits(q, "Microcredit schemes for rural farmers."));
    assert!(!hits(q, "Microcredit for women during the banking crisis."));
    // Auckland's binary NOT and Scopus juxtaposition.
    assert!(hits("( migration NOT chemistry )", "labour migration"));
    assert!(!hits(
        "( migration NOT chemistry )",
        "ion migration in chemistry"
    ));
    assert!(hits(
        "{food producer} smallholder",
        "a smallholder food producer"
    ));
}

#[test]
fn wildcards() {
    assert!(hits(r#""eradicat*""#, "to eradicate hunger"));
    assert!(hits(r#""eradicat*""#, "eradication"));
    assert!(!hits(r#""eradicat*""#, "radiation"));
    assert!(hits("urbani?ation", "rapid urbanisation"));
    assert!(hits("urbani?ation", "rapid urbanization"));
    assert!(!hits("urbani?ation", "urbanation"));
    assert!(hits(r#""socio-economic*""#, "socio economically deprived"));
}

#[test]
fn proximity_counts_words_between() {
    let q = r#"("poverty") W/3 ("reduc*" OR "end")"#;
    assert!(
        hits(q, "poverty has been sharply reduced"),
        "3 words between"
    );
    assert!(hits(q, "to reduce extreme poverty"), "either order");
    assert!(
        !hits(q, "poverty is what we must finally try to reduce"),
        "7 words between"
    );
    let pre = r#""gender" PRE/2 "gap""#;
    assert!(hits(pre, "the gender pay gap"));
    assert!(!hits(pre, "the gap in gender terms"), "PRE is ordered");
}

/// A proximity check used to see only the first 64 spans of each operand,
/// so a word that recurs through a long text hid a pair in range further
/// on, and an AND operand lost its later parts' spans.
#[test]
fn proximity_sees_every_occurrence_in_a_long_text_issue3() {
    let mut text = "Gender equality matters. ".repeat(70);
    text.push_str("They fight gender violence.");
    assert!(hits(r#""gender" W/3 "violen*""#, &text));
    assert!(hits(r#""gender" PRE/1 "violen*""#, &text));
    assert!(
        !hits(r#""violen*" PRE/1 "gender""#, &text),
        "PRE is ordered"
    );
    // The pair sits after 70 of the first operand's and 70 of the AND's
    // first part's spans.
    assert!(hits(r#"("equality" AND "fight") W/1 "violen*""#, &text));
    assert!(!hits(r#"("equality" AND "fight") W/1 "peace""#, &text));
    // Both operands recur thousands of times: the check stays linear.
    let long = "poverty will reduce hunger and poverty ends. ".repeat(5000);
    assert!(hits(r#"("poverty") W/1 ("hunger")"#, &long));
    assert!(!hits(r#""hunger" PRE/0 "poverty""#, &long));
}

/// Query words are lower-cased as texts are: a word-final capital sigma
/// became ς in a query and σ in a text, so the word never matched.
#[test]
fn query_words_fold_case_as_texts_do_issue3() {
    assert!(hits(r#""ΟΔΟΣ""#, "Η ΟΔΟΣ"));
    assert!(hits(r#""ΟΔΟΣ""#, "η οδοσ"));
    assert!(hits(r#""Straße*""#, "STRAßENBAU"));
}

#[test]
fn precedence_or_binds_loosest() {
    // (A W/3 B) OR C, as Aurora writes it.
    let q = r#"( "poverty" ) W/3 ( "eradicat*" ) OR ( "poverty line*" )"#;
    assert!(hits(q, "below the poverty lines of the region"));
    assert!(hits(q, "eradicate poverty"));
    assert!(!hits(
        q,
        "poverty in the region, far from any eradication plan"
    ));
}

#[test]
fn clause_spans_point_at_the_words() {
    let csv = "system,sdg,query_id,query\nt,SDG-05,1,\"(\"\"violence\"\") W/2 (\"\"women\"\")\"\n";
    let set = QuerySet::from_csv(&[("t", csv)]).expect("compiles");
    let text = "We fight violence against women everywhere.";
    let toks = Tokens::new(text);
    let h = set.matches(&toks);
    assert_eq!(h.len(), 1);
    let (a, b) = h[0].spans[0];
    assert_eq!(
        toks.excerpt(text, a as usize, b as usize),
        "violence against women"
    );
}

#[test]
fn shipped_systems_compile() {
    let set = QuerySet::from_csv(&wsis_classify::features::SHIPPED_SYSTEMS).expect("compiles");
    assert!(set.clause_count() > 5000, "{} clauses", set.clause_count());
    assert!(set.skipped() <= 5, "{} queries skipped", set.skipped());
}

/// The shipped compiled form must be what the compiler makes of the shipped
/// CSVs today: a changed query file or compiler without a new compiled file
/// fails here, not silently in production (where the file would be stale).
#[test]
fn shipped_compiled_queries_are_a_fresh_compile() {
    use wsis_classify::features::{COMPILED_QUERIES, SHIPPED_SYSTEMS, with_mentions};
    let all = with_mentions(&SHIPPED_SYSTEMS);
    let hash = source_hash(&all);
    let fresh = QuerySet::from_csv(&all).expect("compiles");
    assert!(
        fresh.to_compiled(hash).expect("writes") == COMPILED_QUERIES,
        "data/classify/queries.compiled is stale: run \
         `cargo run --release -p wsis-classify --example compile_queries`"
    );
    let loaded = QuerySet::from_compiled(COMPILED_QUERIES, hash)
        .expect("reads")
        .expect("matches the shipped sources");
    assert!(loaded.to_compiled(hash).expect("writes") == COMPILED_QUERIES);
    // The loaded set matches texts exactly as the compiled one does.
    for text in [
        "Gender-based violence against women and girls remains pervasive.",
        "Ending extreme poverty and hunger through social protection floors.",
        "Renewable energy and energy efficiency for universal access to electricity.",
        "Urbanisation, micro-finance and marine pollution from plastic waste.",
    ] {
        let toks = Tokens::new(text);
        let (a, b) = (fresh.matches(&toks), loaded.matches(&toks));
        assert!(!a.is_empty(), "{text}: no clause holds");
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "{text}");
    }
}

/// Sources other than the shipped ones (an edited lexicon, another system,
/// the systems without the mention rules) are not served from the shipped
/// compiled form.
#[test]
fn compiled_queries_of_other_sources_are_stale() {
    use wsis_classify::features::{COMPILED_QUERIES, SHIPPED_SYSTEMS, with_mentions};
    let mut edited = SHIPPED_SYSTEMS;
    let lexicon = format!("{}\n", edited[4].1);
    edited[4].1 = &lexicon;
    for sources in [with_mentions(&edited), SHIPPED_SYSTEMS.to_vec()] {
        let stale =
            QuerySet::from_compiled(COMPILED_QUERIES, source_hash(&sources)).expect("reads");
        assert!(stale.is_none());
    }
}
