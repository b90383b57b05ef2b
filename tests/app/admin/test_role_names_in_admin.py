"""The administration says one account's role as a function and filters groups in the plural
(``app/auth/role_names.py``); the invitation mail names the team one joins."""

from __future__ import annotations

import re

import pytest

from app.mail import memory_outbox
from app.notifications.delivery import deliver_all_due
from app.privacy.hooks import export_account
from models import Role
from tests.conftest import extract_csrf
from tests.app.html_parts import GENDER_MARK, page_text, select_options

pytestmark = pytest.mark.web


def test_the_accounts_filter_names_groups_in_the_plural(as_admin):
    page = page_text(as_admin.get("/admin/comptes"))
    assert select_options(page, "role") == [
        "Tous les rôles", "Animateur·rices de PTCE", "Personnes ressources", "Avocat·es Juri-PTCE",
        "Organisateur·rices du réseau", "Administrateur·rices"]


def test_a_row_and_an_account_page_say_one_person_s_role_without_gender_mark(as_admin, make_user, make_pole):
    facilitator = make_user(Role.FACILITATOR, name="Alex Martin", pole=make_pole("Le Damier"))
    make_user(Role.LAWYER, name="Maître Dupont")
    rows = re.search(r"<tbody[^>]*>(.*?)</tbody>", page_text(as_admin.get("/admin/comptes")), re.S).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", rows)  # a cell names its column on a phone (data-label)
    assert {"Animation de PTCE", "Conseil juridique Juri-PTCE", "Administration d'Entrepairs"} <= set(cells)
    assert not any(GENDER_MARK.search(cell) for cell in cells)
    page = page_text(as_admin.get(f"/admin/comptes/{facilitator.id}"))
    assert "<dt>Rôle</dt><dd>Animation de PTCE</dd>" in page
    assert "Équipe d'animation du réseau" in select_options(page, "role")


def test_the_invitation_mail_names_the_team_one_joins(app, as_admin, avise):
    as_admin.post("/admin/comptes/inviter", data={
        "csrf_token": extract_csrf(as_admin.get("/admin/comptes/inviter").get_data(as_text=True)),
        "display_name": "Brieuc Le Gall", "email": "brieuc@avise.org", "role": "organiser",
        "organisation": str(avise.id), "region": ""})
    deliver_all_due()
    body = " ".join(memory_outbox(app)[-1].get_content().split())
    assert ("le service d'échanges entre pairs des PTCE, au sein de l'équipe d'animation du réseau (Avise)."
            in body)
    assert not GENDER_MARK.search(body)


def test_one_s_data_export_says_one_s_role_as_a_function(db, make_user):
    assert export_account(db, make_user(Role.ORGANISER))["role"] == "Équipe d'animation du réseau"
