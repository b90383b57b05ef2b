"""Lists, follow-up and exports of the pairings: a user's pairings, the organisers' filtered list and
its breakdown, the needs without a good match, the CSV files."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.base import ExecutableOption

from app.access.policy import is_organiser
from app.access.scopes import feedback_in_scope, need_in_scope, pairing_in_scope, pairing_of_party
from app.csv_export import csv_text
from app.extensions import db
from app.pagination import Paged
from app.refdata import NO_THEME, theme_labels
from app.resources.validation import listed
from app.scheduling.wall_clock import month_bounds
from app.templating import local_day, viewer_timezone
from app.typography import alphabetical
from app.transfers.parties import allowed_steps
from app.transfers.status_words import counted_label, status_words
from app.transfers.states import AWAITING, OPEN_STATUSES, TRANSFER_NEED_KINDS, S, TransferError
from charts import month_label
from models import (
    Need, NeedStatus, Pairing, PairingDay, PairingFeedback, PairingStatus, Pole, ResourcePerson, User, utcnow,
)


def _pairing_query():  # noqa: ANN202
    return select(Pairing).options(
        joinedload(Pairing.need).joinedload(Need.pole).joinedload(Pole.region),
        joinedload(Pairing.need).selectinload(Need.themes),
        joinedload(Pairing.resource_person).joinedload(ResourcePerson.user),
        joinedload(Pairing.resource_person).joinedload(ResourcePerson.region),
        selectinload(Pairing.days).joinedload(PairingDay.session),
    )


@dataclass(frozen=True)
class MyTransfers:
    """« Mes transferts »: those waiting for the viewer's answer (oldest first), then the others."""

    awaiting_me: list[Pairing]
    others: list[Pairing]


def awaits(pairing: Pairing, user: User) -> bool:
    """Is ``pairing`` waiting for ``user``'s answer: a pole's request to validate (an organiser of its
    region), a proposal to accept or decline (the resource person)?"""
    return pairing.status in AWAITING and any(to not in (S.CANCELLED, S.EXPIRED) for to in allowed_steps(pairing, user))


def my_transfers(user: User, *, open_only: bool = False) -> MyTransfers:
    """The pairings ``user`` takes part in (``app.access.scopes.pairing_of_party``): their pole's, their own,
    and for an organiser the open ones of the regions it sees (closed ones are in the follow-up).
    ``open_only``: the open ones for everyone (« Mon espace »)."""
    query = _pairing_query().where(_my_pairings(user, open_only=open_only))
    pairings = list(db.session.scalars(query.order_by(*_MINE_ORDER)).unique())
    awaiting = [p for p in pairings if awaits(p, user)]
    waiting_ids = {p.id for p in awaiting}
    return MyTransfers(awaiting_me=awaiting[::-1], others=[p for p in pairings if p.id not in waiting_ids])


#: « Mes transferts »: the latest step first.
_MINE_ORDER = (Pairing.status_changed_at.desc(), Pairing.id.desc())


def _my_pairings(user: User, *, open_only: bool = False) -> ColumnElement[bool]:
    if open_only or is_organiser(user):
        return and_(pairing_of_party(user), Pairing.status.in_(OPEN_STATUSES))
    return pairing_of_party(user)


def my_transfers_paged(user: User, page: Callable[[Sequence[int]], Paged[int]],
                       waiting_page: Callable[[Sequence[int]], Paged[int]]) -> tuple[Paged[Pairing], Paged[Pairing]]:
    """``my_transfers(user)``, each list cut into pages (``app.pagination.paginate``): what waits for the user's
    answer (oldest first) by ``waiting_page``, the others by ``page``; only the pages' pairings are read whole.

    An organiser answers the requests (``answering_side``) of every region it sees, and only them: four hundred
    wait at national scale, chosen here by their status alone. Anyone else has a few, read whole to ask ``awaits``.
    """
    rows = db.session.execute(select(Pairing.id, Pairing.status).where(_my_pairings(user)).order_by(*_MINE_ORDER)).all()
    if is_organiser(user):
        waiting_ids = [pairing_id for pairing_id, status in reversed(rows) if status is S.REQUESTED]
    else:
        candidates = [pairing_id for pairing_id, status in reversed(rows) if status in AWAITING]
        waiting_ids = [p.id for p in read_whole(candidates) if awaits(p, user)]
    waiting = waiting_page(waiting_ids)
    waited = set(waiting_ids)
    others = page([pairing_id for pairing_id, _ in rows if pairing_id not in waited])
    return replace(waiting, items=read_whole(waiting.items)), replace(others, items=read_whole(others.items))


def read_whole(ids: Sequence[int], *options: ExecutableOption) -> list[Pairing]:
    """The pairings ``ids`` with all a table shows of them (and what ``options`` load besides), in this order."""
    if not ids:
        return []
    query = _pairing_query().where(Pairing.id.in_(ids)).options(*options)
    loaded = {p.id: p for p in db.session.scalars(query).unique()}
    return [loaded[i] for i in ids]


_VALIDATION = ", en attente de validation par l'équipe d'animation"
#: What a pole reads of its need while transfers wait: which transfers, then the words for one and for several
#: (around the resource persons' names).
_WAITING_FOR: tuple[tuple[Callable[[Pairing], bool], tuple[str, str], tuple[str, str]], ...] = (
    (lambda p: p.status is S.REQUESTED and not p.offered_by_person,
     ("transfert demandé à", _VALIDATION), ("transferts demandés à", _VALIDATION)),
    (lambda p: p.status is S.REQUESTED and p.offered_by_person,
     ("aide proposée par", _VALIDATION), ("aides proposées par", _VALIDATION)),
    (lambda p: p.status is S.VALIDATED and not p.offered_by_person,
     ("demande validée, transmise à", " : en attente de sa réponse"),
     ("demandes validées, transmises à", " : en attente de leurs réponses")),
    (lambda p: p.status is S.VALIDATED and p.offered_by_person,  # the pole answers (``states.answering_side``)
     ("aide proposée par", ", validée : à vous de l'accepter ou de la décliner"),
     ("aides proposées par", ", validées : à vous de les accepter ou de les décliner")),
    (lambda p: p.status is S.PROPOSED, ("transfert proposé à", ", en attente de sa réponse"),
     ("transferts proposés à", ", en attente de leurs réponses")),
)


def _names(names: list[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"


def need_progress(pairings: Iterable[Pairing]) -> dict[int, str]:
    """For each need among ``pairings``, what its waiting transfers say to its pole (a need stays « Ouvert »
    until a resource person accepts): « Transferts demandés à A et B, en attente de validation par l'équipe
    d'animation ; demande validée, transmise à C : en attente de sa réponse ». Needs with nothing waiting
    are left out."""
    by_need: dict[int, list[Pairing]] = {}
    for pairing in pairings:
        by_need.setdefault(pairing.need_id, []).append(pairing)
    progress: dict[int, str] = {}
    for need_id, rows in by_need.items():
        parts = []
        for waiting, one, several in _WAITING_FOR:
            names = [p.resource_person_name for p in sorted(rows, key=lambda p: p.id) if waiting(p)]
            if names:
                before, after = one if len(names) == 1 else several
                parts.append(f"{before} {_names(names)}{after}")
        if parts:
            text = " ; ".join(parts)
            progress[need_id] = text[0].upper() + text[1:]
    return progress


def all_pairings(*, status: str = "", region: str = "", theme: str = "", month: str = "",
                 viewer: User | None = None) -> list[Pairing]:
    """Every pairing ``viewer`` may see (all without a viewer) for the organisers' follow-up, filtered
    (month is ``YYYY-MM`` of creation)."""
    query = filtered_pairings(_pairing_query(), status=status, region=region, theme=theme, month=month, viewer=viewer)
    return list(db.session.scalars(query.order_by(Pairing.created_at.desc(), Pairing.id)).unique())


def filtered_pairings(query: Select, *, status: str = "", region: str = "", theme: str = "", month: str = "",
                      viewer: User | None = None) -> Select:
    """``query`` (of pairings) narrowed to those ``viewer`` may see and the follow-up's filters keep."""
    if viewer is not None:
        query = query.where(pairing_in_scope(viewer))
    if status:
        query = query.where(Pairing.status == PairingStatus(status))
    if region:
        query = query.where(Pairing.need.has(Need.pole.has(Pole.region_code == region)))
    if theme:
        from models import Theme

        query = query.where(Pairing.need.has(Need.themes.any(Theme.code == theme)))
    if month:
        try:
            typed = datetime.strptime(month, "%Y-%m")
        except ValueError:
            raise TransferError("Mois attendu au format AAAA-MM.") from None
        # The month in Paris, as ``breakdown`` counts it: a pairing of 23 h 30 UTC on 31 December is January's.
        start, end = month_bounds(typed.year, typed.month)
        query = query.where(Pairing.created_at >= start, Pairing.created_at < end)
    return query


def requested_pairings(*, viewer: User | None = None) -> list[Pairing]:
    """The requests waiting for the organisers, oldest first; with each pole's eligibility, which the console warns
    of beside every request (read one pole at a time, two hundred queries at national scale)."""
    query = _pairing_query().where(Pairing.status == S.REQUESTED).options(
        joinedload(Pairing.need).joinedload(Need.pole).joinedload(Pole.eligibility))
    if viewer is not None:
        query = query.where(pairing_in_scope(viewer))
    return list(db.session.scalars(query.order_by(Pairing.created_at)).unique())


def requested_paged(page: Callable[[Sequence[int]], Paged[int]], *, viewer: User | None = None) -> Paged[Pairing]:
    """``requested_pairings`` cut by ``page`` (``app.pagination.paginate``), only the page's read whole: four hundred
    requests wait at national scale, and the console gave each its two forms on one page of 1.4 MB."""
    query = select(Pairing.id).where(Pairing.status == S.REQUESTED)
    if viewer is not None:
        query = query.where(pairing_in_scope(viewer))
    paged = page(list(db.session.scalars(query.order_by(Pairing.created_at, Pairing.id))))
    return replace(paged, items=read_whole(paged.items, joinedload(Pairing.need).joinedload(Need.pole)
                                           .joinedload(Pole.eligibility)))


@dataclass(frozen=True)
class Breakdown:
    by_status: list[tuple[str, int]]
    by_region: list[tuple[str, int]]
    by_theme: list[tuple[str, int]]
    by_month: list[tuple[str, int]]


def breakdown(pairings: Iterable[Pairing]) -> Breakdown:
    """Counts of pairings by status, region of the pole, theme of the need and month of creation."""
    rows = [(p.status, p.need.pole.region.name, [t.code for t in p.need.themes or []], p.created_at) for p in pairings]
    return count_breakdown(rows, zone=viewer_timezone() if rows else "Europe/Paris")


def count_breakdown(pairings: Iterable[tuple[PairingStatus, str, Sequence[str], datetime]], *, zone: str,
                    ) -> Breakdown:
    """``breakdown`` of pairings given as (status, region name, theme codes, creation), months read in ``zone``."""
    labels = theme_labels()
    statuses: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    months: Counter[str] = Counter()
    without_theme = 0
    for status, region, codes, created_at in pairings:
        statuses[counted_label(status)] += 1
        regions[region] += 1
        for code in codes:
            themes[labels.get(code, code)] += 1
        if not codes:
            without_theme += 1
        months[f"{local_day(created_at, zone):%Y-%m}"] += 1
    order = {counted_label(s): i for i, s in enumerate(PairingStatus)}
    return Breakdown(
        by_status=sorted(statuses.items(), key=lambda kv: order[kv[0]]),
        by_region=sorted(regions.items(), key=lambda kv: (-kv[1], alphabetical(kv[0]))),
        # The needs without a theme are no theme: after the themes, never ranked among them.
        by_theme=[*sorted(themes.items(), key=lambda kv: (-kv[1], alphabetical(kv[0]))),
                  *([(NO_THEME, without_theme)] if without_theme else [])],
        by_month=[(month_label(key), n) for key, n in sorted(months.items())],
    )


@dataclass(frozen=True)
class Gap:
    need: Need
    best_score: float | None


def needs_without_good_match(*, threshold: float, viewer: User | None = None,
                             ) -> tuple[list[Gap], list[tuple[str, int]], list[tuple[str, int]]]:
    """Open transfer needs whose best resource person scores below ``threshold``, by theme and region.

    Guides the recruitment of new resource persons. Capacity is ignored here (a full person is
    still a good match, just busy): only the same-pole rule holds.
    """
    need_ids = list(db.session.scalars(
        select(Need.id).where(Need.status == NeedStatus.OPEN, Need.kind.in_(TRANSFER_NEED_KINDS),
                              *([need_in_scope(viewer)] if viewer is not None else [])).order_by(Need.id)))
    gaps = gaps_among(need_ids, threshold)
    return (gaps, *gap_counts(gaps))


def gaps_among(need_ids: Sequence[int], threshold: float) -> list[Gap]:
    """The needs of ``need_ids`` (in this order) whose best resource person scores below ``threshold``."""
    import numpy as np

    from app.suggestions.services import affinity_matrix

    needs = list(db.session.scalars(
        select(Need).where(Need.id.in_(need_ids))
        .options(selectinload(Need.themes), joinedload(Need.pole).joinedload(Pole.region)).order_by(Need.id)))
    people = list(db.session.scalars(select(ResourcePerson).where(listed()).order_by(ResourcePerson.id)))
    gaps: list[Gap] = []
    if needs:
        matrix = affinity_matrix(needs, people) if people else np.full((len(needs), 0), -np.inf)
        best = matrix.max(axis=1) if matrix.shape[1] else np.full(len(needs), -np.inf)
        for need, score in zip(needs, best, strict=True):
            if not np.isfinite(score) or score < threshold:
                gaps.append(Gap(need=need, best_score=float(score) if np.isfinite(score) else None))
    return gaps


def gap_counts(gaps: Iterable[Gap]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """How many of ``gaps`` by theme and by region, most first."""
    labels = theme_labels()
    themes: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    for gap in gaps:
        regions[gap.need.pole.region.name] += 1
        for t in gap.need.themes or []:
            themes[labels.get(t.code, t.code)] += 1
    return (sorted(themes.items(), key=lambda kv: (-kv[1], kv[0])),
            sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])))


def pairings_csv(pairings: Iterable[Pairing], *, now: datetime | None = None) -> str:
    """Pairings as CSV (semicolons, UTF-8 with BOM, decimal commas: opens as is in French spreadsheets).

    Themes by their label (« · » between them: labels hold commas); the transfer days held by ``now``
    (``Meeting.held_by``) apart from those to come — a planned day is not a day spent.
    """
    now = now or utcnow()
    labels = theme_labels()
    return csv_text(
        ["id", "statut", "besoin", "pôle", "région", "thèmes", "personne ressource", "score",
         "créé le", "changé le", "terminé le", "journées tenues", "journées à venir"],
        ([p.id, status_words(p), p.need.title, p.need.pole.name, p.need.pole.region.name,
          " · ".join(labels.get(t.code, t.code) for t in p.need.themes) or NO_THEME, p.resource_person_name,
          None if p.score is None else round(p.score, 3), local_day(p.created_at),
          local_day(p.status_changed_at), local_day(p.completed_at) if p.completed_at else None,
          sum(day.session.held_by(now) for day in p.days),
          sum(day.session.to_come_after(now) for day in p.days)] for p in pairings))


def all_feedback(*, viewer: User | None = None, of: Iterable[Pairing] | None = None,
                 of_ids: Iterable[int] | Select | None = None) -> list[PairingFeedback]:
    """The feedback ``viewer`` may see; with ``of`` (or their ids, ``of_ids``: a list or a query), only that of these
    pairings (the follow-up's filtered list, so its « Retours » never speak of transfers the filters left out)."""
    conditions = [feedback_in_scope(viewer)] if viewer is not None else []
    if of is not None:
        of_ids = [pairing.id for pairing in of]
    if of_ids is not None:
        conditions.append(PairingFeedback.pairing_id.in_(of_ids if isinstance(of_ids, Select) else list(of_ids)))
    return list(db.session.scalars(
        select(PairingFeedback).where(*conditions).options(
            joinedload(PairingFeedback.pairing).joinedload(Pairing.need).joinedload(Need.pole),
            joinedload(PairingFeedback.pairing).joinedload(Pairing.resource_person).joinedload(ResourcePerson.user),
            joinedload(PairingFeedback.author))
        .order_by(PairingFeedback.created_at.desc())))


def feedback_csv(feedback: Iterable[PairingFeedback]) -> str:
    return csv_text(
        ["transfert", "besoin", "pôle", "personne ressource", "côté", "auteur·rice", "note",
         "ce qui a été transmis", "commentaire", "date"],
        ([f.pairing_id, f.pairing.need.title, f.pairing.need.pole.name,
          f.pairing.resource_person_name, f.side.label,
          f.author.display_name if f.author else "", f.rating, f.transferred, f.comment,
          local_day(f.created_at)] for f in feedback))
