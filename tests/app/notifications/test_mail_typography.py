"""The check every app test runs on its outgoing e-mails (``tests/app/mail_texts.py``) finds what it is for."""

from __future__ import annotations

import pytest

from app.mail import build_message
from tests.app.mail_texts import mail_text_faults

NBSP, NNBSP = "\u00a0", "\u202f"


def _faults(subject: str, body: str) -> list[str]:
    return mail_text_faults(build_message(to="zoe@example.org", subject=subject, body=body,
                                          sender="Entrepairs <ne-pas-repondre@entrepairs.localhost>"))


def test_double_spaces_and_spaces_before_a_comma_or_a_period_are_found():
    faults = _faults("Votre profil attend la validation de  l'équipe", "Bonjour Zoé ,\n\nÀ bientôt .\n")
    assert [f.split(" : ")[:2] for f in faults] == [
        ["objet", "double espace"], ["corps", "espace avant une virgule ou un point"],
        ["corps", "espace avant une virgule ou un point"]]
    assert _faults("Sujet", f"Transfert «{NBSP} Faire vivre »") != []  # a no-break space and a space


def test_a_well_typed_french_mail_has_none():
    body = (f"Bonjour Zoé,\n\nDemandé par le pôle{NBSP}: transfert «{NBSP}Faire vivre notre légumerie{NBSP}».\n"
            f"Le fichier .ics est joint ; 12{NNBSP}500 personnes…\n\n  - une liste en retrait\n")
    assert _faults("Nouvelle demande de transfert — Faire vivre notre légumerie partagée", body) == []


@pytest.mark.parametrize("subject", [
    "Rappel : Atelier statuts", "Rappel: Atelier statuts", "Session annulée ; reportée", "Vous venez ?",
    "Demande pour animer « Pôle Sud » sur Entrepairs", f"Vous animez «{NBSP}Pôle Sud » sur Entrepairs",
])
def test_a_subject_without_its_no_break_space_before_a_colon_or_inside_quotes_is_found(subject):
    assert [f.split(" : ")[0] for f in _faults(subject, "Bonjour Zoé,\n")] == ["objet"]


@pytest.mark.parametrize("subject", [
    f"Rappel{NBSP}: Atelier statuts", f"Rappel{NNBSP}: transfert — Faire vivre, avec Zoé",
    f"Demande pour animer «{NBSP}Pôle Sud{NBSP}» sur Entrepairs", "Nouvelle journée — de 9 h à 10 h 30",
    "Lien https://entrepairs.example.org/visites?id=3",
])
def test_a_well_typed_subject_passes(subject):
    assert _faults(subject, "Bonjour Zoé,\n") == []
