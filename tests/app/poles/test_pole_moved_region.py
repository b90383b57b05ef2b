"""A pole moved into another region (its fiche edited): from then on the CRA it left no longer reads its named data,
the CRA it joined does; a CRA that moves an unlisted pole out of its own region is told so, not shown a 404."""

from __future__ import annotations

import pytest

from models import Need, NeedKind, Role
from tests.app.html_parts import page_text

pytestmark = pytest.mark.web


def _form(csrf, url, pole, region: str, departement: str) -> dict:
    return {"csrf_token": csrf(url), "name": pole.name, "carrier_structure": "", "region_code": region,
            "departements": [departement], "maturity": "emergent", "description": "", "strengths": "", "website": ""}


@pytest.fixture
def unlisted(db, make_pole, make_user):
    pole = make_pole("Pôle des Cévennes", region_code="76", public=False)
    db.add(Need(pole=pole, author=make_user(Role.FACILITATOR, pole=pole), title="Mutualiser un poste",
                text="Un besoin.", kind=NeedKind.TRANSFER))
    db.commit()
    return pole


def test_a_cra_that_moves_a_pole_out_of_its_region_is_told_so(client, csrf, login, make_user, unlisted):
    login(make_user(Role.ORGANISER, region_code="76"))
    url = f"/poles/{unlisted.id}/modifier"
    response = client.post(url, data=_form(csrf, url, unlisted, "84", "07"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/poles/"), response.headers["Location"]
    text = " ".join(page_text(client.get("/poles/")).split()).replace("\u00a0", " ")
    assert ("La fiche du pôle est enregistrée. Il relève désormais de la région Auvergne-Rhône-Alpes, "
            "que suit sa CRA : il sort de votre périmètre.") in text


def test_the_cra_left_no_longer_reads_the_pole_and_the_cra_joined_does(db, client, csrf, login, make_user, unlisted):
    need = unlisted.needs[0]
    old, new = make_user(Role.ORGANISER, region_code="76"), make_user(Role.ORGANISER, region_code="84")

    def as_(user) -> None:
        client.post("/compte/deconnexion", data={"csrf_token": csrf("/poles/")})
        login(user)

    login(old)
    assert client.get(f"/poles/{unlisted.id}").status_code == 200
    assert client.get(f"/besoins/{need.id}").status_code == 200  # kept in this process's page cache meanwhile
    as_(make_user(Role.ADMIN))
    url = f"/poles/{unlisted.id}/modifier"
    assert client.post(url, data=_form(csrf, url, unlisted, "84", "07")).status_code == 302
    as_(old)
    assert client.get(f"/poles/{unlisted.id}").status_code == 404
    assert client.get(f"/besoins/{need.id}").status_code == 404
    assert unlisted.name not in client.get("/poles/?q=Cévennes").get_data(as_text=True)
    as_(new)
    assert client.get(f"/poles/{unlisted.id}").status_code == 200
    assert client.get(f"/besoins/{need.id}").status_code == 200
