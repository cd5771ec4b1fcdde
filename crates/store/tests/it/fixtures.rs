//! Initiatives made up for tests.

use wsis_register::{
    CodeAssignment, Initiative, Kind, Organization, Origin, StakeholderGroup, Status,
};
use wsis_store::{Filter, Store};

/// A valid initiative with the given id, title and declared codes.
pub fn initiative(id: &str, title: &str, codes: &[&str]) -> Initiative {
    Initiative {
        id: id.to_string(),
        title: title.to_string(),
        description: format!("{title}: a test initiative about digital inclusion."),
        organization: Organization {
            name: "Test Organization".into(),
            stakeholder_group: StakeholderGroup::CivilSociety,
            country: Some("KEN".into()),
        },
        kind: Kind::Project,
        countries: vec!["KEN".into(), "UGA".into()],
        start_date: Some("2021-03-01".into()),
        end_date: None,
        status: Status::Ongoing,
        links: vec!["https://example.org/a".into()],
        codes: codes.iter().map(|c| declared(c)).collect(),
        attribution: None,
        sample: true,
    }
}

/// A declared code.
pub fn declared(code: &str) -> CodeAssignment {
    CodeAssignment {
        code: code.into(),
        origin: Origin::Declared,
        score: None,
        evidence: vec![],
        engine_version: None,
    }
}

/// A machine suggestion with a score and evidence.
pub fn suggested(code: &str, score: f32, evidence: &[&str]) -> CodeAssignment {
    CodeAssignment {
        code: code.into(),
        origin: Origin::Suggested,
        score: Some(score),
        evidence: evidence.iter().map(|e| e.to_string()).collect(),
        engine_version: Some("test-engine 1".into()),
    }
}

/// The ids on result pages `1..=pages`, one page after the other, where
/// `filter(n)` is the search for page `n`; every page must report `total`
/// matches (`engine` names the store in failure messages).
pub async fn walk_pages(
    store: &Store,
    engine: &str,
    pages: u32,
    total: i64,
    filter: impl Fn(u32) -> Filter,
) -> Vec<String> {
    let mut walked = Vec::new();
    for n in 1..=pages {
        let got = store.list_initiatives(&filter(n)).await.expect("page");
        assert_eq!(got.total, total, "page {n} ({engine})");
        walked.extend(got.items.into_iter().map(|i| i.id));
    }
    walked
}

/// Runs futures concurrently on the test's runtime and collects their results.
pub async fn futures_join<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let mut pinned: Vec<_> = futures.map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (f, slot) in pinned.iter_mut().zip(out.iter_mut()) {
            if slot.is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => *slot = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().flatten().collect()
}
