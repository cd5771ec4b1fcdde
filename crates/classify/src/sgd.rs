//! The optimiser: one logistic-regression head per code, fitted by seeded
//! stochastic gradient descent with L2 decay (the scaled-weight trick keeps
//! each step proportional to the example's non-zero features).

use crate::codes::{CODES, Family, family};
use crate::features::Sparse;
use crate::train::{Example, TrainConfig};

/// splitmix64: a tiny seeded generator, enough for shuffling.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Weight and target of example `e` for code `k` (weight 0 = not used).
pub(crate) fn target(e: &Example, k: usize, cfg: &TrainConfig) -> (f32, f32) {
    if e.pos.contains(&k) {
        return (1.0, 1.0);
    }
    if e.neg.contains(&k) {
        return (1.0, 0.0);
    }
    let f = family(k);
    if e.informs.contains(&f) {
        let w = if e.pos.iter().any(|&p| family(p) == f) {
            cfg.w_same_family
        } else {
            cfg.w_rejected_only
        };
        return (w, 0.0);
    }
    (if e.background { cfg.w_background } else { 0.0 }, 0.0)
}

/// Fits one head by SGD with the scaled-weight trick (L2 decay in O(1)).
pub(crate) fn fit_head(
    xs: &[Sparse],
    ex: &[&Example],
    k: usize,
    d: usize,
    qf: (usize, usize),
    cfg: &TrainConfig,
) -> (Vec<f32>, f32) {
    // SDG heads ignore the action-line and GDC lexicon counts: those codes are
    // about ICT, and on the SDG data they only add noise.
    let usable = |j: u32| {
        let j = j as usize;
        if family(k) != Family::Sdg || j < qf.0 || j >= qf.0 + qf.1 {
            return true;
        }
        family((j - qf.0) % CODES.len()) == Family::Sdg
    };
    let xs: Vec<Sparse> = xs
        .iter()
        .map(|x| {
            let (idx, val) = x
                .idx
                .iter()
                .zip(&x.val)
                .filter(|(j, _)| usable(**j))
                .map(|(j, v)| (*j, *v))
                .unzip();
            Sparse { idx, val }
        })
        .collect();
    let mut samples: Vec<(usize, f32, f32)> = Vec::new();
    for (i, e) in ex.iter().enumerate() {
        let (w, y) = target(e, k, cfg);
        if w > 0.0 {
            samples.push((i, y, w));
        }
    }
    let (wp, wn) = samples.iter().fold((0f32, 0f32), |(p, n), s| {
        if s.1 > 0.5 {
            (p + s.2, n)
        } else {
            (p, n + s.2)
        }
    });
    if wp == 0.0 {
        return (vec![0.0; d], -8.0);
    }
    // Partial class balancing: rare codes are not drowned, nor over-weighted.
    let boost = (wn / wp).sqrt().clamp(1.0, 5.0);
    let mut v = vec![0f32; d];
    let (mut s, mut b, mut t) = (1f32, 0f32, 0f32);
    let mut rng = Rng::new(cfg.seed ^ (k as u64).wrapping_mul(0x1000_0000_01B3));
    let mut order: Vec<usize> = (0..samples.len()).collect();
    for _ in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &o in &order {
            let (i, y, w) = samples[o];
            let w = if y > 0.5 { w * boost } else { w };
            let x = &xs[i];
            t += 1.0;
            let lr = cfg.eta0 / (1.0 + cfg.eta0 * cfg.lambda * t);
            let z: f32 = s * x
                .idx
                .iter()
                .zip(&x.val)
                .map(|(&j, &xv)| v[j as usize] * xv)
                .sum::<f32>()
                + b;
            let g = w * (1.0 / (1.0 + (-z).exp()) - y);
            s *= 1.0 - lr * cfg.lambda;
            if s < 1e-4 {
                v.iter_mut().for_each(|x| *x *= s);
                s = 1.0;
            }
            for (&j, &xv) in x.idx.iter().zip(&x.val) {
                v[j as usize] -= lr * g * xv / s;
            }
            b -= lr * g;
        }
    }
    v.iter_mut().for_each(|x| *x *= s);
    (v, b)
}
