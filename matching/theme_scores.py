"""The theme model scored against the declared themes of a labelled set (``entrepairs eval``'s ``themes.*``)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from matching.text import profile_text
from matching.theme_inference import ThemeModel, precision_recall_at
from matching.types import NeedProfile, OfferProfile


def theme_inference_scores(
    profiles_of_set: Sequence[OfferProfile | NeedProfile], codes: Sequence[str],
    situations: Mapping[str, Sequence[str]] | None, *, folds: int = 5,
) -> dict[str, float]:
    """Theme model against the declared themes of a set's profiles (offers and needs).

    Precision@2, recall@2 and recall@3 leave one profile out at a time (the model learns from
    every other profile and from the situations). Calibration: expected calibration error of
    the calibrated probabilities (10 bins) over ``folds`` folds of the profiles.
    """
    profiles = [p for p in profiles_of_set if p.themes]
    texts = [profile_text(p.title, p.text) for p in profiles]
    labels = [p.themes for p in profiles]
    if len(profiles) < 2:
        return {}
    probs = np.zeros((len(profiles), len(codes)), dtype=np.float32)
    for i in range(len(profiles)):
        rest = [j for j in range(len(profiles)) if j != i]
        model = ThemeModel(codes=codes, situations=situations)
        model.fit([texts[j] for j in rest], [labels[j] for j in rest], calibrate=False)
        probs[i] = model.predict_proba([texts[i]])[0]
    precision, recall = precision_recall_at(probs, labels, codes, k=2)
    _, recall3 = precision_recall_at(probs, labels, codes, k=3)
    calibrated = np.zeros_like(probs)
    fold_of = np.arange(len(profiles)) % folds
    for fold in range(folds):
        train = [j for j in range(len(profiles)) if fold_of[j] != fold]
        test = [j for j in range(len(profiles)) if fold_of[j] == fold]
        if not test:
            continue
        model = ThemeModel(codes=codes, situations=situations)
        model.fit([texts[j] for j in train], [labels[j] for j in train])
        calibrated[test] = model.predict_proba([texts[j] for j in test])
    truth = np.array([[c in declared for c in codes] for declared in labels], dtype=np.float32)
    return {"precision@2": precision, "recall@2": recall, "recall@3": recall3,
            "calibration_error": expected_calibration_error(calibrated.ravel(), truth.ravel())}


def expected_calibration_error(probabilities: np.ndarray, outcomes: np.ndarray, *, bins: int = 10) -> float:
    """Mean gap between predicted probability and observed frequency, weighted by bin size."""
    which = np.minimum((probabilities * bins).astype(int), bins - 1)
    error = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            error += mask.sum() * abs(float(probabilities[mask].mean()) - float(outcomes[mask].mean()))
    return error / max(len(probabilities), 1)
