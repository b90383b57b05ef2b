"""The day report's « Ce qui a été fait » is required and says so as the site's other forms do (macros/forms.html:
an asterisk hidden from screen readers, ``required aria-required``); « Prochaine étape » stays optional (walk of
6 December 2026: the report was refused empty, with no mark beside the field)."""

from __future__ import annotations

import re

import pytest

from tests.app.pair_space.days import day_begun

pytestmark = pytest.mark.web

MARK = ' <span class="required" aria-hidden="true">*</span></label>'


def test_what_was_done_is_marked_required_and_the_next_step_is_not(client, db, login, pair):
    day = day_begun(db, pair)
    login(pair.person)
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    done_label = re.search(rf'<label class="label" for="fait-{day.id}">.*?</label>', page).group(0)
    done_box = re.search(rf'<textarea id="fait-{day.id}"[^>]*>', page).group(0)
    next_label = re.search(rf'<label class="label" for="suite-{day.id}">.*?</label>', page).group(0)
    next_box = re.search(rf'<textarea id="suite-{day.id}"[^>]*>', page).group(0)
    assert done_label.endswith(MARK) and ' required aria-required="true"' in done_box
    assert "required" not in next_label and "required" not in next_box
