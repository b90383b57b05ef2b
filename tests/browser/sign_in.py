"""Signing in through the login form, as a person would (the browser tests' one way in)."""

from __future__ import annotations

from app.demo import DEMO_PASSWORD


def sign_in(page, site, email: str, password: str = DEMO_PASSWORD) -> None:
    """Forget any earlier session, sign in as ``email`` and wait for « Mon espace »."""
    page.context.clear_cookies()
    page.goto(f"{site.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace")
