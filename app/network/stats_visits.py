"""Statistics charts of the learning visits by month and of the use of the Juri-PTCE slots.

The visits are those the access policy counts (``pole_counted``, ``of_counted_pole``): hosted by a pole of the
network, and the poles registered to them members too; a pole awaiting confirmation is in neither. The use of
the Juri-PTCE slots counts every booking, whoever made it: a slot held by a pole awaiting confirmation is not
free for anyone else, and the chart says how much of the lawyers' time is taken."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.access.scopes import of_counted_pole, pole_counted
from app.extensions import db
from app.network.stats_sql import (
    COUNTED_THEN, _region_then_filter, _scope, moment, month_labels, month_of_day, month_window,
)
from app.typography import count as count_fr, elide, number, percent
from charts import Chart, ChartKind, Series, month_label
from models import (
    Booking, BookingStatus, LearningVisit, LegalSlot, Meeting, MeetingStatus, Pole, VisitRegistration,
    VisitRegistrationStatus,
)


#: Months after the current one shown for learning visits (they are planned ahead).
VISIT_MONTHS_AHEAD = 6
#: Juri-PTCE slots are generated a few months ahead (LEGAL_SLOT_MONTHS_AHEAD).
SLOT_MONTHS_AHEAD = 3


def visits_by_month(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Learning visits per month of their first day: places offered, poles registered, waitlisted."""
    window = month_window(today, ahead=VISIT_MONTHS_AHEAD)
    keys, month = window.keys, month_of_day(LearningVisit.start_date)  # a day of the calendar: no zone to apply
    # A visit counts in the region its host pole was in on its first day, as in the yearly review (``region_then``).
    first_day = aliased(Meeting)
    first_day_at = (select(first_day.starts_at).where(first_day.id == LearningVisit.day_one_session_id)
                    .correlate(LearningVisit).scalar_subquery())  # read inside ``region_at``, two selects down
    in_window = [LearningVisit.start_date >= window.first_day, LearningVisit.start_date < window.after_day,
                 pole_counted(), *_region_then_filter(region_code, first_day_at)]
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
            .where(*in_window, of_counted_pole(VisitRegistration.pole_id)).group_by(month, VisitRegistration.status)
        )
    }
    # Who came, as the organisers noted it (``app.visits.attendance``): counted apart from the registrations.
    present = dict(db.session.execute(
        select(month, func.count(VisitRegistration.id)).select_from(VisitRegistration)
        .join(LearningVisit, LearningVisit.id == VisitRegistration.visit_id)
        .join(Pole, Pole.id == LearningVisit.host_pole_id)
        .where(*in_window, VisitRegistration.status == VisitRegistrationStatus.REGISTERED,
               VisitRegistration.attended.is_(True), of_counted_pole(VisitRegistration.pole_id))
        .group_by(month)).all())
    # Visits made are told apart from those to come, by their first day (``Meeting.held_by``).
    now = moment(today)
    of_visits = (select(func.count(LearningVisit.id)).join(Pole, Pole.id == LearningVisit.host_pole_id)
                 .join(Meeting, Meeting.id == LearningVisit.day_one_session_id).where(*in_window))
    made = db.session.scalar(of_visits.where(Meeting.held_by(now))) or 0
    to_come = db.session.scalar(of_visits.where(Meeting.to_come_after(now))) or 0
    split = ", ".join(part for part, n in ((count_fr(made, "réalisée"), made), (f"{number(to_come)} à venir", to_come))
                      if n)
    registered = tuple(registrations.get((k, VisitRegistrationStatus.REGISTERED), 0) for k in keys)
    waitlisted = tuple(registrations.get((k, VisitRegistrationStatus.WAITLISTED), 0) for k in keys)
    offered = tuple(visits.get(k, (0, 0))[1] for k in keys)
    total_offered, total_registered = sum(offered), sum(registered)
    use = f" ({percent(100 * total_registered / total_offered)} des places)" if total_offered else ""
    held = count_fr(sum(v[0] for v in visits.values()), "visite", zero="aucune")
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
        unit_one="place",
        description=(f"{held[:1].upper()}{held[1:]} {elide('de', month_label(keys[0]))} à "
                     f"{month_label(keys[-1])}{f' ({split})' if split else ''} : "
                     f"{count_fr(total_offered, 'place offerte', 'places offertes', zero='aucune')}, "
                     f"{count_fr(total_registered, 'pôle inscrit', 'pôles inscrits', zero='aucun')}{use}, "
                     f"{count_fr(sum(waitlisted), 'pôle', zero='aucun')} en liste d'attente."),
        header=("Mois", "Visites", "Places offertes", "Pôles inscrits", "Pôles venus", "En liste d'attente",
                "Invités sans réponse", "Ont décliné l'invitation", "Désistements après inscription"),
        rows=tuple(
            (k, visits.get(k, (0, 0))[0], visits.get(k, (0, 0))[1],
             registrations.get((k, VisitRegistrationStatus.REGISTERED), 0), present.get(k, 0),
             *(registrations.get((k, status), 0) for status in (
                 VisitRegistrationStatus.WAITLISTED,
                 VisitRegistrationStatus.INVITED, VisitRegistrationStatus.DECLINED,
                 VisitRegistrationStatus.WITHDRAWN)))
            for k in keys
        ),
        empty_message="Aucune visite apprenante sur la période.",
        notes=("Pôles venus\u00a0: pôles inscrits que l'équipe d'animation ou la cellule régionale a notés présents "
               "après la visite\u00a0; tant que les présences d'une visite ne sont pas notées, ses pôles inscrits "
               "n'y comptent pas.",
               "Ont décliné l'invitation\u00a0: pôles qui ont dit non sans avoir demandé de place. Désistements "
               "après inscription\u00a0: pôles inscrits ou en liste d'attente qui se sont ensuite retirés. Les "
               "désistements enregistrés avant que le site ne les distingue comptent parmi les invitations "
               "déclinées\u00a0: rien ne les en distinguait alors.", COUNTED_THEN),
    )


def lawyer_slot_use(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Juri-PTCE slots per month: slots offered, booked, and people waiting for a freed slot."""
    window = month_window(today, ahead=SLOT_MONTHS_AHEAD)
    keys, month = window.keys, window.month_of(LegalSlot.starts_at)
    in_window = [LegalSlot.starts_at >= window.start, LegalSlot.starts_at < window.end]
    slots = dict(db.session.execute(  # a slot closed by its lawyer was not offered
        select(month, func.count(LegalSlot.id)).join(Meeting, Meeting.id == LegalSlot.session_id)
        .where(*in_window, Meeting.status != MeetingStatus.CANCELLED).group_by(month)).all())
    bookings: dict[tuple[str, BookingStatus], int] = {}
    moved: dict[str, int] = {}  # cancelled because moved to another slot: not a cancellation
    for key, status, was_moved, count in db.session.execute(
            select(month, Booking.status, Booking.moved, func.count(Booking.id))
            .select_from(Booking).join(LegalSlot, LegalSlot.id == Booking.slot_id)
            .where(*in_window).group_by(month, Booking.status, Booking.moved)):
        if was_moved:
            moved[key] = moved.get(key, 0) + count
        else:
            bookings[(key, status)] = bookings.get((key, status), 0) + count
    offered = tuple(slots.get(k, 0) for k in keys)
    booked = tuple(bookings.get((k, BookingStatus.CONFIRMED), 0) for k in keys)
    waiting = tuple(bookings.get((k, BookingStatus.WAITLISTED), 0) + bookings.get((k, BookingStatus.OFFERED), 0)
                    for k in keys)
    # What took place is told apart from what is booked ahead (``Meeting.held_by``): the rate of use is
    # that of the slots whose time has come.
    now = moment(today)
    of_slots = (select(func.count(LegalSlot.id)).join(Meeting, Meeting.id == LegalSlot.session_id)
                .where(*in_window))
    confirmed = of_slots.join(Booking, Booking.slot_id == LegalSlot.id).where(
        Booking.status == BookingStatus.CONFIRMED)
    past_slots = db.session.scalar(of_slots.where(Meeting.held_by(now))) or 0
    held = db.session.scalar(confirmed.where(Meeting.held_by(now))) or 0
    to_come = db.session.scalar(confirmed.where(Meeting.to_come_after(now))) or 0
    use = f" ({percent(100 * held / past_slots)} des créneaux passés)" if past_slots else ""
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
        unit_one="créneau",
        description=(f"De {month_label(keys[0])} à {month_label(keys[-1])} : "
                     f"{count_fr(sum(offered), 'créneau offert', 'créneaux offerts', zero='aucun')} ; "
                     f"{count_fr(held, 'rendez-vous tenu', 'rendez-vous tenus', zero='aucun')}{use}, "
                     f"{count_fr(to_come, 'rendez-vous réservé', 'rendez-vous réservés', zero='aucun')} à venir ; "
                     f"{count_fr(sum(waiting), 'demande', zero='aucune')} en liste d'attente."),
        header=("Mois", "Créneaux offerts", "Réservés", "En liste d'attente", "Annulés", "Déplacés"),
        rows=tuple((k, slots.get(k, 0), bookings.get((k, BookingStatus.CONFIRMED), 0), waiting[i],
                    bookings.get((k, BookingStatus.CANCELLED), 0), moved.get(k, 0)) for i, k in enumerate(keys)),
        empty_message="Aucun créneau Juri-PTCE sur la période.",
        notes=("Réservés\u00a0: rendez-vous tenus pour un mois passé, réservés mais pas encore tenus pour un mois "
               "à venir\u00a0; le mois en cours compte les deux (le résumé ci-dessus les sépare).",
               "Déplacés\u00a0: rendez-vous reportés sur un autre créneau, comptés au mois du créneau quitté\u00a0; "
               "le nouveau créneau compte dans «\u00a0Réservés\u00a0». Un déplacement n'est pas une annulation.",
               "Un créneau réservé par un pôle en attente de confirmation compte\u00a0: il n'est plus libre "
               "(le bilan annuel, lui, ne compte que les consultations des pôles confirmés).",),
    )
