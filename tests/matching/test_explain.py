"""Explanations' building blocks (matching/explain.py)."""

from __future__ import annotations

from matching.explain import closeness, distinguishing, key_words, readable
from matching.types import Explanation


def test_key_words_are_words_of_both_texts_rarest_first() -> None:
    idf = {"subven": 3.0, "coordi": 2.0, "membre": 1.0}
    need = "Nos membres ne cotisent pas et la subvention de coordination baisse."
    offer = "Financer la Coordination sans Subvention : faire cotiser les membres."
    # « cotiser » is not in the need (« cotisent » is): it is not shown.
    assert key_words(need, offer, idf) == ["subvention", "coordination", "membres"]


def test_key_words_never_show_a_word_missing_from_either_text() -> None:
    need = "Comment organiser nos réunions de bureau ?"
    offer = "J'ai dirigé un organisme de formation ; je connais la culture réunionnaise."
    assert key_words(need, offer, {}) == []


def test_key_words_show_each_text_spelling_when_they_differ() -> None:
    need = "Nos réunions durent trop longtemps."
    offer = "Animer une réunion courte et utile."
    assert key_words(need, offer, {}) == ["réunions / réunion"]


def test_gibberish_is_not_readable() -> None:
    vocabulary = {"subven": 1.0, "coordi": 1.0, "membre": 1.0, "financ": 1.0}
    assert not readable("zorglub blafoutre quixotrum pastafarix", vocabulary)
    assert readable("Financer la coordination sans subvention", vocabulary)


def test_closeness_is_a_human_scale() -> None:
    assert [closeness(s) for s in (9.1, 6.0, 5.2, 4.0, 3.0, 1.5, -1.0)] == [
        "très proche", "très proche", "proche", "proche", "à examiner", "à examiner", "à examiner"]


def _explanation(*reasons: str) -> Explanation:
    return Explanation(shared_themes=[], need_phrases=[], offer_phrases=[], reasons=list(reasons), components={})


def test_a_reason_on_every_card_is_left_out() -> None:
    cards = [_explanation("Thèmes en commun : Culture", "Expérience d'un pôle plus avancé (Consolidé)", "Classée 1re"),
             _explanation("Expérience d'un pôle plus avancé (Consolidé)", "Classée 2e")]
    assert [e.reasons for e in distinguishing(cards)] == [["Thèmes en commun : Culture", "Classée 1re"], ["Classée 2e"]]
    assert distinguishing(cards[:1])[0].reasons == cards[0].reasons


def test_key_words_leave_out_filler_words() -> None:
    need = "Nous sommes bien seuls et nous avançons souvent à tâtons chaque année."
    offer = "Je vous aide bien volontiers, souvent sur une année, à avancer avec des pairs."
    assert key_words(need, offer, {}) == []


def test_a_theme_guess_is_never_shown_as_certain_nor_as_impossible():
    from matching.explain import inferred_themes_reason, likelihood_percent

    assert [likelihood_percent(p) for p in (0.996, 0.5, 0.004)] == [99, 50, 1]
    assert "(99\u00a0%)" in inferred_themes_reason([("Modèle socio-économique", 0.999)])


def test_shared_themes_reason_says_which_were_read_in_the_offer_with_french_plurals() -> None:
    from matching.explain import shared_themes_reason

    assert shared_themes_reason(["Insertion"], []) == "Thème en commun : Insertion"
    assert shared_themes_reason(["Insertion", "Mobilité"], []) == "Thèmes en commun : Insertion, Mobilité"
    assert shared_themes_reason(["Insertion"], ["Mobilité"]) == (
        "Thèmes en commun : Insertion ; lu dans le texte de l'offre : Mobilité")
    assert shared_themes_reason([], ["Mobilité", "Tourisme"]) == (
        "Thèmes en commun, lus dans le texte de l'offre : Mobilité, Tourisme")
    assert shared_themes_reason([], ["Culture"], "ce que le pôle peut transmettre") == (
        "Thème en commun, lu dans ce que le pôle peut transmettre : Culture")


def test_key_words_leave_out_everyday_verbs_and_the_words_every_profile_uses() -> None:
    need = "L'an dernier nous avons monté une légumerie pour faire vivre le pôle et notre projet."
    offer = "J'ai monté la légumerie du pôle et son projet : la faire vivre demande une convention."
    assert key_words(need, offer, {}) == ["légumerie"]
    # « rendre compte » and « rendre un pôle visible » share a verb, not a subject.
    assert key_words("La salariée ne sait plus à qui rendre compte de la légumerie.",
                     "Rendre visible une légumerie : récit commun et relations presse.", {}) == ["légumerie"]


def test_key_words_never_show_a_cut_off_word() -> None:
    # « aujourd'hui » was read as « aujourd » + « hui » and shown as « aujourd »; a word written with an
    # apostrophe inside is one word, shown whole (« presqu'île ») or, when it says nothing, not at all.
    need = "Aujourd'hui la légumerie de la presqu'île cherche des débouchés."
    offer = "Les débouchés d'aujourd'hui : notre légumerie sur la presqu’île."
    assert key_words(need, offer, {}) == ["débouchés", "légumerie", "presqu'île"]



def test_figures_of_the_reasons_agree_and_hold_to_their_word() -> None:
    # « Encore 1 transfert possible » had a plain space and a hand-made plural (« 0 transferts » read fine by luck).
    from matching.explain import capacity_reason, pole_rank_reason, rank_reason

    assert capacity_reason(1) == "Encore 1\u00a0transfert possible cette année"
    assert capacity_reason(3) == "Encore 3\u00a0transferts possibles cette année"
    assert rank_reason(2, 5, 1) == "Classée 2e sur 5\u00a0offres possibles (1\u00a0exclue : même pôle ou capacité épuisée)"
    assert rank_reason(1, 1, 0) == "Classée 1re sur 1\u00a0offre possible"
    assert pole_rank_reason(1, 3).startswith("Classé 1er sur 3\u00a0pôles ayant")


def test_shared_reasons_are_what_distinguishing_leaves_out_in_the_first_cards_order() -> None:
    from matching.explain import shared_reasons

    cards = [_explanation("Thème en commun : Culture", "Même région (Occitanie)", "Classée 1re"),
             _explanation("Même région (Occitanie)", "Classée 2e", "Thème en commun : Culture")]
    assert shared_reasons(cards) == ["Thème en commun : Culture", "Même région (Occitanie)"]
    assert shared_reasons(cards, keep=["Même région"]) == ["Thème en commun : Culture"]
    assert [e.reasons for e in distinguishing(cards, keep=["Même région"])] == [
        ["Même région (Occitanie)", "Classée 1re"], ["Même région (Occitanie)", "Classée 2e"]]
    assert shared_reasons(cards[:1]) == []  # a lone card keeps all its reasons: nothing to say above it


def test_key_words_quote_the_words_as_the_person_typed_them() -> None:
    # The engine reads « comcom » as « communauté de communes » and « fiancement » as « financement »; the card
    # quotes what each side typed, so a reader finds every word shown in both texts.
    need_typed = "La comcom ne suit plus le fiancement de la légumerie."
    need_read = "La communauté de communes ne suit plus le financement de la légumerie."
    offer = "Convaincre les communes de suivre le financement d'une légumerie."
    assert key_words(need_read, offer, {}, need_typed=need_typed) == [
        "comcom / communes", "fiancement / financement", "légumerie"]
    # A typed word read as two shared words is shown once.
    offer_both = "La communauté de communes et ses communes membres."
    assert key_words(need_read, offer_both, {}, need_typed=need_typed) == ["comcom / communauté"]
    # The offer's typed words too.
    assert key_words(need_read, "La communauté de communes soutient la légumerie.", {}, need_typed=need_typed,
                     offer_typed="La comcom soutient la légumerie.") == ["comcom", "légumerie"]
