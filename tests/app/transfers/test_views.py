"""Transfer pages: request from a suggestion, steps, object-level access, console, follow-up, CSV."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.transfers import services
from models import BatchRun, Pairing, PairingStatus

pytestmark = pytest.mark.web


def test_need_page_button_leads_to_confirmation_then_request(client, login, csrf, db, scene):  # noqa: ANN001
    login(scene["facilitator"])
    need, person = scene["finance_need"], scene["finance"]
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Demander un transfert à" in page
    token = csrf(f"/besoins/{need.id}")
    confirm = client.post("/transferts/demander", data={"csrf_token": token, "need_id": need.id,
                                                          "resource_person_id": person.id})
    assert confirm.status_code == 200 and "Envoyer la demande" in confirm.get_data(as_text=True)
    response = client.post("/transferts/demander", data={"csrf_token": token, "need_id": need.id,
                                                          "resource_person_id": person.id, "confirm": "1",
                                                          "message": "Merci beaucoup"})
    assert response.status_code == 302
    pairing = db.scalar(select(Pairing))
    assert pairing.status is PairingStatus.REQUESTED and pairing.message == "Merci beaucoup"
    assert "Merci beaucoup" in client.get(f"/transferts/{pairing.id}").get_data(as_text=True)


def test_other_pole_cannot_request_or_see(client, login, csrf, db, scene):  # noqa: ANN001
    pairing = services.request_transfer(need=scene["finance_need"], person=scene["finance"],
                                        requester=scene["facilitator"])
    login(scene["other_facilitator"])
    assert client.get(f"/transferts/{pairing.id}").status_code == 404
    token = csrf("/transferts/")
    response = client.post("/transferts/demander", data={"csrf_token": token, "need_id": scene["finance_need"].id,
                                                          "resource_person_id": scene["finance"].id, "confirm": "1"})
    assert response.status_code == 403
    assert client.post(f"/transferts/{pairing.id}/etape", data={"csrf_token": token, "to": "cancelled"}).status_code == 404


def test_resource_person_accepts_from_page_other_person_cannot(client, login, csrf, db, scene):  # noqa: ANN001
    pairing = services.propose_pairing(need=scene["finance_need"], person=scene["finance"],
                                       organiser=scene["organiser"])
    login(scene["food"].user)
    assert client.get(f"/transferts/{pairing.id}").status_code == 404
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/transferts/")})
    login(scene["finance"].user)
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    assert "Accepter ce transfert" in page  # the accept step is offered to this person
    token = csrf(f"/transferts/{pairing.id}")
    assert client.post(f"/transferts/{pairing.id}/etape", data={"csrf_token": token, "to": "accepted"}).status_code == 302
    db.expire_all()
    assert db.get(Pairing, pairing.id).status is PairingStatus.ACCEPTED
    response = client.post(f"/transferts/{pairing.id}/journees", data={
        "csrf_token": token, "day": "2031-03-04", "start": "09:30", "end": "17:00", "label": "Étape 1"})
    assert response.status_code == 302
    db.expire_all()
    pairing = db.get(Pairing, pairing.id)
    assert pairing.status is PairingStatus.PLANNED and pairing.days[0].session.starts_at.hour == 8  # Paris, UTC+1


def test_console_and_followup_are_for_organisers_only(client, login, scene):  # noqa: ANN001
    login(scene["facilitator"])
    for url in ("/organisation/tsf/", "/organisation/suivi", "/organisation/suivi/appariements.csv",
                "/organisation/suivi/retours.csv"):
        assert client.get(url).status_code == 403, url


def test_console_run_review_and_approve(app, client, login, csrf, db, scene):  # noqa: ANN001
    app.config["BATCH_RUN_IN_BACKGROUND"] = False
    login(scene["organiser"])
    page = client.get("/organisation/tsf/").get_data(as_text=True)
    assert scene["finance_need"].title in page and scene["food"].user.display_name in page
    token = csrf("/organisation/tsf/")
    response = client.post("/organisation/tsf/calculs", data={"csrf_token": token, "min_score": "0.1"})
    assert response.status_code == 302
    run = db.scalar(select(BatchRun))
    state = client.get(f"/organisation/tsf/calculs/{run.id}/etat.json").get_json()
    assert state["status"] == "done" and state["finished"] is True
    page = client.get(f"/organisation/tsf/calculs/{run.id}").get_data(as_text=True)
    assert "Calcul exact (retenu)" in page and "Glouton" in page and "Approuver" in page
    assert client.post(f"/organisation/tsf/calculs/{run.id}/approuver", data={"csrf_token": token}).status_code == 302
    assert client.post(f"/organisation/tsf/calculs/{run.id}/approuver", data={"csrf_token": token},
                       follow_redirects=True).get_data(as_text=True).count("déjà été approuvé") == 1
    assert len(list(db.scalars(select(Pairing)))) == len(run.pairs) == 2


def test_run_page_shows_progress_while_running(client, login, db, scene):  # noqa: ANN001
    from app.transfers import batch

    run = batch.create_run(organiser=scene["organiser"], min_score=0.5)
    login(scene["organiser"])
    page = client.get(f"/organisation/tsf/calculs/{run.id}").get_data(as_text=True)
    assert "<progress" in page and 'aria-live="polite"' in page and "Actualiser" in page
    assert "js/batch_progress.js" in page and "<script>" not in page


def test_follow_up_and_csv_exports(client, login, db, scene):  # noqa: ANN001
    services.propose_pairing(need=scene["finance_need"], person=scene["finance"], organiser=scene["organiser"])
    login(scene["organiser"])
    page = client.get("/organisation/suivi?status=proposed").get_data(as_text=True)
    assert "Par statut" in page and scene["finance_need"].title in page
    assert "Besoins sans bonne correspondance" in page
    csv_response = client.get("/organisation/suivi/appariements.csv")
    assert csv_response.mimetype == "text/csv"
    assert scene["finance_need"].title in csv_response.get_data(as_text=True)
    assert client.get("/organisation/suivi/retours.csv").get_data(as_text=True).startswith("\ufefftransfert;")
    assert client.get("/organisation/suivi?month=2026-13").status_code == 200


def test_resource_person_reads_why_the_request_was_sent(client, csrf, login, scene, db):  # noqa: ANN001
    from models import Pairing

    login(scene["facilitator"])
    token = csrf(f"/besoins/{scene['finance_need'].id}")
    client.post("/transferts/demander", data={
        "csrf_token": token, "need_id": scene["finance_need"].id, "resource_person_id": scene["finance"].id,
        "message": "Pourriez-vous nous aider ?", "confirm": "1"})
    pairing = db.query(Pairing).one()
    assert pairing.score is not None and pairing.explanation["reasons"]
    client.post("/compte/deconnexion", data={"csrf_token": token})
    login(scene["finance"].user)
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    assert "Pourquoi ce binôme" in page and pairing.explanation["reasons"][0] in page
