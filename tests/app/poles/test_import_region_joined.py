"""The CSV import (``entrepairs import-poles``) moves a pole to another region: the CRA it joins is told, as by the
form (``region_joined.tell_region_joined``), once per pole, in the import's unit of work; the CRA it left keeps no
notice about it. The same file imported again moves nothing and tells nobody."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.poles.importer import import_poles
from models import Need, NeedKind, Notification, OutboxMessage, PoleRegionMove, Role

pytestmark = pytest.mark.web


def _csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "poles.csv"
    path.write_text("nom,region,departements,maturite\n" + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def cras(db, make_user, make_pole):
    """A pole of Occitanie with an open need, a notice about it under the bell of Occitanie's CRA."""
    pole = make_pole("Pôle des Cévennes", region_code="76")
    db.add(Need(pole=pole, title="Mutualiser un poste", text="Un besoin.", kind=NeedKind.TRANSFER))
    left, joined, national = (make_user(Role.ORGANISER, region_code=r) for r in ("76", "84", None))
    db.add(Notification(user_id=left.id, category="step", text="Un besoin publié", url=f"/poles/{pole.id}"))
    db.commit()
    return pole, left, joined, national


def test_the_import_tells_the_cra_joined_once(db, tmp_path, cras):
    pole, left, joined, national = cras
    path = _csv(tmp_path, "Pôle des Cévennes,Auvergne-Rhône-Alpes,Ardèche,emergent",
                "Pôle breton,Bretagne,Finistère,emergent")
    import_poles(path, db)
    assert db.query(PoleRegionMove).count() == 1
    notice = db.query(Notification).filter_by(user_id=joined.id).one()
    assert notice.text.replace("\u00a0", " ") == "Le pôle « Pôle des Cévennes » rejoint votre région : 1 besoin ouvert"
    assert notice.url == f"/poles/{pole.id}"
    body = " ".join(db.query(OutboxMessage).filter_by(recipient_id=joined.id).one().body.split()).replace("\u00a0", " ")
    assert "relève désormais de la région Auvergne-Rhône-Alpes (il était rattaché à la région Occitanie)" in body
    assert db.query(Notification).filter_by(user_id=left.id).count() == 0  # withdrawn, as by the form
    assert db.query(Notification).filter_by(user_id=national.id).count() == 0
    import_poles(path, db)  # the same file again: no move, no second notice
    assert db.query(Notification).filter_by(user_id=joined.id).count() == 1
    assert db.query(OutboxMessage).filter_by(recipient_id=joined.id).count() == 1

