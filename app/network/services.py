"""Map data and access rules of the network views.

Who sees what (decided for issue 8):

- everyone: ``/carte``, the poles that agreed to appear publicly (``Pole.public_listing``),
  without pairings;
- organisers (national or regional) and admins: ``/organisation/carte`` with every pole and
  the transfer pairings, and ``/organisation/statistiques`` with national aggregates. A
  regional (CRA) organiser already sees every pole in the directory; the national map and
  counts add nothing more personal than that, and let a CRA compare its region with the rest;
- the regional view ``/organisation/region/<code>`` lists the needs and pairings of one region
  by name: only national organisers (empty ``region_code``), admins and the organisers of that
  region may open it (403 for a CRA of another region).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Select, func, select

from app import refdata
from app.extensions import db
from geo.svgmap import FranceMap, Link, Marker, default_map, spread
from models import Maturity, Need, NeedStatus, Pole, ResourcePerson, Role, Theme, User
from models.associations import pole_departements

#: Marker shape per maturity, so the legend does not rely on colour alone.
MATURITY_SHAPES: dict[Maturity, tuple[str, str]] = {
    Maturity.EN_CREATION: ("triangle", "triangle"),
    Maturity.EMERGENT: ("square", "carré"),
    Maturity.CONSOLIDE: ("circle", "rond"),
}
MARKER_RADIUS = 3.2
SPREAD_STEP = 5.5


def can_see_region(user: User, region_code: str) -> bool:
    """National organisers and admins see every region; a CRA organiser only its own."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role is Role.ADMIN:
        return True
    if user.role is not Role.ORGANISER:
        return False
    return not user.region_code or user.region_code == region_code


@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    return {row.code: row.name for row in refdata.regions()}


@lru_cache(maxsize=1)
def departement_names() -> dict[str, str]:
    return {row.code: row.name for row in refdata.departements()}


@dataclass(frozen=True)
class MapPole:
    """One pole as placed on the map (plain values, no ORM object)."""

    id: int
    name: str
    maturity: Maturity
    region_code: str
    departement_code: str | None
    public: bool
    x: float
    y: float

    @property
    def region_name(self) -> str:
        return region_names().get(self.region_code, self.region_code)

    @property
    def departement_name(self) -> str | None:
        if self.departement_code is None:
            return None
        return departement_names().get(self.departement_code, self.departement_code)

    @property
    def place(self) -> str:
        """Where the marker stands, in words."""
        if self.departement_code:
            return f"{self.departement_name} ({self.departement_code}), {self.region_name}"
        return f"{self.region_name} (centre de la région)"


@dataclass(frozen=True)
class MapLink:
    """Pairings between two places on the map, counted."""

    start: tuple[float, float]
    end: tuple[float, float]
    count: int
    label: str


@dataclass(frozen=True)
class LegendEntry:
    maturity: Maturity
    shape: str
    shape_label: str
    count: int


@dataclass(frozen=True)
class NetworkMap:
    svg: str
    poles: list[MapPole]
    links: list[MapLink]
    legend: list[LegendEntry]
    theme: str | None
    region_code: str | None


def _pole_rows_query(*, include_private: bool, theme: str | None,
                     region_code: str | None) -> Select:
    first_departement = (
        select(pole_departements.c.pole_id.label("pole_id"),
               func.min(pole_departements.c.departement_code).label("code"))
        .group_by(pole_departements.c.pole_id)
        .subquery()
    )
    query = (
        select(Pole.id, Pole.name, Pole.maturity, Pole.region_code, Pole.public_listing,
               first_departement.c.code)
        .outerjoin(first_departement, first_departement.c.pole_id == Pole.id)
        .order_by(Pole.name)
    )
    if not include_private:
        query = query.where(Pole.public_listing.is_(True))
    if theme:
        query = query.where(Pole.themes.any(Theme.code == theme))
    if region_code:
        query = query.where(Pole.region_code == region_code)
    return query


def map_poles(*, include_private: bool, theme: str | None = None,
              region_code: str | None = None, france: FranceMap | None = None) -> list[MapPole]:
    """Poles placed at their first département's centroid (or their region's centre).

    Several poles at the same place are fanned out around it (:func:`geo.svgmap.spread`)
    in id order, so a pole keeps its spot whatever the filter.
    """
    france = france or default_map()
    rows = db.session.execute(
        _pole_rows_query(include_private=include_private, theme=theme, region_code=region_code)
    ).all()
    bases: dict[int, tuple[float, float]] = {}
    for pole_id, _name, _maturity, pole_region, _public, departement_code in rows:
        bases[pole_id] = (france.departement_point(departement_code) if departement_code
                          else france.region_point(pole_region))
    by_place: dict[tuple[float, float], list[int]] = defaultdict(list)
    for pole_id in sorted(bases):
        by_place[bases[pole_id]].append(pole_id)
    points: dict[int, tuple[float, float]] = {}
    for base, ids in by_place.items():
        for index, pole_id in enumerate(ids):
            points[pole_id] = spread(base, index, SPREAD_STEP)
    return [
        MapPole(id=pole_id, name=name, maturity=maturity, region_code=pole_region,
                departement_code=departement_code, public=public,
                x=points[pole_id][0], y=points[pole_id][1])
        for pole_id, name, maturity, pole_region, public, departement_code in rows
    ]


def legend_for(poles: list[MapPole]) -> list[LegendEntry]:
    counts = {m: 0 for m in Maturity}
    for pole in poles:
        counts[pole.maturity] += 1
    return [LegendEntry(maturity=m, shape=MATURITY_SHAPES[m][0], shape_label=MATURITY_SHAPES[m][1],
                        count=counts[m]) for m in Maturity]


def render_map(poles: list[MapPole], links: list[MapLink], *, href_for, title: str,
               desc: str, highlight: tuple[str, ...] = (), id_prefix: str = "carte") -> str:
    """The map's SVG: one labelled link per pole (shape and class by maturity), pairing lines."""
    markers = [
        Marker(pole.x, pole.y,
               f"{pole.name} — {pole.maturity.label}, {pole.place}",
               css_class=f"carte-marqueur--{pole.maturity.value}",
               href=href_for(pole.id), shape=MATURITY_SHAPES[pole.maturity][0])
        for pole in poles
    ]
    lines = [Link(link.start, link.end, _link_class(link.count), link.label) for link in links]
    return default_map().render_svg(markers, lines, title=title, desc=desc, id_prefix=id_prefix,
                                    marker_radius=MARKER_RADIUS, highlight=highlight)


def _link_class(count: int) -> str:
    if count >= 5:
        return "carte-lien--fort"
    if count >= 2:
        return "carte-lien--moyen"
    return "carte-lien--simple"


def theme_label(code: str | None) -> str | None:
    if not code:
        return None
    return refdata.theme_labels().get(code)


def pairing_links(*, theme: str | None, region_code: str | None,
                  points: dict[int, tuple[float, float]]) -> list[MapLink]:
    """Transfer pairings as lines between poles (filled in once pairings exist)."""
    return []


def network_map(*, include_private: bool, theme: str | None, with_links: bool,
                href_for, region_code: str | None = None) -> NetworkMap:
    """Everything a map page shows: the SVG, the poles listed under it, the legend."""
    poles = map_poles(include_private=include_private, theme=theme, region_code=region_code)
    links = (pairing_links(theme=theme, region_code=region_code,
                           points={p.id: (p.x, p.y) for p in poles})
             if with_links else [])
    where = f" en {region_names().get(region_code, region_code)}" if region_code else ""
    theme_text = f", thème « {theme_label(theme)} »" if theme else ""
    title = f"Carte des pôles{where}{theme_text}"
    desc = (f"{len(poles)} pôle(s) placés au centre de leur premier département, forme et couleur "
            f"selon la maturité" + (f", {sum(l.count for l in links)} appariement(s) de transfert "
                                     f"tracés entre pôles" if with_links else "")
            + ". La liste des pôles suit la carte.")
    svg = render_map(poles, links, href_for=href_for, title=title, desc=desc,
                     highlight=(region_code,) if region_code else ())
    return NetworkMap(svg=svg, poles=poles, links=links, legend=legend_for(poles), theme=theme,
                      region_code=region_code)


@dataclass(frozen=True)
class RegionPoleRow:
    pole: MapPole
    open_needs: int
    needs: int


@dataclass(frozen=True)
class RegionNeedRow:
    id: int
    title: str
    pole_id: int
    pole_name: str
    status_label: str
    urgency: int
    created_at: object


@dataclass(frozen=True)
class RegionalView:
    code: str
    name: str
    map: NetworkMap
    poles: list[RegionPoleRow]
    needs_by_status: dict[str, int]
    needs: list[RegionNeedRow]
    needs_total_open: int
    resource_persons: int
    yearly_capacity: int


#: Open needs listed by name in a regional view (the others are counted).
REGION_NEEDS_LISTED = 100


def regional_view(code: str, *, href_for) -> RegionalView:
    """A region's poles (all, with need counts), needs, pairings and resource persons."""
    network = network_map(include_private=True, theme=None, with_links=True, href_for=href_for,
                          region_code=code)
    per_pole = {
        pole_id: (total, open_count)
        for pole_id, total, open_count in db.session.execute(
            select(Need.pole_id, func.count(Need.id),
                   func.count(Need.id).filter(Need.status != NeedStatus.CLOSED))
            .join(Pole, Pole.id == Need.pole_id)
            .where(Pole.region_code == code)
            .group_by(Need.pole_id)
        )
    }
    by_status = dict(db.session.execute(
        select(Need.status, func.count(Need.id)).join(Pole, Pole.id == Need.pole_id)
        .where(Pole.region_code == code).group_by(Need.status)
    ).all())
    open_statuses = (NeedStatus.OPEN, NeedStatus.IN_PROGRESS)
    need_rows = db.session.execute(
        select(Need.id, Need.title, Need.pole_id, Pole.name, Need.status, Need.urgency, Need.created_at)
        .join(Pole, Pole.id == Need.pole_id)
        .where(Pole.region_code == code, Need.status.in_(open_statuses))
        .order_by(Need.urgency.desc(), Need.created_at.desc(), Need.id.desc())
        .limit(REGION_NEEDS_LISTED)
    ).all()
    persons, capacity = db.session.execute(
        select(func.count(ResourcePerson.id), func.coalesce(func.sum(ResourcePerson.yearly_capacity), 0))
        .where(ResourcePerson.region_code == code)
    ).one()
    return RegionalView(
        code=code, name=region_names()[code], map=network,
        poles=[RegionPoleRow(pole=p, needs=per_pole.get(p.id, (0, 0))[0],
                             open_needs=per_pole.get(p.id, (0, 0))[1]) for p in network.poles],
        needs_by_status={status.label: by_status.get(status, 0) for status in NeedStatus},
        needs=[RegionNeedRow(id=r[0], title=r[1], pole_id=r[2], pole_name=r[3], status_label=r[4].label,
                             urgency=r[5], created_at=r[6]) for r in need_rows],
        needs_total_open=sum(by_status.get(s, 0) for s in open_statuses),
        resource_persons=persons, yearly_capacity=int(capacity),
    )
