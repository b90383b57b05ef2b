"""The TSF console and a run's page as Avise reads them: the minimum score typed the French way, French
numbers, the scale of the affinity score, the figures after review, the confirmation before sending,
and counts that say what they count."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from app.number_fields import NOT_A_NUMBER
from app.transfers import batch, services
from app.transfers.states import TransferError
from app.transfers.pages import AFFINITY_SCALE
from app.typography import french_spacing
from models import BatchRun, BatchRunStatus, Need, NeedKind, OutboxMessage, Pairing, PairingStatus
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web


def _text(response) -> str:
    return html.unescape(page_html(response))


def _run(scene, **params) -> BatchRun:
    run = batch.launch_run(organiser=scene.organiser, min_score=params.pop("min_score", 0.0), **params).run
    return batch.execute_run(run.id)


def _min_score_input(page: str) -> str:
    return re.search(r'<input[^>]*name="min_score"[^>]*>', page).group(0)


def test_the_minimum_score_is_a_text_box_showing_a_decimal_comma(client, login, scene):
    login(scene.organiser)
    box = _min_score_input(_text(client.get("/organisation/tsf/")))
    assert 'type="text"' in box and 'inputmode="decimal"' in box and 'value="0,5"' in box


@pytest.mark.parametrize("typed", ["0,7", "0.7", " 0,7 "])
def test_the_minimum_score_reads_a_comma_or_a_dot(app, client, login, csrf, db, scene, typed):
    app.config["BATCH_RUN_IN_BACKGROUND"] = False
    login(scene.organiser)
    response = client.post("/organisation/tsf/calculs", data={"csrf_token": csrf("/organisation/tsf/"),
                                                              "min_score": typed})
    assert response.status_code == 302
    assert db.scalar(select(BatchRun)).params["min_score"] == pytest.approx(0.7)


@pytest.mark.parametrize(("typed", "message"), [
    ("0,7,1", NOT_A_NUMBER), ("sept", NOT_A_NUMBER), ("25", "Le score minimal est compris entre 0 et 20."),
    ("-0,5", "Le score minimal est compris entre 0 et 20."),
])
def test_the_minimum_score_refuses_the_rest_in_french(client, login, csrf, db, scene, typed, message):
    login(scene.organiser)
    response = client.post("/organisation/tsf/calculs", data={"csrf_token": csrf("/organisation/tsf/"),
                                                              "min_score": typed})
    page = _text(response)
    assert response.status_code == 400 and message in page
    assert page.count("Score minimal d'affinité\u00a0:") + page.count("Score minimal d'affinité :") == 1
    if message == NOT_A_NUMBER:
        assert "compris entre 0 et 20" not in page  # one error, the one that applies
    assert f'value="{typed}"' in _min_score_input(page)  # shown back as typed, beside its error
    assert db.scalar(select(func.count()).select_from(BatchRun)) == 0


def test_the_run_page_writes_french_numbers_and_explains_the_score(client, login, db, scene, make_resource_person):
    from models import Offer

    second = make_resource_person(capacity=1)
    db.add(Offer(resource_person=second, title="Financer la coordination d'un pôle",
                 text="Cotisations des membres et conventions pour financer le poste de coordination."))
    db.commit()
    run = _run(scene)
    login(scene.organiser)
    page = _text(client.get(f"/organisation/tsf/calculs/{run.id}"))
    seconds = run.result["exact"]["seconds"]
    assert f"{seconds:.3f}\u00a0s".replace(".", ",") in page  # the unit never alone on a line
    options = re.findall(r"<option[^>]*>([^<]*\(\S+\))</option>", page)
    assert options and all(re.search(r"\(-?\d+,\d\d\)$", o) for o in options), options
    total = f"{run.result['exact']['total']:.1f}".replace(".", ",")
    assert f"<td>{total}</td>" in re.sub(r"<td[^>]*>", "<td>", page)  # column names of the stacked rows aside
    assert AFFINITY_SCALE in page


def test_the_scale_of_the_score_is_told_where_the_number_is(client, login, db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser,
                                       score=4.2)
    login(scene.organiser)
    for url in ("/organisation/tsf/", "/organisation/suivi", f"/transferts/{pairing.id}"):
        assert AFFINITY_SCALE in _text(client.get(url)), url
    assert "dès 4, «\u00a0très proche\u00a0» dès 6" in AFFINITY_SCALE


def test_the_summary_follows_the_review(client, login, db, scene):
    run = _run(scene)
    removed = run.pairs[0]
    kept_score = run.pairs[1].score
    batch.set_pair_removed(run, removed, removed=True)
    figures = batch.reviewed(run)
    assert (figures.kept, figures.removed, figures.covered) == (1, 1, 1)
    assert figures.total == pytest.approx(kept_score)
    login(scene.organiser)
    page = _text(client.get(f"/organisation/tsf/calculs/{run.id}"))
    assert "Après revue (ce qui sera envoyé)" in page and "1\u00a0binôme retiré" in page
    cells = re.sub(r"<td[^>]*>", "<td>", page).replace("\u00a0", " ")  # column names of the stacked rows aside
    assert "<td>2 / 2</td><td>1 / 2</td>" in cells  # the computation's figure, then the reviewed one


def test_approval_shows_what_will_be_sent_and_sends_only_once_confirmed(client, login, csrf, db, scene):
    run = _run(scene)
    login(scene.organiser)
    url = f"/organisation/tsf/calculs/{run.id}/approuver"
    token = csrf(f"/organisation/tsf/calculs/{run.id}")
    page = _text(client.post(url, data={"csrf_token": token}))  # an old one-click form: nothing leaves
    assert db.scalar(select(func.count(Pairing.id))) == 0
    assert "Rien n'est encore parti" in page and "Confirmer l'envoi (2\u00a0propositions)" in page
    preview = batch.approval_preview(run)
    # One person per pair, one facilitator per pole: each proposal reaches two people.
    assert (preview.proposals, preview.people, preview.poles, preview.facilitators, preview.mails) == (2, 2, 2, 2, 4)
    assert "<dt>E-mails</dt><dd>4 en tout" in page

    announced = preview.fingerprint
    batch.set_pair_removed(run, run.pairs[0], removed=True)  # the review changed after the page was read
    stale = _text(client.post(url, data={"csrf_token": token, "confirm": "1", "expected": announced},
                              follow_redirects=True))
    assert "Les binômes ont changé" in stale and db.scalar(select(func.count(Pairing.id))) == 0

    response = client.post(url, data={"csrf_token": token, "confirm": "1",
                                      "expected": batch.approval_preview(run).fingerprint})
    assert response.status_code == 302
    assert db.scalar(select(func.count(Pairing.id))) == 1
    db.expire_all()
    assert db.get(BatchRun, run.id).status is BatchRunStatus.APPROVED
    assert client.get(url).status_code == 302  # nothing left to confirm


def test_a_proposal_from_a_run_says_why_even_once_it_took_the_last_place(client, login, db, scene):
    run = _run(scene)
    assert {p.need_id for p in run.pairs} == {int(k.split(":")[0]) for k in run.result["explanations"]}
    created = batch.approve_run(run_id=run.id, organiser=scene.organiser)
    pairing = next(p for p in created if p.resource_person_id == scene.finance.id)  # capacity 1: now full
    assert pairing.explanation["reasons"] and pairing.offer_id == scene.finance.offers[0].id
    login(scene.finance.user)
    page = _text(client.get(f"/transferts/{pairing.id}"))
    assert "Pourquoi ce binôme" in page and scene.finance.offers[0].title in page
    assert french_spacing(pairing.explanation["reasons"][0]) in page
    assert "Encore 1\u00a0transfert possible cette année" in pairing.explanation["reasons"]
    assert "transfert possible" not in page  # true when the run was made, not any more
    assert french_spacing(scene.finance_need.text) in page  # the need itself, in the pole's words
    assert "Votre réponse est attendue d'ici au" in page


def test_the_pole_reads_that_it_waits_for_the_resource_persons_answer(client, login, db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    login(scene.facilitator)
    page = _text(client.get(f"/transferts/{pairing.id}"))
    name = scene.finance.user.display_name
    assert re.search(rf"En attente de la réponse d[e']\s?{re.escape(name)}, qui peut accepter ou décliner", page)
    assert "Un e-mail vous dira sa réponse" in page
    assert french_spacing(scene.finance_need.text) in page


def test_each_side_of_a_request_reads_who_answers_next(client, login, csrf, db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    login(scene.facilitator)
    assert "Votre demande attend la validation de l'équipe d'animation, d'ici au" in _text(
        client.get(f"/transferts/{pairing.id}"))
    services.transition(pairing, PairingStatus.VALIDATED, actor=scene.organiser)
    page = _text(client.get(f"/transferts/{pairing.id}"))
    assert "En attente de la réponse" in page and "sans réponse à cette date, la demande expire" in page
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/transferts/")})
    login(scene.organiser)
    assert "En attente de la réponse" in _text(client.get(f"/transferts/{pairing.id}"))


def test_the_console_says_what_its_count_of_needs_counts(client, login, db, scene):
    services.request_transfer(need=scene.food_need, person=scene.food, requester=scene.other_facilitator)
    db.add(Need(pole=scene.pole, author=scene.facilitator, title="Une visite de légumerie",
                text="Nous voudrions visiter une légumerie partagée qui fonctionne.", kind=NeedKind.VISIT))
    db.commit()
    login(scene.organiser)
    page = _text(client.get("/organisation/tsf/"))
    assert "Besoins à apparier (1)" in page
    assert ("Vous voyez 3\u00a0besoins ouverts en tout\u00a0: 1 à apparier, 1 avec une demande ou une proposition déjà "
            "en cours, 1 pour une autre forme d'appui") in page
    need_row = re.search(rf'<a href="/besoins/{scene.finance_need.id}">.*?</tr>', page).group(0)
    assert re.search(r">Dans les prochains mois</td></tr>$", need_row), need_row  # not the stored « 2 »
    counts = batch.open_need_counts(viewer=scene.organiser)
    assert (counts.total, counts.to_pair, counts.under_way, counts.other_kinds) == (3, 1, 1, 1)


def test_an_approval_mails_each_person_and_pole_as_announced(db, scene):
    run = _run(scene)
    preview = batch.approval_preview(run)
    batch.approve_run(run_id=run.id, organiser=scene.organiser, expected=preview.fingerprint)
    assert db.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.key.like("pairing:%:proposed:%"))) \
        == preview.mails
    assert all(p.status is PairingStatus.PROPOSED for p in db.scalars(select(Pairing)))


def test_an_approval_refuses_other_pairs_even_when_their_number_is_the_same(db, scene):
    run = _run(scene)
    first, second = run.pairs[0], run.pairs[1]
    batch.set_pair_removed(run, first, removed=True)
    announced = batch.approval_preview(run).fingerprint  # the page showed the second pair only
    batch.set_pair_removed(run, first, removed=False)
    batch.set_pair_removed(run, second, removed=True)  # still one pair, but not the one announced
    with pytest.raises(TransferError, match="Les binômes ont changé"):
        batch.approve_run(run_id=run.id, organiser=scene.organiser, expected=announced)
    db.expire_all()
    assert db.scalar(select(func.count(Pairing.id))) == 0
    assert db.get(BatchRun, run.id).status is BatchRunStatus.DONE


def test_a_run_still_computing_shows_its_progress_and_no_empty_decision_section(client, login, db, scene):
    """While the run computes there is nothing to decide: no « Décider » heading over an empty section."""
    login(scene.organiser)
    run = batch.launch_run(organiser=scene.organiser, min_score=0.0).run
    page = _text(client.get(f"/organisation/tsf/calculs/{run.id}"))
    assert "Avancement du calcul" in page and "Décider" not in page
    done = batch.execute_run(run.id)
    page = _text(client.get(f"/organisation/tsf/calculs/{done.id}"))
    assert "Décider" in page and "Approuver et envoyer les propositions" in page


def test_each_pair_of_a_run_links_its_need_and_its_resource_person(client, login, db, scene):
    """Reviewing a pair means reading the need and the person's profile: both are one click away."""
    login(scene.organiser)
    run = _run(scene)
    pair = next(p for p in run.pairs if not p.removed)
    page = _text(client.get(f"/organisation/tsf/calculs/{run.id}"))
    assert f'href="/besoins/{pair.need_id}"' in page
    assert f'href="/personnes-ressources/{pair.resource_person_id}"' in page
