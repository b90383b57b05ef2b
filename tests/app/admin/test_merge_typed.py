"""The merge form names its two poles by typing (number or words of the name, ``app.poles.pole_lookup``): the two
lists of every pole it replaced held two hundred and fifty and more options each at national scale; two namesakes
(the case a merge is for) are both offered, to pick one in each field."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from models import Pole
from tests.app.html_parts import page_html
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web
URL = "/admin/poles/fusion"


def _offered(page: str, field: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{field}-choix" id="[^"]+" value="(\d+)"', page)


def test_the_form_lists_no_pole(as_admin, make_pole):
    make_pole("Pôle Sud Bretagne")
    page = page_html(as_admin.get(URL))
    assert "<option" not in page and "Pôle Sud Bretagne" not in page
    for field in ("kept", "duplicate"):
        assert 'type="search"' in re.search(rf'<input[^>]*id="{field}"[^>]*>', page).group(0)


def test_namesakes_offered_in_each_field_then_picked_then_merged(as_admin, make_pole, db):
    kept, duplicate = make_pole("Pôle Sud Bretagne"), make_pole("Pole Sud-Bretagne (doublon)", confirmed=False)
    page = html.unescape(page_html(as_admin.get(URL, query_string={"kept": "sud bretagne",
                                                                   "duplicate": "sud bretagne"})))
    assert 'value="sud bretagne"' in page and "Ce qui passe au pôle conservé" not in page
    assert re.search(r'id="kept-erreur">2\u00a0pôles correspondent à «\u00a0sud bretagne\u00a0»', page)
    assert _offered(page, "kept") == _offered(page, "duplicate") == [str(kept.id), str(duplicate.id)]
    preview = as_admin.get(URL, query_string={"kept": "sud bretagne", "kept-choix": kept.id,
                                              "duplicate": "sud bretagne", "duplicate-choix": duplicate.id})
    page = html.unescape(page_html(preview))
    assert re.search(rf'name="kept-choix" id="[^"]+" value="{kept.id}" checked>', page)
    merge = re.search(r'<form method="post" action="/admin/poles/fusion".*?</form>', page, re.S).group(0)
    assert f'name="kept" value="{kept.id}"' in merge and f'name="duplicate" value="{duplicate.id}"' in merge
    response = as_admin.post(URL, data={"csrf_token": extract_csrf(page), "kept": kept.id, "duplicate": duplicate.id})
    assert response.status_code == 302 and db.scalar(select(Pole).where(Pole.id == duplicate.id)) is None


def test_words_naming_one_pole_each_show_the_preview(as_admin, make_pole):
    make_pole("Pôle gardé"), make_pole("Pôle en trop")
    page = html.unescape(page_html(as_admin.get(URL, query_string={"kept": "garde", "duplicate": "TROP"})))
    assert "«\u00a0Pôle en trop\u00a0» dans «\u00a0Pôle gardé\u00a0»" in page
