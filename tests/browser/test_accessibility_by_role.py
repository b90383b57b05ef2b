"""Each role's main pages, and those where an accessibility crawl of the demo found faults, checked three ways:
axe-core (no moderate, serious or critical violation), a phone's width (375 px: the page never scrolls sideways)
and one ``h1`` per page. One sign-in per role; axe runs once per page, at the desktop width."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import func, select

from models import Pole, User
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

D = "@demo.entrepairs.fr"
LAURAGAIS = "animation.pole.territoire.solidaire.du.lauragais" + D
#: Pages by role; ``{pole}`` is the signed-in facilitator's pole, ``{long_account}`` the account with the longest
#: e-mail address (it used to widen its administration page on a phone).
ROLE_PAGES: dict[str | None, list[str]] = {
    None: ["/confidentialite", "/poles/7", "/personnes-ressources/16", "/personnes-ressources/offres/16",
           "/compte/mot-de-passe-oublie"],
    LAURAGAIS: ["/mon-espace", "/poles/{pole}", "/poles/{pole}/modifier", "/poles/{pole}/besoins/nouveau",
                "/juri-ptce/mes-rendez-vous", "/mon-compte/notifications"],
    "mireille.castagne" + D: ["/mon-espace", "/personnes-ressources/mon-profil", "/personnes-ressources/offres/nouvelle",
                              "/transferts/", "/calendrier/"],
    "helene.marquet.riviere" + D: ["/mon-espace", "/juri-ptce/mes-creneaux", "/juri-ptce/creneaux/1"],
    "avise" + D: ["/mon-espace", "/organisation/statistiques", "/organisation/visites/theme/1",
                  "/organisation/carte", "/organisation/region/84"],
    "coorace" + D: ["/mon-espace", "/organisation/agenda/nouvelle", "/juri-ptce/avocats/1/creneaux", "/transferts/",
                    "/organisation/suivi"],
    "cra.occitanie" + D: ["/mon-espace", "/organisation/region/76", "/organisation/tsf/", "/besoins/3/modifier"],
    "admin" + D: ["/mon-espace", "/admin/comptes/{long_account}", "/admin/organisations"],
}
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


def _faults(results) -> list[str]:
    return [f"{v['id']} ({v['impact']}) : {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("moderate", "serious", "critical")]


def _ids(live_site, email: str | None) -> dict[str, int]:
    with live_site.app.app_context():
        from app.extensions import db

        long_account = db.session.scalar(select(User.id).order_by(func.length(User.email).desc()).limit(1))
        pole = db.session.scalar(select(Pole.id).join(User, User.pole_id == Pole.id).where(User.email == email))
    return {"long_account": long_account, "pole": pole}


@pytest.mark.parametrize("email", list(ROLE_PAGES), ids=lambda e: (e or "visiteur").split("@")[0])
def test_role_pages_pass_axe_and_fit_a_phone(page, live_site, email):
    if email:
        sign_in(page, live_site, email)
    ids = _ids(live_site, email)
    faults = []
    for template in ROLE_PAGES[email]:
        path = template.format(**ids)
        page.set_viewport_size(DESKTOP)
        response = page.goto(live_site.url + path)
        assert response.status == 200 and page.url == live_site.url + path, path
        faults += [f"{path} : {fault}" for fault in _faults(Axe().run(page, options={"resultTypes": ["violations"]}))]
        if (h1s := page.locator("h1").count()) != 1:
            faults.append(f"{path} : {h1s} h1")
        page.set_viewport_size(PHONE)
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > PHONE["width"] + 1:
            faults.append(f"{path} : {wide} px de large à 375 px")
    assert faults == []
