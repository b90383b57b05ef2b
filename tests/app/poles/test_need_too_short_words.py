"""A need's text too short is said once, plainly (walk of a new facilitator): the summary read « Décrivez le besoin
avec vos mots : décrivez le besoin en quelques phrases, 30 caractères au moins : elles suffisent… » — the label
said again and three parts joined by colons."""

from __future__ import annotations

import html

import pytest

from models import Role
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web


def test_the_summary_line_says_the_rule_once(client, csrf, login, make_user, make_pole):
    pole = make_pole()
    login(make_user(Role.FACILITATOR, pole=pole))
    url = f"/poles/{pole.id}/besoins/nouveau"
    response = client.post(url, data={"csrf_token": csrf(url), "title": "Livrer nos cantines", "text": "Poisson.",
                                      "kind": "any", "urgency": "2", "idempotency_key": "k" * 32})
    summary = html.unescape(page_html(response).split('class="error-summary"', 1)[1].split("</ul>", 1)[0])
    line = summary.split("<li>", 1)[1].split("</li>", 1)[0]
    text = " ".join(line.replace("\u00a0", " ").split("<")[1].split(">", 1)[1].split())
    assert text == ("Décrivez le besoin avec vos mots : écrivez au moins 30 caractères ; quelques phrases suffisent "
                    "pour trouver les bonnes personnes.")
