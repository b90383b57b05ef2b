"""Backup: export and import round-trip every table of the metadata without loss."""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from app.backup.services import BackupError, export_database, import_database, iter_rows
from app.database import head_revision, seed_reference_data, upgrade_database
from models import (
    Base, CharterVersion, EmbeddingVector, LawyerProfile, LoginAttempt, Maturity, Need, NeedKind, Offer, OutboxMessage,
    ParticipantRole, Pole, PoleEligibility, ResourcePerson, Role, Meeting, MeetingKind, MeetingParticipant, Theme, User,
)
from models.engine import make_engine, make_session_factory

pytestmark = pytest.mark.web

POPULATED = {"users", "poles", "needs", "need_themes", "pole_themes", "pole_departements", "offers",
             "offer_themes", "resource_persons", "lawyer_profiles", "sessions", "session_participants",
             "outbox_messages", "embedding_vectors", "login_attempts", "themes", "regions", "departements"}


def populate(engine: Engine) -> None:
    """A little of everything: enums, booleans, microsecond datetimes, bytes, a self-reference."""
    with make_session_factory(engine)() as s:
        themes = list(s.scalars(sa.select(Theme).order_by(Theme.code).limit(2)))
        pole = Pole(name="Pôle « Ôde » & Cie", region_code="53", maturity=Maturity.CONSOLIDE,
                    description="Texte\nsur deux lignes ✓",
                    themes=themes, created_at=datetime(2024, 2, 29, 23, 59, 59, 123456),
                    eligibility=PoleEligibility(charter_version=CharterVersion.V2021, charter_signed_on=date(2022, 3, 1)))
        s.add(pole)
        s.flush()
        s.execute(sa.insert(Base.metadata.tables["pole_departements"]).values(pole_id=pole.id, departement_code="29"))
        # The invitee gets the smaller id: its ``invited_by_id`` points forward (self-reference order).
        invitee = User(email="avocate@exemple.fr", display_name="Maître Zoé", role=Role.LAWYER,
                       password_hash=None, is_active=False)
        s.add(invitee)
        s.flush()
        organiser = User(email="orga@exemple.fr", display_name="Orga", role=Role.ORGANISER,
                         password_hash="$argon2id$x", email_confirmed_at=datetime(2025, 1, 1, 8, 0, 0, 1))
        facilitator = User(email="anim@exemple.fr", display_name="Anim", pole=pole, timezone="America/Cayenne")
        s.add_all([organiser, facilitator])
        s.flush()
        invitee.invited_by_id = organiser.id
        s.add(LawyerProfile(user=invitee, firm=None, specialties="Statuts de SCIC"))
        s.add(Need(pole=pole, author=facilitator, title="Modèle économique", text="Nous cherchons…",
                   kind=NeedKind.LEGAL, urgency=3, themes=themes[:1]))
        person = ResourcePerson(user=User(email="rp@exemple.fr", display_name="RP", role=Role.RESOURCE_PERSON),
                                region_code="01", yearly_capacity=0, headline="Ancienne directrice")
        person.offers.append(Offer(title="Gouvernance", text="Transmettre", active=False, themes=themes))
        s.add(person)
        session = Meeting(kind=MeetingKind.LEGAL_SLOT, title="Créneau",
                          starts_at=datetime(2026, 3, 3, 13, 0), ends_at=datetime(2026, 3, 3, 13, 45))
        session.participants.append(MeetingParticipant(user=invitee, role=ParticipantRole.HOST))
        session.participants.append(MeetingParticipant(user=facilitator))
        s.add(session)
        s.add(OutboxMessage(key="k:1", to_email="anim@exemple.fr", subject="Sujet", body="Corps",
                            attachment_name="invitation.ics", attachment_type="text/calendar",
                            attachment_data=bytes(range(256))))
        s.add(EmbeddingVector(model="hashing", content_hash="ab" * 32, dim=2, vector=b"\x00\x00\x80?\xff\xff\x7f\x7f"))
        s.add(LoginAttempt(key="ip:127.0.0.1"))
        s.commit()


def snapshot(engine: Engine) -> dict[str, list[dict]]:
    with engine.connect() as conn:
        return {t.name: list(iter_rows(conn, t)) for t in Base.metadata.sorted_tables}


def fresh_sqlite(path: Path, *, seed: bool = True) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    upgrade_database(engine)
    if seed:
        with make_session_factory(engine)() as session:
            seed_reference_data(session)
    return engine


@pytest.fixture
def source(tmp_path: Path) -> Engine:
    engine = fresh_sqlite(tmp_path / "source.sqlite")
    populate(engine)
    yield engine
    engine.dispose()


def test_export_import_sqlite_round_trip_every_row(source, tmp_path):
    dump = tmp_path / "dump.jsonl"
    export_database(source, dump)
    target = fresh_sqlite(tmp_path / "target.sqlite", seed=False)
    report = import_database(target, dump)
    before, after = snapshot(source), snapshot(target)
    assert {name for name, rows in before.items() if rows} >= POPULATED
    assert after == before
    assert report.rows == sum(len(rows) for rows in before.values())
    assert isinstance(after["outbox_messages"][0]["attachment_data"], bytes)
    assert after["users"][0]["role"] is Role.LAWYER
    target.dispose()


def test_export_gzip_round_trip(source, tmp_path):
    dump = tmp_path / "dump.jsonl.gz"
    export_database(source, dump)
    target = fresh_sqlite(tmp_path / "target.sqlite")
    import_database(target, dump)  # reference data alone does not make the base "non-empty"
    assert snapshot(target) == snapshot(source)
    target.dispose()


def test_import_refuses_non_empty_database_without_replace(source, tmp_path):
    dump = tmp_path / "dump.jsonl"
    export_database(source, dump)
    with pytest.raises(BackupError, match="n'est pas vide.*--replace"):
        import_database(source, dump)
    import_database(source, dump, replace=True)
    assert snapshot(source)["users"][0]["email"] == "avocate@exemple.fr"


def test_import_is_all_or_nothing_on_a_damaged_file(source, tmp_path):
    dump = tmp_path / "dump.jsonl"
    export_database(source, dump)
    lines = dump.read_text(encoding="utf-8").splitlines()
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("\n".join(lines[:-3] + ['{"t": "users", "r": {"id": "pas un nombre"'] + lines[-2:]),
                       encoding="utf-8")
    before = snapshot(source)
    with pytest.raises(BackupError, match="illisible"):
        import_database(source, damaged, replace=True)
    assert snapshot(source) == before

    truncated = tmp_path / "truncated.jsonl"
    truncated.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(BackupError, match="incomplète"):
        import_database(source, truncated, replace=True)
    assert snapshot(source) == before


def test_import_refuses_foreign_file_and_other_schema(source, tmp_path):
    foreign = tmp_path / "foreign.jsonl"
    foreign.write_text('{"hello": 1}\n', encoding="utf-8")
    with pytest.raises(BackupError, match="pas une sauvegarde Entrepairs"):
        import_database(source, foreign, replace=True)
    dump = tmp_path / "dump.jsonl"
    export_database(source, dump)
    lines = dump.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["schema_revision"] = "0000_ancien"
    dump.write_text("\n".join([json.dumps(header)] + lines[1:]) + "\n", encoding="utf-8")
    with pytest.raises(BackupError, match="schéma"):
        import_database(source, dump, replace=True)


def test_cli_export_then_import_replace(app, db, make_user, tmp_path):
    make_user(email="cli@exemple.fr")
    runner = app.test_cli_runner()
    dump = tmp_path / "cli.jsonl"
    result = runner.invoke(args=["export", str(dump)])
    assert result.exit_code == 0, result.output
    assert "Sauvegarde écrite" in result.output
    refused = runner.invoke(args=["import", str(dump)])
    assert refused.exit_code != 0 and "--replace" in refused.output
    db.close()
    done = runner.invoke(args=["import", str(dump), "--replace"])
    assert done.exit_code == 0, done.output
    assert db.scalar(sa.select(User.email)) == "cli@exemple.fr"


@pytest.mark.postgres
def test_round_trip_sqlite_postgres_sqlite(app, migrated_engine, source, tmp_path):
    if migrated_engine.dialect.name != "postgresql":
        pytest.skip("TEST_DATABASE_URL (PostgreSQL) non défini")
    first = tmp_path / "from_sqlite.jsonl"
    export_database(source, first)
    import_database(migrated_engine, first, replace=True)
    assert snapshot(migrated_engine) == snapshot(source)
    with migrated_engine.begin() as conn:  # sequences moved past the imported ids
        new_id = conn.execute(sa.insert(Base.metadata.tables["login_attempts"]).values(
            key="ip:x", created_at=datetime(2026, 1, 1)).returning(sa.column("id"))).scalar_one()
        conn.execute(sa.delete(Base.metadata.tables["login_attempts"]).where(sa.column("id") == new_id))
    assert new_id > max(r["id"] for r in snapshot(source)["login_attempts"])
    second = tmp_path / "from_postgres.jsonl"
    export_database(migrated_engine, second)
    back = fresh_sqlite(tmp_path / "back.sqlite", seed=False)
    import_database(back, second)
    assert snapshot(back) == snapshot(source)
    back.dispose()


def test_cli_export_into_a_missing_folder_says_so_in_french(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["export", str(tmp_path / "absent" / "nuit.jsonl.gz")])
    assert result.exit_code == 1
    assert f"Impossible d'écrire la sauvegarde {tmp_path}/absent/nuit.jsonl.gz : le dossier {tmp_path}/absent " \
           "n'existe pas." in result.output
    assert "Traceback" not in result.output and not list(tmp_path.iterdir())


OLDER = "0030_host_proposal_keys"


def _older_backup(tmp_path: Path) -> Path:
    """A backup written by a version of the site nine migrations ago (its schema, its rows)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'older.sqlite'}")
    upgrade_database(engine, to=OLDER)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO regions (code, name, timezone) VALUES ('84', 'Auvergne-Rhône-Alpes', 'Europe/Paris')"))
        conn.execute(sa.text(
            "INSERT INTO users (id, email, display_name, role, is_active, created_at, session_version, email_confirmed_at) "
            "VALUES (7, 'amandine@exemple.fr', 'Amandine Roux', 'organiser', 1, '2026-01-05 08:00:00', 3, "
            "'2026-01-05 08:10:00')"))
    dump = tmp_path / "older.jsonl.gz"
    export_database(engine, dump, reflect=True)
    engine.dispose()
    with gzip.open(dump, "rt") as written:
        assert json.loads(written.readline())["schema_revision"] == OLDER
    return dump


def test_a_backup_from_before_the_last_migrations_restores_into_a_fresh_database(app, tmp_path):
    """Last night's backup, restored after today's upgrade: loaded at its migration, then brought up to date."""
    dump = _older_backup(tmp_path)
    target = tmp_path / "fresh.sqlite"
    app.config["DATABASE_URL"] = f"sqlite:///{target}"
    from app.backup.services import restore

    engine = make_engine(f"sqlite:///{target}")
    report, schema = restore(engine, dump)
    assert report.tables["users"] == 1 and report.tables["regions"] == 1
    assert schema == f"Sauvegarde chargée à son schéma ({OLDER}), puis mise à jour jusqu'à la migration {head_revision()}."
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert conn.execute(sa.text("SELECT email, session_version, email_change_version FROM users")).one() == (
            "amandine@exemple.fr", 3, 0)  # a column of a later migration, at its default
    engine.dispose()


def test_an_older_backup_into_a_migrated_database_says_to_use_a_fresh_one(source, tmp_path):
    from app.backup.services import restore

    with pytest.raises(BackupError, match=r"importez-la dans une base neuve \(createdb, sans init-db\)"):
        restore(source, _older_backup(tmp_path), replace=True)


def test_a_backup_from_a_newer_version_is_refused_in_french(tmp_path):
    from app.backup.services import restore

    dump = tmp_path / "newer.jsonl"
    dump.write_text(json.dumps({"format": "entrepairs-backup", "version": 1, "schema_revision": "0099_futur",
                                "tables": {}}) + "\n", encoding="utf-8")
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with pytest.raises(BackupError, match="une version plus récente l'a écrite"):
        restore(engine, dump)
    with engine.connect() as conn:
        assert not sa.inspect(conn).get_table_names()  # nothing created
