"""What the engine's explanations say is true of the texts and distinguishes the cards (issue 15)."""

from __future__ import annotations

import re

import numpy as np

from matching.engine import HybridMatcher
from matching.themes import load_theme_labels
from matching.types import NeedProfile, OfferProfile

SHARED_WORDS = "Vocabulaire en commun : "


def _matcher(fake_embedder, offers) -> HybridMatcher:
    return HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels()).fit(offers)


def test_shared_vocabulary_is_made_of_words_of_both_texts(fake_embedder) -> None:
    offers = [
        OfferProfile("o1", "Un organisme de formation m'a fait découvrir la culture réunionnaise, puis le chantier "
                     "d'insertion d'une recyclerie.", title="Recyclerie et insertion"),
        OfferProfile("o2", "J'ai monté des dossiers de fonds européens FEDER et FSE+ pour des associations."),
        OfferProfile("o3", "Je transmets la création d'une ressourcerie avec les habitants du quartier."),
    ]
    need = NeedProfile("n1", "Comment organiser nos réunions pour ouvrir une recyclerie avec un chantier d'insertion ?",
                       title="Ouvrir une recyclerie")
    suggestions = _matcher(fake_embedder, offers).suggest(need, k=3)
    shown_any = False
    for suggestion in suggestions:
        offer = next(o for o in offers if o.id == suggestion.offer_id)
        need_words = {w.lower() for w in re.findall(r"[^\W\d_]+", f"{need.title} {need.text}")}
        offer_words = {w.lower() for w in re.findall(r"[^\W\d_]+", f"{offer.title} {offer.text}")}
        for reason in suggestion.explanation.reasons:
            if reason.startswith(SHARED_WORDS):
                for shown in reason.removeprefix(SHARED_WORDS).split(", "):
                    shown_any = True
                    need_form, _, offer_form = shown.partition(" / ")
                    assert need_form.lower() in need_words, shown
                    assert (offer_form or need_form).lower() in offer_words, shown
    assert shown_any


def test_need_without_themes_is_never_told_it_has_the_offers_themes(fake_embedder, offers) -> None:
    need = NeedProfile("n2", "Des fonds européens FSE+ nous font peur : contrôles et remboursements.", pole="Pôle Z")
    for suggestion in _matcher(fake_embedder, offers).suggest(need, k=4):
        assert not any("Thèmes proches de ceux du besoin" in r for r in suggestion.explanation.reasons)


def test_gibberish_is_not_called_close_in_meaning(fake_embedder, offers) -> None:
    need = NeedProfile("n3", "Zorglub blafoutre quixotrum pastafarix wobbledingue frimousquet.", title="Gloubiboulga")
    vectors = np.eye(len(offers), 16, dtype=np.float32) + 0.01
    matcher = HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels()).fit(offers, vectors)
    need_vector = vectors[1] * 10  # its nearest offer in meaning is very near: still not « élevée »
    suggestions = matcher.suggest(need, need_vector=need_vector, k=4)
    assert max(s.explanation.components["embedding_z"] for s in suggestions) >= 1.5
    assert not any(r.startswith("Proximité de sens") for s in suggestions for r in s.explanation.reasons)


def test_a_reason_every_card_gives_is_left_out(fake_embedder) -> None:
    text = "J'accompagne la création de coopératives SCIC avec les communes et les habitants."
    offers = [OfferProfile(f"o{i}", f"{text} Variante {i}.", maturity="consolide", region="Bretagne", capacity_left=2)
              for i in range(3)]
    need = NeedProfile("n4", "Créer une coopérative SCIC avec la commune et les habitants.", maturity="emergent",
                       region="Bretagne")
    suggestions = HybridMatcher(embedder=fake_embedder).fit(offers).suggest(need, k=3)
    assert len(suggestions) == 3
    for suggestion in suggestions:
        reasons = suggestion.explanation.reasons
        assert not any(r.startswith("Expérience d'un pôle plus avancé") for r in reasons)
        assert not any(r.startswith("Même région") for r in reasons)
        assert any(r.startswith("Classée") for r in reasons)
    # Alone, the card keeps its reasons.
    alone = HybridMatcher(embedder=fake_embedder).fit(offers[:1]).suggest(need, k=1)[0]
    assert any(r.startswith("Expérience d'un pôle plus avancé") for r in alone.explanation.reasons)


def test_a_card_names_only_inferred_themes_that_were_proposed(fake_embedder) -> None:
    """The need page proposes at most three themes (``ThemeModel.guesses``); a card must not name a fourth."""
    from matching.evaluation import load_dataset
    from matching.theme_inference import ThemeModel, load_theme_situations
    from tests.matching.conftest import DEV_JSON

    dev = load_dataset(DEV_JSON)
    labels = load_theme_labels()
    model = ThemeModel(codes=list(labels), situations=load_theme_situations()).fit(
        [f"{o.title}. {o.text}" for o in dev.offers], [o.themes for o in dev.offers])
    matcher = HybridMatcher(embedder=fake_embedder, theme_labels=labels, theme_model=model).fit(dev.offers)
    prefix, checked = "Thèmes déduits du texte : ", 0
    for need in dev.needs:
        need = NeedProfile(need.id, need.text, title=need.title)  # told without its themes
        proposed = {labels[g.code] for g in model.guesses(f"{need.title}. {need.text}")}
        for suggestion in matcher.suggest(need, k=5):
            for reason in suggestion.explanation.reasons:
                if reason.startswith(prefix):
                    named = {label for label in labels.values() if f"{label} (" in reason}
                    assert named
                    assert named <= proposed, (need.id, named - proposed)
                    checked += 1
    assert checked > 50


def test_shared_vocabulary_quotes_the_need_as_typed_not_as_read(fake_embedder) -> None:
    # The engine reads « comcom » as « communauté de communes » and corrects « fiancement »; the card said
    # « communauté, communes », words the facilitator never wrote.
    offers = [
        OfferProfile("o1", "Convaincre les communes de suivre le financement d'une légumerie de territoire.",
                     title="Légumerie et communes"),
        OfferProfile("o2", "J'ai monté des dossiers de fonds européens FEDER et FSE+ pour des associations."),
        OfferProfile("o3", "Je transmets la création d'une ressourcerie avec les habitants du quartier."),
    ]
    need = NeedProfile("n1", "La comcom ne suit plus le fiancement de notre légumerie.", title="Légumerie lâchée")
    suggestion = next(s for s in _matcher(fake_embedder, offers).suggest(need, k=3) if s.offer_id == "o1")
    shared = [r for r in suggestion.explanation.reasons if r.startswith(SHARED_WORDS)]
    assert shared == [SHARED_WORDS + "comcom / communes, fiancement / financement, légumerie"]
