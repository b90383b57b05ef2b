"""Merging two poles that each have an eligibility record (one per pole): the kept pole's record used to stay and
the duplicate's to be dropped without a word, so a charter only the duplicate had signed vanished with it. The
merge keeps the union of the facts, the kept pole's standing where both say something different, and the preview
says, before anything is done, what is kept, taken and dropped."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.admin import merge_eligibility, poles
from models import AuditEvent, CharterVersion, PoleEligibility, Role
from tests.app.html_parts import page_text

pytestmark = pytest.mark.web


def _records(db, kept, duplicate, *, kept_facts: dict, duplicate_facts: dict) -> None:
    db.add_all([PoleEligibility(pole_id=kept.id, **kept_facts), PoleEligibility(pole_id=duplicate.id, **duplicate_facts)])
    db.commit()


def test_a_charter_only_the_duplicate_signed_is_kept(app, db, make_user, make_pole):
    kept, duplicate = make_pole("Pôle Sud Bretagne"), make_pole("Pole Sud-Bretagne (doublon)")
    _records(db, kept, duplicate, kept_facts={"ami_phase": 1, "ami_year": 2016},
             duplicate_facts={"charter_version": CharterVersion.V2021, "charter_signed_on": date(2022, 5, 1)})
    poles.merge_poles(admin=make_user(Role.ADMIN), kept=kept, duplicate=duplicate)
    db.expire_all()
    record = db.get(PoleEligibility, kept.id)
    assert (record.charter_version, record.charter_signed_on) == (CharterVersion.V2021, date(2022, 5, 1))
    assert (record.ami_phase, record.ami_year) == (1, 2016)
    event = db.scalars(select(AuditEvent).filter_by(action="pole.merge")).one()
    assert event.after["eligibilite"]["repris"] == ["signataire de la charte actualisée en 2021, signée le 1er\u00a0mai 2022"]
    assert event.after["eligibilite"]["ecartes"] == []


def test_the_higher_ami_phase_is_kept_and_a_different_charter_is_dropped(app, db, make_user, make_pole):
    kept, duplicate = make_pole("Pôle A"), make_pole("Pôle A (doublon)")
    _records(db, kept, duplicate,
             kept_facts={"charter_version": CharterVersion.V2021, "charter_signed_on": date(2021, 3, 1),
                         "ami_phase": 1, "ami_year": 2016},
             duplicate_facts={"charter_version": CharterVersion.V2014, "ami_phase": 2, "ami_year": 2019})
    poles.merge_poles(admin=make_user(Role.ADMIN), kept=kept, duplicate=duplicate)
    db.expire_all()
    record = db.get(PoleEligibility, kept.id)
    assert (record.charter_version, record.charter_signed_on) == (CharterVersion.V2021, date(2021, 3, 1))
    assert (record.ami_phase, record.ami_year) == (2, 2019)
    assert db.get(PoleEligibility, duplicate.id) is None


@pytest.mark.parametrize("kept, duplicate, result, taken, dropped", [
    ({"charter_version": CharterVersion.V2014}, {"charter_version": CharterVersion.V2014,
                                                 "charter_signed_on": date(2014, 6, 1)},
     {"charter_version": CharterVersion.V2014, "charter_signed_on": date(2014, 6, 1)},
     ["la date de signature de la charte (1er\u00a0juin 2014)"], []),
    ({"ami_phase": 2, "ami_year": 2019}, {"ami_phase": 1, "ami_year": 2016}, {"ami_phase": 2, "ami_year": 2019},
     [], ["lauréat de l'AMI PTCE, phase 1 (2016), le pôle conservé restant lauréat de l'AMI PTCE, phase 2 (2019)"]),
    ({"ami_phase": 1, "ami_year": 2016}, {"ami_phase": 2, "ami_year": 2019}, {"ami_phase": 2, "ami_year": 2019},
     ["lauréat de l'AMI PTCE, phase 2 (2019), au lieu de la phase 1"], []),
    ({"ami_phase": 1}, {"ami_phase": 1, "ami_year": 2016}, {"ami_phase": 1, "ami_year": 2016},
     ["l'année de l'AMI PTCE (2016)"], []),
    ({"ami_phase": 1, "ami_year": 2016}, {"ami_phase": 1, "ami_year": 2016}, {"ami_phase": 1, "ami_year": 2016}, [], []),
])
def test_the_rule_fact_by_fact(app, kept, duplicate, result, taken, dropped):
    merge = merge_eligibility.plan(PoleEligibility(**kept), PoleEligibility(**duplicate))
    assert merge.result == merge_eligibility.Facts(**result)
    assert (merge.taken, merge.dropped) == (taken, dropped)


def test_the_preview_says_what_is_kept_taken_and_dropped(as_admin, db, make_pole):
    kept, duplicate = make_pole("Pôle A"), make_pole("Pôle A (doublon)")
    _records(db, kept, duplicate,
             kept_facts={"charter_version": CharterVersion.V2021, "charter_signed_on": date(2021, 3, 1)},
             duplicate_facts={"charter_version": CharterVersion.V2014, "ami_phase": 1, "ami_year": 2016})
    words = page_text(as_admin.get(f"/admin/poles/fusion?kept={kept.id}&duplicate={duplicate.id}")).replace("\u00a0", " ")
    assert "Éligibilité au dispositif national" in words
    assert "Pôle conservé : signataire de la charte actualisée en 2021, signée le 1er mars 2021 ; " \
           "non lauréat de l'AMI PTCE." in words
    assert "Doublon : signataire de la charte de 2014 ; lauréat de l'AMI PTCE, phase 1 (2016)." in words
    assert "Le pôle conservé reprend du doublon : lauréat de l'AMI PTCE, phase 1 (2016)." in words
    assert ("Ce qu'elle dit autrement est écarté : signataire de la charte de 2014, le pôle conservé restant "
            "signataire de la charte actualisée en 2021, signée le 1er mars 2021.") in words
    assert "Après la fusion, le pôle conservé est signataire de la charte actualisée en 2021, signée le 1er mars " \
           "2021 ; lauréat de l'AMI PTCE, phase 1 (2016)." in words
    assert "Éligibilité (charte, AMI)" not in words  # not « moved »: the section says what becomes of it


def test_the_preview_says_the_duplicates_eligibility_moves_when_the_kept_pole_has_none(as_admin, db, make_pole):
    kept, duplicate = make_pole("Pôle B"), make_pole("Pôle B (doublon)")
    db.add(PoleEligibility(pole_id=duplicate.id, ami_phase=2, ami_year=2019))
    db.commit()
    words = page_text(as_admin.get(f"/admin/poles/fusion?kept={kept.id}&duplicate={duplicate.id}")).replace("\u00a0", " ")
    assert ("Le pôle conservé n'a pas d'éligibilité vérifiée : il prend celle du doublon (non signataire de la "
            "charte ; lauréat de l'AMI PTCE, phase 2 (2019)).") in words
