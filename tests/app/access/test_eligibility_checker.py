"""Whom a pole writes to about its eligibility: its region's cell, else Avise (pure decision)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from app.access import policy
from models import OrganisationKind, Role


@dataclass(frozen=True)
class Org:
    kind: OrganisationKind
    region_code: str | None = None


AVISE, COORACE = Org(OrganisationKind.AVISE), Org(OrganisationKind.COORACE)
CRA_AURA, CRA_OCCITANIE = Org(OrganisationKind.CRA, "84"), Org(OrganisationKind.CRA, "76")


def test_the_region_s_cell_checks_its_poles():
    assert policy.eligibility_checker("84", [AVISE, COORACE, CRA_OCCITANIE, CRA_AURA]) is CRA_AURA


def test_a_region_without_a_cell_writes_to_avise_never_to_another_region_s_cell():
    assert policy.eligibility_checker("32", [CRA_OCCITANIE, COORACE, AVISE]) is AVISE
    assert policy.eligibility_checker(None, [CRA_AURA, AVISE]) is AVISE
    assert policy.eligibility_checker("32", [CRA_OCCITANIE, COORACE]) is None


def test_only_the_pole_s_facilitators_read_the_contact():
    def user(role, pole_id=None):
        return SimpleNamespace(is_authenticated=True, is_active=True, role=role, pole_id=pole_id)

    assert policy.may_see_eligibility_contact(user(Role.FACILITATOR, 7), 7)
    assert not policy.may_see_eligibility_contact(user(Role.FACILITATOR, 8), 7)
    assert not policy.may_see_eligibility_contact(user(Role.ORGANISER), 7)
    assert not policy.may_see_eligibility_contact(user(Role.RESOURCE_PERSON), 7)
