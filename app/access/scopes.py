"""The access policy as SQL conditions, to put inside the queries of the organiser pages.

Each ``*_in_scope`` function returns a boolean clause for ``.where(...)``: ``true()`` for national
organisers and administrators, a region condition for a regional cell (CRA), ``false()`` for anyone
else (organiser pages never list named rows to other roles). ``pairing_of_party`` is the list form
of who takes part in a transfer (« Mes transferts »). The decisions are those of
``app.access.policy``; a page applies them in its query, never by filtering rows afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from app.access import policy
from models import (
    BatchRun, BatchRunPair, CollectiveSession, LearningVisit, Need, Pairing, PairingFeedback, Pole, ResourcePerson, Role,
    ValidationStatus, VisitHostProposal, VisitRegistration,
)


def _scoped(user: Any, in_region: Callable[[str], ColumnElement[bool]]) -> ColumnElement[bool]:
    """``true()`` for national organisers and administrators, ``in_region(region)`` for a CRA,
    ``false()`` for anyone else: the one rule every ``*_in_scope`` applies to its own rows."""
    if not policy.is_organiser(user):
        return false()
    region = policy.organiser_region(user)
    return true() if region is None else in_region(region)


def pole_in_scope(user: Any) -> ColumnElement[bool]:
    return _scoped(user, lambda region: Pole.region_code == region)


def pole_named_to(user: Any) -> ColumnElement[bool]:
    """The poles a list, search, map or suggestion shown to ``user`` may name: ``policy.pole_sight`` in SQL
    (listed poles, the viewer's own, an organiser's unlisted ones of the regions it sees)."""
    sight = policy.pole_sight(user)
    if sight.every_region:
        return true()
    beyond = []
    if sight.own_pole_id is not None:
        beyond.append(Pole.id == sight.own_pole_id)
    if sight.region is not None:
        beyond.append(Pole.region_code == sight.region)
    return or_(Pole.listed, *beyond)


def pole_participation_listed_to(user: Any) -> ColumnElement[bool]:
    """The poles whose participation in collective sessions (which sessions, how many of their people) a review lists
    by name to ``user``: ``policy.may_see_pole_participation`` for the organisers — a CRA its own region's poles
    only, national organisers every region's; no one else. Other poles count only in aggregates."""
    return _scoped(user, lambda region: Pole.region_code == region)


def pole_counted() -> ColumnElement[bool]:
    """The poles public figures and statistics count: ``policy.counted_in_figures`` in SQL (confirmed ones)."""
    return Pole.confirmed_at.is_not(None)


def resource_person_counted() -> ColumnElement[bool]:
    """The resource persons (and their offers) every figure counts — the home page, the statistics, a region's
    page: those the directory lists, validated by an organiser (the condition of ``app.resources.validation.listed``).
    A pending or refused profile is seen by no one, so no figure counts it either."""
    return ResourcePerson.validation_status == ValidationStatus.VALIDATED


def unvalidated_person_in_scope(user: Any) -> ColumnElement[bool]:
    """The resource persons not validated (pending, refused) an organiser page lists to ``user``:
    ``policy.may_decide_person`` in SQL (a CRA its own region's, national organisers every one)."""
    return _scoped(user, lambda region: ResourcePerson.region_code == region)


def of_counted_pole(pole_id: ColumnElement[int | None]) -> ColumnElement[bool]:
    """A row that belongs to a pole (a transfer's need, a visit registration, a consultation, a registration to a
    session; ``pole_id`` its pole column) and that figures count: its pole is counted (``pole_counted``). A row with
    no pole (a person's own, or one whose pole was deleted since) belongs to no pole awaiting confirmation: it counts."""
    return or_(pole_id.is_(None), pole_id.in_(select(Pole.id).where(pole_counted())))


def pole_suggested_to(user: Any) -> ColumnElement[bool]:
    """The poles a suggestion shown to ``user`` may put forward: named to them and members of the network
    (a pole not yet confirmed is not suggested as a host, a peer or an invitee, even to organisers)."""
    return and_(pole_named_to(user), pole_counted())


def _pole_ids(region: str):  # noqa: ANN202
    return select(Pole.id).where(Pole.region_code == region)


def _need_ids(region: str):  # noqa: ANN202
    return select(Need.id).where(Need.pole_id.in_(_pole_ids(region)))


def need_in_scope(user: Any) -> ColumnElement[bool]:
    return _scoped(user, lambda region: Need.pole_id.in_(_pole_ids(region)))


def pairing_in_scope(user: Any) -> ColumnElement[bool]:
    return _scoped(user, lambda region: Pairing.need_id.in_(_need_ids(region)))


def pairing_of_party(user: Any) -> ColumnElement[bool]:
    """The pairings ``user`` has a side in, as ``app.transfers.parties.sides_of`` decides for one: their
    pole's (facilitator), their own (resource person), and for an organiser those of the regions it
    sees (a CRA: its region's poles, the transfers whose requests it validates)."""
    if not policy.is_signed_in(user):
        return false()
    sides = [Pairing.resource_person_id.in_(select(ResourcePerson.id).where(ResourcePerson.user_id == user.id))]
    if policy.is_organiser(user):
        sides.append(pairing_in_scope(user))
    if user.role is Role.FACILITATOR and user.pole_id is not None:
        sides.append(Pairing.need_id.in_(select(Need.id).where(Need.pole_id == user.pole_id)))
    return or_(*sides)


def collective_session_run_by(user: Any) -> ColumnElement[bool]:
    """The collective sessions ``user`` runs (``app.agenda.audience.may_run``): every one for national organisers,
    those of its region for a CRA (a national session, with no region, is run nationally)."""
    return _scoped(user, lambda region: CollectiveSession.region_code == region)


def feedback_in_scope(user: Any) -> ColumnElement[bool]:
    return _scoped(user, lambda region: PairingFeedback.pairing_id.in_(
        select(Pairing.id).where(Pairing.need_id.in_(_need_ids(region)))))


def batch_pair_in_scope(user: Any) -> ColumnElement[bool]:
    return _scoped(user, lambda region: BatchRunPair.need_id.in_(_need_ids(region)))


def batch_run_in_scope(user: Any) -> ColumnElement[bool]:
    """National organisers see every run; a CRA the runs that paired at least one need of its region."""
    return _scoped(user, lambda region: BatchRun.pairs.any(BatchRunPair.need_id.in_(_need_ids(region))))


def host_proposal_seen_by(user: Any) -> ColumnElement[bool]:
    """The proposals to host a visit ``user`` reads (``policy.may_see_host_proposals``): the organisers' by region
    (every one nationally, its region's for a CRA), a facilitator's own pole's; nothing for anyone else."""
    if policy.is_organiser(user):
        return _scoped(user, lambda region: VisitHostProposal.pole_id.in_(_pole_ids(region)))
    if policy.is_signed_in(user) and user.role is Role.FACILITATOR and user.pole_id is not None:
        return VisitHostProposal.pole_id == user.pole_id
    return false()


def visit_attendance_noted_by(user: Any) -> ColumnElement[bool]:
    """The learning visits whose presences ``user`` notes (``policy.may_note_visit_attendance``): every one for the
    national organisers, those hosted in its region for a CRA, none for anyone else (a condition on ``LearningVisit``)."""
    return _scoped(user, lambda region: LearningVisit.host_pole_id.in_(_pole_ids(region)))


def visit_followed_by(user: Any) -> ColumnElement[bool]:
    """The learning visits ``user`` follows (``policy.follows_visit``): every one for the national organisers; for a
    CRA those hosted in its region and those a pole of its region is invited to (any answer); none for anyone else."""
    return _scoped(user, lambda region: or_(
        LearningVisit.host_pole_id.in_(_pole_ids(region)),
        LearningVisit.id.in_(select(VisitRegistration.visit_id).where(VisitRegistration.pole_id.in_(_pole_ids(region))))))
