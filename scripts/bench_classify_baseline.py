#!/usr/bin/env python3
"""Baseline for scripts/bench-classify.sh: a straightforward scikit-learn
TF-IDF (word 1-2 grams) + one-vs-rest LogisticRegression SDG classifier.

Usage:
  bench_classify_baseline.py fit SDG_DEV_CSV MODEL_PICKLE
  bench_classify_baseline.py time MODEL_PICKLE TEXTS_JSONL

* `fit`: cross-validated accuracy on the SDG benchmark (5 folds split by
  text, same arithmetic as `wsis-hub eval --cv`: a row is right when "SDG
  decided" equals its label; per-SDG threshold 0.5 on a one-vs-rest model
  trained on the training folds' positives, with the rejected SDG rows as
  negatives), then a model fitted on all dev rows, pickled for `time`.
* `time`: vectorising + predicting every text of TEXTS_JSONL (the same
  10,000 texts wsis-hub classifies), best of three runs. A separate step, so
  the bench script can interleave it with the timing of wsis-hub.
Each prints one JSON object.
"""
import csv
import json
import pickle
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def load(path):
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    for r in rows:
        r["sdg"] = int(str(r["sdg"]).upper().replace("SDG", "").replace("-", ""))
        r["label"] = str(r["label"]).strip().lower() in ("true", "1", "yes")
    return rows


def fit(rows):
    texts = sorted({r["text"] for r in rows})
    index = {t: i for i, t in enumerate(texts)}
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, stop_words="english")
    x = vec.fit_transform(texts)
    models = {}
    for k in range(1, 18):
        y = np.full(len(texts), -1)
        for r in rows:
            i = index[r["text"]]
            if r["sdg"] == k:
                y[i] = 1 if r["label"] else 0
            elif r["label"] and y[i] == -1:
                y[i] = 0  # a text about another SDG: assumed negative
        mask = y >= 0
        if len(set(y[mask])) < 2:
            continue
        m = LogisticRegression(C=10.0, max_iter=1000, class_weight="balanced")
        m.fit(x[mask], y[mask])
        models[k] = m
    return vec, models


def predict(vec, models, texts):
    x = vec.transform(texts)
    out = np.zeros((len(texts), 18))
    for k, m in models.items():
        out[:, k] = m.predict_proba(x)[:, 1]
    return out


def cv_accuracy(rows, k=5, seed=20251128):
    texts = sorted({r["text"] for r in rows})
    rng = np.random.RandomState(seed)
    order = rng.permutation(len(texts))
    fold = {texts[i]: r % k for r, i in enumerate(order)}
    right = 0
    for f in range(k):
        train = [r for r in rows if fold[r["text"]] != f]
        test = [r for r in rows if fold[r["text"]] == f]
        vec, models = fit(train)
        p = predict(vec, models, [r["text"] for r in test])
        for r, pr in zip(test, p):
            right += int((pr[r["sdg"]] >= 0.5) == r["label"])
    return right / len(rows)


def main():
    mode = sys.argv[1]
    if mode == "fit":
        rows = load(sys.argv[2])
        acc = cv_accuracy(rows)
        with open(sys.argv[3], "wb") as f:
            pickle.dump(fit(rows), f)
        print(json.dumps({"cv_accuracy": acc}))
        return
    if mode != "time":
        sys.exit(f"unknown mode {mode!r}: fit or time")
    with open(sys.argv[2], "rb") as f:
        vec, models = pickle.load(f)
    texts = [json.loads(line)["text"] for line in open(sys.argv[3], encoding="utf-8") if line.strip()]
    # Best of three, as wsis-hub is timed: the machine may be shared.
    secs = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        p = predict(vec, models, texts)
        decided = (p >= 0.5).sum()
        secs = min(secs, time.perf_counter() - t0)
    print(json.dumps({"texts": len(texts), "seconds": secs,
                      "texts_per_second": len(texts) / secs, "decided": int(decided)}))


if __name__ == "__main__":
    main()
