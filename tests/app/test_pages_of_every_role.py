"""Site-wide rules of the rendered pages, checked on the demo network as each role reads it (anonymous visitor,
pole facilitator, resource person, lawyer, national and regional organisers, administrator):

- French typography: a no-break space (never a plain one) before « : ; ? ! » and inside « » in the visible
  text — templates, labels, hints, flash and error messages, sentences written by the services;
- numbers of four digits or more with their thousands separator (« 1 095 jours »), years excepted;
- no id used twice in a page (a page with several forms used to carry one ``csrf_token`` id per form).

The walk follows the links of each role's pages, one page per endpoint, from the home page and « Mon espace ».
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from app import create_app
from app.database import seed_reference_data, upgrade_database
from app.demo import DEMO_PASSWORD, load_demo
from app.extensions import db
from config import TestConfig
from tests.app.page_walk import (
    duplicate_ids,
    linked_pages,
    number_faults,
    same_landmarks,
    spacing_faults,
    unnamed_tables,
    visible_text,
)
from tests.conftest import extract_csrf

ROLES = {
    "visiteur": None,
    "animatrice": "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr",
    "personne ressource": "mireille.castagne@demo.entrepairs.fr",
    "avocate": "helene.marquet.riviere@demo.entrepairs.fr",
    "Avise": "avise@demo.entrepairs.fr",
    "CRA": "cra.aura@demo.entrepairs.fr",
    "Coorace": "coorace@demo.entrepairs.fr",  # transfer requests of poles waiting for its approval
    "admin": "admin@demo.entrepairs.fr",
}
#: Not pages: downloads, feeds, the progress of a calculation.
NOT_PAGES = re.compile(r"\.(csv|ics|json|svg|ico)$|^/static/|^/compte/mes-donnees|^/sante")
MOST_PAGES_PER_ROLE = 60


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], str]]:
    """The HTML of every page reached, by (role, address)."""
    root = tmp_path_factory.mktemp("walk")
    app = create_app(TestConfig, DATABASE_URL=f"sqlite:///{root / 'demo.sqlite'}", SERVER_NAME="entrepairs.test",
                     MAIL_BACKEND="file", MAIL_FILE_DIR=root / "mail", JOBS_RUNNER="inline")
    with app.app_context():
        upgrade_database(db.engine)
        seed_reference_data(db.session)
        load_demo(db.session)
        db.session.close()
    found: dict[tuple[str, str], str] = {}
    for role, email in ROLES.items():
        client = app.test_client()
        if email:
            token = extract_csrf(client.get("/compte/connexion").get_data(as_text=True))
            response = client.post("/compte/connexion", data={"csrf_token": token, "email": email,
                                                              "password": DEMO_PASSWORD})
            assert response.status_code == 302, role
        starts = ["/", "/mon-espace" if email else "/compte/connexion"]
        for address, html in linked_pages(app, client, starts, most=MOST_PAGES_PER_ROLE, not_pages=NOT_PAGES):
            found[(role, address)] = html
    with app.app_context():
        db.session.close()
        db.engine.dispose()
    yield found


def _reached(pages, role: str) -> set[str]:
    return {address for (who, address) in pages if who == role}


def test_no_plain_space_before_the_high_punctuation_in_any_page(pages):
    assert all(len(_reached(pages, role)) >= 8 for role in ROLES), {r: len(_reached(pages, r)) for r in ROLES}
    assert "/organisation/tsf/" in _reached(pages, "Avise") and "/organisation/statistiques" in _reached(pages, "CRA")
    assert any(address.startswith("/besoins/") for address in _reached(pages, "animatrice"))
    faults = [f"{role} {address} : {fault}" for (role, address), html in pages.items()
              for fault in spacing_faults(visible_text(html))]
    assert faults == [], f"{len(faults)} espaces ordinaires avant « : ; ? ! » :\n" + "\n".join(faults[:80])


def test_numbers_of_four_digits_or_more_have_their_thousands_separator(pages):
    faults = [f"{role} {address} : {fault}" for (role, address), html in pages.items()
              for fault in number_faults(visible_text(html))]
    assert faults == [], "\n".join(faults[:80])


def test_no_page_holds_the_same_id_twice(pages):
    faults = {f"{role} {address}": duplicate_ids(html) for (role, address), html in pages.items()
              if duplicate_ids(html)}
    assert faults == {}


def test_no_two_landmarks_share_a_name(pages):
    """A screen reader lists the landmarks of a page by role and name: two « Transferts » regions (a section and the
    scrolling table inside it, or the tables of two sections) could not be told apart."""
    faults = {f"{role} {address}": same_landmarks(html) for (role, address), html in pages.items()
              if same_landmarks(html)}
    assert faults == {}


def test_every_table_has_a_name(pages):
    faults = {f"{role} {address}": unnamed_tables(html) for (role, address), html in pages.items()
              if unnamed_tables(html)}
    assert faults == {}
