"""Why an offer is suggested for a need: the reasons of one suggestion, strongest first, in French.

Each reason is weighed by what its signal added to the score (``BlendWeights`` times the signal), so the card reads
the evidence in the order the ranking used it; the last lines say the person's capacity (or the pole's rank) and the
offer's rank among those the need may receive.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from matching import explain
from matching.text import profile_text
from matching.theme_inference import proposed_columns
from matching.types import Explanation, NeedProfile

if TYPE_CHECKING:
    from matching.engine import HybridMatcher

#: Key of ``components`` holding the inferred theme probabilities (``n_needs × n_theme_codes``).
THEME_PROBABILITIES = "theme_probabilities"


def suggestion_explanation(
    matcher: HybridMatcher,
    need: NeedProfile,
    j: int,
    comps: dict[str, np.ndarray],
    rank: int,
    n_allowed: int,
    phrases: tuple[list[str], list[str]],
) -> Explanation:
    """The explanation of offer ``j`` for ``need`` (``comps``: the matcher's components for this need alone), ranked
    ``rank`` among ``n_allowed`` offers, with the best phrases of each side."""
    offer = matcher.offers_[j]
    w = matcher.weights
    values = {key: float(matrix[0, j]) for key, matrix in comps.items() if key != THEME_PROBABILITIES}
    need_text = profile_text(need.title, need.text)
    offer_text = profile_text(offer.title, offer.text)
    need_phrases, offer_phrases = phrases
    shared = [matcher.theme_label(t) for t in need.themes if t in offer.themes]
    read = matcher.read_offer_themes(j) if matcher.mode == "hybrid" else {}
    read_shared = [matcher.theme_label(t) for t in need.themes if t in read]
    scored: list[tuple[float, str]] = []
    if shared or read_shared:
        where = "ce que le pôle peut transmettre" if matcher.profiles_are_poles else "le texte de l'offre"
        scored.append((w.themes * values.get("themes", 0.0), explain.shared_themes_reason(shared, read_shared, where)))
    if values.get("model_themes", 0.0) > 0 and not need.themes:
        probs = comps[THEME_PROBABILITIES][0]
        # Only the themes proposed to the person (the page lists them above the cards); fainter ones
        # still weigh in the score, unstated, like the lexical feedback signal.
        proposed = proposed_columns(probs)
        found = [(float(probs[i]), matcher.theme_codes_[i]) for i in proposed
                 if matcher.theme_codes_[i] in offer.themes or matcher.theme_codes_[i] in read]
        labels = [(matcher.theme_label(code), p) for p, code in sorted(found, reverse=True)]
        if labels:
            scored.append((w.model_themes * values["model_themes"], explain.inferred_themes_reason(labels)))
    # The lexical inferred-themes signal weighs in the score unstated: those are not the need's themes.
    z_sem = values.get("embedding_z", values.get("embedding", 0.0) * 4.0)
    reason = explain.semantic_reason(z_sem) if explain.readable(need_text, matcher.stem_idf_) else None
    if reason and matcher.profiles_are_poles:
        reason = reason.replace("l'offre", "ce que le pôle peut transmettre")
    if reason:
        scored.append((w.embedding * z_sem, reason))
    z_lex = values.get("lexical_z", values.get("lexical", 0.0) * 4.0)
    words = explain.key_words(need_text, offer_text, matcher.stem_idf_, need_typed=f"{need.title} {need.text}",
                              offer_typed=f"{offer.title} {offer.text}")
    if words and z_lex >= 0.5:
        scored.append((w.lexical * z_lex, "Vocabulaire en commun : " + ", ".join(words)))
    if values.get("history", 0.0) > 0:
        scored.append((w.history * values["history"], explain.history_reason()))
    if values.get("region", 0.0) > 0:
        scored.append((w.region, f"Même région ({offer.region})"))
    reason = explain.maturity_reason(need.maturity, offer.maturity, values.get("maturity", 0.0))
    if reason:
        scored.append((w.maturity * values["maturity"], reason))
    reasons = [text for _, text in sorted(scored, key=lambda item: -item[0])]
    if matcher.profiles_are_poles:
        reasons.append(explain.pole_rank_reason(rank, n_allowed))
    else:
        reasons.append(explain.capacity_reason(int(offer.capacity_left)))
        reasons.append(explain.rank_reason(rank, n_allowed, len(matcher.offers_) - n_allowed))
    return Explanation(
        shared_themes=shared,
        need_phrases=need_phrases,
        offer_phrases=offer_phrases,
        reasons=reasons,
        components=values,
    )
