"""The demo's know-how transfers (``demo_stories``), built step by step through the services that the pages call,
so that every state is as real as one reached by hand: events, notices, meetings and their participants, the
need's status, the capacity each takes. Each step is dated on its day of the story (``demo_clock``).

Idempotent: nothing is added when the site already has transfers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.pair_space import conversation, experiences, objectives
from app.poles.services import save_need, set_need_status
from app.transactions import unit_of_work
from app.transfers.demo_clock import DemoClock
from app.transfers.demo_stories import POLE, STORIES, Day, Story
from app.transfers.lifecycle import DayPlan, give_feedback, plan_day, propose_pairing, request_transfer, transition
from app.transfers.pages import match_fields
from app.transfers.parties import facilitators_of
from app.transfers.states import S
from models import Need, NeedKind, NeedStatus, Pairing, PairingDay, Pole, ResourcePerson, User, utcnow

#: (days from today, hour in Paris, the step): a story's steps, run in the order of their time.
Step = tuple[int, float, Callable[[], object]]


def _one(session: Session, query):  # noqa: ANN001, ANN202 - a select of exactly one row
    return session.scalars(query).one()


def _cast(session: Session, story: Story) -> bool:
    """Whether the data set loaded has the story's pole, resource person and CRA (a test loads a part of it)."""
    pole = (select(Pole.id).where(Pole.name == story.new_need.pole) if story.new_need is not None
            else select(Need.pole_id).where(Need.title == story.need_title))
    person = (select(ResourcePerson.id).join(User, ResourcePerson.user_id == User.id)
              .where(User.email == story.person_email))
    return all(session.scalars(query.limit(1)).first() is not None
               for query in (pole, person, select(User.id).where(User.email == story.organiser_email)))


def _day(pairing: Pairing, stage: int) -> PairingDay:
    return next(d for d in pairing.days if d.stage == stage)


class _Pair:
    """The people of one story and the steps they take."""

    def __init__(self, session: Session, clock: DemoClock, story: Story) -> None:
        self.clock, self.story = clock, story
        if story.new_need is not None:
            pole = _one(session, select(Pole).where(Pole.name == story.new_need.pole))
            with clock.on(story.begun - 12, 16):  # the pole wrote its need a few days before asking
                save_need(None, pole=pole, author=facilitators_of(pole.id)[0], data={
                    "title": story.need_title, "text": story.new_need.text, "kind": NeedKind.TRANSFER.value,
                    "urgency": 2, "themes": list(story.new_need.themes)})
        self.need = _one(session, select(Need).where(Need.title == story.need_title))
        written = clock.at(story.begun - 21)  # a need of the data set, loaded today, was written before its transfer
        if self.need.created_at > written:
            self.need.created_at = self.need.updated_at = written
        self.person = _one(session, select(ResourcePerson).join(User, ResourcePerson.user_id == User.id)
                           .where(User.email == story.person_email))
        self.pole_user, self.person_user = facilitators_of(self.need.pole_id)[0], self.person.user
        self.organiser = _one(session, select(User).where(User.email == story.organiser_email))
        self.pairing: Pairing | None = None

    def by(self, side: str) -> User:
        return self.pole_user if side == POLE else self.person_user

    def open(self) -> None:
        """The pole's request or the CRA's proposal, with the score and reasons the pages would store."""
        story, offer_id = self.story, self.person.offers[0].id
        fields = match_fields(self.need, self.person, str(offer_id))
        if story.asked_by_pole:
            self.pairing = request_transfer(need=self.need, person=self.person, requester=self.pole_user,
                                            message=story.message, offer_id=offer_id, **fields)
        else:
            self.pairing = propose_pairing(need=self.need, person=self.person, organiser=self.organiser,
                                           message=story.message, offer_id=offer_id, **fields)

    def step(self, to: S, actor: User, note: str = "") -> Callable[[], object]:
        return lambda: transition(self.pairing, to, actor=actor, note=note)

    def plan(self, day: Day, held: int) -> Callable[[], object]:
        """Plan ``day`` on ``held`` (its days from today, moved off the weekend)."""
        starts = self.clock.at(held, day.hour)
        return lambda: plan_day(self.pairing, actor=self.pole_user, day=DayPlan(
            starts_at_utc=starts, ends_at_utc=starts + timedelta(hours=day.hours), timezone="Europe/Paris",
            location=day.place, video_url=day.video, label=day.label, already_held=starts <= utcnow()))

    def report(self, stage: int, day: Day) -> Callable[[], object]:
        author = self.person_user if stage % 2 else self.pole_user
        return lambda: objectives.report_day(day=_day(self.pairing, stage), user=author, done=day.done,
                                             next_step=day.next_step)

    def say(self, side: str, body: str) -> Callable[[], object]:
        return lambda: conversation.post_message(pairing=self.pairing, author=self.by(side), body=body,
                                                 idempotency_key=conversation.new_key())

    def reach(self) -> None:
        for objective in objectives.objectives_of(self.pairing):
            if objective.position in self.story.reached:
                objectives.set_objective_status(objective=objective, user=self.pole_user, status="reached")


def _steps(pair: _Pair) -> list[Step]:
    """Every step of the story after the pair was made, with its time."""
    story = pair.story
    answered = story.begun + story.answered_after
    steps: list[Step] = [(story.begun, 9, pair.open)]
    if story.asked_by_pole:
        steps.append((story.begun + 2, 11, pair.step(S.VALIDATED, pair.organiser, "Demande validée : bon travail !")))
    steps.append((answered, 18, pair.step(S.DECLINED if story.declined else S.ACCEPTED, pair.person_user,
                                          story.answer)))
    if story.declined:
        return steps
    if story.objectives:
        steps.append((answered + 2, 10, lambda: objectives.set_objectives(
            pairing=pair.pairing, user=pair.pole_user, texts=story.objectives)))
    steps += [(days, 12, pair.say(side, body)) for days, side, body in story.messages]
    planned_on, last_report = answered + 4, None
    for stage, day in enumerate(story.days, start=1):
        held = pair.clock.working_day(day.days)
        # A day already over today can only be recorded as held (« Cette journée a déjà eu lieu »), which starts
        # the transfer (``plan_day``): the story records it when it ends, not days before.
        steps.append((planned_on, 18, pair.plan(day, held)) if held > 0
                     else (held, day.hour + day.hours, pair.plan(day, held)))
        if held > 0:
            break
        if day.done:
            steps.append((held + 1, 17, pair.report(stage, day)))
            last_report = held + 1
        planned_on = held + 1
    closing = story.closing
    if story.reached:
        steps.append((closing.days if closing else last_report, 19, pair.reach))
    if closing is not None:
        steps += [
            (closing.days, 19.5, pair.step(S.COMPLETED, pair.pole_user, closing.note)),
            (closing.days + 1, 9, lambda: set_need_status(pair.need, NeedStatus.CLOSED)),
            (closing.days + 1, 10, lambda: give_feedback(pair.pairing, author=pair.pole_user,
                                                        rating=closing.pole_feedback[0],
                                                        transferred=closing.pole_feedback[1],
                                                        comment=closing.pole_feedback[2])),
            (closing.days + 3, 10, lambda: give_feedback(pair.pairing, author=pair.person_user,
                                                        rating=closing.resource_feedback[0],
                                                        transferred=closing.resource_feedback[1],
                                                        comment=closing.resource_feedback[2])),
            (closing.days + 7, 14, lambda: experiences.save_sheet(pairing=pair.pairing, author=pair.pole_user,
                                                                 values=closing.sheet)),
            (closing.days + 9, 9, lambda: experiences.agree(pairing=pair.pairing, user=pair.person_user,
                                                           agrees=True)),
        ]
    return steps


def load_demo_transfers(session: Session, *, today: datetime | None = None) -> int:
    """Tell the demo's transfers once, their days counted from ``today``'s day in Paris (now by default); returns how many
    were added."""
    if session.scalar(select(func.count(Pairing.id))):
        return 0
    clock = DemoClock(session, today)
    with unit_of_work(session):
        pairs = [_Pair(session, clock, story) for story in STORIES if _cast(session, story)]
        steps = [(days, hour, n, run) for n, (days, hour, run) in enumerate(
            step for pair in pairs for step in _steps(pair))]
        for days, hour, _, run in sorted(steps, key=lambda s: s[:3]):
            with clock.on(days, hour):
                run()
        clock.read_older_notices()
    return len(pairs)
