"""Rebuild the bundled sentiment model, src/journeymap/feedback/data/sentiment.npz, from the labelled training file.

Run: ``python tools/build_sentiment_model.py [--train tests/feedback/data/sentiment-train.csv]
[--dev tests/feedback/data/sentiment-dev.csv]``. Deterministic: the same files give the same model (lbfgs and a
fixed fold split; no randomness). The regularisation C is chosen on the dev file (never on a held-out file), then
the dev rows join the training rows for the final fit; the
stacked layer is fitted on out-of-fold logits of the linear layer so it learns how far to trust it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from journeymap.feedback.sentiment import LABELS, SentimentModel  # noqa: E402
from journeymap.feedback.sentiment_features import N_FEATURES, cue_matrix, hashed_counts  # noqa: E402

OUT = ROOT / "src" / "journeymap" / "feedback" / "data" / "sentiment.npz"
C_GRID = (3.0, 10.0, 30.0)
DEFAULT_C = 10.0
"""C without a dev file (the best of C_GRID on the domain dev files when there was none)."""
STACK_C = 1.0
FOLDS = 5


def read(path: Path) -> tuple[list[str], np.ndarray]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["text"].strip() and r["sentiment"] in LABELS]
    return [r["text"] for r in rows], np.array([LABELS.index(r["sentiment"]) for r in rows])


def idf_of(counts: Any) -> tuple[np.ndarray, float]:
    """Smooth IDF, as scikit-learn's: ln((1 + n) / (1 + df)) + 1; unseen columns get the default (df = 0)."""
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    default = float(np.log(1 + n) + 1)
    return (np.log((1 + n) / (1 + df)) + 1).astype(np.float32), default


def tfidf(counts: Any, idf: np.ndarray) -> Any:
    from sklearn.preprocessing import normalize

    rows = counts.copy()
    rows.data *= idf[rows.indices]
    return normalize(rows)


def fit_linear(x: Any, y: np.ndarray, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, y)


def macro_f1(y: np.ndarray, predicted: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, predicted, average="macro"))


def choose_c(train: Path, dev: Path) -> float:
    """The C of C_GRID whose linear layer, trained on ``train``, has the best macro-F1 on ``dev``."""
    texts, y = read(train)
    counts = hashed_counts(texts)
    idf, _ = idf_of(counts)
    used = np.unique(counts.indices)
    x = tfidf(counts, idf)[:, used]
    dev_texts, dev_y = read(dev)
    dev_x = tfidf(hashed_counts(dev_texts), idf)[:, used]
    scores = {c: macro_f1(dev_y, fit_linear(x, y, c).predict(dev_x)) for c in C_GRID}
    print("dev macro-F1 of the linear layer by C:", {c: round(f, 3) for c, f in scores.items()})
    return max(C_GRID, key=lambda c: scores[c])


def build(train: Path, dev: Path | None) -> SentimentModel:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    best = choose_c(train, dev) if dev is not None else DEFAULT_C
    texts, y = read(train)
    if dev is not None:  # C chosen, the dev rows join the training rows
        more, more_y = read(dev)
        texts, y = texts + more, np.concatenate([y, more_y])
    counts = hashed_counts(texts)
    idf, default = idf_of(counts)
    used = np.unique(counts.indices)  # fit on the columns the training texts fill (the rest weigh 0): fast
    x = tfidf(counts, idf)[:, used]
    oof = np.zeros((len(texts), 3))
    for fit_rows, held in StratifiedKFold(FOLDS, shuffle=False).split(x, y):
        oof[held] = fit_linear(x[fit_rows], y[fit_rows], best).decision_function(x[held])
    linear = fit_linear(x, y, best)
    cues = cue_matrix(texts)
    mean, scale = cues.mean(axis=0), cues.std(axis=0) + 1e-6
    stack = LogisticRegression(C=STACK_C, max_iter=3000, class_weight="balanced")
    stack.fit(np.hstack([oof, (cues - mean) / scale]), y)
    import scipy.sparse as sp

    full = np.zeros((3, 2 * N_FEATURES), dtype=np.float32)
    full[:, used] = linear.coef_
    coef = sp.csr_matrix(full.T)
    meta = {
        "train": [p.name for p in (train, dev) if p is not None],
        "train_sha256": [hashlib.sha256(p.read_bytes()).hexdigest() for p in (train, dev) if p is not None],
        "rows": len(texts),
        "C": best,
        "stack_C": STACK_C,
        "n_features": N_FEATURES,
        "idf_default": default,
    }
    model = SentimentModel(
        idf=idf,
        coef=coef,
        intercept=linear.intercept_.astype(np.float64),
        stack_coef=stack.coef_,
        stack_intercept=stack.intercept_,
        cue_mean=mean,
        cue_scale=scale,
        meta=meta,
    )
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data = ROOT / "tests" / "feedback" / "data"
    parser.add_argument("--train", type=Path, default=data / "sentiment-train.csv")
    parser.add_argument("--dev", type=Path, default=data / "sentiment-dev.csv")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    model = build(args.train, args.dev if args.dev.exists() else None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"{args.out}: {model.meta['rows']} training rows (train + dev), C={model.meta['C']}")


if __name__ == "__main__":
    main()
