"""Migrations 0018 and 0019 carry the existing rows over: ticked boxes become recorded eligibility,
resource persons already listed stay listed."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from app.database import alembic_config
from models.engine import make_engine


def _migrate(engine, revision: str, *, down: bool = False) -> None:
    cfg = alembic_config(str(engine.url))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)


def test_ticked_boxes_and_listed_people_are_carried_over(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    _migrate(engine, "0017_accompaniments")
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO regions (code, name, timezone) VALUES ('53', 'Bretagne', 'Europe/Paris')"))
        for pole_id, name, charter, ami in ((1, 'Signataire', True, False), (2, 'Lauréat', False, True),
                                            (3, 'Les deux', True, True), (4, 'Aucun', False, False)):
            c.execute(sa.text(
                "INSERT INTO poles (id, name, region_code, maturity, charter_signatory, ami_laureate, description, "
                "strengths, public_listing, source, created_at, updated_at) VALUES (:id, :name, '53', 'emergent', "
                ":charter, :ami, '', '', 1, 'web', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                {"id": pole_id, "name": name, "charter": charter, "ami": ami})
        c.execute(sa.text("INSERT INTO needs (id, pole_id, title, text, kind, status, urgency, created_at, "
                          "updated_at) VALUES (1, 1, 'Besoin', 'Texte', 'any', 'open', 2, CURRENT_TIMESTAMP, "
                          "CURRENT_TIMESTAMP)"))
        c.execute(sa.text(
            "INSERT INTO users (id, email, display_name, role, is_active, created_at, session_version) "
            "VALUES (1, 'rp@exemple.fr', 'RP', 'resource_person', 1, CURRENT_TIMESTAMP, 1)"))
        c.execute(sa.text(
            "INSERT INTO resource_persons (id, user_id, headline, bio, region_code, yearly_capacity, mobility, "
            "availability, created_at, updated_at) VALUES (1, 1, '', '', '53', 2, 'both', '', CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP)"))
    _migrate(engine, "head")
    with engine.connect() as c:
        rows = c.execute(sa.text("SELECT pole_id, charter_version, ami_phase FROM pole_eligibility "
                                 "ORDER BY pole_id")).all()
        person = c.execute(sa.text("SELECT validation_status, validated_at FROM resource_persons")).one()
    assert [tuple(r) for r in rows] == [(1, "2014", None), (2, None, 1), (3, "2014", 1)]
    assert person[0] == "validated" and person[1] is not None
    with engine.connect() as c:  # no table was copied: nothing cascaded away
        assert c.execute(sa.text("SELECT count(*) FROM needs")).scalar() == 1
    _migrate(engine, "0017_accompaniments", down=True)
    with engine.connect() as c:
        back = c.execute(sa.text("SELECT id, charter_signatory, ami_laureate FROM poles ORDER BY id")).all()
    assert [tuple(r) for r in back] == [(1, 1, 0), (2, 0, 1), (3, 1, 1), (4, 0, 0)]
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT count(*) FROM needs")).scalar() == 1
