"""A mail's link to a place in a page (« …/propositions#proposition-2 »), opened signed out, goes through sign-in
and comes back to that place: the sign-in form was sent to an address written by the server, which never has the
link's « #… », and the person landed at the top of a long list instead of the proposal the mail spoke of."""

from __future__ import annotations

import pytest

from app.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

ORGANISER = "coorace@demo.entrepairs.fr"


def test_a_signed_out_mail_link_comes_back_to_its_anchor_even_after_a_wrong_password(page, live_site):
    page.context.clear_cookies()
    page.goto(f"{live_site.url}/organisation/visites/propositions#proposition-2")
    assert "/compte/connexion?next=" in page.url
    page.get_by_label("Adresse e-mail").fill(ORGANISER)
    page.get_by_label("Mot de passe").fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/organisation/visites/propositions*")
    assert page.url.endswith("/organisation/visites/propositions#proposition-2")
    assert page.locator("#proposition-2").is_visible()
