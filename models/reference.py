"""Reference tables: controlled theme vocabulary, regions and départements."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base


class Theme(Base):
    __tablename__ = "themes"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    family: Mapped[str] = mapped_column(String(120))
    label: Mapped[str] = mapped_column(String(255))

    def __repr__(self) -> str:
        return f"<Theme {self.code}>"


class Region(Base):
    __tablename__ = "regions"

    #: INSEE region code ("84", "04"...).
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    #: IANA time zone used to show sessions to people of this region.
    timezone: Mapped[str] = mapped_column(String(64))

    departements: Mapped[list[Departement]] = relationship(back_populates="region")

    @property
    def overseas(self) -> bool:
        return self.timezone != "Europe/Paris"

    def __repr__(self) -> str:
        return f"<Region {self.code} {self.name}>"


class Departement(Base):
    __tablename__ = "departements"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)

    region: Mapped[Region] = relationship(back_populates="departements")

    def __repr__(self) -> str:
        return f"<Departement {self.code} {self.name}>"
