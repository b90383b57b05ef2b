"""Transfer pages: request from a suggestion, steps, object-level access, console, follow-up, CSV,
an organiser's proposal of one pair."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from app.transfers import services
from app.typography import french_spacing, number
from models import BatchRun, Need, NeedKind, OutboxMessage, Pairing, PairingStatus, Role, utcnow

pytestmark = pytest.mark.web


def _key(page: str) -> str:
    """The idempotency key of the form on ``page``."""
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def _link_to(page: str, label: str) -> str:
    """The address of the link of ``page`` that reads ``label``."""
    href = re.search(rf'<a\b[^>]*href="([^"]+)"[^>]*>{re.escape(label)}', page)
    assert href, f"no link {label!r}"
    return html.unescape(href.group(1))


def test_need_page_button_leads_to_confirmation_then_request(client, login, csrf, db, scene):
    login(scene.facilitator)
    need, person = scene.finance_need, scene.finance
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    link = _link_to(page, f"Demander un transfert à {person.user.display_name}")
    assert link.startswith("/transferts/demander?")  # a GET page: Back after sending the request finds it
    token = csrf(f"/besoins/{need.id}")
    confirm = client.get(link)
    assert confirm.status_code == 200 and "Envoyer la demande" in confirm.get_data(as_text=True)
    key = _key(confirm.get_data(as_text=True))
    response = client.post("/transferts/demander", data={"csrf_token": token, "need_id": need.id,
                                                          "resource_person_id": person.id, "confirm": "1",
                                                          "message": "Merci beaucoup", "idempotency_key": key})
    assert response.status_code == 302
    pairing = db.scalar(select(Pairing))
    assert pairing.status is PairingStatus.REQUESTED and pairing.message == "Merci beaucoup"
    assert "Merci beaucoup" in client.get(f"/transferts/{pairing.id}").get_data(as_text=True)


def test_other_pole_cannot_request_or_see(client, login, csrf, db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance,
                                        requester=scene.facilitator)
    login(scene.other_facilitator)
    assert client.get(f"/transferts/{pairing.id}").status_code == 404
    token = csrf("/transferts/")
    response = client.post("/transferts/demander", data={"csrf_token": token, "need_id": scene.finance_need.id,
                                                          "resource_person_id": scene.finance.id, "confirm": "1"})
    assert response.status_code == 403
    assert client.post(f"/transferts/{pairing.id}/etape", data={"csrf_token": token, "to": "cancelled"}).status_code == 404


def test_resource_person_accepts_from_page_other_person_cannot(client, login, csrf, db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance,
                                       organiser=scene.organiser)
    login(scene.food.user)
    assert client.get(f"/transferts/{pairing.id}").status_code == 404
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/transferts/")})
    login(scene.finance.user)
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    assert "Accepter ce transfert" in page  # the accept step is offered to this person
    token = csrf(f"/transferts/{pairing.id}")
    assert client.post(f"/transferts/{pairing.id}/etape", data={"csrf_token": token, "to": "accepted"}).status_code == 302
    db.expire_all()
    assert db.get(Pairing, pairing.id).status is PairingStatus.ACCEPTED
    day = (utcnow() + timedelta(days=60)).date()
    response = client.post(f"/transferts/{pairing.id}/journees", data={
        "csrf_token": token, "day": day.isoformat(), "start": "09:30", "end": "17:00", "label": "Étape 1"})
    assert response.status_code == 302
    db.expire_all()
    pairing = db.get(Pairing, pairing.id)
    # 9 h 30 in Paris: 8 h 30 UTC in winter, 7 h 30 in summer (the day is 60 days on, in either season).
    paris = datetime.combine(day, time(9, 30), tzinfo=ZoneInfo("Europe/Paris"))
    assert pairing.status is PairingStatus.PLANNED
    assert pairing.days[0].session.starts_at == paris.astimezone(UTC).replace(tzinfo=None)


def test_console_and_followup_are_for_organisers_only(client, login, scene):
    login(scene.facilitator)
    for url in ("/organisation/tsf/", "/organisation/suivi", "/organisation/suivi/appariements.csv",
                "/organisation/suivi/retours.csv"):
        assert client.get(url).status_code == 403, url


def test_console_run_review_and_approve(app, client, login, csrf, db, scene):
    app.config["BATCH_RUN_IN_BACKGROUND"] = False
    login(scene.organiser)
    page = client.get("/organisation/tsf/").get_data(as_text=True)
    assert scene.finance_need.title in page and scene.food.user.display_name in page
    token = csrf("/organisation/tsf/")
    response = client.post("/organisation/tsf/calculs", data={"csrf_token": token, "min_score": "0.1"})
    assert response.status_code == 302
    run = db.scalar(select(BatchRun))
    state = client.get(f"/organisation/tsf/calculs/{run.id}/etat.json").get_json()
    assert state["status"] == "done" and state["finished"] is True
    page = client.get(f"/organisation/tsf/calculs/{run.id}").get_data(as_text=True)
    assert "Calcul exact" in page and "Après revue" in page and "Glouton" in page and "Approuver" in page
    sent = {"csrf_token": token, "confirm": "1"}
    assert client.post(f"/organisation/tsf/calculs/{run.id}/approuver", data=sent).status_code == 302
    assert client.post(f"/organisation/tsf/calculs/{run.id}/approuver", data=sent,
                       follow_redirects=True).get_data(as_text=True).count("déjà été approuvé") == 1
    assert len(list(db.scalars(select(Pairing)))) == len(run.pairs) == 2


def test_run_page_shows_progress_while_running(client, login, db, scene):
    from app.transfers import batch

    run = batch.launch_run(organiser=scene.organiser, min_score=0.5).run
    login(scene.organiser)
    page = client.get(f"/organisation/tsf/calculs/{run.id}").get_data(as_text=True)
    assert "<progress" in page and 'aria-live="polite"' in page and "Actualiser" in page
    assert "js/batch_progress.js" in page and "<script>" not in page


def test_follow_up_and_csv_exports(client, login, db, scene):
    services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    login(scene.organiser)
    page = client.get("/organisation/suivi?status=proposed").get_data(as_text=True)
    assert "Par statut" in page and scene.finance_need.title in page
    assert "Besoins sans bonne correspondance" in page
    csv_response = client.get("/organisation/suivi/appariements.csv")
    assert csv_response.mimetype == "text/csv"
    assert scene.finance_need.title in csv_response.get_data(as_text=True)
    assert client.get("/organisation/suivi/retours.csv").get_data(as_text=True).startswith("\ufefftransfert;")
    assert client.get("/organisation/suivi?month=2026-13").status_code == 200


def test_good_match_threshold_is_the_engines_close_score_unless_set(app, client, login, scene):
    from matching.explain import CLOSE_SCORE

    assert app.config["TRANSFER_GOOD_MATCH_THRESHOLD"] is None
    login(scene.organiser)
    page = html.unescape(client.get("/organisation/suivi").get_data(as_text=True))
    assert re.search(rf"sous le score d'affinité {number(CLOSE_SCORE)}\s:", page)
    app.config["TRANSFER_GOOD_MATCH_THRESHOLD"] = 2.5
    assert re.search(r"sous le score d'affinité 2,5\s:", html.unescape(client.get("/organisation/suivi").get_data(as_text=True)))


def test_follow_up_exports_and_months_are_in_paris_time(client, login, db, scene):
    """Stored at 23:30 UTC on 31 January, read on 1 February in Paris: the pages' day, not UTC's."""
    import csv
    import io
    from datetime import datetime

    from models import FeedbackSide, PairingFeedback

    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    late = datetime(2026, 1, 31, 23, 30)
    pairing.created_at = pairing.status_changed_at = pairing.completed_at = late
    db.add(PairingFeedback(pairing=pairing, author=scene.facilitator, side=FeedbackSide.POLE, rating=4,
                           created_at=late))
    db.commit()
    login(scene.organiser)

    def rows(url: str) -> list[dict[str, str]]:
        text = client.get(url).get_data(as_text=True).lstrip("\ufeff")
        return list(csv.DictReader(io.StringIO(text), delimiter=";"))

    [row] = rows("/organisation/suivi/appariements.csv")
    assert (row["créé le"], row["changé le"], row["terminé le"]) == ("01/02/2026",) * 3
    assert rows("/organisation/suivi/retours.csv")[0]["date"] == "01/02/2026"
    assert services.breakdown([pairing]).by_month == [("février 2026", 1)]


def test_resource_person_reads_why_the_request_was_sent(client, csrf, login, scene, db):
    from models import Pairing

    login(scene.facilitator)
    token = csrf(f"/besoins/{scene.finance_need.id}")
    client.post("/transferts/demander", data={
        "csrf_token": token, "need_id": scene.finance_need.id, "resource_person_id": scene.finance.id,
        "message": "Pourriez-vous nous aider ?", "confirm": "1", "idempotency_key": "cle-1"})
    pairing = db.query(Pairing).one()
    assert pairing.score is not None and pairing.explanation["reasons"]
    client.post("/compte/deconnexion", data={"csrf_token": token})
    login(scene.finance.user)
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    assert "Pourquoi ce binôme" in page and str(escape(french_spacing(pairing.explanation["reasons"][0]))) in page


# --------------------------------------------------------------------------- #
# An organiser proposes one pair by hand
# --------------------------------------------------------------------------- #

PROPOSE = "/organisation/tsf/proposer"


def _form_with(page: str, marker: str) -> dict[str, str]:
    """Name → value of the inputs of the first form of ``page`` that contains ``marker``."""
    for form in re.findall(r"<form\b.*?</form>", page, flags=re.DOTALL):
        if marker in form:
            fields = {}
            for tag in re.findall(r"<input\b[^>]*>", form):
                name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
                fields[name.group(1)] = value.group(1) if value else ""
            return fields
    raise AssertionError(f"no form with {marker!r}")


def _pairings(db) -> int:
    return db.scalar(select(func.count(Pairing.id)))


def test_proposal_button_shown_to_organisers_not_to_facilitators(client, login, csrf, scene):
    need, person = scene.finance_need, scene.finance
    button = f"Proposer ce binôme\u00a0: {person.user.display_name}"
    login(scene.organiser)
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert button in page and "Demander un transfert à" not in page
    fields = parse_qs(urlsplit(_link_to(page, button)).query)
    assert (fields["need_id"], fields["resource_person_id"]) == ([str(need.id)], [str(person.id)])
    assert fields["offer_id"] == [str(person.offers[0].id)]
    client.post("/compte/deconnexion", data={"csrf_token": csrf(f"/besoins/{need.id}")})
    # The pole's facilitator reads the same cached suggestions: their own button, never the organisers'.
    for facilitator, own_pole in ((scene.facilitator, True), (scene.other_facilitator, False)):
        login(facilitator)
        response = client.get(f"/besoins/{need.id}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Proposer ce binôme" not in page
        assert ("Demander un transfert à" in page) is own_pole
        client.post("/compte/deconnexion", data={"csrf_token": csrf("/transferts/")})


def test_organiser_confirms_a_proposal_that_notifies_both_sides(client, login, db, scene):
    need, person, organiser = scene.finance_need, scene.finance, scene.organiser
    login(organiser)
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    shown = client.get(_link_to(page, f"Proposer ce binôme\u00a0: {person.user.display_name}"))
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "Pourquoi ce binôme" in page and "Envoyer la proposition" in page
    assert "encore 1\u00a0transfert possible cette année" in page
    assert _pairings(db) == 0  # showing the pair creates nothing
    response = client.post(PROPOSE, data={**_form_with(page, "Envoyer la proposition"),
                                          "message": "Votre expérience du financement les aidera."})
    assert response.status_code == 302
    pairing = db.scalar(select(Pairing))
    assert response.location.endswith(f"/transferts/{pairing.id}")
    assert pairing.status is PairingStatus.PROPOSED and pairing.created_by_id == organiser.id
    assert pairing.offer_id == person.offers[0].id and pairing.explanation["reasons"]
    assert pairing.message == "Votre expérience du financement les aidera."
    mails = {m.key: m for m in db.scalars(select(OutboxMessage).where(
        OutboxMessage.key.startswith(f"pairing:{pairing.id}:")))}
    assert set(mails) == {f"pairing:{pairing.id}:proposed:user:{uid}"
                          for uid in (person.user_id, scene.facilitator.id)}
    assert all("Votre expérience du financement les aidera." in m.body for m in mails.values())
    assert "Binôme proposé" in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize("case", ["same_pole", "full"])
def test_refused_pair_gets_a_french_message_not_a_500(client, login, csrf, db, scene, make_resource_person, case):
    need = scene.finance_need
    if case == "same_pole":
        person, expected = make_resource_person(pole=scene.pole), "n'accompagne jamais son propre pôle"
    else:
        person, expected = scene.finance, "n'a plus de disponibilité cette année"
        services.propose_pairing(need=scene.food_need, person=person, organiser=scene.organiser)
    before = _pairings(db)
    login(scene.organiser)
    data = {"csrf_token": csrf("/organisation/suivi"), "need_id": need.id, "resource_person_id": person.id}
    shown = client.post(PROPOSE, data=data)
    page = html.unescape(shown.get_data(as_text=True))
    assert shown.status_code == 200 and expected in page and "Envoyer la proposition" not in page
    confirmed = client.post(PROPOSE, data={**data, "confirm": "1", "idempotency_key": "cle-1"})
    assert confirmed.status_code == 200 and expected in html.unescape(confirmed.get_data(as_text=True))
    assert _pairings(db) == before


@pytest.mark.parametrize("who", ["facilitator", "resource_person"])
def test_propose_route_is_forbidden_to_other_roles(client, login, csrf, db, scene, who):
    login(scene.facilitator if who == "facilitator" else scene.finance.user)
    data = {"csrf_token": csrf("/transferts/"), "need_id": scene.finance_need.id,
            "resource_person_id": scene.food.id, "confirm": "1"}
    assert client.get(PROPOSE, query_string=data).status_code == 403
    assert client.post(PROPOSE, data=data).status_code == 403
    assert _pairings(db) == 0


def test_propose_without_csrf_token_is_refused(client, login, db, scene):
    login(scene.organiser)
    response = client.post(PROPOSE, data={"need_id": scene.finance_need.id,
                                          "resource_person_id": scene.finance.id, "confirm": "1"})
    assert response.status_code == 400 and _pairings(db) == 0


def _offered(page: str) -> dict[str, str]:
    """Number → label of the resource persons offered to pick under the typed field (radio buttons)."""
    return dict(re.findall(r'<input type="radio" name="resource_person_id-choix" id="[^"]+" value="(\d+)"> '
                           r'<label[^>]*>([^<]*)</label>', html.unescape(page)))


def test_follow_up_proposes_a_person_typed(app, client, login, db, scene, make_resource_person):
    app.config["TRANSFER_GOOD_MATCH_THRESHOLD"] = 100.0  # every open need lacks a good match
    need, food, full = scene.finance_need, scene.food, scene.finance
    food.user.display_name, full.user.display_name = "Marie Kervella", "Marie Le Goff"
    own = make_resource_person(pole=scene.pole)
    own.user.display_name = "Marie Coteaux"
    db.commit()
    services.propose_pairing(need=scene.food_need, person=full, organiser=scene.organiser)
    login(scene.organiser)
    page = client.get("/organisation/suivi").get_data(as_text=True)
    link = f'href="/organisation/tsf/proposer?need_id={need.id}"'
    assert link in page  # one link per need; the person is named on the proposal page only
    page = client.get(f"/organisation/tsf/proposer?need_id={need.id}").get_data(as_text=True)
    form = next(f for f in re.findall(r"<form\b.*?</form>", page, flags=re.DOTALL) if "resource_person_id" in f)
    assert 'for="resource_person_id"' in form and 'type="search"' in form and "<option" not in form
    assert 'method="get"' in form  # choosing shows a page Back can reload once the proposal is sent
    fields = _form_with(form, "resource_person_id")

    empty = client.get(PROPOSE, query_string={**fields, "resource_person_id": ""})
    body = empty.get_data(as_text=True)
    assert empty.status_code == 400 and 'id="resource_person_id-erreur"' in body
    assert "Indiquez le numéro de la personne ressource ou des mots de son nom." in body
    assert 'aria-invalid="true"' in body

    several = client.get(PROPOSE, query_string={**fields, "resource_person_id": "marie"})
    body = html.unescape(several.get_data(as_text=True))
    assert several.status_code == 400 and 'value="marie"' in body  # what was typed stays
    assert re.search(r'id="resource_person_id-erreur">2\u00a0personnes ressources correspondent à', body)
    assert _offered(body) == {  # never the need's own pole; each with her capacity left
        str(food.id): f"Marie Kervella — Bretagne — encore 2\u00a0transferts possibles cette année (n°\u00a0{food.id})",
        str(full.id): f"Marie Le Goff — Bretagne — aucun transfert possible cette année (n°\u00a0{full.id})"}

    picked = client.get(PROPOSE, query_string={**fields, "resource_person_id": "marie",
                                               "resource_person_id-choix": str(full.id)})
    assert picked.status_code == 200 and "aucun transfert possible" in picked.get_data(as_text=True)
    for typed in ("kervella", "MARIE bretagne kerv", f"n° {food.id}"):
        chosen = client.get(PROPOSE, query_string={**fields, "resource_person_id": typed})
        page = chosen.get_data(as_text=True)
        assert chosen.status_code == 200 and f"Proposer ce binôme\u00a0: {food.user.display_name}" in page
    assert client.post(PROPOSE, data=_form_with(page, "Envoyer la proposition")).status_code == 302
    pairing = db.scalar(select(Pairing).where(Pairing.need_id == need.id))
    assert pairing.resource_person_id == food.id and pairing.status is PairingStatus.PROPOSED


def test_a_person_of_the_needs_own_pole_is_not_found_by_words(client, login, db, scene, make_resource_person):
    own = make_resource_person(pole=scene.pole)
    own.user.display_name = "Yvonne Coteaux"
    db.commit()
    login(scene.organiser)
    response = client.get(PROPOSE, query_string={"need_id": scene.finance_need.id, "resource_person_id": "yvonne"})
    assert response.status_code == 400
    assert "Aucune personne ressource active, hors de ce pôle, ne correspond à" in html.unescape(
        response.get_data(as_text=True))


def test_follow_up_lists_only_needs_a_resource_person_can_answer(app, client, login, db, scene):
    app.config["TRANSFER_GOOD_MATCH_THRESHOLD"] = 100.0  # every open need lacks a good match
    visit_need = Need(pole=scene.pole, author=scene.finance_need.author, kind=NeedKind.VISIT,
                      title="Visiter une conserverie solidaire", text="Voir comment une conserverie fonctionne.")
    db.add(visit_need)
    db.commit()
    login(scene.organiser)
    page = client.get("/organisation/suivi").get_data(as_text=True)
    assert f"need_id={scene.finance_need.id}" in page
    assert "Visiter une conserverie solidaire" not in page and f"need_id={visit_need.id}" not in page


def _request_form_for(page: str, person_id: int) -> bool:
    """Whether ``page`` links to the transfer request form for this person (« Demander un transfert à … »)."""
    return re.search(rf'href="/transferts/demander\?[^"]*resource_person_id={person_id}(&amp;|")', page) is not None


def test_a_mentor_already_asked_shows_the_transfer_instead_of_a_second_button(client, login, csrf, db, scene):
    need, finance, food = scene.finance_need, scene.finance, scene.food
    login(scene.facilitator)
    client.get(f"/besoins/{need.id}")
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)  # kept from now on
    assert _request_form_for(page, finance.id) and _request_form_for(page, food.id)
    response = client.post("/transferts/demander", data={"csrf_token": csrf("/transferts/"), "need_id": need.id,
                                                          "resource_person_id": finance.id, "confirm": "1",
                                                          "idempotency_key": "cle-1"})
    assert response.status_code == 302
    client.get(response.headers["Location"])  # the page that shows the flash message
    pairing = db.scalar(select(Pairing))
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert f"Transfert déjà engagé avec {html.escape(finance.user.display_name)}" in page
    assert f'href="/transferts/{pairing.id}">Demandé par le pôle</a>' in page
    assert not _request_form_for(page, finance.id) and _request_form_for(page, food.id)


@pytest.mark.parametrize("how", ["declined", "excluded"])
def test_a_mentor_who_declined_or_was_excluded_is_no_longer_suggested(app, client, login, db, scene, how):
    app.config["SUGGESTIONS_PER_NEED"] = 1
    need, finance, food = scene.finance_need, scene.finance, scene.food
    login(scene.facilitator)
    client.get(f"/besoins/{need.id}")
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)  # kept from now on
    assert f'/personnes-ressources/{finance.id}"' in page and not _request_form_for(page, food.id)
    if how == "declined":
        pairing = services.propose_pairing(need=need, person=finance, organiser=scene.organiser)
        services.transition(pairing, PairingStatus.DECLINED, actor=finance.user, note="Pas disponible ce semestre")
    else:
        services.forbid_pair(need=need, person=finance, organiser=scene.organiser, reason="Conflit d'intérêts")
    db.commit()
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    # the next person takes the place
    assert f'/personnes-ressources/{finance.id}"' not in page and _request_form_for(page, food.id)


@pytest.mark.parametrize("how", ["declined", "excluded", "engaged"])
def test_a_resource_person_is_no_longer_offered_a_need_they_settled(client, login, scene, how):
    need, finance = scene.finance_need, scene.finance
    login(finance.user)
    assert need.title in client.get(f"/personnes-ressources/{finance.id}").get_data(as_text=True)
    if how == "excluded":
        services.forbid_pair(need=need, person=finance, organiser=scene.organiser)
    elif how == "engaged":  # a request, not yet validated: it does not use the person's capacity
        services.request_transfer(need=need, person=finance, requester=scene.facilitator)
    else:
        pairing = services.propose_pairing(need=need, person=finance, organiser=scene.organiser)
        services.transition(pairing, PairingStatus.DECLINED, actor=finance.user, note="Pas disponible ce semestre")
    assert need.title not in client.get(f"/personnes-ressources/{finance.id}").get_data(as_text=True)


def test_follow_up_csv_says_its_charset_once(client, login, make_user):
    login(make_user(Role.ORGANISER))
    for url in ("/organisation/suivi/appariements.csv", "/organisation/suivi/retours.csv"):
        assert client.get(url).headers["Content-Type"] == "text/csv; charset=utf-8", url


def test_an_empty_follow_up_says_none_plainly(client, login, make_user):
    """No transfer, no feedback, no gap: said « aucun », not « (0) » nor a dash in an empty table."""
    login(make_user(Role.ORGANISER))
    page = client.get("/organisation/suivi").get_data(as_text=True)
    assert "Répartition (aucun transfert)" in page and "0\u00a0transfert" not in page
    assert "Retours après transfert (aucun)" in page
    assert "Besoins sans bonne correspondance (aucun)" in page
    assert '<td colspan="2">Aucun transfert</td>' in page and '<td colspan="2">Aucun besoin</td>' in page
    assert '<td colspan="2">—</td>' not in page
