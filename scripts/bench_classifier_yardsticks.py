#!/usr/bin/env python3
"""Yardsticks for `scripts/bench-classifier`: scikit-learn LogisticRegression and LinearSVC on
TF-IDF word 1-2-grams + char_wb 2-5-grams (sublinear TF, each block L2-normalised), one thread.

  --train T.csv --test T.csv [--text-field text] [--label-field category]
  [--ours ours.json] [--json-out FILE]

Train seconds include fitting the vectoriser (ours include featurisation too); predict µs/text
is transform + predict of the whole test set in one batch, divided by its size (ours: one text
at a time). Prints one table with ours and the ratios, and writes everything as JSON.
"""
import argparse, csv, json, os, sys, time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC


def read(path, text_field, label_field):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r[text_field] for r in rows], [r[label_field] for r in rows]


def features():
    return make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )


def run(name, model, xtr, ytr, xte, yte):
    pipe = make_pipeline(features(), model)
    t0 = time.perf_counter()
    pipe.fit(xtr, ytr)
    train_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pred = pipe.predict(xte)
    predict_us = (time.perf_counter() - t0) / len(xte) * 1e6
    return {
        "name": name,
        "accuracy": accuracy_score(yte, pred),
        "macro_f1": f1_score(yte, pred, average="macro"),
        "train_seconds": train_s,
        "predict_us_per_text": predict_us,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--label-field", default="category")
    ap.add_argument("--ours")
    ap.add_argument("--json-out")
    a = ap.parse_args()
    xtr, ytr = read(a.train, a.text_field, a.label_field)
    xte, yte = read(a.test, a.text_field, a.label_field)
    results = [
        run("sklearn LogisticRegression", LogisticRegression(max_iter=2000), xtr, ytr, xte, yte),
        run("sklearn LinearSVC", LinearSVC(), xtr, ytr, xte, yte),
    ]
    ours = None
    if a.ours:
        with open(a.ours) as f:
            o = json.load(f)
        ours = {
            "name": "flusso (Swift)",
            "accuracy": o["evaluation"]["accuracy"],
            "macro_f1": o["evaluation"]["macro_f1"],
            "train_seconds": o["train_seconds"],
            "predict_us_per_text": o["predict_us_per_text"],
            "expected_calibration_error": o["evaluation"]["expected_calibration_error"],
        }
    rows = ([ours] if ours else []) + results
    print(f"{'model':28} {'accuracy':>9} {'macro-F1':>9} {'train s':>8} {'predict µs':>11} {'ECE':>6}")
    for r in rows:
        ece = f"{r['expected_calibration_error']:.3f}" if "expected_calibration_error" in r else "-"
        print(f"{r['name']:28} {r['accuracy']:9.4f} {r['macro_f1']:9.4f} {r['train_seconds']:8.2f} {r['predict_us_per_text']:11.1f} {ece:>6}")
    verdict = {}
    if ours:
        best = max(results, key=lambda r: r["accuracy"])
        svc = next(r for r in results if "LinearSVC" in r["name"])
        print()
        for r in results:
            print(f"ours / {r['name']}: accuracy {ours['accuracy'] / r['accuracy']:.3f}x, "
                  f"train time {ours['train_seconds'] / r['train_seconds']:.2f}x, "
                  f"predict time {ours['predict_us_per_text'] / r['predict_us_per_text']:.2f}x")
        verdict = {
            "accuracy_at_least_best_sklearn": ours["accuracy"] >= best["accuracy"],
            "train_at_most_half_linear_svc": ours["train_seconds"] <= 0.5 * svc["train_seconds"],
            "predict_at_most_20_us": ours["predict_us_per_text"] <= 20,
            "ece_at_most_0_05": ours["expected_calibration_error"] <= 0.05,
        }
        print()
        for k, v in verdict.items():
            print(f"target {k}: {'met' if v else 'NOT met'}")
    if a.json_out:
        with open(a.json_out, "w") as f:
            json.dump({"sklearn_version": sklearn.__version__, "train": a.train, "test": a.test,
                       "ours": ours, "sklearn": results, "targets": verdict}, f, indent=2)


if __name__ == "__main__":
    main()
