"""Export every table of ``models.Base.metadata`` to a JSON Lines file and import it back.

The file is generic over the metadata, so tables added later are covered without code:

* line 1, a header: ``{"format": "entrepairs-backup", "version": 1, "schema_revision": ...,
  "created_at": ..., "tables": {name: row count}}``;
* then one line per row, ``{"t": table name, "r": {column: value}}``, tables in dependency
  order (``Base.metadata.sorted_tables``), rows in primary-key order.

Values are typed by their column: datetimes, dates and times as ISO 8601 strings, bytes as
base64, enums by their stored value, decimals as strings, JSON columns as JSON; booleans,
numbers and texts as themselves. A file name ending in ``.gz`` is gzip-compressed.

The import is all or nothing (one transaction), refuses a database that already holds data
unless ``replace=True``, and on PostgreSQL moves every id sequence past the imported ids.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
import gzip
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from models import Base

FORMAT = "entrepairs-backup"
VERSION = 1
#: Tables filled by ``init-db`` (reference data): present in a fresh database, so they do
#: not make it "non-empty"; the import replaces them with the file's rows.
REFERENCE_TABLES = frozenset({"themes", "regions", "departements"})
BATCH = 500


class BackupError(Exception):
    """A refused export or import; ``str()`` is a French message."""


@dataclass
class BackupReport:
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _tables() -> list[sa.Table]:
    return list(Base.metadata.sorted_tables)


def reflected_tables(conn: Connection) -> list[sa.Table]:
    """The tables as the database has them (a schema older than the models: a backup restored at its own migration
    before being brought up to date), in dependency order."""
    metadata = sa.MetaData()
    metadata.reflect(conn)
    return [t for t in metadata.sorted_tables if t.name != "alembic_version"]


def _open(path: Path, mode: str, *, compressed: bool | None = None) -> IO[str]:
    if compressed if compressed is not None else str(path).endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return open(path, mode, encoding="utf-8")


def encode_value(value: Any) -> Any:
    """A JSON-ready form of a column value (see the module docstring)."""
    if value is None or isinstance(value, (bool, int, float, str)) and not isinstance(value, enum.Enum):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dict, list)):
        return value
    raise BackupError(f"Type de valeur non pris en charge pour la sauvegarde : {type(value).__name__}")


def decode_value(column: sa.Column, value: Any) -> Any:
    """The Python value of ``column`` for a JSON value written by ``encode_value``."""
    if value is None:
        return None
    col_type = column.type
    if isinstance(col_type, sa.JSON):
        return value
    if isinstance(col_type, sa.Enum):
        enum_class = getattr(col_type, "enum_class", None)
        return enum_class(value) if enum_class is not None else value
    if isinstance(col_type, sa.DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(col_type, sa.Date):
        return dt.date.fromisoformat(value)
    if isinstance(col_type, sa.Time):
        return dt.time.fromisoformat(value)
    if isinstance(col_type, sa.Interval):
        return dt.timedelta(seconds=value)
    if isinstance(col_type, sa.LargeBinary):
        return base64.b64decode(value)
    if isinstance(col_type, sa.Numeric) and not isinstance(col_type, sa.Float):
        return decimal.Decimal(value)
    if isinstance(col_type, sa.Uuid):
        return uuid.UUID(value) if col_type.as_uuid else value
    return value


def _schema_revision(conn: Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _ordered_select(table: sa.Table) -> sa.Select:
    keys = list(table.primary_key.columns) or list(table.columns)
    return sa.select(table).order_by(*keys)


def iter_rows(conn: Connection, table: sa.Table) -> Iterator[dict[str, Any]]:
    """Every row of ``table`` as a dict of Python values, in primary-key order."""
    for row in conn.execute(_ordered_select(table)).mappings():
        yield dict(row)


def export_database(engine: Engine, path: Path, *, reflect: bool = False) -> BackupReport:
    """Write every table to ``path`` from one consistent read transaction (``reflect``: as the database has them)."""
    report = BackupReport()
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    tmp = path.with_name(path.name + ".partial")
    with engine.connect().execution_options(**options) as conn, conn.begin():
        tables = reflected_tables(conn) if reflect else _tables()
        counts = {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in tables}
        header = {"format": FORMAT, "version": VERSION, "schema_revision": _schema_revision(conn),
                  "created_at": dt.datetime.now(dt.UTC).isoformat(), "tables": counts}
        with _open(tmp, "w", compressed=str(path).endswith(".gz")) as out:
            out.write(json.dumps(header, ensure_ascii=False) + "\n")
            for table in tables:
                written = 0
                for row in iter_rows(conn, table):
                    record = {"t": table.name, "r": {k: encode_value(v) for k, v in row.items()}}
                    out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
                    written += 1
                report.tables[table.name] = written
    tmp.replace(path)
    return report


def _read_header(stream: IO[str]) -> dict[str, Any]:
    try:
        header = json.loads(stream.readline())
    except (json.JSONDecodeError, UnicodeDecodeError, OSError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("Ce fichier n'est pas une sauvegarde Entrepairs.")
    if header.get("version") != VERSION:
        raise BackupError(f"Version de sauvegarde non prise en charge : {header.get('version')!r}.")
    return header


def _check_empty(conn: Connection, tables: list[sa.Table]) -> None:
    for table in tables:
        if table.name in REFERENCE_TABLES:
            continue
        if conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None:
            raise BackupError(
                f"La base de destination n'est pas vide (table « {table.name} ») : "
                "relancez avec --replace pour remplacer tout son contenu."
            )


def _self_references(table: sa.Table) -> list[sa.Column]:
    """Columns pointing to their own table: inserted empty, filled once every row exists."""
    return [fk.parent for fk in table.foreign_keys if fk.column.table is table]


class _TableLoader:
    """Inserts one table's rows in batches; self-references are set after all rows exist."""

    def __init__(self, conn: Connection, table: sa.Table) -> None:
        self.conn, self.table = conn, table
        self.deferred_columns = _self_references(table)
        self.pending: list[dict[str, Any]] = []
        self.deferred: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self.count = 0

    def add(self, raw: dict[str, Any]) -> None:
        columns = self.table.columns
        unknown = set(raw) - set(columns.keys())
        if unknown:
            raise BackupError(f"Colonnes inconnues dans la table « {self.table.name} » : "
                              + ", ".join(sorted(unknown)))
        row = {name: decode_value(columns[name], value) for name, value in raw.items()}
        later = {c.name: row[c.name] for c in self.deferred_columns if row.get(c.name) is not None}
        if later:
            key = {c.name: row[c.name] for c in self.table.primary_key.columns}
            self.deferred.append((key, later))
            row.update({name: None for name in later})
        self.pending.append(row)
        self.count += 1
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.conn.execute(self.table.insert(), self.pending)
            self.pending = []

    def finish(self) -> None:
        self.flush()
        for key, values in self.deferred:
            condition = sa.and_(*(self.table.c[name] == value for name, value in key.items()))
            self.conn.execute(self.table.update().where(condition).values(**values))


def _reset_postgres_sequences(conn: Connection, tables: list[sa.Table]) -> None:
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, sa.Integer):
                continue
            sequence = conn.execute(sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                                    {"t": table.name, "c": column.name}).scalar()
            if sequence:
                conn.execute(sa.text(
                    f'SELECT setval(:s, COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'
                ), {"s": sequence})


def import_database(engine: Engine, path: Path, *, replace: bool = False, reflect: bool = False) -> BackupReport:
    """Load a file written by ``export_database`` into ``engine``'s (migrated) schema.

    Everything happens in one transaction: on any error nothing is changed. ``reflect``: the schema is read from the
    database (migrated to the backup's revision, older than the models), not taken from the models.
    """
    report = BackupReport()
    try:
        stream = _open(path, "r")
    except OSError as error:
        raise BackupError(f"Impossible de lire le fichier : {error}") from None
    with stream, engine.begin() as conn:
        ordered = reflected_tables(conn) if reflect else _tables()
        tables = {t.name: t for t in ordered}
        order = {t.name: i for i, t in enumerate(ordered)}
        header = _read_header(stream)
        revision = _schema_revision(conn)
        if header.get("schema_revision") != revision:
            raise BackupError(
                f"La sauvegarde vient du schéma {header.get('schema_revision')!r} et la base est au schéma "
                f"{revision!r} : importez-la dans une base neuve (createdb, sans init-db), où elle est chargée "
                "à son schéma puis mise à jour."
            )
        if not replace:
            _check_empty(conn, ordered)
        for table in reversed(ordered):
            conn.execute(table.delete())
        loader: _TableLoader | None = None
        for number, line in enumerate(stream, start=2):
            try:
                record = json.loads(line)
                name, raw = record["t"], record["r"]
            except (json.JSONDecodeError, KeyError, TypeError):
                raise BackupError(f"Ligne {number} illisible : la sauvegarde est incomplète ou abîmée.") from None
            if name not in tables:
                raise BackupError(f"Ligne {number} : table inconnue « {name} ».")
            if loader is None or loader.table.name != name:
                if loader is not None:
                    if order[name] < order[loader.table.name] or name in report.tables:
                        raise BackupError(f"Ligne {number} : tables dans un ordre inattendu.")
                    loader.finish()
                    report.tables[loader.table.name] = loader.count
                loader = _TableLoader(conn, tables[name])
            try:
                loader.add(raw)
            except (ValueError, TypeError, AttributeError) as error:
                raise BackupError(f"Ligne {number} : valeur invalide ({error}).") from None
        if loader is not None:
            loader.finish()
            report.tables[loader.table.name] = loader.count
        expected = {k: v for k, v in (header.get("tables") or {}).items() if v}
        if {k: v for k, v in report.tables.items() if v} != expected:
            raise BackupError("Le nombre de lignes ne correspond pas à l'en-tête : sauvegarde incomplète.")
        if conn.dialect.name == "postgresql":
            _reset_postgres_sequences(conn, ordered)
    return report


def backup_revision(path: Path) -> str | None:
    """The migration a backup file was written at (its header), checked to be an Entrepairs backup."""
    try:
        with _open(path, "r") as stream:
            return _read_header(stream).get("schema_revision")
    except OSError as error:
        raise BackupError(f"Impossible de lire le fichier : {error}") from None


def restore(engine: Engine, path: Path, *, replace: bool = False) -> tuple[BackupReport, str]:
    """``entrepairs import``: the backup and what was done to the schema, in French.

    A backup written before the last migrations (last night's, restored after today's upgrade) goes into a fresh
    database at its own migration, then the migrations after it run on its rows, as an upgrade would have.
    """
    from app.database import current_revision, head_revision, known_revisions, schema_news, upgrade_database

    revision = backup_revision(path)
    fresh = current_revision(engine) is None
    if revision not in known_revisions():
        raise BackupError(f"La sauvegarde vient du schéma {revision!r}, que cette version d'Entrepairs ne connaît "
                          "pas (une version plus récente l'a écrite) : déployez cette version avant d'importer.")
    if fresh and revision != head_revision():
        upgrade_database(engine, to=revision)
        report = import_database(engine, path, reflect=True)
        before, after = upgrade_database(engine)
        return report, f"Sauvegarde chargée à son schéma ({before}), puis mise à jour jusqu'à la migration {after}."
    before, after = upgrade_database(engine)
    return import_database(engine, path, replace=replace), schema_news(before, after)
