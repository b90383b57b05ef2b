"""The TSF console's two long lists a page at a time: four hundred requests to validate (two forms each) and nine
hundred needs to pair made a page of 1.4 MB at national scale (``bench/bench_pages_by_role.py``). Each list keeps the
other's page, and a request validated or refused from a page leads back to that page."""

from __future__ import annotations

import re

import pytest

from app.pagination import PER_PAGE
from models import Offer, Pairing, PairingStatus, Role

pytestmark = pytest.mark.web


@pytest.fixture
def organiser(make_user, make_pairings, make_resource_person):
    """An organiser and one more request to validate than a page holds."""
    make_pairings(make_resource_person(), PairingStatus.REQUESTED, PER_PAGE + 1, 0)
    return make_user(Role.ORGANISER)


def _requests(page: str) -> list[str]:
    return re.findall(r'action="/transferts/(\d+)/etape" class="inline-form"', page)


def test_the_requests_to_validate_are_listed_a_page_at_a_time(client, login, organiser):
    login(organiser)
    first = client.get("/organisation/tsf/?besoins=1").get_data(as_text=True)
    assert f"Demandes des pôles et propositions d'aide à valider ({PER_PAGE + 1})" in first and len(_requests(first)) == PER_PAGE
    following = re.search(r'aria-label="Pages des demandes à valider">.*?<a href="([^"]+)" rel="next"', first,
                          re.S).group(1).replace("&amp;", "&")
    assert following == "/organisation/tsf/?besoins=1&page=2#demandes-titre"
    second = client.get(following).get_data(as_text=True)
    assert len(_requests(second)) == 1 and "Page 2 sur 2" in second
    assert set(_requests(first)).isdisjoint(_requests(second))


def test_the_needs_to_pair_are_listed_a_page_at_a_time(client, login, db, organiser):
    db.query(Pairing).delete()  # the needs are free again: to pair
    db.commit()
    login(organiser)
    first = client.get("/organisation/tsf/").get_data(as_text=True)
    assert f"Besoins à apparier ({PER_PAGE + 1})" in first and f"Lancer le calcul ({PER_PAGE + 1}\u00a0besoins" in first
    assert first.count('<a href="/besoins/') == PER_PAGE
    assert re.search(r'aria-label="Pages des besoins à apparier">.*?href="/organisation/tsf/\?besoins=2#besoins-titre"',
                     first, re.S)
    assert client.get("/organisation/tsf/?besoins=2").get_data(as_text=True).count('<a href="/besoins/') == 1


@pytest.mark.parametrize(("sent_from", "lands_on"), [
    ("/organisation/tsf/?page=2", "/organisation/tsf/?page=2"),
    ("/organisation/tsf/?page=2&besoins=3", "/organisation/tsf/?page=2&besoins=3"),
    ("/organisation/tsf/?page=2&personnes=4", "/organisation/tsf/?page=2&personnes=4"),
    ("/organisation/tsf/", "/organisation/tsf/"),
    ("https://ailleurs.example/organisation/tsf/?page=2", None),
    ("/organisation/tsf/?page=2&suivant=/ailleurs", None),
    ("/organisation/suivi", None),
])
def test_a_request_validated_from_a_page_of_the_console_leads_back_to_it(client, login, csrf, organiser, sent_from,
                                                                         lands_on):
    login(organiser)
    token = csrf("/organisation/tsf/?page=2")
    pairing_id = _requests(client.get("/organisation/tsf/?page=2").get_data(as_text=True))[0]
    assert f'name="next" value="{"/organisation/tsf/?page=2"}"' in client.get("/organisation/tsf/?page=2").get_data(
        as_text=True)
    response = client.post(f"/transferts/{pairing_id}/etape",
                           data={"csrf_token": token, "to": "validated", "next": sent_from})
    assert response.status_code == 302
    assert response.headers["Location"] == (lands_on or f"/transferts/{pairing_id}")


def test_the_console_sent_back_with_a_forms_errors_pages_the_console(client, login, csrf, organiser):
    """The exclusion refused (no need chosen) shows the console again: its pages are the console's, not the form's."""
    login(organiser)
    response = client.post("/organisation/tsf/interdire", data={"csrf_token": csrf("/organisation/tsf/")})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Indiquez le numéro du besoin ou des mots de son titre." in page
    assert 'href="/organisation/tsf/?page=2#demandes-titre" rel="next"' in page


def test_the_people_available_are_listed_a_page_at_a_time_with_their_numbers(client, login, db, make_user,
                                                                               make_resource_person):
    """Six hundred and forty people available nationally made one table of 42 kB: a page at a time too, the
    heading and the run's button counting them all, the « N° » the exclusion form asks for kept on each row."""
    people = [make_resource_person(capacity=2) for _ in range(PER_PAGE + 1)]
    db.add_all(Offer(resource_person=p, title="Financer un tiers-lieu", text="Montage financier.") for p in people)
    db.commit()
    login(make_user(Role.ORGANISER))
    first = client.get("/organisation/tsf/?page=1").get_data(as_text=True)
    assert f"Personnes ressources disponibles ({PER_PAGE + 1})" in first
    assert f"{PER_PAGE + 1}\u00a0personnes)</button>" in first  # the run pairs them all
    rows = re.findall(r'<tr[^>]*><td[^>]*>(\d+)</td><td[^>]*><a href="/personnes-ressources/(\d+)">', first)
    assert [int(n) for n, _ in rows] == [p.id for p in people[:PER_PAGE]] and all(n == p for n, p in rows)
    following = re.search(r'aria-label="Pages des personnes ressources disponibles">.*?<a href="([^"]+)" rel="next"',
                          first, re.S).group(1).replace("&amp;", "&")
    assert following == "/organisation/tsf/?page=1&personnes=2#personnes-titre"
    second = client.get(following).get_data(as_text=True)
    assert re.findall(r'<tr[^>]*><td[^>]*>(\d+)</td><td[^>]*><a href="/personnes-ressources/', second) == [str(people[-1].id)]
    assert "Page 2 sur 2" in second and f"Personnes ressources disponibles ({PER_PAGE + 1})" in second
