"""Every Tab stop of a form shows where the focus is, the last stop of a date or time field too."""

from __future__ import annotations

import pytest

from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

RING = """() => { const s = getComputedStyle(document.activeElement);
  return [document.activeElement.id, s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, s.boxShadow]; }"""


def test_a_date_and_a_time_field_keep_their_focus_ring_on_their_calendar_button(page, live_site):
    """The crawl: Tab goes through the day, month and year of a date field, then to its calendar button, where
    Chromium's :focus-visible no longer matched and the ring vanished."""
    sign_in(page, live_site, "avise@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/agenda/nouvelle")
    page.locator("#timezone_region").focus()
    stops = []
    for _ in range(7):  # day, month, year, calendar of the date; hours, minutes, clock of the time
        page.keyboard.press("Tab")
        stops.append(page.evaluate(RING))
    assert [stop[0] for stop in stops] == ["slots-0-day"] * 4 + ["slots-0-start"] * 3
    assert [stop for stop in stops if not stop[1] or stop[2] == "none"] == []
