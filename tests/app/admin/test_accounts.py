"""Administration of accounts: list and filters, invitations with an organisation, changes, deactivation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.admin import accounts
from app.mail import memory_outbox
from models import AuditEvent, Organisation, OrganisationKind, OutboxMessage, Role, User
from tests.conftest import extract_csrf
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web


def _token(client, url="/admin/comptes/inviter") -> str:
    return extract_csrf(page_html(client.get(url)))


def test_only_administrators_open_the_administration(client, login, make_user):
    login(make_user(Role.ORGANISER, email="orga@exemple.fr"))
    for url in ("/admin/comptes", "/admin/comptes/inviter", "/admin/journal", "/admin/journal.csv",
                "/admin/organisations", "/admin/poles/fusion"):
        assert client.get(url).status_code == 403, url


def test_list_filters_by_role_organisation_region_and_state(as_admin, db, make_user, cra_bretagne):
    cra = make_user(Role.ORGANISER, email="cra@exemple.fr", name="Camille CRA", region_code="53")
    cra.organisation = cra_bretagne
    gone = make_user(Role.LAWYER, email="ancien@exemple.fr", name="Ancien Avocat")
    gone.is_active = False
    make_user(Role.FACILITATOR, email="anim@exemple.fr", name="Alex Animateur")
    db.commit()
    page = page_html(as_admin.get(f"/admin/comptes?organisation={cra_bretagne.id}"))
    assert "Camille CRA" in page and "Alex Animateur" not in page
    page = page_html(as_admin.get("/admin/comptes?region=53&role=organiser"))
    assert "Camille CRA" in page and "Ada Admin" not in page
    page = page_html(as_admin.get("/admin/comptes?active=0"))
    assert "Ancien Avocat" in page and "Camille CRA" not in page
    page = page_html(as_admin.get("/admin/comptes?q=personne"))
    assert "0\u00a0compte" not in page and page.count("Aucun compte ne correspond.") == 1  # said once
    page = page_html(as_admin.get("/admin/comptes?q=alex"))
    assert "Alex Animateur" in page and "Camille CRA" not in page


def test_admin_invites_a_cra_member_with_its_region_through_the_invitation_service(app, as_admin, db, admin,
                                                                                 cra_bretagne):
    response = as_admin.post("/admin/comptes/inviter", data={
        "csrf_token": _token(as_admin), "display_name": "Brieuc Le Gall", "email": "Brieuc@CRESS-bretagne.org",
        "role": "organiser", "organisation": str(cra_bretagne.id), "region": ""})
    assert response.status_code == 302, page_html(response)[:2000]
    user = db.scalars(select(User).filter_by(email="brieuc@cress-bretagne.org")).one()
    assert (user.role, user.organisation_id, user.region_code, user.invited_by_id) == (
        Role.ORGANISER, cra_bretagne.id, "53", admin.id)
    assert len(memory_outbox(app)) + db.scalar(select(func.count()).select_from(OutboxMessage)) >= 1  # the invitation left
    event = db.scalars(select(AuditEvent).filter_by(action="account.invite")).one()
    assert event.actor_id == admin.id and event.target_id == user.id
    assert event.after["region"] == "53" and event.after["organisation"] == "CRA Bretagne"


def test_a_cra_member_gets_the_region_of_its_cra_never_another(as_admin, db, cra_bretagne):
    response = as_admin.post("/admin/comptes/inviter", data={
        "csrf_token": _token(as_admin), "display_name": "Intruse", "email": "intruse@exemple.fr",
        "role": "organiser", "organisation": str(cra_bretagne.id), "region": "84"})
    assert response.status_code == 200
    assert "celle de sa CRA" in page_html(response)
    assert db.scalar(select(func.count()).select_from(User).filter_by(email="intruse@exemple.fr")) == 0
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_change_role_organisation_and_region_is_audited(as_admin, db, make_user, cra_bretagne, avise):
    user = make_user(Role.ORGANISER, email="orga@exemple.fr", region_code="53")
    user.organisation = cra_bretagne
    db.commit()
    response = as_admin.post(f"/admin/comptes/{user.id}", data={
        "csrf_token": _token(as_admin, f"/admin/comptes/{user.id}"), "role": "organiser",
        "organisation": str(avise.id), "region": ""})
    assert response.status_code == 302
    db.expire_all()
    assert (user.organisation_id, user.region_code) == (avise.id, None)
    event = db.scalars(select(AuditEvent).filter_by(action="account.change")).one()
    assert event.before["region"] == "53" and event.after["region"] is None
    assert event.before["organisation"] == "CRA Bretagne" and event.after["organisation"] == "Avise"


def test_an_administrator_cannot_demote_or_deactivate_themselves(as_admin, db, admin):
    as_admin.post(f"/admin/comptes/{admin.id}", data={
        "csrf_token": _token(as_admin, f"/admin/comptes/{admin.id}"), "role": "organiser", "organisation": "",
        "region": ""})
    as_admin.post(f"/admin/comptes/{admin.id}/desactiver",
                  data={"csrf_token": _token(as_admin, f"/admin/comptes/{admin.id}")})
    db.expire_all()
    assert admin.role is Role.ADMIN and admin.is_active
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_deactivation_ends_the_sessions_at_once_and_is_audited(app, as_admin, db, make_user):
    from tests.app.security.routes import log_in

    victim = make_user(Role.ORGANISER, email="partant@exemple.fr")
    theirs = app.test_client()
    log_in(theirs, victim)
    assert theirs.get("/organisation/suivi").status_code == 200
    response = as_admin.post(f"/admin/comptes/{victim.id}/desactiver",
                             data={"csrf_token": _token(as_admin, f"/admin/comptes/{victim.id}")})
    assert response.status_code == 302
    assert theirs.get("/organisation/suivi").status_code in (302, 401)
    deactivations = select(func.count()).select_from(AuditEvent).filter_by(action="account.deactivate", target_id=victim.id)
    assert db.scalar(deactivations) == 1


def test_an_address_already_taken_is_said_beside_the_address(as_admin, db, make_user, avise):
    make_user(Role.LAWYER, email="deja@exemple.fr")
    response = as_admin.post("/admin/comptes/inviter", data={
        "csrf_token": _token(as_admin), "display_name": "Doublon", "email": "deja@exemple.fr",
        "role": "organiser", "organisation": str(avise.id), "region": ""})
    html = page_html(response)
    assert response.status_code == 200
    assert 'id="email-erreur"' in html and "existe déjà" in html.split('id="email-erreur"')[1][:200]
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_before_deactivating_the_administrator_reads_what_others_still_expect(as_admin, db, make_user, make_pole,
                                                                              make_lawyer, make_slot,
                                                                              make_resource_person):
    import html
    from datetime import timedelta

    from app.legal import services as legal
    from app.transfers import services as transfers
    from models import Need, NeedKind, utcnow

    person = make_resource_person(capacity=2)
    pole = make_pole()
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title="Besoin", text="Structurer la coopération.", kind=NeedKind.TRANSFER)
    db.add(need)
    db.commit()
    transfers.request_transfer(need=need, person=person, requester=facilitator, message="Bonjour")
    lawyer = make_lawyer()
    slot = make_slot(lawyer, starts_at=(utcnow() + timedelta(days=9)).replace(second=0, microsecond=0))
    legal.book_slot(slot_id=slot.id, booker=facilitator, question="Faut-il une convention d'occupation ?",
                    idempotency_key=legal.new_idempotency_key())
    idle = make_user(Role.FACILITATOR, pole=make_pole())

    page = html.unescape(page_html(as_admin.get(f"/admin/comptes/{person.user.id}")))
    assert "1\u00a0transfert ouvert comme personne ressource" in page and "data-confirm=" in page
    page = html.unescape(page_html(as_admin.get(f"/admin/comptes/{lawyer.user.id}")))
    # The deactivation withdraws the lawyer's slot and cancels the consultation on it: said, not left pending.
    assert "1\u00a0créneau Juri-PTCE à venir" in page and "Dont 1\u00a0consultation réservée" in page
    assert "La désactivation le retire" in page and "la désactivation n'annule rien" not in page
    page = html.unescape(page_html(as_admin.get(f"/admin/comptes/{facilitator.id}")))
    # A booking holds its slot like a seat: the deactivation releases it, and says so (not among what stays).
    assert "1\u00a0rendez-vous Juri-PTCE à venir" in page and "La désactivation le libère" in page
    assert "rencontre à venir" not in page  # the consultation is not counted twice
    page = html.unescape(page_html(as_admin.get(f"/admin/comptes/{idle.id}")))
    assert "la désactivation n'annule rien" not in page and "data-confirm=" not in page


def test_an_organisation_name_too_long_is_refused_not_cut(db, admin):
    with pytest.raises(accounts.AdminRefused, match="« Nom » : 200\u00a0caractères au plus \\(ce texte en compte 201\\)"):
        accounts.create_organisation(admin=admin, kind=OrganisationKind.OTHER, name="n" * 201, region_code=None)
    assert db.scalar(select(func.count()).select_from(Organisation)) == 0


def test_a_name_differing_only_in_case_is_refused_and_the_existing_one_named(db, admin, avise):
    """« avise » is Avise: the refusal names the organisation as it is written, not as it was typed."""
    with pytest.raises(accounts.AdminRefused) as refused:
        accounts.create_organisation(admin=admin, kind=OrganisationKind.OTHER, name="avise", region_code=None)
    assert refused.value.message == "Une organisation s'appelle déjà « Avise »."
    assert db.scalar(select(func.count()).select_from(Organisation)) == 1
