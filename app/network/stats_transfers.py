"""Statistics charts of the resource persons (capacity, load) and the pairings (status, time to a first day).

The pairings, first days and experience sheets are those of the poles the access policy counts (``pole_counted``:
a pole awaiting confirmation is not yet part of the network, nor is its activity). The capacity and load of a
resource person count every transfer they are engaged in, whatever its pole: a transfer of a pole awaiting
confirmation takes the person's time and capacity all the same (``app.transfers.pair_rules.pairing_load``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select

from app.access.scopes import pole_counted, resource_person_counted
from app.extensions import db
from app.network.services import STATUS_GROUPS, region_names
from app.scheduling.wall_clock import year_bounds, year_of
from app.network.stats_sql import (
    COUNTED_THEN, _region_filter, _region_then_filter, _scope, days_between, moment, month_labels, month_window,
    region_cell, region_then,
)
from app.transfers.status_words import counted_label
from app.typography import count as count_fr, number, plural
from charts import Chart, ChartKind, Series
from models import (
    ExperienceSheet, Need, Pairing, PairingDay, PairingStatus, Pole, ResourcePerson, Meeting, MeetingKind, utcnow,
)


#: Pairings that count against a resource person's yearly capacity (as in app/transfers):
#: those that occupy the person now, and those completed during the year.
BUSY_STATUSES = (PairingStatus.VALIDATED, PairingStatus.ACCEPTED, PairingStatus.PLANNED,
                 PairingStatus.IN_PROGRESS)


def _load_per_person(year: int):  # noqa: ANN202 - a subquery
    """Subquery: resource person id → transfers counted against this year's capacity (the network's year, from
    midnight in Paris: ``scheduling.wall_clock.year_bounds``, as the capacity itself counts it)."""
    start, end = year_bounds(year)
    return (
        select(Pairing.resource_person_id.label("person_id"), func.count(Pairing.id).label("load"))
        .where(or_(Pairing.status.in_(BUSY_STATUSES),
                   and_(Pairing.status == PairingStatus.COMPLETED,
                        Pairing.completed_at >= start, Pairing.completed_at < end)))
        .group_by(Pairing.resource_person_id)
        .subquery()
    )


def resource_capacity_by_region(*, region_code: str | None = None,
                                today: date | None = None) -> Chart:
    """Yearly transfer capacity of the resource persons per region, and how much is taken."""
    year = today.year if today else year_of(utcnow())
    load = _load_per_person(year)
    rows = db.session.execute(
        select(ResourcePerson.region_code, func.count(ResourcePerson.id),
               func.coalesce(func.sum(ResourcePerson.yearly_capacity), 0),
               func.coalesce(func.sum(load.c.load), 0))
        .outerjoin(load, load.c.person_id == ResourcePerson.id)
        .where(resource_person_counted(), *([ResourcePerson.region_code == region_code] if region_code else []))
        .group_by(ResourcePerson.region_code)
    ).all()
    names = region_names()
    data = {code: (persons, int(capacity), int(taken)) for code, persons, capacity, taken in rows}
    codes = sorted(data, key=lambda c: (-data[c][1], names.get(c, c)))
    return Chart(
        key="capacite-personnes-ressources",
        title=f"Capacité de transfert des personnes ressources en {year}, par région" + _scope(region_code),
        kind=ChartKind.BAR,
        categories=tuple(codes),
        labels=tuple(names.get(c, c) for c in codes),
        series=(Series("Transferts possibles par an", tuple(data[c][1] for c in codes)),
                Series(f"Transferts engagés en {year}", tuple(data[c][2] for c in codes))),
        category_label="Région",
        unit="transferts",
        unit_one="transfert",
        header=("Région", "Personnes ressources", "Transferts possibles par an", f"Transferts engagés en {year}"),
        rows=tuple((region_cell(c, names), *data[c]) for c in codes),
        additive=False,
        description=_capacity_sentence(data, year),
        empty_message="Aucune personne ressource pour l'instant.",
        notes=("Engagés : transferts validés, acceptés, planifiés ou en cours, et ceux terminés dans l'année ; "
               "celui d'un pôle en attente de confirmation en fait partie, car il occupe la personne ressource.",),
    )


def _capacity_sentence(data: dict[str, tuple[int, int, int]], year: int) -> str:
    """The capacity and what is engaged of it, said apart (their sum would count nothing)."""
    persons = sum(p for p, _, _ in data.values())
    if not persons:
        return "Aucune personne ressource pour l'instant."
    capacity = sum(c for _, c, _ in data.values())
    taken = sum(t for _, _, t in data.values())
    return (f"{count_fr(persons, 'personne ressource', 'personnes ressources')} : "
            f"{count_fr(capacity, 'transfert possible', 'transferts possibles')} par an, "
            f"{count_fr(taken, 'engagé', 'engagés', zero='aucun')} en {year}.")


LOAD_BUCKETS = ("Aucun transfert", "Sous sa capacité", "À sa capacité", "Au-delà de sa capacité")


def resource_load(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Resource persons by how full their year is (transfers engaged against their capacity)."""
    year = today.year if today else year_of(utcnow())
    load = _load_per_person(year)
    taken = func.coalesce(load.c.load, 0)
    bucket = case(
        (taken == 0, 0),
        (taken < ResourcePerson.yearly_capacity, 1),
        (taken == ResourcePerson.yearly_capacity, 2),
        else_=3,
    ).label("bucket")
    rows = dict(db.session.execute(
        select(bucket, func.count(ResourcePerson.id))
        .outerjoin(load, load.c.person_id == ResourcePerson.id)
        .where(resource_person_counted(), *([ResourcePerson.region_code == region_code] if region_code else []))
        .group_by(bucket)
    ).all())
    counts = tuple(int(rows.get(index, 0)) for index in range(len(LOAD_BUCKETS)))
    total = sum(counts)
    full = counts[2] + counts[3]
    return Chart(
        key="charge-personnes-ressources",
        title=f"Charge des personnes ressources en {year}" + _scope(region_code),
        kind=ChartKind.BAR,
        categories=LOAD_BUCKETS,
        series=(Series("Personnes ressources", counts),),
        category_label="Charge",
        unit="personnes",
        unit_one="personne",
        description=(f"{count_fr(total, 'personne ressource', 'personnes ressources')} : "
                     f"{number(counts[0]) if counts[0] else 'aucune'} sans transfert, "
                     f"{number(full) if full else 'aucune'} à leur capacité ou au-delà." if total
                     else "Aucune personne ressource pour l'instant."),
        empty_message="Aucune personne ressource pour l'instant.",
        notes=("Un transfert d'un pôle en attente de confirmation compte : il occupe la personne ressource.",),
    )


# ----------------------------------------------------------------- pairings


def pairings_by_status(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Pairings per month of creation, stacked by where they stand now (grouped statuses)."""
    window = month_window(today)
    keys, month = window.keys, window.month_of(Pairing.created_at)
    query = (select(month, Pairing.status, func.count(Pairing.id))
             .join(Need, Need.id == Pairing.need_id).join(Pole, Pole.id == Need.pole_id)
             .where(Pairing.created_at >= window.start, Pairing.created_at < window.end, pole_counted(),
                    *_region_then_filter(region_code, Pairing.created_at))
             .group_by(month, Pairing.status))
    counts = {(key, status): count for key, status, count in db.session.execute(query)}
    series = tuple(
        Series(name, tuple(sum(counts.get((k, s), 0) for s in statuses) for k in keys))
        for name, statuses in STATUS_GROUPS
    )
    statuses = [s for s in PairingStatus]
    return Chart(
        key="appariements-par-statut",
        title="Appariements de transfert par mois de création et par statut" + _scope(region_code),
        kind=ChartKind.STACKED,
        categories=tuple(keys),
        labels=month_labels(keys),
        series=series,
        category_label="Mois",
        unit="appariements",
        unit_one="appariement",
        header=("Mois", *(counted_label(s) for s in statuses), "Total"),
        rows=tuple((k, *(counts.get((k, s), 0) for s in statuses),
                    sum(counts.get((k, s), 0) for s in statuses)) for k in keys),
        empty_message="Aucun appariement sur la période.",
        notes=("Les suggestions du moteur qui n'ont pas été reprises ne sont pas dessinées "
               "(elles figurent dans le tableau et le CSV).", COUNTED_THEN),
    )


DELAY_BUCKETS: tuple[tuple[str, float | None], ...] = (
    ("Moins de 30 jours", 30), ("30 à 59 jours", 60), ("60 à 89 jours", 90),
    ("90 à 179 jours", 180), ("180 jours ou plus", None),
)


def time_to_first_session(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Days from a need's publication to its first transfer day (first session of any pairing)."""
    now = moment(today)

    def transfer_days(*columns: ColumnElement) -> Select:
        return (select(*columns).select_from(PairingDay)
                .join(Pairing, Pairing.id == PairingDay.pairing_id)
                .join(Meeting, Meeting.id == PairingDay.session_id)
                .where(Meeting.kind == MeetingKind.TRANSFER_DAY))

    # A first day counts once held (``Meeting.held_by``); a need whose first day is still to come is said apart.
    first = (transfer_days(Pairing.need_id.label("need_id"), func.min(Meeting.starts_at).label("first_at"))
             .where(Meeting.held_by(now)).group_by(Pairing.need_id).subquery())
    to_come = db.session.scalar(
        select(func.count(Need.id)).join(Pole, Pole.id == Need.pole_id)
        .where(Need.id.in_(transfer_days(Pairing.need_id).where(Meeting.to_come_after(now))),
               Need.id.not_in(select(first.c.need_id)), pole_counted(), *_region_filter(region_code))) or 0
    delay = days_between(Need.created_at, first.c.first_at)
    bounds = [limit for _label, limit in DELAY_BUCKETS if limit is not None]
    bucket = case(*((delay < limit, index) for index, limit in enumerate(bounds)),
                  else_=len(bounds)).label("bucket")
    base = (select(bucket, func.count(Need.id), func.avg(delay))
            .select_from(first).join(Need, Need.id == first.c.need_id)
            .join(Pole, Pole.id == Need.pole_id)
            .where(pole_counted(), *_region_then_filter(region_code, first.c.first_at))
            .group_by(bucket))
    rows = {index: (count, average) for index, count, average in db.session.execute(base)}
    counts = tuple(int(rows.get(i, (0, 0))[0]) for i in range(len(DELAY_BUCKETS)))
    total = sum(counts)
    mean = (sum(float(rows[i][1]) * rows[i][0] for i in rows) / total) if total else 0.0
    labels = tuple(label for label, _limit in DELAY_BUCKETS)
    return Chart(
        key="delai-premiere-journee",
        title="Délai entre la publication d'un besoin et sa première journée de transfert" + _scope(region_code),
        kind=ChartKind.BAR,
        categories=labels,
        series=(Series("Besoins", counts),),
        category_label="Délai",
        unit="besoins",
        unit_one="besoin",
        description=((f"{count_fr(total, 'besoin a', 'besoins ont')} eu une première journée de transfert, "
                      f"en moyenne {count_fr(round(mean), 'jour')} après {plural(total, 'sa', 'leur')} publication." if total
                      else "Aucune journée de transfert tenue pour l'instant.")
                     + (f" {count_fr(to_come, 'autre besoin a sa', 'autres besoins ont leur')} première journée "
                        "à venir." if to_come else "")),
        empty_message="Aucune journée de transfert tenue pour l'instant.",
        notes=("Journée tenue (commencée, non annulée) ; un besoin compte une fois, à sa première journée. "
               "Les journées à venir ne comptent pas encore.", COUNTED_THEN),
    )


def experience_sheets_by_region(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Experience sheets published (what completed transfers handed back to the network), by the pole's
    region, beside the transfers completed there; the regional view shows its own region only."""
    # Each counted in the region its pole was in when it happened (``region_then``), as the yearly review does: the
    # region is read per row in a subquery, then grouped (a correlated read is not a GROUP BY key PostgreSQL takes).
    def by_region(ident: ColumnElement, when: ColumnElement, query: Select) -> dict[str, int]:
        rows = query.add_columns(ident.label("id"), region_then(when).label("region")).where(pole_counted()).subquery()
        return dict(db.session.execute(
            select(rows.c.region, func.count(rows.c.id)).where(*([rows.c.region == region_code] if region_code else []))
            .group_by(rows.c.region)).all())

    sheets = by_region(ExperienceSheet.id, ExperienceSheet.published_at, select().select_from(ExperienceSheet)
                       .join(Pairing, Pairing.id == ExperienceSheet.pairing_id).join(Need, Need.id == Pairing.need_id)
                       .join(Pole, Pole.id == Need.pole_id).where(ExperienceSheet.published_at.is_not(None)))
    completed = by_region(Pairing.id, Pairing.completed_at, select().select_from(Pairing)
                          .join(Need, Need.id == Pairing.need_id).join(Pole, Pole.id == Need.pole_id)
                          .where(Pairing.status == PairingStatus.COMPLETED))
    names = region_names()
    codes = [region_code] if region_code else list(names)
    codes = sorted(set(codes) | set(sheets) | set(completed),
                   key=lambda c: (-sheets.get(c, 0), -completed.get(c, 0), names.get(c, c)))
    total, done = sum(sheets.values()), sum(completed.values())
    return Chart(
        key="fiches-experience",
        title="Fiches d'expérience publiées et transferts terminés, par région" + _scope(region_code),
        kind=ChartKind.BAR,
        categories=tuple(codes),
        labels=tuple(names.get(c, c) for c in codes),
        series=(Series("Fiches d'expérience publiées", tuple(sheets.get(c, 0) for c in codes)),
                Series("Transferts terminés", tuple(completed.get(c, 0) for c in codes))),
        category_label="Région",
        unit="",
        description=(count_fr(total, "fiche d'expérience publiée", "fiches d'expérience publiées") + " pour "
                     + count_fr(done, "transfert terminé", "transferts terminés") + "." if total or done
                     else "Aucun transfert terminé pour l'instant."),
        header=("Région", "Fiches d'expérience publiées", "Transferts terminés"),
        rows=tuple((region_cell(c, names), sheets.get(c, 0), completed.get(c, 0)) for c in codes),
        empty_message="Aucun transfert terminé pour l'instant.",
        notes=("Région du pôle accompagné, à la publication de la fiche ou à la fin du transfert ; une fiche est "
               "publiée quand les deux parties du transfert l'ont accepté.", COUNTED_THEN),
    )
