//! The evaluation arithmetic on a hand-checked confusion matrix.

use std::collections::HashSet;

use wsis_classify::codes::{Family, index};
use wsis_classify::eval::{Confusion, labelled_report, sdg_report};

#[test]
fn confusion_metrics_by_hand() {
    // 6 decided (4 right), 14 not decided (12 right): tp 4, fp 2, tn 12, fn 2.
    let mut c = Confusion::default();
    for (d, t, n) in [
        (true, true, 4),
        (true, false, 2),
        (false, false, 12),
        (false, true, 2),
    ] {
        (0..n).for_each(|_| c.add(d, t));
    }
    assert_eq!(
        c,
        Confusion {
            tp: 4,
            fp: 2,
            tn: 12,
            fn_: 2
        }
    );
    assert!((c.accuracy() - 0.8).abs() < 1e-12);
    assert!((c.precision() - 4.0 / 6.0).abs() < 1e-12);
    assert!((c.recall() - 4.0 / 6.0).abs() < 1e-12);
    assert!((c.f1() - 4.0 / 6.0).abs() < 1e-12);
    let empty = Confusion::default();
    assert_eq!(
        (empty.precision(), empty.recall(), empty.f1()),
        (0.0, 0.0, 0.0)
    );
}

#[test]
fn sdg_report_accuracy_and_macro() {
    let s1 = index("SDG1").unwrap();
    let s2 = index("SDG2").unwrap();
    // SDG1: tp, fp, tn  → acc 2/3, precision 1/2, recall 1.
    // SDG2: fn, tp      → acc 1/2, precision 1, recall 1/2.
    let rows = vec![
        (s1, true, true),
        (s1, true, false),
        (s1, false, false),
        (s2, false, true),
        (s2, true, true),
    ];
    let r = sdg_report(rows.into_iter());
    assert_eq!((r.rows, r.correct), (5, 3));
    assert!((r.accuracy() - 0.6).abs() < 1e-12);
    assert!((r.macro_avg(Confusion::precision) - 0.75).abs() < 1e-12);
    assert!((r.macro_avg(Confusion::recall) - 0.75).abs() < 1e-12);
    assert_eq!(r.per_code.len(), 2);
    assert!(r.to_text().contains("accuracy 0.600 (3/5)"));
}

#[test]
fn labelled_report_top1_and_per_line() {
    let c1 = index("C1").unwrap();
    let c5 = index("C5").unwrap();
    let items = vec![
        (vec![c1], HashSet::from([c1]), c1),     // right, top-1 right
        (vec![c5], HashSet::from([c1]), c1),     // C1 fp, C5 fn, top-1 wrong
        (vec![c1, c5], HashSet::from([c5]), c5), // C5 tp, C1 fn, top-1 right
    ];
    let r = labelled_report(items.into_iter(), Family::ActionLine);
    assert_eq!((r.rows, r.top1), (3, Some(2)));
    let get = |c: &str| {
        r.per_code
            .iter()
            .find(|(k, _)| k == c)
            .map(|(_, c)| *c)
            .unwrap()
    };
    assert_eq!(
        get("C1"),
        Confusion {
            tp: 1,
            fp: 1,
            tn: 0,
            fn_: 1
        }
    );
    assert_eq!(
        get("C5"),
        Confusion {
            tp: 1,
            fp: 0,
            tn: 1,
            fn_: 1
        }
    );
    assert!((r.macro_avg(Confusion::f1) - (0.5 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
}
