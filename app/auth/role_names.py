"""How the site says a role, context by context: the one owner of that wording.

The site knows nothing of a person's gender. Where a role is said of one person (beside one's own name, in a
row of the accounts list, on an account's page, in the role chosen for one account, in an invitation, in the
data export), it is said as a function, never with a gender mark: « Animation de PTCE », « Personne
ressource », « Conseil juridique Juri-PTCE », « Équipe d'animation du réseau (Avise) ». Where a role names a
group of people (a filter picks many accounts), it is a plural in the site's inclusive style, as the README
writes « avocat·es » and « inscrit·es »: « Animateur·rices de PTCE », « Personnes ressources » — never a
masculine-only form. Someone signing up says what they come to do (« Animer un PTCE »), in the first person
the form's legend opens. ``Role.label`` (``models/enums.py``) is the enum's own name, shown by none of them.
"""

from __future__ import annotations

from app.typography import of_pole
from models import Organisation, Role, User

#: The role of one person, as a function (a row, an account's page, a role chosen for one account).
ONE_PERSON: dict[Role, str] = {
    Role.FACILITATOR: "Animation de PTCE",
    Role.RESOURCE_PERSON: "Personne ressource",
    Role.LAWYER: "Conseil juridique Juri-PTCE",
    Role.ORGANISER: "Équipe d'animation du réseau",
    Role.ADMIN: "Administration d'Entrepairs",
}

#: The people who hold a role, as a group (the accounts filter).
GROUP: dict[Role, str] = {
    Role.FACILITATOR: "Animateur·rices de PTCE",
    Role.RESOURCE_PERSON: "Personnes ressources",
    Role.LAWYER: "Avocat·es Juri-PTCE",
    Role.ORGANISER: "Organisateur·rices du réseau",
    Role.ADMIN: "Administrateur·rices",
}

#: What one signs up to do, after the legend « Je m'inscris pour » (the roles one may sign up with).
SIGN_UP: dict[Role, str] = {
    Role.FACILITATOR: "Animer un PTCE (je décris mon pôle et ses besoins)",
    Role.RESOURCE_PERSON: "Transmettre un savoir-faire (personne ressource)",
}

#: The end of the invitation's sentence « … vous invite à rejoindre Entrepairs, … » (without the organisation).
_INVITED_AS: dict[Role, str] = {
    Role.FACILITATOR: "pour y animer un PTCE",
    Role.RESOURCE_PERSON: "comme personne ressource",
    Role.LAWYER: "pour y tenir des créneaux de conseil juridique Juri-PTCE",
    Role.ORGANISER: "au sein de l'équipe d'animation du réseau",
    Role.ADMIN: "pour administrer le site",
}


def role_of_one(role: Role) -> str:
    """« Animation de PTCE », « Conseil juridique Juri-PTCE »...: one person's role, with no gender mark."""
    return ONE_PERSON[role]


def role_group(role: Role) -> str:
    """« Animateur·rices de PTCE », « Personnes ressources »...: everyone who holds the role."""
    return GROUP[role]


def invited_as(role: Role, organisation: Organisation | None = None) -> str:
    """« au sein de l'équipe d'animation du réseau (Coorace) », « pour y tenir des créneaux de conseil
    juridique Juri-PTCE »: why one is invited, said to that person."""
    phrase = _INVITED_AS[role]
    return f"{phrase} ({organisation.name})" if role is Role.ORGANISER and organisation is not None else phrase


def role_beside_name(user: User) -> str:
    """« Animation du pôle Le Damier », « Personne ressource », « Conseil juridique Juri-PTCE »..."""
    if user.role is Role.FACILITATOR:
        return f"Animation {of_pole(user.pole.name)}" if user.pole is not None else ONE_PERSON[Role.FACILITATOR]
    if user.role is Role.ORGANISER:
        team = ONE_PERSON[Role.ORGANISER]
        return f"{team} ({user.organisation.name})" if user.organisation is not None else team
    return ONE_PERSON[user.role]
