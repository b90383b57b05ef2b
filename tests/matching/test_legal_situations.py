"""Recognising the field of law behind a question told as a story."""
from __future__ import annotations

import numpy as np
import pytest

from matching.legal_fields import assign_fields, load_legal_fields
from matching.legal_situations import MIN_FIELD_PROBABILITY, LegalSituationRecogniser, load_legal_situations
from matching.routing import specialty_clauses, NOT_RECOGNISED, LawyerRouter
from matching.routing_fusion import FEATURES, FusionWeights
from matching.types import LawyerProfile


@pytest.fixture(scope="module")
def recogniser() -> LegalSituationRecogniser:
    return LegalSituationRecogniser(load_legal_fields(), load_legal_situations())


def test_every_field_has_a_dozen_situations() -> None:
    situations = load_legal_situations()
    assert {f.code for f in load_legal_fields()} == set(situations)
    assert min(len(texts) for texts in situations.values()) >= 12


@pytest.mark.parametrize(("question", "field"), [
    # An injury is a matter of liability and insurance, not of volunteers' status.
    ("Un bénévole s'est fait mal au dos en déchargeant le camion pendant la brocante.", "contrats"),
    ("Nous vendons des paniers de légumes à des particuliers : faut-il facturer la TVA ?", "fiscalite"),
    ("Un salarié veut quitter la structure d'un commun accord avec une indemnité.", "travail"),
    ("La mairie veut nous laisser installer des ruches sur un terrain communal contre une redevance.", "collectivites"),
])
def test_recognises_the_field_behind_a_story(recogniser, question: str, field: str) -> None:
    probs = recogniser.probabilities(question)
    assert max(probs, key=probs.get) == field
    assert min(probs.values()) >= 0.0 and max(probs.values()) <= 1.0


FIELD_RANK = FEATURES.index("field_rank_when_likely")
FIELD_PROBABILITY = FEATURES.index("field_probability")


def test_the_field_counts_by_its_rank_only_when_it_is_likely(recogniser) -> None:
    fields = load_legal_fields()
    owned = [[f for f in fields if f.code in ("benevolat", "fiscalite")], [f for f in fields if f.code == "travail"]]
    scores = recogniser.lawyer_scores("Un bénévole s'est blessé pendant la collecte de vêtements.", owned)
    assert scores[0] >= MIN_FIELD_PROBABILITY and scores[0] > scores[1]
    assert recogniser.lawyer_scores("Bonjour à tous.", owned).max() < MIN_FIELD_PROBABILITY


def test_a_router_without_recogniser_hears_no_field(fake_embedder) -> None:
    router = LawyerRouter(embedder=fake_embedder, fields=load_legal_fields()).fit(STORY_LAWYERS)
    features = router.features("Un bénévole s'est blessé pendant la collecte de vêtements.")
    assert not features[:, FIELD_RANK].any() and not features[:, FIELD_PROBABILITY].any()


STORY_LAWYERS = [
    LawyerProfile(id="asso", name="A", text="Droit des associations : statuts, gouvernance associative, fondations."),
    LawyerProfile(id="emploi", name="B", text="Droit du travail : contrats de travail, licenciements, conventions collectives."),
]
#: Names no law and no word of either lawyer's specialties or fields; tells a labour-law situation.
STORY = ("Notre coordinatrice est épuisée depuis janvier ; on voudrait partager un poste avec deux autres "
         "structures du territoire.")
def _gain(embedder, recogniser, lawyers: list[LawyerProfile], question: str, owner: str, other: str) -> float:
    """How much the recognised situation adds to ``owner``'s lead over ``other``."""
    fields = load_legal_fields()

    def margin(router: LawyerRouter) -> float:
        scores = dict(router.fit(lawyers).route(question).ranking)
        return scores[owner] - scores[other]

    return (margin(LawyerRouter(embedder=embedder, fields=fields, situations=recogniser))
            - margin(LawyerRouter(embedder=embedder, fields=fields)))


def test_a_recognised_situation_adds_its_probability_margin(fake_embedder, recogniser) -> None:
    """The story's field is heard surely for one lawyer: the lead it gives is the fusion's field weights
    times what separates the two lawyers' fields (rank and probability), nothing else."""
    router = LawyerRouter(embedder=fake_embedder, fields=load_legal_fields(), situations=recogniser).fit(STORY_LAWYERS)
    probability = recogniser.lawyer_scores(STORY, router.fields_)
    assert probability.max() >= MIN_FIELD_PROBABILITY
    emploi, asso = 1, 0
    w = FusionWeights()
    expected = ((w.field_probability + w.field_probability_when_likely) * (probability[emploi] - probability[asso])
                + w.field_rank_when_likely * (1 - 61 / 62))
    assert _gain(fake_embedder, recogniser, STORY_LAWYERS, STORY, "emploi", "asso") == pytest.approx(expected, rel=1e-3)


def test_a_surer_field_gives_a_bigger_lead(fake_embedder, recogniser) -> None:
    """What ranks cannot say: a field heard at 90 % weighs more than one heard at 50 %."""
    router = LawyerRouter(embedder=fake_embedder, fields=load_legal_fields(), situations=recogniser).fit(STORY_LAWYERS)
    base = router.features(STORY)
    w = FusionWeights().vector()
    surer, less_sure = base.copy(), base.copy()
    surer[:, FIELD_PROBABILITY] = [0.05, 0.9]
    less_sure[:, FIELD_PROBABILITY] = [0.05, 0.5]
    assert (surer @ w)[1] - (surer @ w)[0] > (less_sure @ w)[1] - (less_sure @ w)[0]


def test_a_story_naming_no_law_is_recognised_by_its_situation(fake_embedder, recogniser) -> None:
    fields = load_legal_fields()
    plain = LawyerRouter(embedder=fake_embedder, fields=fields).fit(STORY_LAWYERS)
    assert plain.named_terms(STORY, 0) == [] and plain.named_terms(STORY, 1) == []
    routing = plain.route(STORY)
    assert not routing.recognised and routing.explanation.reasons == [NOT_RECOGNISED]

    routing = LawyerRouter(embedder=fake_embedder, fields=fields, situations=recogniser).fit(STORY_LAWYERS).route(STORY)
    assert routing.recognised and routing.lawyer_id == "emploi"
    first = routing.explanation.reasons[0]
    assert first.startswith("Situation reconnue : Droit du travail (") and "\u00a0%)" in first
    assert " — d'après «\u00a0" in first and NOT_RECOGNISED not in routing.explanation.reasons


def test_the_words_of_a_recognised_situation_are_quoted_as_typed(fake_embedder, recogniser) -> None:
    """« bénévs » is read « bénévoles »; the reason quotes « bénévs », as the person wrote it."""
    typed = "Nos bénévs accueillent des jeunes en service civique ds l'asso, ont-ils le droit de tenir la caisse ?"
    routing = LawyerRouter(embedder=fake_embedder, fields=load_legal_fields(), situations=recogniser).fit(
        STORY_LAWYERS + [LawyerProfile(id="benevolat", name="C", text="Bénévolat, volontariat et service civique.")]
    ).route(typed)
    reason = routing.explanation.reasons[0]
    assert reason.startswith("Situation reconnue : Bénévolat") and "«\u00a0bénévs\u00a0»" in reason, reason
    assert "bénévoles" not in reason


def test_no_situation_is_shown_when_the_recogniser_hesitates(fake_embedder, recogniser) -> None:
    routing = LawyerRouter(embedder=fake_embedder, fields=load_legal_fields(), situations=recogniser).fit(
        STORY_LAWYERS).route("Nous avons plusieurs petites questions à vous poser sur la suite de notre projet.")
    assert not routing.recognised and routing.explanation.reasons == [NOT_RECOGNISED]


@pytest.mark.parametrize("question", [
    "Bonjour, nous avons une question à vous poser sur notre projet commun.",
    "Nous avons plusieurs petites questions à vous poser sur la suite de notre projet.",
    "Bonjour à tous, merci pour votre aide précieuse.",
])
def test_one_or_two_words_do_not_make_a_situation(recogniser, question: str) -> None:
    """« commun », « projet », « aide » alone make the model confident; nothing is claimed from them."""
    assert max(recogniser.probabilities(question).values()) >= 0.4  # what would be claimed without the rule
    assert recogniser.recognised_field(question, load_legal_fields()) is None


def _one_hot_examples(fields, situations) -> np.ndarray:
    """One direction per field: every example of a field points the same way."""
    from matching.legal_situations import situation_examples

    codes = [f.code for f in fields]
    vectors = np.zeros((len(situation_examples(fields, situations)), len(codes)), dtype=np.float32)
    for row, (code, _) in enumerate(situation_examples(fields, situations)):
        vectors[row, codes.index(code)] = 1.0
    return vectors


def test_the_nearest_situations_in_meaning_are_blended_into_the_vote() -> None:
    from matching.legal_situations import NEAREST_WEIGHT

    fields, situations = load_legal_fields(), load_legal_situations()
    codes = [f.code for f in fields]
    recogniser = LegalSituationRecogniser(fields, situations, example_vectors=_one_hot_examples(fields, situations))
    question = "Nous avons plusieurs petites questions à vous poser sur la suite de notre projet."
    heard = recogniser.probabilities(question)
    toward_foundations = np.eye(len(codes), dtype=np.float32)[codes.index("fondations")]
    blended = recogniser.probabilities(question, toward_foundations)
    assert blended == recogniser.with_nearest(heard, toward_foundations)
    # The question is as close as can be to the foundations' situations and far from every other field's.
    assert blended["fondations"] == pytest.approx((1 - NEAREST_WEIGHT) * heard["fondations"] + NEAREST_WEIGHT, abs=1e-6)
    for code in codes:
        if code != "fondations":
            assert blended[code] == pytest.approx((1 - NEAREST_WEIGHT) * heard[code], abs=1e-6)


def test_without_example_vectors_the_word_model_alone_decides(recogniser) -> None:
    question = "Un bénévole s'est blessé pendant la collecte de vêtements."
    heard = recogniser.probabilities(question)
    assert recogniser.probabilities(question, np.ones(8, dtype=np.float32)) == heard
    assert recogniser.with_nearest(heard, np.ones(8, dtype=np.float32)) == heard


def test_example_vectors_must_match_the_situations() -> None:
    with pytest.raises(ValueError, match="vecteurs pour .* situations juridiques"):
        LegalSituationRecogniser(load_legal_fields(), load_legal_situations(), example_vectors=np.ones((3, 4)))


@pytest.mark.model
def test_the_meaning_of_a_story_casts_the_vote_the_words_alone_do_not() -> None:
    """« tenir la buvette sur la place contre une petite somme » is the occupation of public property, yet
    the word model hesitates around the vote threshold; the nearest situations in meaning settle it."""
    from matching.embedders import DEFAULT_EMBEDDER_SPEC, make_embedder

    embedder = make_embedder(DEFAULT_EMBEDDER_SPEC)
    fields, situations = load_legal_fields(), load_legal_situations()
    from matching.legal_situations import situation_examples

    vectors = embedder.encode([text for _, text in situation_examples(fields, situations)])
    recogniser = LegalSituationRecogniser(fields, situations, example_vectors=vectors)
    owned = [[f for f in fields if f.code in ("associations", "benevolat")],
             [f for f in fields if f.code in ("collectivites", "commande_publique")]]
    question = "Le maire nous laisse tenir la buvette sur la place pendant l'été contre une petite somme."
    words_alone = recogniser.lawyer_scores(question, owned)
    assert words_alone.max() < MIN_FIELD_PROBABILITY + 0.1
    voted = recogniser.probabilities(question, embedder.encode([question])[0])
    scores = recogniser.lawyer_scores(question, owned, voted)
    assert scores[1] > words_alone[1] + 0.1 and scores[1] > scores[0]


def test_the_situation_is_never_said_to_come_from_function_words_alone(recogniser) -> None:
    """The model weighs « appliquent » and « selon » for labour law; quoting them as evidence tells nothing.

    The question sits between labour law (an employers' group) and association law (its members and statutes):
    whichever the recogniser hears, what it quotes are content words of that field."""
    question = ("Deux adhérents veulent quitter notre groupement d'employeurs associatif : quelles règles de "
                "préavis et de répartition des dettes sociales s'appliquent selon nos statuts ?")
    heard = recogniser.recognised_field(question, load_legal_fields())
    assert heard is not None and heard.field.code in ("travail", "associations")
    assert heard.triggers and all("selon" not in t and "appliquent" not in t for t in heard.triggers)


PUBLIC_AND_URBANISM = [
    LawyerProfile(id="pub", name="A", text="Droit public : collectivités territoriales, domaine public, conventions "
                                           "d'occupation, marchés publics."),
    LawyerProfile(id="urb", name="B", text="Droit de l'urbanisme : permis de construire et changement de destination "
                                           "des bâtiments, sols pollués."),
]
#: Tells a story of municipal property (the public lawyer's field) and names the urbanism lawyer's specialty whole.
PRECISE = ("La mairie nous loue l'ancienne école communale ; faut-il un permis de construire pour le changement de "
           "destination du bâtiment avant d'y ouvrir notre tiers-lieu ?")


def test_naming_a_specialty_precisely_outweighs_the_field_read_in_the_question(fake_embedder, recogniser) -> None:
    """Urbanism is no reference field: its lawyer owns none. A question naming her specialty in five words goes to
    her, though the words around it tell the public lawyer's field."""
    router = LawyerRouter(embedder=fake_embedder, fields=load_legal_fields(), situations=recogniser).fit(
        PUBLIC_AND_URBANISM)
    assert not router.fields_[1]  # the urbanism lawyer owns no field of reference
    assert recogniser.lawyer_scores(PRECISE, router.fields_).argmax() == 0  # the field read points to the public lawyer
    assert router.route(PRECISE).lawyer_id == "urb"
    features = router.features(PRECISE)
    assert not features[:, FIELD_PROBABILITY].any()  # the field counts for nobody


#: A labour and liability lawyer whose description shares words with association law (« associatifs »,
#: « dirigeants », « bénévoles »), and a lawyer of the structures' life who writes of statutes and mergers.
EMPLOYER_AND_GOVERNANCE = [
    LawyerProfile(id="social", name="A", text=(
        "Je conseille les employeurs associatifs et leurs partenaires : contrats de travail, temps partagé ; statut des "
        "bénévoles et des volontaires ; accidents, responsabilité civile de la structure et de ses dirigeants ; "
        "assurances.")),
    LawyerProfile(id="vie", name="B", text=(
        "Elle accompagne les associations à chaque étape de leur vie : rédaction et refonte des statuts, "
        "organisation des instances, fusions et rapprochements, dissolution.")),
]


def test_a_lawyers_specialties_are_read_like_a_question(recogniser) -> None:
    fields = load_legal_fields()
    readings = recogniser.specialty_readings(
        [["statut des bénévoles et des volontaires"], ["rédaction et refonte des statuts"]], fields)
    codes = [f.code for f in fields]
    assert readings.shape == (len(fields), 2)
    assert readings[codes.index("benevolat"), 0] > readings[codes.index("associations"), 0]
    assert readings[codes.index("associations"), 1] > readings[codes.index("associations"), 0]


def test_a_field_goes_to_the_lawyer_whose_specialty_tells_it_not_to_the_one_sharing_its_words(recogniser) -> None:
    fields = load_legal_fields()
    by_words = assign_fields(EMPLOYER_AND_GOVERNANCE, fields)
    assert "associations" in [f.code for f in by_words[0]]  # « associatifs », « dirigeants », « bénévoles »
    router = LawyerRouter(embedder=None, mode="tfidf", fields=fields, situations=recogniser).fit(EMPLOYER_AND_GOVERNANCE)
    owned = {lawyer.id: {f.code for f in fields} for lawyer, fields in zip(router.lawyers_, router.fields_)}
    assert "associations" in owned["vie"] and {"benevolat", "travail"} <= owned["social"]


def test_one_clause_in_passing_does_not_take_a_field_from_a_description_that_tells_it_again_and_again(recogniser) -> None:
    """catalogue_r: the cooperatives lawyer's « transformation d'une association … en SCIC » took association law
    from the lawyer whose whole description is about associations (three questions sent to the wrong lawyer)."""
    fields = load_legal_fields()
    codes = [f.code for f in fields]
    associations = specialty_clauses(
        "Droit des associations : rédaction et révision des statuts, fonctionnement des instances et des assemblées "
        "générales, conflits entre dirigeants, fusions entre associations.")
    cooperatives = specialty_clauses(
        "SCIC, SCOP, CAE ; capital variable, parts sociales, collèges de vote ; transformation d'une association en "
        "SCIC ; pactes d'associés.")
    readings = recogniser.specialty_readings([associations, cooperatives], fields)
    assert readings[codes.index("associations"), 0] > readings[codes.index("associations"), 1]
    assert readings[codes.index("cooperatives"), 1] > readings[codes.index("cooperatives"), 0]


@pytest.mark.parametrize("question", [
    "Des habitants proposent de prêter de l'argent à l'épicerie pour acheter la chambre froide, d'autres voudraient "
    "prendre des parts ; comment les associer sans nous mettre hors la loi ?",
    "Notre monnaie locale complémentaire voudrait ouvrir le paiement par carte chez les commerçants du marché.",
])
def test_money_from_citizens_is_a_field_of_its_own(recogniser, question: str) -> None:
    heard = recogniser.recognised_field(question, load_legal_fields())
    assert heard is not None and heard.field.code == "finance_citoyenne"


def test_a_story_about_a_field_no_lawyer_was_given_is_told_so(fake_embedder, recogniser) -> None:
    router = LawyerRouter(embedder=fake_embedder, fields=load_legal_fields(), situations=recogniser).fit(
        EMPLOYER_AND_GOVERNANCE)
    assert "finance_citoyenne" in {f.code for f in router.unowned_fields_}
    routing = router.route("Des habitants proposent de prêter de l'argent à l'épicerie, d'autres voudraient prendre "
                           "des parts : comment les associer sans nous mettre hors la loi ?")
    assert not routing.recognised
    assert routing.explanation.reasons[0].startswith(
        "Votre question relève sans doute du domaine «\u00a0Financement citoyen et finance solidaire\u00a0» (")
    assert routing.explanation.reasons[0].endswith("choisissez à qui la poser, elle sera lue avant le rendez-vous")


LIST_AND_PROSE = [
    LawyerProfile(id="liste", name="Avocat des coopératives", text=(
        "- Coopératives : SCIC, SCOP, CAE ; collèges de vote, capital variable\n"
        "- Finance citoyenne : parts sociales, titres participatifs, épargne solidaire\n"
        "- Immobilier d'activité : baux commerciaux et professionnels, sous-location, SCI")),
    LawyerProfile(id="prose", name="Avocate des contrats", text=(
        "Responsabilité civile, assurances et accidents. Contrats commerciaux et de prestation, propriété "
        "intellectuelle, droit à l'image, protection des données personnelles.")),
]


def test_a_specialty_written_on_a_line_of_its_own_is_read_as_one(recogniser) -> None:
    """catalogue_s: a list written one specialty a line ran its lines together once spaces were collapsed
    (« monnaies locales - Fiscalité … - Immobilier d'activité »), and leases went to the contracts lawyer."""
    clauses = specialty_clauses(LIST_AND_PROSE[0].text)
    assert "Immobilier d'activité" in clauses and "baux commerciaux et professionnels" in clauses
    assert not any(c.startswith("-") or "\n" in c for c in clauses)
    router = LawyerRouter(embedder=None, mode="tfidf", fields=load_legal_fields(), situations=recogniser).fit(
        LIST_AND_PROSE)
    owned = {lawyer.id: {f.code for f in fields} for lawyer, fields in zip(router.lawyers_, router.fields_)}
    assert "immobilier" in owned["liste"] and "contrats" in owned["prose"]
