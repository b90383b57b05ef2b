"""The themes suggested on a need's page confirmed twice at once — a double click, or two facilitators of the pole
(PostgreSQL): both requests read the need without themes; without a lock both wrote its theme rows, the second one
meeting the first's on the table's key — an error page — or mixing both people's choices."""

from __future__ import annotations

from app.extensions import db as db_ext
from app.refused import Refused
from app.suggestions import themes
from models import Need, Role
from tests.races import in_step, on_postgres, together

pytestmark = on_postgres


def test_the_same_themes_confirmed_twice_at_once_are_saved_once_and_the_second_told(
        app, db, make_pole, make_user, monkeypatch):
    pole = make_pole()
    need = Need(pole=pole, author=make_user(Role.FACILITATOR, pole=pole), title="Financer la coordination",
                text="Nous cherchons à diversifier le financement de notre poste de coordination mutualisé.")
    db.add(need)
    db.commit()
    need_id = need.id
    in_step(monkeypatch, themes, "themes_by_codes")  # both have read the need without themes before either writes

    def confirm(codes: list[str]):
        return lambda: themes.confirm_themes(db_ext.session.get(Need, need_id), codes=codes)

    outcomes = together(app, {"first": confirm(["modele_economique"]),
                              "second": confirm(["modele_economique", "culture"])})
    saved = [name for name, outcome in outcomes.items() if isinstance(outcome, list)]
    assert len(saved) == 1, outcomes
    refused = outcomes["second" if saved == ["first"] else "first"]
    assert isinstance(refused, Refused) and "déjà des thèmes" in str(refused), outcomes
    db.expire_all()
    assert sorted(theme.code for theme in db.get(Need, need_id).themes) == sorted(outcomes[saved[0]])
