"""A person's role as it is written beside their name, with no gender mark.

The site knows nothing of a person's gender, and « animateur·rice » or « avocat·e » beside one's own name
reads as a form, not as a page about oneself: the role is said as a function (« Animation du pôle … »,
« Personne ressource », « Équipe d'animation du réseau (Avise) »). Sentences that address a group keep their
inclusive forms; ``Role.label`` stays the name of the category (sign-up, filters, administration lists).
"""

from __future__ import annotations

from app.typography import of_pole
from models import Role, User


def role_beside_name(user: User) -> str:
    """« Animation du pôle Le Damier », « Personne ressource », « Conseil juridique Juri-PTCE »..."""
    if user.role is Role.FACILITATOR:
        return f"Animation {of_pole(user.pole.name)}" if user.pole is not None else "Animation de PTCE"
    if user.role is Role.ORGANISER:
        team = "Équipe d'animation du réseau"
        return f"{team} ({user.organisation.name})" if user.organisation is not None else team
    return {
        Role.RESOURCE_PERSON: "Personne ressource",
        Role.LAWYER: "Conseil juridique Juri-PTCE",
        Role.ADMIN: "Administration d'Entrepairs",
    }[user.role]
