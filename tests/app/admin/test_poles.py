"""Administration of poles: a second and third facilitator, the merge of a duplicate pole."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.admin import poles
from app.admin.accounts import AdminRefused
from models import (
    AuditEvent, LearningVisit, Need, Pairing, PairingStatus, Pole, Role, User, VisitRegistration,
)
from tests.conftest import extract_csrf
from tests.app.html_parts import button, page_html, page_text

pytestmark = pytest.mark.web


def test_attach_a_second_and_third_facilitator_not_a_fourth(as_admin, db, make_user, make_pole):
    pole = make_pole("Pôle des trois")
    make_user(Role.FACILITATOR, pole=pole, email="un@exemple.fr")
    url = f"/admin/poles/{pole.id}/animateurs"
    for n in ("deux", "trois"):
        make_user(Role.FACILITATOR, email=f"{n}@exemple.fr")
        token = extract_csrf(page_html(as_admin.get(url)))
        assert as_admin.post(url, data={"csrf_token": token, "email": f"{n}@exemple.fr"}).status_code == 302
    make_user(Role.FACILITATOR, email="quatre@exemple.fr")
    with pytest.raises(AdminRefused, match="maximum"):
        poles.attach_facilitator(admin=db.scalars(select(User).filter_by(role=Role.ADMIN)).one(), pole=pole,
                                 email="quatre@exemple.fr")
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(User).filter_by(pole_id=pole.id)) == 3
    assert db.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="pole.attach_facilitator")) == 2


def test_only_a_facilitator_account_is_attached(as_admin, db, make_user, make_pole):
    pole = make_pole()
    make_user(Role.LAWYER, email="avocate@exemple.fr")
    url = f"/admin/poles/{pole.id}/animateurs"
    token = extract_csrf(page_html(as_admin.get(url)))
    response = as_admin.post(url, data={"csrf_token": token, "email": "avocate@exemple.fr"})
    page = page_html(response).replace("&#39;", "'")
    assert response.status_code == 200 and "n'est pas un compte d'animation de pôle (Conseil juridique Juri-PTCE)" in page


def test_merge_moves_everything_to_the_kept_pole_in_one_transaction(as_admin, db, make_user, make_pole,
                                                                     make_resource_person):
    kept, duplicate = make_pole("Pôle Sud Bretagne"), make_pole("Pole Sud-Bretagne (doublon)")
    facilitator = make_user(Role.FACILITATOR, pole=duplicate, email="anim-doublon@exemple.fr")
    person = make_resource_person()
    host = make_pole("Pôle hôte")
    need = Need(pole=duplicate, author=facilitator, title="Besoin du doublon", text="Un besoin à garder.")
    pairing = Pairing(need=need, resource_person=person, status=PairingStatus.REQUESTED)
    visit = LearningVisit(host_pole=host, title="Visite", theme_text="Gouvernance",
                          start_date=date.today() + timedelta(days=30), capacity=5)
    db.add_all([need, pairing, visit])
    db.flush()
    db.add_all([VisitRegistration(visit=visit, pole_id=kept.id), VisitRegistration(visit=visit, pole_id=duplicate.id)])
    db.commit()
    preview = as_admin.get(f"/admin/poles/fusion?kept={kept.id}&duplicate={duplicate.id}")
    page = page_html(preview)
    # The preview says what moves in words, never a table's column (« needs.pole_id »).
    words = page_text(preview)
    assert "Besoins (et leurs transferts)" in words and "Comptes d'animation du pôle" in words
    assert "Inscriptions aux visites apprenantes" in words and ".pole_id" not in words
    token = extract_csrf(page)
    response = as_admin.post("/admin/poles/fusion", data={"csrf_token": token, "kept": kept.id,
                                                          "duplicate": duplicate.id})
    assert response.status_code == 302, page_html(response)[:2000]
    db.expire_all()
    assert db.get(Pole, duplicate.id) is None
    assert db.get(Need, need.id).pole_id == kept.id and db.get(Pairing, pairing.id).need_id == need.id
    assert db.get(User, facilitator.id).pole_id == kept.id
    assert [r.pole_id for r in db.scalars(select(VisitRegistration).filter_by(visit_id=visit.id))] == [kept.id]
    event = db.scalars(select(AuditEvent).filter_by(action="pole.merge")).one()
    assert event.before["doublon"]["nom"] == "Pole Sud-Bretagne (doublon)"
    assert event.after["deplaces"]["needs.pole_id"] == 1


def test_a_failed_merge_leaves_both_poles_untouched(app, db, make_user, make_pole, monkeypatch):
    admin = make_user(Role.ADMIN, email="admin2@exemple.fr")
    kept, duplicate = make_pole("Gardé"), make_pole("Doublon")
    facilitator = make_user(Role.FACILITATOR, pole=duplicate, email="anim@exemple.fr")
    db.add(Need(pole=duplicate, author=facilitator, title="Besoin", text="Texte du besoin."))
    db.commit()

    def broken(**_kwargs):
        raise RuntimeError("panne au milieu de la fusion")

    monkeypatch.setattr(poles.audit, "record", broken)
    with pytest.raises(RuntimeError):
        poles.merge_poles(admin=admin, kept=kept, duplicate=duplicate)
    db.expire_all()
    assert db.get(Pole, duplicate.id) is not None
    assert db.scalar(select(func.count()).select_from(Need).filter_by(pole_id=duplicate.id)) == 1
    assert db.get(User, facilitator.id).pole_id == duplicate.id


def test_every_reference_to_a_pole_has_words_in_the_merge_preview():
    """A table added later that points at poles is merged (read from the models): the preview must say it too."""
    keys = {f"{table.name}.{column}" for table, column, _ in poles._pole_references()}
    assert keys - set(poles.REFERENCE_WORDS) == set()


def test_the_merge_asks_before_deleting_and_warns_of_two_regions(as_admin, db, make_pole):
    """Merging deletes the duplicate for good: the button asks first (destructive dialog). Two poles of two regions
    are seldom the same pole: the preview says so before anything is merged."""
    kept, duplicate = make_pole("Pôle du Nord"), make_pole("Pôle du Sud")
    duplicate.region_code = "76" if kept.region_code != "76" else "84"
    db.commit()
    preview = as_admin.get(f"/admin/poles/fusion?kept={kept.id}&duplicate={duplicate.id}")
    merge = button(page_html(preview), "Fusionner et supprimer")
    assert "sans retour possible" in (merge.attrs.get("data-confirm") or "")
    assert "data-confirm-destructive" in merge.attrs
    assert "Les deux pôles ne sont pas dans la même région" in page_text(preview)


def test_a_merge_sent_again_says_it_was_done_and_leads_to_the_kept_pole(as_admin, db, make_pole):
    """Back then « Fusionner » again, or the browser resending the form: the duplicate is gone. The answer is the
    first merge's (done, by whom, the kept pole's page), never « Page introuvable », and nothing is done twice."""
    kept, duplicate = make_pole("Pôle Sud Bretagne"), make_pole("Pole Sud-Bretagne (doublon)")
    token = extract_csrf(page_html(as_admin.get(f"/admin/poles/fusion?kept={kept.id}&duplicate={duplicate.id}")))
    form = {"csrf_token": token, "kept": kept.id, "duplicate": duplicate.id}
    first = as_admin.post("/admin/poles/fusion", data=form)
    again = as_admin.post("/admin/poles/fusion", data=form)
    assert again.status_code == 302 and again.location == first.location, page_text(again)[-1500:]
    words = page_text(as_admin.get(again.location)).replace("\u00a0", " ")
    assert "« Pole Sud-Bretagne (doublon) » a déjà été fondu dans « Pôle Sud Bretagne »" in words
    assert db.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="pole.merge")) == 1


@pytest.mark.parametrize("duplicate", ["99999999999999999999999", "-1", "0"])
def test_a_merge_naming_no_possible_pole_is_refused_beside_its_field(as_admin, make_pole, duplicate):
    """Looking for a merge already made must not ask the database for a pole no integer column holds (a 500 on
    SQLite, found by the hostile forms test)."""
    kept = make_pole("Pôle gardé")
    token = extract_csrf(page_html(as_admin.get("/admin/poles/fusion")))
    response = as_admin.post("/admin/poles/fusion", data={"csrf_token": token, "kept": kept.id, "duplicate": duplicate})
    assert response.status_code in (200, 400, 422), response.status_code
    assert 'id="duplicate-erreur">Aucun pôle ne ' in page_html(response)  # « ne porte le n° », « ne correspond »


def test_a_merge_sent_again_leads_to_the_pole_that_survives_later_merges(app, db, make_user, make_pole):
    first, kept, last = make_pole("Pôle B"), make_pole("Pôle A"), make_pole("Pôle C")
    admin = make_user(Role.ADMIN)
    poles.merge_poles(admin=admin, kept=kept, duplicate=first)
    poles.merge_poles(admin=admin, kept=last, duplicate=kept)
    done = poles.merged_already(str(first.id))
    assert done is not None and done.kept_id == last.id
    assert done.message.startswith("«\u00a0Pôle B\u00a0» a déjà été fondu dans «\u00a0Pôle C\u00a0» le ")
    assert poles.merged_already(str(last.id)) is None and poles.merged_already("") is None


def test_two_poles_each_with_an_eligibility_record_merge_keeping_the_kept_ones(app, db, make_user, make_pole):
    """A pole has one eligibility record (its key is the pole): the kept pole's stays, the duplicate's is dropped
    (and said in the audit log) — the merge used to fail on the unique key, « Erreur interne »."""
    from models import CharterVersion, PoleEligibility

    kept, duplicate, alone = make_pole("Pôle A"), make_pole("Pôle A (doublon)"), make_pole("Pôle B (doublon)")
    db.add_all([PoleEligibility(pole_id=kept.id, charter_version=CharterVersion.V2021, charter_signed_on=date(2021, 3, 1)),
                PoleEligibility(pole_id=duplicate.id, charter_version=CharterVersion.V2021,
                                charter_signed_on=date(2022, 5, 1))])
    db.commit()
    admin = make_user(Role.ADMIN)
    poles.merge_poles(admin=admin, kept=kept, duplicate=duplicate)
    db.expire_all()
    assert db.get(PoleEligibility, kept.id).charter_signed_on == date(2021, 3, 1)
    event = db.scalars(select(AuditEvent).filter_by(action="pole.merge")).one()
    assert event.after["ecartes_en_double"] == {"pole_eligibility.pole_id": 1}
    poles.merge_poles(admin=admin, kept=alone, duplicate=db.get(Pole, kept.id))  # none on the kept side: it moves
    assert db.get(PoleEligibility, alone.id).charter_signed_on == date(2021, 3, 1)
