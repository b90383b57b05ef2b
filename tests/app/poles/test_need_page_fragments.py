"""The need page's fragments declare their versions: a kept page never hides a new session or sheet."""

from __future__ import annotations

import pytest

from app.agenda import services as agenda
from models import CollectiveKind, Need, NeedKind, Role, Theme
from tests.app.agenda.conftest import draft

pytestmark = pytest.mark.web


@pytest.fixture
def facilitator_need(db, make_user, make_pole):
    pole = make_pole("Pôle des Coteaux")
    user = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=user, kind=NeedKind.TRANSFER, title="Pérenniser le poste d'animation",
                text="La subvention qui paie l'animation du pôle s'arrête : comment construire un modèle "
                     "économique qui tienne avec les cotisations des membres ?",
                themes=[db.get(Theme, "modele_economique")])
    db.add(need)
    db.commit()
    return user, need


def test_a_session_published_after_the_page_was_kept_appears(client, login, make_user, facilitator_need):
    user, need = facilitator_need
    login(user)
    first = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Sessions collectives à venir" not in first
    agenda.publish(organiser=make_user(Role.ORGANISER), draft=draft(title="Financer l'animation d'un pôle"))
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Financer l&#39;animation d&#39;un pôle" in page or "Financer l'animation d'un pôle" in page
    assert "Thème du besoin : Modèle socio-économique et pérennisation" in page


def test_a_need_telling_of_eu_funds_meets_the_eu_funds_session(db, client, login, make_user, facilitator_need):
    user, need = facilitator_need
    need.themes = []
    need.title = "Monter notre premier dossier européen"
    need.text = ("Nous voulons déposer un dossier FEDER avec le GAL pour un programme LEADER, mais l'avance "
                 "de trésorerie et le montage des fonds européens nous font peur.")
    db.commit()
    agenda.publish(organiser=make_user(Role.ORGANISER), draft=draft(
        title="Session fonds européens pour les PTCE", kind=CollectiveKind.EU_FUNDS,
        theme_codes=["financements_europeens"]))
    login(user)
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Session fonds européens pour les PTCE" in page
    assert "déduit du texte du besoin" in page
