"""Declarative base with a constraint naming convention so Alembic migrations stay stable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, UTC

from sqlalchemy import Enum as SAEnum
from sqlalchemy import Index, MetaData, text
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


#: How a person whose account was deleted is named in what stays (transfers, consultations, messages).
DELETED_ACCOUNT = "Compte supprimé"


def utcnow() -> datetime:
    """Naive UTC timestamp: every datetime column stores UTC without tzinfo."""
    return datetime.now(UTC).replace(tzinfo=None)


def enum_type(enum_class: type, name: str) -> SAEnum:
    """Store an enum by its value as a VARCHAR with a CHECK constraint (portable, stable)."""
    return SAEnum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def partial_unique_index(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows where the SQL condition ``where`` holds, on SQLite and PostgreSQL alike
    (the database itself refuses a second such row)."""
    return Index(name, *columns, unique=True, sqlite_where=text(where), postgresql_where=text(where))


def prefix_index(name: str, column: str) -> Index:
    """An index for ``column LIKE 'prefix%'`` on PostgreSQL, whatever the database's collation: a plain index
    (the unique one on the column) serves LIKE only under the C collation, so the read was a scan of the whole
    table. SQLite has no operator classes (its LIKE ignores case and uses no index anyway): none there."""
    return Index(name, column, postgresql_ops={column: "varchar_pattern_ops"}).ddl_if(dialect="postgresql")


def in_schema_of(dialect: str) -> Callable[..., bool]:
    """Alembic's ``include_object`` for a database of ``dialect``: the model's objects made only for another
    (``ddl_if``, as ``prefix_index``) are not in its schema, so autogenerate and the migrations test skip them."""

    def include(obj: object, _name: str | None, _type: str, reflected: bool, _compare_to: object) -> bool:
        condition = getattr(obj, "_ddl_if", None)
        return reflected or condition is None or condition.dialect in (None, dialect)

    return include
