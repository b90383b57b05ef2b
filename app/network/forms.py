"""Filters of the map (GET, read-only: no CSRF)."""

from __future__ import annotations

from wtforms import BooleanField, SelectField
from wtforms.validators import Optional

from app.form_fields import FrenchForm, as_choices, theme_choices
from app.network.services import DEFAULT_LINK_SCOPE, LINK_SCOPES


class MapFilterForm(FrenchForm):
    class Meta(FrenchForm.Meta):
        csrf = False

    theme = SelectField("Thème", validators=[Optional()])
    #: Organiser map only: which pairings are drawn.
    liens = SelectField(
        "Appariements tracés",
        choices=as_choices([(key, label.capitalize()) for key, (label, _statuses) in LINK_SCOPES.items()]),
        default=DEFAULT_LINK_SCOPE, validators=[Optional()],
    )
    charte = BooleanField("Signataires de la Charte des PTCE uniquement")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.theme.choices = as_choices([("", "Tous les thèmes")]) + theme_choices()

