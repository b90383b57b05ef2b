"""Objectives, day reports and experience sheets: the pair agrees, the network reuses."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.pair_space import experiences, objectives
from app.pair_space.experiences import SheetRefused
from app.pair_space.objectives import AgreementRefused
from models import Need, NeedKind, PairingDay, PairingStatus, Meeting, MeetingKind, Theme, utcnow

SHEET = {"title": "Pérenniser un poste d'animation", "situation": "Le poste d'animation du pôle dépendait d'une "
         "subvention de trois ans qui s'arrêtait ; les membres ne voyaient pas comment cotiser davantage.",
         "transferred": "Une grille de cotisations par taille de structure et la façon de la présenter en assemblée.",
         "worked": "Présenter les chiffres tôt.", "avoid": "", "contacts": ""}


def test_two_to_five_objectives_written_by_the_pair(pair):
    with pytest.raises(AgreementRefused, match="de 2 à 5"):
        objectives.set_objectives(pairing=pair.pairing, user=pair.facilitator, texts=["Un seul", "  "])
    with pytest.raises(AgreementRefused, match="binôme"):
        objectives.set_objectives(pairing=pair.pairing, user=pair.organiser, texts=["A", "B"])
    saved = objectives.set_objectives(pairing=pair.pairing, user=pair.person,
                                      texts=["Construire la grille de cotisations", "La présenter en AG", ""])
    assert [o.position for o in saved] == [1, 2]
    objectives.set_objective_status(objective=saved[0], user=pair.facilitator, status="reached")
    again = objectives.set_objectives(pairing=pair.pairing, user=pair.facilitator,
                                      texts=["Construire la grille de cotisations", "Former le bureau"])
    assert [o.status for o in again] == ["reached", "open"]  # a kept objective keeps its status


def test_objectives_one_and_two_are_required_not_any_two(pair):
    with pytest.raises(AgreementRefused, match="^Les objectifs 1 et 2 sont obligatoires.$"):
        objectives.set_objectives(pairing=pair.pairing, user=pair.person, texts=["", " ", "Trois", "Quatre"])
    with pytest.raises(AgreementRefused, match="^L'objectif 2 est obligatoire.$"):
        objectives.set_objectives(pairing=pair.pairing, user=pair.person, texts=["Un", "", "Trois"])
    assert objectives.objectives_of(pair.pairing) == []


@pytest.mark.web
def test_the_form_marks_objectives_one_and_two_required(client, login, pair):
    login(pair.person)
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    fields = {m.group(1): m.group(0) for m in re.finditer(r'<input type="text" id="objectif-(\d)"[^>]*>', page)}
    assert sorted(fields) == ["0", "1", "2", "3", "4"]
    for n, field in fields.items():
        required = ' required aria-required="true"' in field
        assert required is (n in ("0", "1")), field


@pytest.mark.web
def test_a_cancelled_transfer_shows_its_objectives_without_forms_to_change_them(client, db, login, pair):
    """The service refuses a status change once the transfer is cancelled: the page offers none."""
    objectives.set_objectives(pairing=pair.pairing, user=pair.person, texts=["Construire la grille", "La présenter"])
    login(pair.facilitator)
    open_page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    assert "/objectifs/" in open_page and ">Changer<span" in open_page
    pair.pairing.status = PairingStatus.CANCELLED
    db.commit()
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    assert "Construire la grille" in page and ">Changer<span" not in page


def test_a_day_report_after_the_day(db, pair):
    start = utcnow() + timedelta(days=3)
    meeting = Meeting(kind=MeetingKind.TRANSFER_DAY, title="Journée", starts_at=start,
                      ends_at=start + timedelta(hours=6))
    day = PairingDay(pairing=pair.pairing, session=meeting, stage=1)
    db.add(day)
    db.commit()
    with pytest.raises(AgreementRefused, match="après la journée"):
        objectives.report_day(day=day, user=pair.person, done="Atelier", next_step="")
    meeting.starts_at, meeting.ends_at = utcnow() - timedelta(hours=8), utcnow() - timedelta(hours=2)
    db.commit()
    with pytest.raises(AgreementRefused, match="ce qui a été fait"):
        objectives.report_day(day=day, user=pair.person, done="   ", next_step="")
    objectives.report_day(day=day, user=pair.person, done="Atelier sur les cotisations", next_step="AG en mars")
    assert day.report_next == "AG en mars" and day.reported_at is not None


def test_a_sheet_is_published_when_both_sides_agree_and_shown_on_a_fitting_need(db, pair, make_pole, make_user):
    with pytest.raises(SheetRefused, match="terminé"):
        experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    with pytest.raises(SheetRefused, match="animation du pôle"):
        experiences.save_sheet(pairing=pair.pairing, author=pair.person, values=SHEET)
    sheet = experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    assert sheet.published_at is None and experiences.published() == []
    experiences.agree(pairing=pair.pairing, user=pair.person, agrees=True)
    assert [s.id for s in experiences.published(query="cotisations")] == [sheet.id]
    assert experiences.published(query="tiers-lieu") == []

    other = make_pole("Pôle des Vallées")
    author = make_user(pole=other)
    need = Need(pole=other, author=author, kind=NeedKind.TRANSFER, title="Notre poste d'animation va disparaître",
                text="La subvention qui finance l'animation du pôle s'arrête l'an prochain et nos membres "
                     "hésitent à augmenter leurs cotisations.", themes=[db.get(Theme, "modele_economique")])
    db.add(need)
    db.commit()
    assert [f.sheet.id for f in experiences.sheets_for_need(need)] == [sheet.id]
    assert [f.sheet.id for f in experiences.sheets_for_need(pair.pairing.need)] == []  # not to its own pole

    experiences.agree(pairing=pair.pairing, user=pair.person, agrees=False)
    assert experiences.published() == []


def test_published_sheets_are_counted_in_the_bilan(db, pair):
    from app.agenda.bilan import bilan

    year = utcnow().year
    assert bilan(year=year).one_to_one.experience_sheets == 0
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    assert bilan(year=year).one_to_one.experience_sheets == 0  # not published until both agree
    experiences.agree(pairing=pair.pairing, user=pair.person, agrees=True)
    assert bilan(year=year).one_to_one.experience_sheets == 1
    other_region = "84" if pair.pairing.need.pole.region_code != "84" else "53"
    assert bilan(year=year, region_code=other_region).one_to_one.experience_sheets == 0
