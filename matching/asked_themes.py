"""What a need told as a story asks for: the themes of the offers that answered needs told alike.

A need's declared themes say what it is about, often its sector (« tourisme » for seasonal jobs);
the offer that answers it says what know-how it asks for (« groupements d'employeurs »). The theme
model that reads needs without declared themes therefore also learns from needs already answered,
each labelled with the themes of the offers that answered it: the labelled needs shipped in
``data/demo`` (dev.json and the story tuning sets, graded on dev.json's offers) give it a cold
start, and the platform's agreed transfers add theirs. Offers are still read by the plain model
(their authors' themes and the situations): an offer is not a story asking for something.

Chosen on the tuning sets, each ranked with the others' needs as examples (README): mean nDCG@5
0.920 → 0.931.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from matching.text import profile_text
from matching.theme_inference import ThemeModel

#: The labelled sets whose needs are shipped as examples: dev.json and the story tuning sets (never a check set;
#: stories_e joined on 07/12/2026 once its items had been read: README, « Un jeu de vérification passé au réglage »).
DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
ASKED_SETS = ("dev.json", "stories_c.json", "stories_d.json", "stories_e.json", "stories_g.json")


@dataclass(frozen=True)
class AskedExample:
    """A need's words and the themes of the offers that answered it."""

    text: str
    themes: tuple[str, ...]


def asked_examples(offer_themes: Mapping[str, Sequence[str]],
                   answered: Iterable[tuple[str, Iterable[str]]]) -> list[AskedExample]:
    """One example per need (its words, the ids of the offers that answered it) whose offers declare themes;
    unknown offers are skipped."""
    out = []
    for text, offer_ids in answered:
        themes = sorted({t for offer_id in offer_ids for t in offer_themes.get(offer_id, ())})
        if themes:
            out.append(AskedExample(text=text, themes=tuple(themes)))
    return out


def load_asked_examples(directory: str | Path = DEMO_DIR, names: Sequence[str] = ASKED_SETS) -> list[AskedExample]:
    """The shipped examples: every need of ``names`` with the themes of the offers graded relevant for it
    (the sets are graded on the offers of the first one, dev.json)."""
    directory = Path(directory)
    sets = [json.loads((directory / name).read_text(encoding="utf-8")) for name in names]
    if not sets:
        return []
    offer_themes = {o["id"]: list(o.get("themes") or ()) for o in sets[0].get("offers", ())}
    return asked_examples(offer_themes, [
        (profile_text(need.get("title", ""), need["text"]), [o for o, grade in need.get("relevant", {}).items() if grade > 0])
        for raw in sets for need in raw.get("needs", ())])


def fit_need_theme_model(codes: Sequence[str], situations: Mapping[str, Sequence[str]] | None,
                         declared: Sequence[tuple[str, Sequence[str]]], asked: Sequence[AskedExample]) -> ThemeModel:
    """The theme model that reads needs: the profiles with declared themes, the situations and the answered needs."""
    texts = [text for text, _ in declared] + [example.text for example in asked]
    labels = [list(themes) for _, themes in declared] + [list(example.themes) for example in asked]
    return ThemeModel(codes=codes, situations=situations).fit(texts, labels)
