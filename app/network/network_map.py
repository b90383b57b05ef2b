"""The network map: its poles (public or all), the transfer pairings drawn between them, the legend and the
list of poles beside it; and how the statistics group pairing statuses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import Select, String, func, or_, select, type_coerce

from app import refdata
from app.access import policy
from app.eligibility.services import charter_signatory_clause
from app.extensions import db
from app.network.regions import departement_names, region_names
from app.typography import NBSP, alphabetical, count as count_fr, elide, of_pole
from geo.inset_captions import inset_captions_html
from geo.svgmap import FranceMap, Link, Marker, default_map, spread
from models import Maturity, Need, Pairing, PairingStatus, Pole, ResourcePerson, Theme
from models.associations import need_themes, pole_departements, pole_themes

#: Marker shape per maturity, so the legend does not rely on colour alone.
MATURITY_SHAPES: dict[Maturity, tuple[str, str]] = {
    Maturity.EN_CREATION: ("triangle", "triangle"),
    Maturity.EMERGENT: ("square", "carré"),
    Maturity.CONSOLIDE: ("circle", "rond"),
}
#: Pairings drawn on the organiser map: under way by default ("en cours"), or everything
#: validated by the organisers, under way or done ("tous").
LINK_SCOPES: dict[str, tuple[str, tuple[PairingStatus, ...]]] = {
    "en_cours": ("en cours (acceptés, planifiés, démarrés)",
                 (PairingStatus.ACCEPTED, PairingStatus.PLANNED, PairingStatus.IN_PROGRESS)),
    "tous": ("validés, en cours ou terminés",
             (PairingStatus.VALIDATED, PairingStatus.ACCEPTED, PairingStatus.PLANNED,
              PairingStatus.IN_PROGRESS, PairingStatus.COMPLETED)),
}
DEFAULT_LINK_SCOPE = "en_cours"
#: How the statistics group pairing statuses (the suggestions of the engine are left out).
STATUS_GROUPS: tuple[tuple[str, tuple[PairingStatus, ...]], ...] = (
    ("En attente de décision", (PairingStatus.REQUESTED, PairingStatus.PROPOSED, PairingStatus.VALIDATED)),
    ("Engagés", (PairingStatus.ACCEPTED, PairingStatus.PLANNED, PairingStatus.IN_PROGRESS)),
    ("Terminés", (PairingStatus.COMPLETED,)),
    ("Sans suite", (PairingStatus.DECLINED, PairingStatus.CANCELLED, PairingStatus.EXPIRED)),
)
MARKER_RADIUS = 3.2
_MATURITIES = {m.value: m for m in Maturity}
SPREAD_STEP = 5.5


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
    link_scope: str = DEFAULT_LINK_SCOPE

    @property
    def link_scope_label(self) -> str:
        return LINK_SCOPES[self.link_scope][0]

    @property
    def pairing_count(self) -> int:
        return sum(link.count for link in self.links)

    @property
    def inset_captions(self) -> Markup:
        """The overseas insets' names as HTML under the map, read on a phone (none on a map framed on a region,
        which has no insets)."""
        return Markup("") if self.region_code else Markup(inset_captions_html(default_map()))


def _pole_rows_query(*, include_private: bool, theme: str | None,
                     region_code: str | None) -> Select:
    first_departement = (
        select(pole_departements.c.pole_id.label("pole_id"),
               func.min(pole_departements.c.departement_code).label("code"))
        .group_by(pole_departements.c.pole_id)
        .subquery()
    )
    query = (
        select(Pole.id, Pole.name, type_coerce(Pole.maturity, String(32)), Pole.region_code,
               Pole.listed, first_departement.c.code)
        .outerjoin(first_departement, first_departement.c.pole_id == Pole.id)
        .order_by(Pole.name)
    )
    if not include_private:
        query = query.where(Pole.listed)
    if theme:
        query = query.where(Pole.themes.any(Theme.code == theme))
    if region_code:
        query = query.where(Pole.region_code == region_code)
    return query


@dataclass(frozen=True)
class _Placed:
    """Every pole with its map position; positions do not depend on any filter."""

    rows: list[tuple]
    points: dict[int, tuple[float, float]]
    names: dict[int, str]


def _place_all(france: FranceMap) -> _Placed:
    rows = sorted(db.session.execute(_pole_rows_query(include_private=True, theme=None, region_code=None)).all(),
                  key=lambda row: alphabetical(row[1]))  # the list under the map, by name as a reader expects
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
    return _Placed(rows=rows, points=points, names={row[0]: row[1] for row in rows})


def _theme_pole_ids(theme: str, *, with_needs: bool) -> set[int]:
    """Poles with ``theme`` in their profile (and, for organisers, poles with a need on it)."""
    ids = set(db.session.scalars(select(pole_themes.c.pole_id).where(pole_themes.c.theme_code == theme)))
    if with_needs:
        ids |= set(db.session.scalars(
            select(Need.pole_id).join(need_themes, need_themes.c.need_id == Need.id)
            .where(need_themes.c.theme_code == theme).distinct()))
    return ids


def _named(viewer: Any, placed: _Placed) -> set[int]:
    """The placed poles ``viewer`` may see named (``app.access.policy.may_list_pole``; None: the public): the
    viewer's sight read once for the whole map (2,000 poles read the signed-in user 2,000 times: 400 ms a page)."""
    sight = policy.pole_sight(viewer)
    return {pole_id for pole_id, _name, _maturity, pole_region, listed, _dep in placed.rows
            if sight.names(pole_id=pole_id, region_code=pole_region, listed=listed)}


def map_poles(*, viewer: Any = None, theme: str | None = None,
              region_code: str | None = None, france: FranceMap | None = None,
              placed: _Placed | None = None, charter_only: bool = False) -> list[MapPole]:
    """Poles placed at their first département's centroid (or their region's centre).

    Several poles at the same place are fanned out around it (:func:`geo.svgmap.spread`)
    in id order over *all* poles, so a pole keeps its spot whatever the filter. The poles shown are those
    ``viewer`` may see named (None, the public map: listed poles only). With a ``theme``, the public map keeps
    poles having it in their profile; an organiser's map also keeps poles with a need on that theme.
    """
    placed = placed or _place_all(france or default_map())
    named = _named(viewer, placed)
    wanted = _theme_pole_ids(theme, with_needs=policy.is_organiser(viewer)) if theme else None
    if charter_only:
        signatories = set(db.session.scalars(select(Pole.id).where(charter_signatory_clause())))
        wanted = signatories if wanted is None else wanted & signatories
    return [
        MapPole(id=pole_id, name=name, maturity=_MATURITIES[maturity], region_code=pole_region,
                departement_code=departement_code, public=public,
                x=placed.points[pole_id][0], y=placed.points[pole_id][1])
        for pole_id, name, maturity, pole_region, public, departement_code in placed.rows
        if pole_id in named
        and (region_code is None or pole_region == region_code)
        and (wanted is None or pole_id in wanted)
    ]


@lru_cache(maxsize=16_384)
def _pole_list_item(pole: MapPole, prefix: str, organiser: bool) -> str:
    private = " · <strong>non public</strong>" if organiser and not pole.public else ""
    return (f'<li><a href="{escape(prefix)}{pole.id}">{escape(pole.name)}</a> — '
            f"{escape(pole.maturity.label)}, {escape(pole.place)}{private}</li>")


def pole_list_html(poles: list[MapPole], *, prefix: str, organiser: bool) -> Markup:
    """The ``<li>`` items of the list under the map (escaped; each item kept, as the markers)."""
    return Markup("\n".join(_pole_list_item(pole, prefix, organiser) for pole in poles))


def legend_for(poles: list[MapPole]) -> list[LegendEntry]:
    counts = {m: 0 for m in Maturity}
    for pole in poles:
        counts[pole.maturity] += 1
    return [LegendEntry(maturity=m, shape=MATURITY_SHAPES[m][0], shape_label=MATURITY_SHAPES[m][1],
                        count=counts[m]) for m in Maturity]


@lru_cache(maxsize=16_384)
def _marker_for(pole: MapPole, href_prefix: str) -> Marker:
    return Marker(pole.x, pole.y, f"{pole.name} — {pole.maturity.label}, {pole.place}",
                  css_class=f"carte-marqueur--{pole.maturity.value}",
                  href=f"{href_prefix}{pole.id}", shape=MATURITY_SHAPES[pole.maturity][0])


def render_map(poles: list[MapPole], links: list[MapLink], *, href_prefix: str, title: str,
               desc: str, highlight: tuple[str, ...] = (), id_prefix: str = "carte",
               frame: str | None = None) -> str:
    """The map's SVG: one labelled link per pole (shape and class by maturity), pairing lines.

    ``href_prefix`` + pole id is the pole's page (``/poles/``); with ``frame`` (a region code) the map is
    framed on that region (:meth:`geo.svgmap.FranceMap.render_svg`).
    """
    markers = [_marker_for(pole, href_prefix) for pole in poles]
    lines = [Link(link.start, link.end, _link_class(link.count), link.label) for link in links]
    return default_map().render_svg(markers, lines, title=title, desc=desc, id_prefix=id_prefix,
                                    marker_radius=MARKER_RADIUS, highlight=highlight, frame=frame)


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


def pairing_links(*, theme: str | None, region_code: str | None, placed: _Placed,
                  scope: str = DEFAULT_LINK_SCOPE, france: FranceMap | None = None,
                  viewer: Any = None) -> list[MapLink]:
    """Transfer pairings (of :data:`LINK_SCOPES` ``scope``) as lines from the mentor to the helped pole.

    The mentor end is the resource person's pole when they have one, else their département,
    else their region's centre. Pairings are counted per pair of ends (one line, thicker when
    there are several). With ``theme``: pairings whose need is on it; with ``region_code``:
    pairings whose helped pole or resource person is in the region. A helped pole ``viewer`` may not see
    named has no line, nor a pairing of regions whose named data it may not see (a CRA: other regions' pairings);
    a mentor's pole it may not see named is said by its département.
    """
    france = france or default_map()
    named = _named(viewer, placed)
    helped = Pole.__table__.alias("helped")
    query = (
        select(Need.pole_id, ResourcePerson.pole_id, ResourcePerson.departement_code,
               ResourcePerson.region_code, func.count(Pairing.id))
        .select_from(Pairing)
        .join(Need, Need.id == Pairing.need_id)
        .join(ResourcePerson, ResourcePerson.id == Pairing.resource_person_id)
        .where(Pairing.status.in_(LINK_SCOPES[scope][1]))
        .group_by(Need.pole_id, ResourcePerson.pole_id, ResourcePerson.departement_code,
                  ResourcePerson.region_code)
    )
    if theme:
        query = query.where(Need.themes.any(Theme.code == theme))
    if region_code:
        query = query.join(helped, helped.c.id == Need.pole_id).where(
            or_(helped.c.region_code == region_code, ResourcePerson.region_code == region_code))
    links = []
    dep_names, reg_names = departement_names(), region_names()
    # A mentor's end and its words are worked out once a page, not once a line (a mentor has several helped poles),
    # and so are the words of a count (« 1 appariement »): 2,000 lines asked for them again and again.
    ends: dict[tuple[int | None, str | None, str], tuple[tuple[float, float], str]] = {}
    amounts: dict[int, str] = {}
    # A pairing is a region's named data (``policy.may_see_region``) when its helped pole or its resource person is
    # there: a CRA sees the lines of its own region's pairings, not who helps whom between two other regions.
    pole_region = {row[0]: row[3] for row in placed.rows}
    regions_seen: dict[str | None, bool] = {}

    def seen(region: str | None) -> bool:
        if region not in regions_seen:
            regions_seen[region] = policy.may_see_region(viewer, region)
        return regions_seen[region]

    for need_pole, mentor_pole, mentor_dep, mentor_region, count in db.session.execute(query):
        if need_pole not in named or not (seen(pole_region.get(need_pole)) or seen(mentor_region)):
            continue
        key = (mentor_pole if mentor_pole in named else None, mentor_dep, mentor_region)
        if (end := ends.get(key)) is None:
            if key[0] is not None:
                end = placed.points[mentor_pole], of_pole(placed.names[mentor_pole])
            elif mentor_dep:
                end = france.departement_point(mentor_dep), elide("de", dep_names.get(mentor_dep, mentor_dep))
            else:
                end = france.region_point(mentor_region), elide("de", reg_names.get(mentor_region, mentor_region))
            ends[key] = end
        if (amount := amounts.get(count)) is None:
            amount = amounts[count] = count_fr(count, "appariement")
        links.append(MapLink(
            start=end[0], end=placed.points[need_pole], count=count,
            label=f"{placed.names[need_pole]} aidé par une personne ressource {end[1]}{NBSP}: {amount}"))
    links.sort(key=lambda link: link.count)  # the thickest on top
    return links


def network_map(*, viewer: Any, theme: str | None, with_links: bool,
                href_prefix: str, region_code: str | None = None,
                link_scope: str = DEFAULT_LINK_SCOPE, charter_only: bool = False) -> NetworkMap:
    """Everything a map page shows: the SVG, the poles ``viewer`` may see named (None: the public map), listed
    under it, the legend. With ``region_code`` (the regional view) the map is framed on the region."""
    placed = _place_all(default_map())
    poles = map_poles(viewer=viewer, theme=theme, region_code=region_code, placed=placed, charter_only=charter_only)
    links = (pairing_links(theme=theme, region_code=region_code, placed=placed, scope=link_scope, viewer=viewer)
             if with_links else [])
    where = f" en {region_names().get(region_code, region_code)}" if region_code else ""
    theme_text = f", thème « {theme_label(theme)} »" if theme else ""
    theme_text += ", signataires de la Charte des PTCE" if charter_only else ""
    title = f"Carte des pôles{where}{theme_text}"
    placed_poles = count_fr(len(poles), "pôle placé", "pôles placés")
    drawn = count_fr(sum(link.count for link in links), "appariement de transfert tracé",
                     "appariements de transfert tracés")
    overseas = {shape.code for shape in default_map().region_paths() if shape.outre_mer}
    framed = ("Carte cadrée sur la région" + ("" if region_code in overseas else ", entourée de ses voisines")
              + "\u00a0; les liaisons avec une autre région sortent du cadre. ") if region_code else ""
    desc = (f"{framed}{placed_poles} au centre de leur premier département, forme et couleur "
            f"selon la maturité" + (f", {drawn} entre pôles" if with_links else "")
            + ". La liste des pôles suit la carte.")
    svg = render_map(poles, links, href_prefix=href_prefix, title=title, desc=desc,
                     highlight=(region_code,) if region_code else (), frame=region_code)
    return NetworkMap(svg=svg, poles=poles, links=links, legend=legend_for(poles), theme=theme,
                      region_code=region_code, link_scope=link_scope)
