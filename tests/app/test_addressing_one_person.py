"""When the site speaks to one known person (« vous »), it does not write « Vous êtes inscrit·e » (walk 6, left):
a neutral turn says it (« Votre inscription est confirmée », « un e-mail vous prévient »). Inclusive forms stay
where they name groups or nobody in particular (« Écrire aux inscrit·es », « Seul·e un·e animateur·rice… »)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Participles and adjectives that agree with the person they speak of.
AGREEING = ("inscrit", "désinscrit", "invité", "connecté", "déconnecté", "prévenu", "proposé", "retiré", "informé",
            "averti", "présent", "absent", "parti")
_WORD = rf"\b(?:{'|'.join(AGREEING)})·e\b"
#: « vous »/« votre » and an agreeing word in one sentence of a line; « Déjà inscrit·e ? », « (connecté·e ; … ».
#: Not the « vous » of « rendez-vous ».
_YOU = r"\b(?<!-)(?:vous|votre|vos)\b"
ADDRESSED = re.compile(rf"{_YOU}[^.?!\n]*{_WORD}|{_WORD}[^.\n]*{_YOU}"
                       rf"|(?:\bdéjà|\() ?{_WORD}", re.IGNORECASE)


def _texts() -> list[Path]:
    return sorted([*(ROOT / "templates").rglob("*.html"), *(ROOT / "templates").rglob("*.txt"),
                   *(ROOT / "app").rglob("*.py")])


def test_the_rule_finds_what_it_is_for():
    for line in ("Vous êtes inscrit·e.", "vous serez prévenu·e par e-mail", "Déjà inscrit·e ? Se connecter",
                 "ouvrez le lien, connecté·e à votre compte", "(connecté·e ; un lien)"):
        assert ADDRESSED.search(line), line
    for line in ("Écrire aux inscrit·es", "Seul·e un·e animateur·rice du pôle peut demander un transfert.",
                 "Le Pôle Sud n'a pas encore d'animateur·rice inscrit·e sur Entrepairs.", "Inscrit·es et présences",
                 "l'équipe lit « Désinscrit·e » sur sa liste ; chaque rendez-vous Juri-PTCE est annulé"):
        assert not ADDRESSED.search(line), line


def test_no_inclusive_agreement_for_the_one_person_addressed():
    found = [f"{path.relative_to(ROOT)}: {m.group(0)}" for path in _texts()
             for m in ADDRESSED.finditer(path.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)
