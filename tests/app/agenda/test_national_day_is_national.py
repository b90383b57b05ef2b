"""The national day is the national team's: a regional cell's form does not offer it and the rules refuse it (the
walk of the organisers: CRA Occitanie published « Journée nationale des PTCE · Occitanie »)."""

from __future__ import annotations

import pytest

from app.agenda import services
from models import Audience, CollectiveKind, Role
from tests.app.agenda.conftest import draft
from tests.app.html_parts import page_html, select_options

pytestmark = pytest.mark.web


def test_a_cra_cannot_publish_the_national_day(make_user):
    cra = make_user(Role.ORGANISER, region_code="76")
    with pytest.raises(services.AgendaRefused) as refused:
        services.publish(organiser=cra, draft=draft(kind=CollectiveKind.NATIONAL_DAY, audience=Audience.REGION,
                                                    audience_region_code="76"))
    assert [(p.field, p.message) for p in refused.value.problems] == [("kind", services.NATIONAL_DAY_IS_NATIONAL)]
    # a regional meeting, and the national team's national day, are published as before
    services.publish(organiser=cra, draft=draft(kind=CollectiveKind.REGIONAL_EVENT, audience=Audience.REGION,
                                                audience_region_code="76"))
    services.publish(organiser=make_user(Role.ORGANISER), draft=draft(kind=CollectiveKind.NATIONAL_DAY))


def test_the_cra_s_form_does_not_offer_it(client, login, make_user):
    login(make_user(Role.ORGANISER, region_code="76"))
    page = page_html(client.get("/organisation/agenda/nouvelle"))
    kinds = select_options(page, "kind")
    assert "Rencontre régionale inter-PTCE" in kinds and "Journée nationale des PTCE" not in kinds
