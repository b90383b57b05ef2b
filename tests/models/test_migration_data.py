"""Migrations 0018 and 0019 carry the existing rows over: ticked boxes become recorded eligibility,
resource persons already listed stay listed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.util import CommandError
from alembic import command

from app.database import alembic_config
from models.engine import make_engine


def _migrate(engine, revision: str, *, down: bool = False) -> None:
    cfg = alembic_config(str(engine.url))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)


def _database_at(tmp_path, revision: str, statements: tuple[str, ...]) -> sa.Engine:
    """A SQLite database migrated to ``revision`` holding the rows ``statements`` insert."""
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    _migrate(engine, revision)
    with engine.begin() as c:
        for sql in statements:
            c.execute(sa.text(sql))
    return engine


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


#: A region, a pole and its need (ids 1), in raw SQL: what the data tests of the pairings build on.
POLE_WITH_A_NEED = (
    "INSERT INTO regions (code, name, timezone) VALUES ('53', 'Bretagne', 'Europe/Paris')",
    "INSERT INTO poles (id, name, region_code, maturity, description, strengths, public_listing, source, "
    "created_at, updated_at) VALUES (1, 'Pôle', '53', 'emergent', '', '', 1, 'web', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    "INSERT INTO needs (id, pole_id, title, text, kind, status, urgency, created_at, updated_at) "
    "VALUES (1, 1, 'Besoin', 'Texte', 'any', 'open', 2, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
)


def test_0020_keeps_every_pairing_slot_and_booking_and_their_children(tmp_path):
    """The copies of pairings, legal_slots and bookings (SQLite batch mode) cascade nothing away."""
    now = "CURRENT_TIMESTAMP"
    engine = _database_at(tmp_path, "0019_resource_person_validation", (
        *POLE_WITH_A_NEED,
        "INSERT INTO users (id, email, display_name, role, is_active, created_at, session_version) "
        f"VALUES (1, 'rp@exemple.fr', 'RP', 'resource_person', 1, {now}, 1)",
        "INSERT INTO users (id, email, display_name, role, is_active, created_at, session_version) "
        f"VALUES (2, 'av@exemple.fr', 'Avocate', 'lawyer', 1, {now}, 1)",
        "INSERT INTO resource_persons (id, user_id, headline, bio, region_code, yearly_capacity, mobility, "
        f"availability, created_at, updated_at) VALUES (1, 1, '', '', '53', 2, 'both', '', {now}, {now})",
        "INSERT INTO pairings (id, need_id, resource_person_id, status, message, decision_note, created_at, "
        f"updated_at, status_changed_at) VALUES (1, 1, 1, 'completed', '', '', {now}, {now}, {now})",
        f"INSERT INTO pairing_events (pairing_id, to_status, note, at) VALUES (1, 'completed', '', {now})",
        "INSERT INTO lawyer_profiles (id, user_id, specialties) VALUES (1, 2, 'statuts')",
        "INSERT INTO sessions (id, kind, title, description, starts_at, ends_at, timezone, status, ical_uid, "
        "ical_sequence, created_at, updated_at) VALUES (1, 'legal_slot', 'Créneau', '', '2026-01-06 13:00:00', "
        f"'2026-01-06 13:45:00', 'Europe/Paris', 'scheduled', 'u1', 0, {now}, {now})",
        f"INSERT INTO legal_slots (id, lawyer_profile_id, session_id, starts_at, created_at) "
        f"VALUES (1, 1, 1, '2026-01-06 13:00:00', {now})",
        "INSERT INTO bookings (id, slot_id, booker_id, question, question_key, status, idempotency_key, "
        f"created_at) VALUES (1, 1, 1, 'Question', 'k', 'confirmed', 'i', {now})",
    ))

    def counts() -> list[int]:
        with engine.connect() as c:
            return [c.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                    for t in ("pairings", "pairing_events", "legal_slots", "bookings")]

    _migrate(engine, "head")
    assert counts() == [1, 1, 1, 1]
    with engine.begin() as c:  # the person leaves: the rows stay, without them
        c.execute(sa.text("DELETE FROM resource_persons"))
        c.execute(sa.text("DELETE FROM lawyer_profiles"))
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT resource_person_id FROM pairings")).scalar() is None
        assert c.execute(sa.text("SELECT lawyer_profile_id FROM legal_slots")).scalar() is None
    assert counts() == [1, 1, 1, 1]
    _migrate(engine, "0020_departures_keep_history", down=True)  # later revisions first: 0020 runs alone
    _migrate(engine, "0019_resource_person_validation", down=True)
    assert counts() == [0, 0, 0, 0]  # nobody to point at: they go with their children, as the cascade did


def test_0021_tells_system_steps_from_departed_actors(tmp_path):
    """Existing events without an actor were the platform's (expiry); new ones say which they are."""
    now = "CURRENT_TIMESTAMP"
    engine = _database_at(tmp_path, "0020_departures_keep_history", (
        *POLE_WITH_A_NEED,
        "INSERT INTO users (id, email, display_name, role, is_active, created_at, session_version) "
        f"VALUES (1, 'org@exemple.fr', 'Org', 'organiser', 1, {now}, 1)",
        "INSERT INTO pairings (id, need_id, resource_person_id, status, message, decision_note, created_at, "
        f"updated_at, status_changed_at) VALUES (1, 1, NULL, 'expired', '', '', {now}, {now}, {now})",
        f"INSERT INTO pairing_events (pairing_id, actor_id, to_status, note, at) VALUES (1, 1, 'proposed', '', {now})",
        f"INSERT INTO pairing_events (pairing_id, actor_id, to_status, note, at) VALUES (1, NULL, 'expired', '', {now})",
    ))
    _migrate(engine, "head")
    with engine.connect() as c:
        rows = c.execute(sa.text("SELECT to_status, by_system FROM pairing_events ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("proposed", 0), ("expired", 1)]


def test_0026_lets_a_withdrawal_be_told_from_a_decline_and_goes_back_down(tmp_path):
    """The status gains ``withdrawn`` (the CHECK constraint is rewritten, the table copied on SQLite without
    losing a row); back down, a withdrawal becomes the decline the older schema knows."""
    now = "CURRENT_TIMESTAMP"
    engine = _database_at(tmp_path, "0025_lawyer_meeting_details", (
        *POLE_WITH_A_NEED,
        "INSERT INTO poles (id, name, region_code, maturity, description, strengths, public_listing, source, "
        f"created_at, updated_at) VALUES (2, 'Invité', '53', 'emergent', '', '', 1, 'web', {now}, {now})",
        "INSERT INTO learning_visits (id, title, theme_text, label_terms, host_pole_id, start_date, capacity, "
        f"programme, place, timezone, created_at, updated_at) VALUES (1, 'Visite', 'Thème', '', 1, '2027-03-02', "
        f"4, '', '', 'Europe/Paris', {now}, {now})",
        f"INSERT INTO visit_registrations (id, visit_id, pole_id, status, invited_at, version) "
        f"VALUES (1, 1, 2, 'registered', {now}, 1)",
    ))
    withdrawn = "UPDATE visit_registrations SET status = 'withdrawn' WHERE id = 1"
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as c:  # the older schema refuses it
        c.execute(sa.text(withdrawn))
    _migrate(engine, "head")
    with engine.begin() as c:
        c.execute(sa.text(withdrawn))
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as c:  # still a closed list
        c.execute(sa.text("UPDATE visit_registrations SET status = 'gone' WHERE id = 1"))
    _migrate(engine, "0025_lawyer_meeting_details", down=True)
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT id, visit_id, pole_id, status FROM visit_registrations")).all() == [
            (1, 1, 2, "declined")]
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as c:
        c.execute(sa.text(withdrawn))


def test_0038_names_the_organisations_differing_only_in_case(tmp_path):
    """Two organisations « Avise » and « avise » already there: the migration names them to merge or rename (the
    unique index on lower(name) could not be made on PostgreSQL, and SQLite would pass silently); renamed, it goes
    through."""
    now = "CURRENT_TIMESTAMP"
    engine = _database_at(tmp_path, "0037_accompaniment_key", tuple(
        f"INSERT INTO organisations (id, kind, name, created_at) VALUES ({n}, 'other', '{name}', {now})"
        for n, name in enumerate(("Avise", "avise", "Coorace"), start=1)))
    with pytest.raises(CommandError, match=r"même nom à la casse près \(avise\) : renommez ou fusionnez-les"):
        _migrate(engine, "0038_organisation_name_ci")
    with engine.begin() as c:
        c.execute(sa.text("UPDATE organisations SET name = 'Avise Bretagne' WHERE id = 2"))
    _migrate(engine, "0038_organisation_name_ci")


def test_0042_counts_the_bell_from_the_notices_and_keeps_every_account_row(tmp_path):
    """The counter column goes (the unread notices are the count), without SQLite copying ``users`` (its drop would
    delete, by cascade, every row referring to an account); back down, the column comes back counted."""
    now = "CURRENT_TIMESTAMP"
    engine = _database_at(tmp_path, "0041_pole_region_moves", (
        "INSERT INTO regions (code, name, timezone) VALUES ('53', 'Bretagne', 'Europe/Paris')",
        *(f"INSERT INTO users (id, email, display_name, role, is_active, created_at, session_version, "
          f"unread_notifications) VALUES ({n}, 'u{n}@exemple.fr', 'U', 'facilitator', 1, {now}, 1, 9)" for n in (1, 2)),
        f"INSERT INTO resource_persons (id, user_id, headline, bio, region_code, yearly_capacity, mobility, "
        f"availability, created_at, updated_at) VALUES (1, 1, '', '', '53', 2, 'both', '', {now}, {now})",
        *(f"INSERT INTO notifications (user_id, category, text, url, created_at, read_at) "
          f"VALUES (1, 'step', 'Étape', '/', {now}, {read})" for read in ("NULL", "NULL", now)),
    ))
    _migrate(engine, "head")
    with engine.connect() as c:
        assert "unread_notifications" not in {col["name"] for col in sa.inspect(c).get_columns("users")}
        assert c.execute(sa.text("SELECT count(*) FROM resource_persons")).scalar() == 1
        assert c.execute(sa.text("SELECT count(*) FROM notifications")).scalar() == 3
    _migrate(engine, "0041_pole_region_moves", down=True)
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT id, unread_notifications FROM users ORDER BY id")).all() == [(1, 2), (2, 0)]
