"""Needs already answered teach the model that reads needs the themes of their answers."""
from __future__ import annotations

import json

import numpy as np

from matching.asked_themes import ASKED_SETS, DEMO_DIR, AskedExample, asked_examples, fit_need_theme_model, load_asked_examples
from matching.engine import HybridMatcher
from matching.text import profile_text
from matching.theme_inference import ThemeModel
from matching.types import NeedProfile, OfferProfile

CODES = ["emplois_partages", "tourisme", "alimentation"]
SITUATIONS = {
    "tourisme": ["Les visiteurs viennent l'été pour les gîtes et les randonnées de la vallée.",
                 "Notre office de tourisme veut mieux accueillir les groupes de randonneurs."],
    "alimentation": ["Nous voulons livrer les cantines avec les légumes des maraîchers du coin.",
                     "La cuisine centrale cherche des producteurs locaux pour ses repas."],
    "emplois_partages": ["Deux associations voudraient embaucher ensemble un comptable à mi-temps.",
                         "Un poste partagé entre plusieurs employeurs du territoire, comment faire ?"],
}
#: Needs of the tourism trade whose answer was a shared-employment offer: what they ask for is not their sector.
ANSWERED = [
    "Chaque printemps les gîtes et les campings recommencent à recruter à zéro, les saisonniers partent à l'automne.",
    "Nos saisonniers de l'été s'en vont en septembre ; les hôtels de la vallée voudraient les garder toute l'année.",
    "Les restaurants de la station recrutent à chaque saison des saisonniers qui ne reviennent jamais.",
]
STORY = "L'hiver les saisonniers des gîtes partent, et chaque printemps on recommence à recruter à zéro."


def _declared() -> list[tuple[str, list[str]]]:
    return [("Accueillir les randonneurs et les visiteurs des gîtes de la vallée.", ["tourisme"]),
            ("Les saisonniers des campings et des gîtes accueillent les visiteurs l'été.", ["tourisme"])]


def test_asked_examples_carry_the_themes_of_the_offers_that_answered() -> None:
    offer_themes = {"o1": ["emplois_partages"], "o2": ["tourisme", "emplois_partages"], "o3": []}
    examples = asked_examples(offer_themes, [("besoin a", ["o1", "o2"]), ("besoin b", ["o3"]), ("besoin c", ["o9"])])
    assert examples == [AskedExample(text="besoin a", themes=("emplois_partages", "tourisme"))]


def test_the_shipped_examples_come_from_the_tuning_sets_only() -> None:
    examples = load_asked_examples()
    texts = {e.text for e in examples}
    tuning = sum(len(json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))["needs"]) for name in ASKED_SETS)
    assert 150 <= len(examples) <= tuning
    for check in ("stories.json", "stories_b.json", "stories_f.json", "stories_h.json", "stories_i.json", "stories_j.json",
                  "stories_k.json"):
        needs = json.loads((DEMO_DIR / check).read_text(encoding="utf-8"))["needs"]
        assert not texts & {profile_text(n.get("title", ""), n["text"]) for n in needs}


def test_a_story_is_read_as_what_answered_stories_told_alike() -> None:
    plain = ThemeModel(codes=CODES, situations=SITUATIONS).fit(*zip(*_declared()))
    asked = [AskedExample(text=t, themes=("emplois_partages",)) for t in ANSWERED]
    needs_model = fit_need_theme_model(CODES, SITUATIONS, _declared(), asked)
    shared = CODES.index("emplois_partages")
    assert plain.predict_proba([STORY])[0].argmax() != shared
    assert needs_model.predict_proba([STORY])[0].argmax() == shared


def test_the_engine_reads_needs_with_the_need_model_and_offers_with_the_plain_one() -> None:
    plain = ThemeModel(codes=CODES, situations=SITUATIONS).fit(*zip(*_declared()))
    needs_model = fit_need_theme_model(CODES, SITUATIONS, _declared(),
                                       [AskedExample(text=t, themes=("emplois_partages",)) for t in ANSWERED])
    offers = [OfferProfile("gites", "Accueillir les randonneurs", "J'ai animé le réseau des gîtes et l'accueil des "
                           "randonneurs de la vallée avec l'office de tourisme.", themes=("tourisme",)),
              OfferProfile("ge", "Créer un groupement d'employeurs", "J'ai monté un groupement d'employeurs qui "
                           "partage des salariés entre plusieurs structures toute l'année.", themes=("emplois_partages",))]
    need = NeedProfile("n1", "Des saisonniers à garder", STORY)
    labels = dict.fromkeys(CODES, "x")
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(2, 8)).astype(np.float32)
    without = HybridMatcher(embedder=None, theme_labels=labels, theme_model=plain).fit(offers, vectors)
    with_needs = HybridMatcher(embedder=None, theme_labels=labels, theme_model=plain,
                               need_theme_model=needs_model).fit(offers, vectors)
    shared = with_needs.theme_codes_.index("emplois_partages")
    assert without.inferred_theme_probabilities([need])[0].argmax() != shared
    assert with_needs.inferred_theme_probabilities([need])[0].argmax() == shared
    need_vector = rng.normal(size=(1, 8)).astype(np.float32)
    gain = (with_needs.components([need], need_vector)[0]["model_themes"]
            - without.components([need], need_vector)[0]["model_themes"])[0]
    assert gain[1] > 0 > gain[0]  # the shared-employment offer gains, the tourism one loses
    np.testing.assert_array_equal(without.offer_theme_weights(), with_needs.offer_theme_weights())
    # A need that declares themes is ranked with them, whichever model reads the others.
    tagged = NeedProfile("n2", "Des saisonniers à garder", STORY, themes=("tourisme",))
    assert not with_needs.inferred_theme_probabilities([tagged]).any()
