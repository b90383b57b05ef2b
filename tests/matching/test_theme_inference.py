"""Theme inference: calibrated probabilities, trigger words, learning from declared themes."""
from __future__ import annotations

import csv

import numpy as np
import pytest

from matching.asked_themes import fit_need_theme_model, load_asked_examples
from matching.engine import HybridMatcher
from matching.text import profile_text
from matching.theme_inference import (
    DEFAULT_THEME_SITUATIONS_CSV,
    ThemeModel,
    load_theme_situations,
    precision_recall_at,
)
from matching.themes import DEFAULT_THEMES_CSV, load_theme_labels
from matching.types import NeedProfile, OfferProfile

#: Small hand-made situations: enough to test the model without the full reference list.
SITUATIONS = {
    "modele_economique": ["Nos comptes sont dans le rouge depuis deux ans.", "La trésorerie ne tient plus.",
                          "Les recettes ne couvrent pas les charges.", "Le budget est déficitaire."],
    "mobilite": ["Il n'y a pas de bus pour aller travailler.", "Les jeunes n'ont pas le permis de conduire.",
                 "Le covoiturage manque dans les villages.", "Les transports ne desservent pas la zone."],
    "alimentation": ["La cantine achète des légumes lointains.", "Les producteurs locaux vendent seuls.",
                     "Une épicerie solidaire manque de produits frais.", "La restauration collective veut du local."],
}
CODES = list(SITUATIONS)


@pytest.fixture(scope="module")
def small_model() -> ThemeModel:
    return ThemeModel(codes=CODES, situations=SITUATIONS, calibration_folds=2).fit([], [])


@pytest.fixture(scope="module")
def shipped_model() -> ThemeModel:
    return ThemeModel(codes=list(load_theme_labels()), situations=load_theme_situations()).fit([], [])


def test_reference_situations_cover_every_theme_a_dozen_times() -> None:
    situations = load_theme_situations()
    with open(DEFAULT_THEMES_CSV, encoding="utf-8") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    assert set(situations) == codes
    assert min(len(texts) for texts in situations.values()) >= 12
    with open(DEFAULT_THEME_SITUATIONS_CSV, encoding="utf-8") as handle:
        texts = [row["situation"] for row in csv.DictReader(handle)]
    assert len(texts) == len(set(texts))


def test_energy_situations_speak_the_words_poles_use_about_energy() -> None:
    """A village solar plant in the red was read as a need about money and the local authority only: the energy
    theme's situations did not say « centrale » the way poles do. They name the installations poles run."""
    energy = " ".join(load_theme_situations()["energie"]).lower()
    for words in ("centrale villageoise", "centrale solaire", "photovoltaï", "méthanisation", "chaufferie bois",
                  "rénovation énergétique", "scic d'énergie citoyenne"):
        assert words in energy, words


def test_a_citizen_energy_plant_in_trouble_is_read_as_about_energy(shipped_model: ThemeModel) -> None:
    written = "On a monté une centrale solaire avec trois assos et la comcom, mais les comptes sont ds le rouge."
    guesses = shipped_model.guesses(profile_text("", written), written=written)
    assert "energie" in [g.code for g in guesses]


def test_probabilities_are_per_theme_and_within_zero_one(small_model: ThemeModel) -> None:
    probs = small_model.predict_proba(["Le bus ne passe plus et les jeunes ne vont pas au travail."])
    assert probs.shape == (1, 3)
    assert ((probs >= 0) & (probs <= 1)).all()
    assert CODES[int(probs[0].argmax())] == "mobilite"


def test_calibration_keeps_the_order_of_themes() -> None:
    text = ["Les producteurs du coin voudraient livrer la cantine."]
    raw = ThemeModel(codes=CODES, situations=SITUATIONS).fit([], [], calibrate=False).predict_proba(text)
    calibrated = ThemeModel(codes=CODES, situations=SITUATIONS, calibration_folds=2).fit([], []).predict_proba(text)
    assert list(np.argsort(-raw[0])) == list(np.argsort(-calibrated[0]))


def test_guesses_name_the_words_that_triggered_them(shipped_model: ThemeModel) -> None:
    guesses = shipped_model.guesses("Nos comptes sont dans le rouge et la trésorerie ne tiendra pas l'hiver.")
    assert guesses[0].code == "modele_economique"
    assert "comptes sont dans le rouge" in guesses[0].triggers
    assert 0.25 <= guesses[0].probability <= 1.0


def test_trigger_words_are_quoted_as_the_person_typed_them(shipped_model: ThemeModel) -> None:
    """A need typed « la comcom » is read « la communauté de communes »; what is quoted back to the person as the
    reason for a theme is their own words, each weighed as it is read."""
    written = "On a besoin de la comcom et des assos pour la cantine, mais le fiancement manque.\nMerci"
    read = "On a besoin de la communauté de communes et des associations pour la cantine, mais le financement manque."
    collectivites = shipped_model.codes.index("collectivites")
    assert any("communauté de communes" in t for t in shipped_model.triggers(read, collectivites))  # the reading
    quoted = shipped_model.triggers(read, collectivites, limit=3, written=written)
    assert any("comcom" in t for t in quoted) and not any("communauté" in t for t in quoted)
    for guess in shipped_model.guesses(read, written=written, limit=5, min_probability=0.0):
        assert all(t in written for t in guess.triggers), guess


def test_guesses_stay_silent_on_a_text_about_nothing(shipped_model: ThemeModel) -> None:
    assert shipped_model.guesses("Bonjour, voici notre texte.", min_probability=0.5) == []


def test_declared_themes_teach_new_words() -> None:
    """A word the situations never use is learnt from profiles whose themes were declared."""
    texts = ["Le velotaf des salariés est notre combat.", "Nous développons le velotaf en zone rurale.",
             "Un atelier velotaf pour les demandeurs d'emploi."]
    before = ThemeModel(codes=CODES, situations=SITUATIONS).fit([], [], calibrate=False)
    after = ThemeModel(codes=CODES, situations=SITUATIONS).fit(texts, [["mobilite"]] * 3, calibrate=False)
    probe = ["Le velotaf du territoire"]
    mobility = CODES.index("mobilite")
    assert after.predict_proba(probe)[0, mobility] > before.predict_proba(probe)[0, mobility] + 0.2


def test_sentence_vectors_are_optional_but_then_required() -> None:
    rng = np.random.default_rng(0)
    texts = SITUATIONS["mobilite"][:2]
    model = ThemeModel(codes=CODES, situations=SITUATIONS).fit(
        texts, [["mobilite"]] * 2, rng.random((2, 4)), situation_vectors=rng.random((12, 4)), calibrate=False)
    assert model.predict_proba(["Pas de bus"], rng.random((1, 4))).shape == (1, 3)
    with pytest.raises(ValueError, match="vecteurs"):
        model.predict_proba(["Pas de bus"])


def test_unfitted_model_says_so() -> None:
    with pytest.raises(RuntimeError, match="non entraîné"):
        ThemeModel(codes=CODES).predict_proba(["texte"])


def test_precision_and_recall_at_k_ignore_profiles_without_themes() -> None:
    probs = np.array([[0.9, 0.8, 0.1], [0.1, 0.2, 0.9], [0.5, 0.5, 0.5]])
    precision, recall = precision_recall_at(probs, [["a"], ["b", "c"], []], ["a", "b", "c"], k=2)
    assert precision == pytest.approx((0.5 + 1.0) / 2)
    assert recall == pytest.approx((1.0 + 1.0) / 2)


# ------------------------------------------------------------------ in the ranking
def _offers() -> list[OfferProfile]:
    return [
        OfferProfile(id="eco", title="Équilibrer le budget d'un pôle", themes=("modele_economique",),
                     text="J'ai aidé des pôles à bâtir un plan de financement et des recettes propres."),
        OfferProfile(id="bus", title="Transport solidaire", themes=("mobilite",),
                     text="Nous avons monté du covoiturage et la location de scooters pour aller travailler."),
        OfferProfile(id="food", title="Cantines et producteurs", themes=("alimentation",),
                     text="Une plateforme de producteurs locaux livre les cantines scolaires."),
    ]


def test_need_without_themes_ranks_with_inferred_ones_and_says_so(fake_embedder, small_model) -> None:
    need = NeedProfile(id="n", title="Un hiver difficile",
                       text="Nos comptes sont dans le rouge, la trésorerie ne tient plus et le budget est déficitaire.")
    plain = HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels()).fit(_offers())
    inferred = HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels(),
                             theme_model=small_model).fit(_offers())
    comps, _ = inferred.components([need])
    assert comps["model_themes"][0, 0] > 0 and comps["model_themes"][0, 0] > 2 * comps["model_themes"][0, 1]
    assert inferred.score_matrix([need])[0, 0] > plain.score_matrix([need])[0, 0]
    top = inferred.suggest(need, k=1)[0]
    assert top.offer_id == "eco"
    line = next(r for r in top.explanation.reasons if r.startswith("Thèmes déduits du texte"))
    assert "Modèle socio-économique et pérennisation (" in line and "\u00a0%)" in line


def test_a_need_the_model_learnt_from_is_read_as_unseen_never_echoed(fake_embedder) -> None:
    """A need answered on the platform (or shipped as an example) teaches the need model its answers' themes; read
    in-sample it got them back at 97 to 100 % each (the peer-pole cards of a demo pole read « 98 % » three times).
    Its page, the proposals and the ranking read it as the fold model that never saw it does."""
    asked = load_asked_examples()
    model = fit_need_theme_model(list(load_theme_labels()), load_theme_situations(), [], asked)
    learnt = asked[0].text
    echoed, unseen = model.predict_proba([learnt])[0], model.unseen_proba([learnt])[0]
    assert echoed.max() > 0.95 and unseen.max() < echoed.max()
    guessed = model.guesses(learnt, limit=len(model.codes), min_probability=0.0)
    assert [g.probability for g in guessed] == pytest.approx(sorted(unseen.tolist(), reverse=True), abs=1e-6)
    matcher = HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels(),
                            need_theme_model=model).fit(_offers())
    read = matcher.inferred_theme_probabilities([NeedProfile(id="n", title="", text=learnt)])[0]
    assert read.max() == pytest.approx(unseen.max(), abs=1e-6)


def test_declared_themes_keep_priority(fake_embedder, small_model) -> None:
    need = NeedProfile(id="n", title="Un hiver difficile", themes=("mobilite",),
                       text="Nos comptes sont dans le rouge, la trésorerie ne tient plus et le budget est déficitaire.")
    matcher = HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels(),
                            theme_model=small_model).fit(_offers())
    comps, _ = matcher.components([need])
    assert not comps["model_themes"].any()
    assert not any(r.startswith("Thèmes déduits") for s in matcher.suggest(need, k=3) for r in s.explanation.reasons)


# ------------------------------------------------------------------ offers read as unseen
def test_unseen_proba_reads_a_fitted_text_without_its_own_label(shipped_model) -> None:
    """A profile the model learnt from is read by the fold model that left it out, not echoed."""
    mislabelled = "Il n'y a pas de bus ni de covoiturage pour aller travailler au village."
    codes = shipped_model.codes
    model = ThemeModel(codes=codes, situations=load_theme_situations()).fit([mislabelled], [["alimentation"]])
    mobility, food = codes.index("mobilite"), codes.index("alimentation")
    echoed = model.predict_proba([mislabelled])[0]
    unseen = model.unseen_proba([mislabelled])[0]
    assert echoed[food] > 0.5
    assert unseen[mobility] > 0.5 > 0.1 > unseen[food]
    other = "Les transports ne desservent pas la zone artisanale."
    assert np.allclose(model.unseen_proba([other]), model.predict_proba([other]))


def test_unseen_proba_is_silent_on_fitted_texts_without_calibration() -> None:
    model = ThemeModel(codes=CODES, situations=SITUATIONS).fit(["Le budget est déficitaire cette année."],
                                                              [["modele_economique"]], calibrate=False)
    assert not model.unseen_proba(["Le budget est déficitaire cette année."]).any()
    assert model.unseen_proba(["Nos comptes sont dans le rouge."]).any()


def test_an_offer_is_credited_for_a_theme_read_in_its_text_and_says_so(fake_embedder, small_model) -> None:
    offers = [OfferProfile(id="eco", title="Un pôle qui tient", themes=(),
                           text="Nos comptes étaient dans le rouge, la trésorerie ne tenait plus : j'ai redressé le budget."),
              *_offers()[1:]]
    need = NeedProfile(id="n", title="Équilibre", themes=("modele_economique",),
                       text="Nous cherchons quelqu'un qui a déjà redressé un pôle.")
    plain = HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels()).fit(offers)
    reading = HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels(), theme_model=small_model).fit(offers)
    assert plain.components([need])[0]["themes"][0, 0] == 0
    weight = reading.components([need])[0]["themes"][0, 0]
    assert 0.2 <= weight < 1.0
    assert set(reading.read_offer_themes(0)) == {"modele_economique"}
    explanation = reading.explain_pair(need, "eco")
    assert "Thème en commun, lu dans le texte de l'offre : Modèle socio-économique et pérennisation" in explanation.reasons
    assert explanation.shared_themes == []
    declared = reading.explain_pair(need.__class__(id="m", title="Bus", themes=("mobilite",),
                                                   text="Nous cherchons du transport solidaire."), "bus")
    assert "Thème en commun : Mobilité" in " ".join(declared.reasons)


def test_copies_of_a_text_share_their_fold_so_the_unseen_reading_does_not_echo(shipped_model) -> None:
    mislabelled = "Il n'y a pas de bus ni de covoiturage pour aller travailler au village."
    codes = shipped_model.codes
    model = ThemeModel(codes=codes, situations=load_theme_situations()).fit(
        [mislabelled, "Une autre offre sur les cantines scolaires.", mislabelled], [["alimentation"]] * 3)
    unseen = model.unseen_proba([mislabelled])[0]
    assert unseen[codes.index("mobilite")] > 0.5 > 0.1 > unseen[codes.index("alimentation")]


def test_offer_themes_are_read_again_for_new_offers_or_a_new_model(fake_embedder, shipped_model) -> None:
    matcher = HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels(), theme_model=shipped_model)
    bus = OfferProfile(id="x", title="Transport", themes=(), text="Il n'y a pas de bus : nous avons monté du covoiturage.")
    food = OfferProfile(id="x", title="Cantine", themes=(), text="La cantine achète enfin aux producteurs locaux.")
    matcher.fit([bus])
    assert "mobilite" in matcher.read_offer_themes(0)
    matcher.fit([food])
    assert "alimentation" in matcher.read_offer_themes(0) and "mobilite" not in matcher.read_offer_themes(0)
    other = ThemeModel(codes=["mobilite", "modele_economique"], situations=load_theme_situations()).fit([], [])
    matcher.theme_model = other
    assert "alimentation" not in matcher.read_offer_themes(0)


def test_a_theme_model_with_vectors_leaves_the_offers_as_declared(fake_embedder) -> None:
    rng = np.random.default_rng(0)
    model = ThemeModel(codes=CODES, situations=SITUATIONS).fit(
        SITUATIONS["mobilite"][:2], [["mobilite"]] * 2, rng.random((2, 4)), situation_vectors=rng.random((12, 4)),
        calibrate=False)
    matcher = HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels(), theme_model=model).fit(_offers())
    assert np.array_equal(matcher.offer_theme_weights(), matcher.offer_themes_)


def test_a_passage_written_twice_is_shown_once(shipped_model: ThemeModel) -> None:
    text = ("Les cantines paient tard. Nous livrons trois cantines du canton, et les cantines "
            "voudraient plus de produits locaux.")
    column = shipped_model.codes.index("alimentation")
    triggers = shipped_model.triggers(text, column, limit=3)
    assert triggers, "the text is about school canteens"
    assert len({t.lower() for t in triggers}) == len(triggers)


def test_a_passage_ends_at_ni_as_at_et(shipped_model: ThemeModel) -> None:
    """« … cantine scolaire ni organiser les livraisons » is two passages: « ni » joins clauses like « et »."""
    text = "Nos maraîchers n'arrivent pas à fournir la cantine scolaire ni organiser les livraisons."
    column = shipped_model.codes.index("alimentation")
    triggers = shipped_model.triggers(text, column, limit=6)
    assert any("cantine" in t for t in triggers)
    assert not any(" ni " in f" {t} " for t in triggers)


def test_a_passage_never_starts_or_ends_inside_a_hyphenated_word(shipped_model: ThemeModel) -> None:
    """« sous-louer » shown as « louer … » reads as another verb: a passage takes the whole compound word."""
    text = "Nous voulons sous-louer une partie du tiers-lieu à trois associations."
    column = shipped_model.codes.index("tiers_lieux")
    triggers = shipped_model.triggers(text, column, limit=3)
    assert triggers, "the text is about a tiers-lieu"
    for passage in triggers:
        start = text.index(passage)
        end = start + len(passage)
        assert start == 0 or text[start - 1] != "-", passage
        assert end == len(text) or text[end] != "-", passage


def test_durations_and_numbers_are_never_quoted_as_the_reason(shipped_model: ThemeModel) -> None:
    """« d'après « dix ans » » or a passage starting « ans notre légumerie » tells the reader nothing."""
    for text in ("Depuis dix ans nous animons le marché, mais les bénévoles fatiguent.",
                 "Depuis deux ans, notre légumerie tourne au ralenti et les maraîchers nous lâchent."):
        probabilities = shipped_model.predict_proba([text])[0]
        for column in np.argsort(-probabilities)[:3]:
            for passage in shipped_model.triggers(text, int(column), limit=3):
                words = passage.lower().split()
                assert words[0] not in {"ans", "dix", "deux"} and words[-1] not in {"ans", "dix", "deux"}, passage
