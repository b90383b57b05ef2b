"""The one eligibility rule (seed note: AMI PTCE phase-1 laureate or signatory of the charter)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.eligibility.services import is_eligible, record_eligibility, refusal_for, warning_for
from app.refused import Refused
from models import CharterVersion, PoleEligibility, Role


@pytest.mark.parametrize(("record", "eligible"), [
    (None, False),
    (PoleEligibility(), False),
    (PoleEligibility(charter_version=CharterVersion.V2014), True),
    (PoleEligibility(charter_version=CharterVersion.V2021, charter_signed_on=date(2022, 1, 5)), True),
    (PoleEligibility(ami_phase=1, ami_year=2022), True),
    (PoleEligibility(ami_phase=2), True),
])
def test_laureate_or_signatory_is_eligible(record, eligible):
    assert is_eligible(record) is eligible


def test_organiser_records_and_replaces_eligibility(db, make_pole, make_user):
    pole, organiser = make_pole(), make_user(Role.ORGANISER)
    assert not pole.charter_signatory and warning_for(pole) is not None
    record_eligibility(pole, organiser=organiser, charter_version=CharterVersion.V2021,
                       charter_signed_on=date(2023, 5, 2), ami_phase=None, ami_year=None)
    db.expire_all()
    assert pole.charter_signatory and not pole.ami_laureate and warning_for(pole) is None
    assert pole.eligibility.verified_by_id == organiser.id
    record_eligibility(pole, organiser=organiser, charter_version=None, charter_signed_on=None,
                       ami_phase=2, ami_year=2024)
    db.expire_all()
    assert not pole.charter_signatory and pole.ami_laureate and pole.eligibility.ami_year == 2024


@pytest.mark.parametrize("kwargs", [
    {"charter_version": None, "charter_signed_on": date(2023, 1, 1), "ami_phase": None, "ami_year": None},
    {"charter_version": None, "charter_signed_on": None, "ami_phase": None, "ami_year": 2022},
    {"charter_version": CharterVersion.V2014, "charter_signed_on": date(2999, 1, 1), "ami_phase": None,
     "ami_year": None},
])
def test_inconsistent_records_are_refused_in_french(db, make_pole, make_user, kwargs):
    pole = make_pole()
    with pytest.raises(Refused) as refusal:
        record_eligibility(pole, organiser=make_user(Role.ORGANISER), **kwargs)
    assert refusal.value.message[0].isupper() and pole.eligibility is None


def test_a_charter_signed_today_in_paris_is_not_in_the_future_just_after_midnight(monkeypatch, db, make_pole,
                                                                                   make_user):
    monkeypatch.setattr("app.templating.utcnow", lambda: datetime(2027, 3, 4, 23, 30))  # 5 March, 0 h 30 in Paris
    pole, organiser = make_pole(), make_user(Role.ORGANISER)
    record_eligibility(pole, organiser=organiser, charter_version=CharterVersion.V2021,
                       charter_signed_on=date(2027, 3, 5), ami_phase=None, ami_year=None)
    with pytest.raises(Refused, match="futur"):
        record_eligibility(pole, organiser=organiser, charter_version=CharterVersion.V2021,
                           charter_signed_on=date(2027, 3, 6), ami_phase=None, ami_year=None)


def test_only_organisers_record(db, make_pole, make_user):
    pole = make_pole()
    with pytest.raises(Refused):
        record_eligibility(pole, organiser=make_user(Role.FACILITATOR, pole=pole),
                           charter_version=CharterVersion.V2021, charter_signed_on=None, ami_phase=None, ami_year=None)
    assert db.scalar(select(func.count()).select_from(PoleEligibility)) == 0


def test_refusal_only_under_block(app, db, make_pole):
    pole = make_pole()
    assert app.config["ELIGIBILITY_RULE"] == "warn"
    assert refusal_for(pole, action="demander un transfert") is None
    app.config["ELIGIBILITY_RULE"] = "block"
    assert "Charte des PTCE" in refusal_for(pole, action="demander un transfert")
    pole.eligibility = PoleEligibility(ami_phase=1)
    db.commit()
    assert refusal_for(pole, action="demander un transfert") is None


def test_unknown_rule_setting_is_refused_at_start(monkeypatch):
    from config import Config

    monkeypatch.setattr(Config, "ELIGIBILITY_RULE", "bloquer")
    with pytest.raises(RuntimeError, match="ELIGIBILITY_RULE"):
        Config.check()
