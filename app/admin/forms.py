"""Forms of the administration pages (French messages; choices filled by the views)."""

from __future__ import annotations

from wtforms import DateField, SearchField, SelectField, StringField
from wtforms.validators import InputRequired, Optional

from app.admin.accounts import ORGANISATION_NAME_MAX
from app.auth.role_names import role_group, role_of_one
from app.edit_stamps import StampedForm
from app.idempotency import OnceForm
from app.form_fields import FrenchForm, TextLength, as_choices, display_name_field, email_field
from models import OrganisationKind, Role


def role_choices(roles: tuple[Role, ...] = tuple(Role)) -> list:
    """The role given to one account, said as a function (``role_names.role_of_one``)."""
    return as_choices([(r.value, role_of_one(r)) for r in roles])


def role_filter_choices(blank: str) -> list:
    """The accounts filter picks everyone who holds a role: the groups, in the plural (``role_names.role_group``)."""
    return as_choices([("", blank)] + [(r.value, role_group(r)) for r in Role])


class AccountFilterForm(FrenchForm):
    class Meta:
        csrf = False

    q = StringField("Nom ou adresse", validators=[Optional(), TextLength(120)])
    role = SelectField("Rôle", validators=[Optional()])
    organisation = SelectField("Organisation", validators=[Optional()])
    region = SelectField("Région", validators=[Optional()])
    active = SelectField("État", choices=as_choices([
        ("", "Tous"), ("1", "Actifs"), ("invite", "Invitations pas encore acceptées"), ("0", "Désactivés")]),
                         validators=[Optional()])


class _RoleOrganisationRegion:
    role = SelectField("Rôle", validators=[InputRequired("Choisissez un rôle.")])
    organisation = SelectField("Organisation", validators=[Optional()])
    region = SelectField("Région (CRA seulement)", validators=[Optional()])


class InviteAccountForm(_RoleOrganisationRegion, FrenchForm):
    display_name = display_name_field("Indiquez le nom de la personne invitée.")
    email = email_field()


class ChangeAccountForm(StampedForm, _RoleOrganisationRegion, FrenchForm):
    pass


class OrganisationForm(FrenchForm):
    kind = SelectField("Type", choices=as_choices([(k.value, k.label) for k in OrganisationKind]),
                       validators=[InputRequired("Choisissez le type d'organisation.")])
    name = StringField("Nom", validators=[InputRequired("Donnez le nom de l'organisation."),
                                          TextLength(ORGANISATION_NAME_MAX)])
    region = SelectField("Région (CRA seulement)", validators=[Optional()])


class ConfirmForm(FrenchForm):
    """A button that only carries the CSRF token (deactivate, reactivate)."""


class ResendInvitationForm(OnceForm, FrenchForm):
    """« Renvoyer l'invitation »: its key makes a double click mail once (``app.idempotency``)."""


class AttachFacilitatorForm(FrenchForm):
    email = email_field("Adresse e-mail de l'animateur·rice")


#: A pole typed: its number or words of its name (a pole's name is at most a few hundred characters).
POLE_QUERY_MAX = 300


class MergeForm(FrenchForm):
    """The two poles typed (number or words of the name), found by ``app.poles.pole_lookup`` in the view."""

    kept = SearchField("Pôle conservé : numéro ou mots du nom", validators=[
        InputRequired("Indiquez le pôle conservé : son numéro ou des mots de son nom."), TextLength(POLE_QUERY_MAX)])
    duplicate = SearchField("Doublon à fondre dans le pôle conservé : numéro ou mots du nom", validators=[
        InputRequired("Indiquez le doublon : son numéro ou des mots de son nom."), TextLength(POLE_QUERY_MAX)])


class AuditFilterForm(FrenchForm):
    class Meta:
        csrf = False

    action = SelectField("Action", validators=[Optional()])
    q = StringField("Auteur·rice ou cible", validators=[Optional(), TextLength(120)])
    since = DateField("Depuis le", validators=[Optional()])
    until = DateField("Jusqu'au", validators=[Optional()])
