"""Pages of the proposals to host a visit: the facilitator proposes from the form (errors beside the fields), a CRA
of another region sees nothing of it, Coorace turns it into a visit through the prefilled creation form or declines
it with a message the pole reads on its page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from markupsafe import escape
from sqlalchemy import select

from app.visits import hosting
from models import HostProposalStatus, LearningVisit, VisitHostProposal
from tests.app.html_parts import page_text
from tests.app.visits.hosting_world import WHAT_TO_SEE, HostingWorld, proposal_data

pytestmark = pytest.mark.web

FORM = "/visites/proposer-un-accueil"


def _propose(w: HostingWorld) -> VisitHostProposal:
    return hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data())


def test_the_facilitator_proposes_from_the_pole_page_and_follows_it_there(client, login, csrf, db, hosting_world):
    w: HostingWorld = hosting_world
    login(w.facilitator)
    pole_page = client.get(f"/poles/{w.pole.id}").get_data(as_text=True)
    assert f'href="{FORM}"' in pole_page and "Proposer d'accueillir une visite" in pole_page
    token = csrf(FORM)
    wrong = client.post(FORM, data={"csrf_token": token, "what_to_see": "Court", "first_month": "mars",
                                    "visitors": "0"}).get_data(as_text=True)
    assert 'id="themes-erreur"' in wrong and "Choisissez au moins un thème." in wrong
    assert 'id="what_to_see-erreur"' in wrong and 'id="first_month-erreur"' in wrong
    assert 'id="visitors-erreur"' in wrong and "error-summary" in wrong
    assert db.scalar(select(VisitHostProposal.id)) is None
    response = client.post(FORM, data={
        "csrf_token": token, "themes": ["alimentation", "tiers_lieux"], "what_to_see": WHAT_TO_SEE,
        "periods": "Au printemps", "first_month": "", "last_month": "", "visitors": "12"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/poles/{w.pole.id}#propositions-accueil")
    proposal = db.scalar(select(VisitHostProposal))
    assert proposal.pole_id == w.pole.id and proposal.visitors == 12
    page = client.get(f"/poles/{w.pole.id}").get_data(as_text=True)
    assert "En attente de réponse" in page and "légumerie" in page and "jusqu'à 12" in page


def test_only_a_facilitator_with_a_pole_opens_the_form(client, login, hosting_world):
    login(hosting_world.coorace)
    assert client.get(FORM).status_code == 403


def test_the_facilitator_of_a_pole_not_confirmed_yet_is_told_before_the_form_not_after(client, login, db,
                                                                                       hosting_world):
    """The agenda invited a new facilitator to « Proposez d'accueillir une visite apprenante »; she filled in themes,
    what to see, periods and visitors, and only then read that her pole had first to be confirmed."""
    w: HostingWorld = hosting_world
    w.pole.confirmed_at = None
    db.commit()
    login(w.facilitator)
    response = client.get(FORM)
    assert response.status_code == 403 and hosting.NOT_CONFIRMED_YET in page_text(response)
    assert FORM not in client.get("/agenda").get_data(as_text=True)
    w.pole.confirmed_at = w.other_pole.confirmed_at
    db.commit()
    assert client.get(FORM).status_code == 200 and FORM in client.get("/agenda").get_data(as_text=True)


def test_a_cra_of_another_region_sees_nothing_of_it(client, login, hosting_world):
    w: HostingWorld = hosting_world
    proposal = _propose(w)
    login(w.cra_occitanie)
    listing = client.get("/organisation/visites/propositions")
    assert listing.status_code == 200
    assert w.pole.name not in listing.get_data(as_text=True) and "légumerie" not in listing.get_data(as_text=True)
    assert "propositions-accueil" not in client.get(f"/poles/{w.pole.id}").get_data(as_text=True)
    assert client.get(f"/organisation/visites/propositions/{proposal.id}/decliner").status_code == 403
    assert client.get(f"/organisation/visites/nouvelle?proposition={proposal.id}").status_code == 403


def test_the_cra_of_the_region_reads_it_without_deciding(client, login, hosting_world):
    w: HostingWorld = hosting_world
    proposal = _propose(w)
    login(w.cra_aura)
    page = client.get("/organisation/visites/propositions").get_data(as_text=True)
    assert f'id="proposition-{proposal.id}"' in page and "légumerie" in page
    assert "Organiser cette visite" not in page and "Décliner" not in page
    assert "propositions-accueil" in client.get(f"/poles/{w.pole.id}").get_data(as_text=True)


def test_coorace_turns_it_into_a_visit_through_the_prefilled_form(client, login, csrf, db, hosting_world):
    w: HostingWorld = hosting_world
    proposal = _propose(w)
    login(w.coorace)
    home = client.get("/organisation/visites").get_data(as_text=True)
    create_url = f"/organisation/visites/nouvelle?proposition={proposal.id}"
    assert w.pole.name in home and f'href="{create_url}"' in home.replace("&amp;", "&")
    form = client.get(create_url).get_data(as_text=True)
    assert f'value="{escape(w.pole.name)}"' in re.search(r'<input[^>]*id="host"[^>]*>', form).group(0)
    assert "légumerie" in form and f'name="proposal" type="hidden" value="{proposal.id}"' in form
    assert "Alimentation durable" in form  # the title, from the proposal's themes
    token = csrf(create_url)
    response = client.post("/organisation/visites/nouvelle", data={
        "csrf_token": token, "proposal": str(proposal.id), "title": "Alimentation durable et tiers-lieux",
        "theme_text": WHAT_TO_SEE, "host": str(w.pole.id), "capacity": "6",
        "start_date": (date.today() + timedelta(days=60)).isoformat(), "invited": [str(w.other_pole.id)]})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    visit = db.scalar(select(LearningVisit))
    db.expire_all()
    assert db.get(VisitHostProposal, proposal.id).status is HostProposalStatus.CONVERTED
    assert visit.host_pole_id == w.pole.id
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/organisation/visites")})
    login(w.facilitator)
    page = client.get(f"/poles/{w.pole.id}").get_data(as_text=True)
    assert "Devenue une visite" in page and f'href="/visites/{visit.id}"' in page


def test_coorace_declines_it_with_a_message_said_beside_its_field(client, login, csrf, db, hosting_world):
    w: HostingWorld = hosting_world
    proposal = _propose(w)
    login(w.coorace)
    url = f"/organisation/visites/propositions/{proposal.id}/decliner"
    # Walk 19: the way back says it answers nothing (« Annuler » beside « Décliner » read as one more way to say no).
    form = client.get(url).get_data(as_text=True)
    assert ">Revenir aux propositions sans répondre</a>" in form and ">Annuler</a>" not in form
    token = csrf(url)
    empty = client.post(url, data={"csrf_token": token, "message": ""}).get_data(as_text=True)
    assert 'id="message-erreur"' in empty
    response = client.post(url, data={"csrf_token": token, "message": "Le calendrier 2027 est complet."})
    assert response.status_code == 302
    assert db.get(VisitHostProposal, proposal.id).status is HostProposalStatus.DECLINED
    assert client.get(f"/organisation/visites/nouvelle?proposition={proposal.id}").status_code == 404
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/organisation/visites")})
    login(w.facilitator)
    page = client.get(f"/poles/{w.pole.id}").get_data(as_text=True)
    assert "Déclinée" in page and "Le calendrier 2027 est complet." in page


def _space_link(client, login, csrf, user, *, first: bool = False) -> str:
    """The text of the link to the proposals on ``user``'s « Mon espace » (signed in afresh)."""
    if not first:
        client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(user)
    page = page_text(client.get("/mon-espace"))
    found = re.search(r'<a href="/organisation/visites/propositions">([^<]*)</a>', page)
    assert found is not None, user.email
    return found.group(1)


def test_mon_espace_says_how_many_proposals_wait_in_the_viewers_scope(client, login, csrf, db, hosting_world):
    w: HostingWorld = hosting_world
    assert "en attente" not in _space_link(client, login, csrf, w.coorace, first=True)  # nothing said when none waits
    first = _propose(w)  # an AURA pole's
    hosting.propose_hosting(pole=w.other_pole, author=w.other_facilitator, data=proposal_data())  # Occitanie's
    assert _space_link(client, login, csrf, w.coorace).endswith("(2 propositions en attente)")
    assert _space_link(client, login, csrf, w.cra_aura).endswith("de votre région (1 proposition en attente)")
    assert _space_link(client, login, csrf, w.cra_occitanie).endswith("(1 proposition en attente)")
    hosting.decline_proposal(proposal_id=first.id, user=w.coorace, message="Le calendrier 2027 est complet.")
    assert _space_link(client, login, csrf, w.avise).endswith("(1 proposition en attente)")
    assert "en attente" not in _space_link(client, login, csrf, w.cra_aura)
