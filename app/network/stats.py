"""Statistics for organisers: one function per chart, each returning a :class:`charts.Chart`.

Every figure is computed by the database (``GROUP BY`` aggregates), never by looping over
rows in Python; the functions take an optional ``region_code`` when the chart makes sense
for one region (the CRA views) and ``today`` for the monthly windows (tests).

To add a chart: write ``def my_chart(*, region_code=None, today=None) -> Chart`` and list it
in :data:`CHARTS` with its URL key; the statistics page, the CSV export and the regional
view pick it up. Charts whose models are not in the tree (lawyer-slot use) are not
listed — see :data:`MISSING_CHARTS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, extract, func, or_, select

from app.extensions import db
from app.network.services import STATUS_GROUPS, region_names
from app import refdata
from app.typography import count as count_fr, number
from charts import Chart, ChartKind, Series, month_keys, month_label
from models import (
    Booking, BookingStatus, CharterVersion, LearningVisit, LegalSlot, Need, NeedStatus, Offer, Pairing, PairingDay,
    PairingStatus, Pole, PoleEligibility, ResourcePerson,
    ScheduledSession, SessionKind, SessionStatus, VisitRegistration, VisitRegistrationStatus,
)
from models.associations import need_themes, offer_themes

#: Months shown by the charts over time (the current month included).
MONTHS_SHOWN = 24
NO_THEME = "(sans thème)"


# ------------------------------------------------------------------ SQL helpers


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def month_of(column: ColumnElement) -> ColumnElement:
    """``"YYYY-MM"`` of a datetime column, in SQL (SQLite and PostgreSQL)."""
    if _dialect() == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def days_between(start: ColumnElement, end: ColumnElement) -> ColumnElement:
    """``end - start`` in (fractional) days, in SQL."""
    if _dialect() == "postgresql":
        return func.extract("epoch", end - start) / 86400.0
    return func.julianday(end) - func.julianday(start)


def _shift_month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_window(today: date | None, *, ahead: int = 0) -> tuple[list[str], datetime, datetime]:
    """The months shown (``MONTHS_SHOWN`` up to this month, plus ``ahead`` future months),
    with the first instant of the window and the first instant after it."""
    today = today or date.today()
    start = _shift_month(today, -(MONTHS_SHOWN - 1))
    last = _shift_month(today, ahead)
    after = _shift_month(today, ahead + 1)
    return (month_keys(start, last), datetime(start.year, start.month, 1),
            datetime(after.year, after.month, 1))


def month_labels(keys: list[str]) -> tuple[str, ...]:
    return tuple(month_label(k) for k in keys)


def _region_filter(region_code: str | None) -> list[ColumnElement]:
    return [Pole.region_code == region_code] if region_code else []


def _scope(region_code: str | None) -> str:
    return f" — {region_names().get(region_code, region_code)}" if region_code else ""


# ------------------------------------------------------------------ needs


def needs_by_theme(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Needs still to serve per theme, beside the active offers of the whole network."""
    rows = db.session.execute(
        select(need_themes.c.theme_code, Need.status, func.count())
        .select_from(need_themes)
        .join(Need, Need.id == need_themes.c.need_id)
        .join(Pole, Pole.id == Need.pole_id)
        .where(*_region_filter(region_code))
        .group_by(need_themes.c.theme_code, Need.status)
    ).all()
    no_theme = db.session.execute(
        select(Need.status, func.count())
        .join(Pole, Pole.id == Need.pole_id)
        .where(~Need.themes.any(), *_region_filter(region_code))
        .group_by(Need.status)
    ).all()
    offers = dict(db.session.execute(
        select(offer_themes.c.theme_code, func.count())
        .select_from(offer_themes)
        .join(Offer, Offer.id == offer_themes.c.offer_id)
        .where(Offer.active.is_(True))
        .group_by(offer_themes.c.theme_code)
    ).all())
    labels = refdata.theme_labels()
    counts: dict[str, dict[NeedStatus, int]] = {code: {} for code in labels}
    for code, status, count in rows:
        counts.setdefault(code, {})[status] = count
    if no_theme:
        counts[NO_THEME] = {status: count for status, count in no_theme}

    def to_serve(code: str) -> int:
        return counts[code].get(NeedStatus.OPEN, 0) + counts[code].get(NeedStatus.IN_PROGRESS, 0)

    order = sorted(counts, key=lambda code: (-to_serve(code), -offers.get(code, 0),
                                             labels.get(code, code)))
    names = [labels.get(code, code) for code in order]
    return Chart(
        key="besoins-par-theme",
        title="Besoins à servir et offres actives par thème" + _scope(region_code),
        kind=ChartKind.BAR,
        categories=tuple(order),
        labels=tuple(names),
        series=(Series("Besoins ouverts ou en cours", tuple(to_serve(c) for c in order)),
                Series("Offres actives (tout le réseau)", tuple(offers.get(c, 0) for c in order))),
        category_label="Thème",
        unit="",
        description=_gap_sentence(names, [to_serve(c) for c in order], [offers.get(c, 0) for c in order]),
        header=("Code du thème", "Thème", "Ouverts", "En cours", "Clos", "Total des besoins",
                "Offres actives"),
        rows=tuple(
            (code, labels.get(code, code), counts[code].get(NeedStatus.OPEN, 0),
             counts[code].get(NeedStatus.IN_PROGRESS, 0), counts[code].get(NeedStatus.CLOSED, 0),
             sum(counts[code].values()), offers.get(code, 0))
            for code in order
        ),
        empty_message="Aucun besoin ni aucune offre pour l'instant.",
        notes=("Un besoin à plusieurs thèmes compte dans chacun de ses thèmes.",),
    )


def _gap_sentence(names: list[str], needs: list[int], offers: list[int]) -> str:
    if not any(needs) and not any(offers):
        return "Aucun besoin ni aucune offre pour l'instant."
    gaps = [(n - o, name) for name, n, o in zip(names, needs, offers) if n > o]
    text = f"{count_fr(sum(needs), 'besoin')} à servir (comptés par thème)."
    if gaps:
        worst = sorted(gaps, reverse=True)[:3]
        text += " Plus de besoins que d'offres surtout en : " + ", ".join(
            f"{name} (écart {gap})" for gap, name in worst) + "."
    return text


def needs_by_region(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Needs per region and status (the regional view shows its own region only)."""
    rows = db.session.execute(
        select(Pole.region_code, Need.status, func.count())
        .select_from(Need)
        .join(Pole, Pole.id == Need.pole_id)
        .where(*_region_filter(region_code))
        .group_by(Pole.region_code, Need.status)
    ).all()
    names = region_names()
    codes = [region_code] if region_code else sorted(names, key=lambda c: names[c])
    counts: dict[str, dict[NeedStatus, int]] = {code: {} for code in codes}
    for code, status, count in rows:
        counts.setdefault(code, {})[status] = count
    codes = sorted(counts, key=lambda c: (-sum(counts[c].values()), names.get(c, c)))
    statuses = list(NeedStatus)
    return Chart(
        key="besoins-par-region",
        title="Besoins par région et par statut" + _scope(region_code),
        kind=ChartKind.BAR,
        categories=tuple(codes),
        labels=tuple(names.get(c, c) for c in codes),
        series=tuple(Series(status.label, tuple(counts[c].get(status, 0) for c in codes))
                     for status in statuses),
        category_label="Région",
        unit="besoins",
        header=("Code région", "Région", *(s.label for s in statuses), "Total"),
        rows=tuple((c, names.get(c, c), *(counts[c].get(s, 0) for s in statuses),
                    sum(counts[c].values())) for c in codes),
        empty_message="Aucun besoin pour l'instant.",
    )


# ------------------------------------------------------------------ eligibility


def poles_by_eligibility(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Poles by what organisers verified: charter signatories (per version), AMI laureates, eligible.

    Eligible follows the one rule of ``app.eligibility.services.is_eligible`` (charter or AMI).
    """
    rows = db.session.execute(
        select(PoleEligibility.charter_version, PoleEligibility.ami_phase, func.count(Pole.id))
        .select_from(Pole).outerjoin(PoleEligibility, PoleEligibility.pole_id == Pole.id)
        .where(*_region_filter(region_code))
        .group_by(PoleEligibility.charter_version, PoleEligibility.ami_phase)
    ).all()
    total = sum(count for *_, count in rows)
    signatories = {version: sum(c for v, _, c in rows if v is version) for version in CharterVersion}
    laureates = {phase: sum(c for _, p, c in rows if p == phase) for phase in (1, 2)}
    eligible = sum(c for v, p, c in rows if v is not None or p is not None)
    figures = (
        ("charte", "Signataires de la Charte des PTCE", sum(signatories.values())),
        *((f"charte-{v.value}", f"dont {v.label.lower()}", signatories[v]) for v in CharterVersion),
        ("ami-1", "Lauréats de l'AMI PTCE phase 1 (sans la phase 2)", laureates[1]),
        ("ami-2", "Lauréats de l'AMI PTCE phase 2", laureates[2]),
        ("eligibles", "Éligibles au dispositif (charte ou AMI)", eligible),
        ("non-eligibles", "Ni signataires ni lauréats", total - eligible),
    )
    return Chart(
        key="poles-par-eligibilite",
        title="Pôles signataires de la charte et lauréats de l'AMI PTCE" + _scope(region_code),
        kind=ChartKind.BAR,
        categories=tuple(key for key, _, _ in figures),
        labels=tuple(label for _, label, _ in figures),
        series=(Series("Pôles", tuple(count for _, _, count in figures)),),
        category_label="Situation vérifiée",
        unit="pôles",
        header=("Code", "Situation vérifiée par l'équipe d'animation", "Pôles"),
        rows=tuple(figures),
        empty_message="Aucun pôle pour l'instant.",
    )


# ----------------------------------------------------------- resource persons


#: Pairings that count against a resource person's yearly capacity (as in app/transfers):
#: those that occupy the person now, and those completed during the year.
BUSY_STATUSES = (PairingStatus.VALIDATED, PairingStatus.ACCEPTED, PairingStatus.PLANNED,
                 PairingStatus.IN_PROGRESS)


def _load_per_person(year: int):  # noqa: ANN202 - a subquery
    """Subquery: resource person id → transfers counted against this year's capacity."""
    return (
        select(Pairing.resource_person_id.label("person_id"), func.count(Pairing.id).label("load"))
        .where(or_(Pairing.status.in_(BUSY_STATUSES),
                   and_(Pairing.status == PairingStatus.COMPLETED,
                        extract("year", Pairing.completed_at) == year)))
        .group_by(Pairing.resource_person_id)
        .subquery()
    )


def resource_capacity_by_region(*, region_code: str | None = None,
                                today: date | None = None) -> Chart:
    """Yearly transfer capacity of the resource persons per region, and how much is taken."""
    year = (today or date.today()).year
    load = _load_per_person(year)
    rows = db.session.execute(
        select(ResourcePerson.region_code, func.count(ResourcePerson.id),
               func.coalesce(func.sum(ResourcePerson.yearly_capacity), 0),
               func.coalesce(func.sum(load.c.load), 0))
        .outerjoin(load, load.c.person_id == ResourcePerson.id)
        .where(*([ResourcePerson.region_code == region_code] if region_code else []))
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
        header=("Code région", "Région", "Personnes ressources", "Transferts possibles par an",
                f"Transferts engagés en {year}"),
        rows=tuple((c, names.get(c, c), *data[c]) for c in codes),
        empty_message="Aucune personne ressource pour l'instant.",
        notes=("Engagés : transferts validés, acceptés, planifiés ou en cours, et ceux terminés dans l'année.",),
    )


LOAD_BUCKETS = ("Aucun transfert", "Sous sa capacité", "À sa capacité", "Au-delà de sa capacité")


def resource_load(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Resource persons by how full their year is (transfers engaged against their capacity)."""
    year = (today or date.today()).year
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
        .where(*([ResourcePerson.region_code == region_code] if region_code else []))
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
        description=(f"{count_fr(total, 'personne ressource', 'personnes ressources')} : {number(counts[0])} "
                     f"sans transfert, {number(full)} à leur capacité ou au-delà." if total
                     else "Aucune personne ressource pour l'instant."),
        empty_message="Aucune personne ressource pour l'instant.",
    )


# ----------------------------------------------------------------- pairings


def pairings_by_status(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Pairings per month of creation, stacked by where they stand now (grouped statuses)."""
    keys, start, end = _month_window(today)
    month = month_of(Pairing.created_at)
    query = (select(month, Pairing.status, func.count(Pairing.id))
             .where(Pairing.created_at >= start, Pairing.created_at < end)
             .group_by(month, Pairing.status))
    if region_code:
        query = query.join(Need, Need.id == Pairing.need_id).join(Pole, Pole.id == Need.pole_id) \
            .where(Pole.region_code == region_code)
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
        header=("Mois", *(s.label for s in statuses), "Total"),
        rows=tuple((k, *(counts.get((k, s), 0) for s in statuses),
                    sum(counts.get((k, s), 0) for s in statuses)) for k in keys),
        empty_message="Aucun appariement sur la période.",
        notes=("Les suggestions du moteur qui n'ont pas été reprises ne sont pas dessinées "
               "(elles figurent dans le tableau et le CSV).",),
    )


DELAY_BUCKETS: tuple[tuple[str, float | None], ...] = (
    ("Moins de 30 jours", 30), ("30 à 59 jours", 60), ("60 à 89 jours", 90),
    ("90 à 179 jours", 180), ("180 jours ou plus", None),
)


def time_to_first_session(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Days from a need's publication to its first transfer day (first session of any pairing)."""
    first = (
        select(Pairing.need_id.label("need_id"), func.min(ScheduledSession.starts_at).label("first_at"))
        .select_from(PairingDay)
        .join(Pairing, Pairing.id == PairingDay.pairing_id)
        .join(ScheduledSession, ScheduledSession.id == PairingDay.session_id)
        .where(ScheduledSession.kind == SessionKind.TRANSFER_DAY,
               ScheduledSession.status != SessionStatus.CANCELLED)
        .group_by(Pairing.need_id)
        .subquery()
    )
    delay = days_between(Need.created_at, first.c.first_at)
    bounds = [limit for _label, limit in DELAY_BUCKETS if limit is not None]
    bucket = case(*((delay < limit, index) for index, limit in enumerate(bounds)),
                  else_=len(bounds)).label("bucket")
    base = (select(bucket, func.count(Need.id), func.avg(delay))
            .select_from(first).join(Need, Need.id == first.c.need_id)
            .join(Pole, Pole.id == Need.pole_id)
            .where(*_region_filter(region_code))
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
        description=(f"{count_fr(total, 'besoin a', 'besoins ont')} eu une première journée de transfert, "
                     f"en moyenne {count_fr(round(mean), 'jour')} après leur publication." if total
                     else "Aucune journée de transfert planifiée pour l'instant."),
        empty_message="Aucune journée de transfert planifiée pour l'instant.",
        notes=("Journée planifiée (passée ou à venir), non annulée ; un besoin compte une fois, "
               "à sa première journée.",),
    )


# ------------------------------------------------------------------ visits


#: Months after the current one shown for learning visits (they are planned ahead).
VISIT_MONTHS_AHEAD = 6
#: Juri-PTCE slots are generated a few months ahead (LEGAL_SLOT_MONTHS_AHEAD).
SLOT_MONTHS_AHEAD = 3


def visits_by_month(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Learning visits per month of their first day: places offered, poles registered, waitlisted."""
    keys, start, end = _month_window(today, ahead=VISIT_MONTHS_AHEAD)
    month = month_of(LearningVisit.start_date)
    in_window = [LearningVisit.start_date >= start.date(), LearningVisit.start_date < end.date(),
                 *_region_filter(region_code)]
    visits = {
        key: (count, int(capacity or 0))
        for key, count, capacity in db.session.execute(
            select(month, func.count(LearningVisit.id), func.sum(LearningVisit.capacity))
            .join(Pole, Pole.id == LearningVisit.host_pole_id)
            .where(*in_window).group_by(month)
        )
    }
    registrations: dict[tuple[str, VisitRegistrationStatus], int] = {
        (key, status): count
        for key, status, count in db.session.execute(
            select(month, VisitRegistration.status, func.count(VisitRegistration.id))
            .select_from(VisitRegistration)
            .join(LearningVisit, LearningVisit.id == VisitRegistration.visit_id)
            .join(Pole, Pole.id == LearningVisit.host_pole_id)
            .where(*in_window).group_by(month, VisitRegistration.status)
        )
    }
    registered = tuple(registrations.get((k, VisitRegistrationStatus.REGISTERED), 0) for k in keys)
    waitlisted = tuple(registrations.get((k, VisitRegistrationStatus.WAITLISTED), 0) for k in keys)
    offered = tuple(visits.get(k, (0, 0))[1] for k in keys)
    total_offered, total_registered = sum(offered), sum(registered)
    use = f" ({round(100 * total_registered / total_offered)} % des places)" if total_offered else ""
    return Chart(
        key="visites-par-mois",
        title="Visites apprenantes : places offertes et pôles inscrits par mois" + _scope(region_code),
        kind=ChartKind.LINE,
        categories=tuple(keys),
        labels=month_labels(keys),
        series=(Series("Places offertes", offered), Series("Pôles inscrits", registered),
                Series("Pôles en liste d'attente", waitlisted)),
        category_label="Mois",
        unit="places",
        description=(f"{count_fr(sum(v[0] for v in visits.values()), 'visite')} de {month_label(keys[0])} à "
                     f"{month_label(keys[-1])} : {count_fr(total_offered, 'place offerte', 'places offertes')}, "
                     f"{count_fr(total_registered, 'pôle inscrit', 'pôles inscrits')}{use}, "
                     f"{number(sum(waitlisted))} en liste d'attente."),
        header=("Mois", "Visites", "Places offertes", "Pôles inscrits", "En liste d'attente",
                "Invités sans réponse", "Ont décliné"),
        rows=tuple(
            (k, visits.get(k, (0, 0))[0], visits.get(k, (0, 0))[1],
             *(registrations.get((k, status), 0) for status in (
                 VisitRegistrationStatus.REGISTERED, VisitRegistrationStatus.WAITLISTED,
                 VisitRegistrationStatus.INVITED, VisitRegistrationStatus.DECLINED)))
            for k in keys
        ),
        empty_message="Aucune visite apprenante sur la période.",
    )


def lawyer_slot_use(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Juri-PTCE slots per month: slots offered, booked, and people waiting for a freed slot."""
    keys, start, end = _month_window(today, ahead=SLOT_MONTHS_AHEAD)
    month = month_of(LegalSlot.starts_at)
    in_window = [LegalSlot.starts_at >= start, LegalSlot.starts_at < end]
    slots = dict(db.session.execute(
        select(month, func.count(LegalSlot.id)).where(*in_window).group_by(month)).all())
    bookings: dict[tuple[str, BookingStatus], int] = {
        (key, status): count
        for key, status, count in db.session.execute(
            select(month, Booking.status, func.count(Booking.id))
            .select_from(Booking).join(LegalSlot, LegalSlot.id == Booking.slot_id)
            .where(*in_window).group_by(month, Booking.status))
    }
    offered = tuple(slots.get(k, 0) for k in keys)
    booked = tuple(bookings.get((k, BookingStatus.CONFIRMED), 0) for k in keys)
    waiting = tuple(bookings.get((k, BookingStatus.WAITLISTED), 0) + bookings.get((k, BookingStatus.OFFERED), 0)
                    for k in keys)
    use = f" ({round(100 * sum(booked) / sum(offered))} % des créneaux)" if sum(offered) else ""
    return Chart(
        key="creneaux-juri-ptce",
        title="Créneaux Juri-PTCE : offerts, réservés et demandes en attente par mois",
        kind=ChartKind.LINE,
        categories=tuple(keys),
        labels=month_labels(keys),
        series=(Series("Créneaux offerts", offered), Series("Créneaux réservés", booked),
                Series("Personnes en liste d'attente", waiting)),
        category_label="Mois",
        unit="créneaux",
        description=(f"De {month_label(keys[0])} à {month_label(keys[-1])} : "
                     f"{count_fr(sum(offered), 'créneau offert', 'créneaux offerts')}, "
                     f"{count_fr(sum(booked), 'réservé')}{use}, "
                     f"{count_fr(sum(waiting), 'demande')} en liste d'attente."),
        header=("Mois", "Créneaux offerts", "Réservés", "En liste d'attente", "Annulés"),
        rows=tuple((k, slots.get(k, 0), bookings.get((k, BookingStatus.CONFIRMED), 0), waiting[i],
                    bookings.get((k, BookingStatus.CANCELLED), 0)) for i, k in enumerate(keys)),
        empty_message="Aucun créneau Juri-PTCE sur la période.",
    )


# ------------------------------------------------------------------ registry


@dataclass(frozen=True)
class ChartSpec:
    key: str
    build: Callable[..., Chart]
    #: Shown in the regional view too (scoped to the region).
    regional: bool = True


CHARTS: dict[str, ChartSpec] = {
    spec.key: spec
    for spec in (
        ChartSpec("besoins-par-theme", needs_by_theme),
        ChartSpec("poles-par-eligibilite", poles_by_eligibility),
        ChartSpec("besoins-par-region", needs_by_region, regional=False),
        ChartSpec("appariements-par-statut", pairings_by_status),
        ChartSpec("delai-premiere-journee", time_to_first_session),
        ChartSpec("capacite-personnes-ressources", resource_capacity_by_region, regional=False),
        ChartSpec("charge-personnes-ressources", resource_load),
        ChartSpec("visites-par-mois", visits_by_month),
        ChartSpec("creneaux-juri-ptce", lawyer_slot_use, regional=False),
    )
}

#: Charts asked for in issue 8 whose data does not exist in this tree yet.
MISSING_CHARTS: tuple[str, ...] = ()


def build_chart(key: str, *, region_code: str | None = None, today: date | None = None) -> Chart:
    """One chart by its URL key; ``KeyError`` if unknown."""
    return CHARTS[key].build(region_code=region_code, today=today)


def build_charts(*, region_code: str | None = None, today: date | None = None) -> list[Chart]:
    """Every chart of the statistics page, or the regional ones for ``region_code``."""
    return [spec.build(region_code=region_code, today=today) for spec in CHARTS.values()
            if region_code is None or spec.regional]
