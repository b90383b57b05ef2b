"""The review's year read from the address: a year it cannot read (« ² », Unicode's superscript two, is a digit for
``str.isdigit`` that ``int`` refuses) is the current year's review, never a 500."""

from __future__ import annotations

import pytest

from models import Role

pytestmark = pytest.mark.web


@pytest.mark.parametrize("year", ["²", "²⁰²⁶", "٢٠٢٥", "-2025", "2025.0", "１９９９"])
@pytest.mark.parametrize("page", ["/organisation/bilan", "/organisation/bilan.csv"])
def test_a_year_that_is_no_year_gives_the_default_review(client, login, make_user, page, year):
    login(make_user(Role.ORGANISER, name="Avise"))
    assert client.get(f"{page}?annee={year}").status_code == 200
