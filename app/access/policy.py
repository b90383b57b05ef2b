"""Who may see what, decided once (pure decisions on a user; no Flask, no query).

The people who run the network see named data according to their organisation:

- administrators and national organisers (Avise, Coorace, RTES, Labo de l'ESS: an organiser
  with no region) see every region;
- a regional cell (CRA: an organiser with a region, that of its organisation) sees the named
  needs, pairings, transfers, feedback, exports and batch rows of its own region only, and the
  national figures as aggregates (statistics, map counts);
- everyone else sees organiser pages not at all (their own pairings and poles are decided elsewhere).

Which poles a viewer sees named (lists, searches, maps, suggestions, a pole's page) is ``pole_sight``:
the public network (a pole an organiser confirmed and that agreed to be listed, ``Pole.listed``) for
everyone, plus the viewer's own pole and, for organisers, the unlisted poles of the regions they see.
Public figures and statistics count the members of the network (``counted_in_figures``): confirmed
poles, listed or not; a pole not yet confirmed (created by a new account) is counted nowhere.

Whom a pole's facilitators write to about its eligibility is decided here too (``eligibility_checker``): the
regional cell of its region, which checks and records it, or Avise, which runs the scheme, where the region has no
cell to write to.

A resource person not validated yet (pending) or refused is named data of her region
(``may_see_unvalidated_person``): she reads her own page, the organisers who see her region read it and decide it (a
CRA its own region's, the national organisers every one; a person with no region, the national organisers only).
Once validated she joins the national pool that the directory and the suggestions name to everyone: mentors work for
poles anywhere.

Juri-PTCE is run by RTES and Coorace: their organisers (and administrators) manage every lawyer's slots,
as each lawyer manages her own.

A page about an object of a region the viewer does not follow (a CRA asking another region's) is refused in one
of two ways, decided here (``out_of_scope_is_told``):

- the reasoned 403 (« Auvergne-Rhône-Alpes est hors de votre périmètre : vous suivez la région Occitanie. »,
  ``app.access.refuse_out_of_scope``) where the object's existence is no secret to the viewer: a region, a listed
  pole (its page is public: its eligibility form, a new accompaniment of it), a session of the agenda (public);
- the 404 a missing object gets where its existence is itself named data of that region, so that trying ids
  tells nothing: a pole that is not listed (no list, search, map or suggestion names it to that CRA), and a
  transfer (its id would say that this region's pole has a transfer, with whom and since when; nothing names
  another region's transfers to a CRA: not the follow-up, not the console, not the pole's history, and the
  organisers' map draws them as counts between places). That 404 says, to a CRA, that the object may belong to
  another region, in words that read the same whether it exists or not (``app.access.not_found_in_scope``).

``app.access.scopes`` turns the same decisions into SQL conditions, applied inside the queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from models import Organisation, OrganisationKind, Role

#: The organisations that run Juri-PTCE (its lawyers' afternoons).
JURI_PTCE_ORGANISATIONS = (OrganisationKind.COORACE, OrganisationKind.RTES)
#: The national organisations that run the learning visits (Coorace pilots them for the networks, with Avise):
#: they hear of a pole's proposal to host one, with the CRA of the pole's region.
VISIT_ORGANISATIONS = (OrganisationKind.COORACE, OrganisationKind.AVISE)


def is_signed_in(user: Any) -> bool:
    """Authenticated and active (a deactivated account sees nothing, even in a session still open)."""
    return user is not None and bool(getattr(user, "is_authenticated", False)) and bool(
        getattr(user, "is_active", True))


def is_organiser(user: Any) -> bool:
    """An organiser of any kind, or an administrator."""
    return is_signed_in(user) and user.has_role(Role.ORGANISER)


def organiser_region(user: Any) -> str | None:
    """The one region whose named data a regional organiser (CRA) sees; None for everyone else."""
    if not is_organiser(user) or user.role is Role.ADMIN:
        return None
    return user.region_code or None


def is_national(user: Any) -> bool:
    """Sees every region's named data: administrators and organisers without a region."""
    return is_organiser(user) and organiser_region(user) is None


def may_see_region(user: Any, region_code: str | None) -> bool:
    """May ``user`` see the named data (needs, pairings, feedback, batch rows) of ``region_code``?"""
    if not is_organiser(user):
        return False
    region = organiser_region(user)
    return region is None or region == region_code


def region_shown(user: Any, requested: str | None) -> str | None:
    """The region an organiser page filtered by ``requested`` shows: a CRA's own (it may ask no other:
    check ``may_see_region`` first to refuse), the one a national organiser asks, or every region (None)."""
    return organiser_region(user) or requested or None


def may_handle_given_up_mails(user: Any) -> bool:
    """The mails the outbox gave up on (their recipients' addresses, the SMTP server's replies) are the
    administrators' to read and send again: they run the site and its mail settings."""
    return is_signed_in(user) and user.role is Role.ADMIN


def may_decide_person(user: Any, *, region_code: str | None) -> bool:
    """May ``user`` validate or refuse a resource person's profile of ``region_code`` (and read it while it waits or
    once refused)? The organisers who see that region (``may_see_region``): a CRA its own region's, the national
    organisers every one; a person with no region, the national organisers only. ``scopes.unvalidated_person_in_scope``
    is its SQL form."""
    return may_see_region(user, region_code or None)


def may_see_unvalidated_person(user: Any, *, person_user_id: int, region_code: str | None) -> bool:
    """May ``user`` read a resource person's profile that is not validated (pending or refused): her name, contact,
    texts and offers? Herself, and those who decide it (``may_decide_person``). A validated profile is read by everyone
    (the directory, ``app.resources.validation.listed``)."""
    return (is_signed_in(user) and user.id == person_user_id) or may_decide_person(user, region_code=region_code)


def may_see_resource_person(user: Any, *, person_user_id: int, region_code: str | None, validated: bool) -> bool:
    """May ``user`` read this resource person's page and offers? Everyone once she is validated (the national pool);
    before, or once refused, ``may_see_unvalidated_person``."""
    return validated or may_see_unvalidated_person(user, person_user_id=person_user_id, region_code=region_code)


def may_run_batch(user: Any) -> bool:
    """Batch runs pair needs of every region at once: only national organisers launch, edit or approve them."""
    return is_national(user)


@dataclass(frozen=True)
class PoleSight:
    """Which poles a viewer may see named, beyond the public network (``Pole.listed``) that everyone sees."""

    #: A facilitator's own pole, whatever its state (confirmed or not, listed or not).
    own_pole_id: int | None = None
    #: Organisers: every unlisted pole (national organisers, administrators)...
    every_region: bool = False
    #: ... or the unlisted poles of one region (a CRA).
    region: str | None = None
    #: Resource persons and lawyers may open the page of an unlisted pole they serve (a transfer of one of its
    #: needs that it asked for or she accepted, ``transfer_serves_pole``; a Juri-PTCE question it asked; the
    #: person's own pole: ``serves`` of ``may_open_pole``, which the
    #: caller reads); lists and searches never name it to them, and trying ids opens no other.
    page_on_request: bool = False

    def names(self, *, pole_id: int, region_code: str | None, listed: bool) -> bool:
        """May a list, a search, a map or a suggestion name this pole? (``may_list_pole``: a map of 2,000 poles asks
        it once a pole, of one sight read once, not of the signed-in user read again each time.)"""
        return (listed or self.every_region or (self.own_pole_id is not None and self.own_pole_id == pole_id)
                or (self.region is not None and self.region == region_code))


def pole_sight(user: Any) -> PoleSight:
    """The one rule of which poles ``user`` sees named; ``app.access.scopes.pole_named_to`` is its SQL form."""
    if not is_signed_in(user):
        return PoleSight()
    if is_organiser(user):
        region = organiser_region(user)
        return PoleSight(every_region=region is None, region=region)
    if user.role is Role.FACILITATOR:
        return PoleSight(own_pole_id=user.pole_id)
    return PoleSight(page_on_request=True)


def may_list_pole(user: Any, *, pole_id: int, region_code: str | None, listed: bool) -> bool:
    """May a list, a search, a map or a suggestion shown to ``user`` name this pole?"""
    return listed or pole_sight(user).names(pole_id=pole_id, region_code=region_code, listed=listed)


def may_open_pole(user: Any, *, pole_id: int, region_code: str | None, listed: bool, serves: bool = False) -> bool:
    """May ``user`` open this pole's page (and its needs')? Those it may list, and for resource persons and
    lawyers an unlisted pole they serve (``serves``: they reach it from what they are asked to serve)."""
    return may_list_pole(user, pole_id=pole_id, region_code=region_code, listed=listed) or (
        not listed and serves and pole_sight(user).page_on_request)


def transfer_serves_pole(*, asked_by_pole: bool, accepted: bool) -> bool:
    """Does a transfer of one of a pole's needs make its resource person one who serves the pole (``serves`` of
    ``may_open_pole``)? When the pole asked for her (its request, in any state since), or once she accepted it. A
    proposal she has not accepted — an organiser's, or one a batch run made for needs of every region at once — is
    not the pole's choice: an unlisted pole is not shown to whoever is proposed to it (the transfer's own page gives
    her the need to answer). ``app.access._serves_pole`` is its SQL form."""
    return asked_by_pole or accepted


def out_of_scope_is_told(user: Any, *, pole_id: int, region_code: str | None, listed: bool) -> bool:
    """A page about this pole that ``user``'s region does not cover: refused with the reasoned 403 (True: the pole
    is one ``user`` may know of, ``may_open_pole``), or with the 404 of a missing pole (False: even its existence
    is named data of another region). Transfers are always the 404 (see the module's docstring)."""
    return may_open_pole(user, pole_id=pole_id, region_code=region_code, listed=listed)


def may_propose_hosting(user: Any, pole_id: int) -> bool:
    """May ``user`` propose that this pole hosts a learning visit? Its facilitators only: the pole speaks for itself."""
    return is_signed_in(user) and user.role is Role.FACILITATOR and user.pole_id == pole_id


def may_see_host_proposals(user: Any, *, pole_id: int, region_code: str | None) -> bool:
    """Who reads a pole's proposals to host a visit: its facilitators, and the organisers who see its region
    (``may_see_region``: a CRA its own region's only). ``scopes.host_proposal_seen_by`` is its SQL form."""
    return may_propose_hosting(user, pole_id) or may_see_region(user, region_code)


def may_see_pole_participation(user: Any, *, pole_id: int, region_code: str | None) -> bool:
    """Does ``user`` read, on a pole's page, what the pole took part in: the learning visits it was invited to (its
    answers) and what it wrote about them (its feedback), the collective sessions its people attended? Which poles
    of a region meet on a visit or in a session is named data of that region (``visit_pole_named_to``), and feedback
    is never public: the pole's facilitators and the organisers who see its region (``may_see_region``: its CRA, the
    national organisers). Anyone else who opens the page reads the visits it hosted, which the visits' own pages
    name (« chez … »), with their average rating (a figure, naming no one); the agenda's sessions stay public, not
    who came to them."""
    return may_propose_hosting(user, pole_id) or may_see_region(user, region_code)


def may_decide_host_proposal(user: Any) -> bool:
    """Turning a proposal into a visit, or declining it: the national organisers, who organise the visits (they
    gather poles of several regions); a CRA reads its region's proposals."""
    return is_national(user)


def may_note_visit_attendance(user: Any, *, host_region_code: str | None) -> bool:
    """Who notes who came to a learning visit (per registered pole: present or absent, how many people): the national
    organisers, who organise the visits, and the CRA of the host pole's region, which follows what happens there
    (it then reads the names of the poles registered, whatever their region: it cannot note them otherwise; which
    poles a visit's pages name is ``visit_pole_named_to``). A CRA of another region, a facilitator (the host's too:
    it reads who came, ``app.visits`` shows it), nobody else. ``scopes.visit_attendance_noted_by`` is its SQL form."""
    return is_national(user) or (organiser_region(user) is not None and organiser_region(user) == host_region_code)


def follows_visit(user: Any, *, host_region_code: str | None, invited_region_codes: Iterable[str | None]) -> bool:
    """Which learning visits an organiser follows (its list of visits): every one for the national organisers, who
    organise them; for a CRA, those hosted in its region and those its region's poles are invited to, whatever
    their answer (a declined invitation is news of its region too). Nobody else. ``scopes.visit_followed_by`` is
    its SQL form."""
    if is_national(user):
        return True
    region = organiser_region(user)
    return region is not None and (host_region_code == region or region in set(invited_region_codes))


def visit_pole_named_to(user: Any, *, host_region_code: str | None, pole_region_code: str | None,
                        registered: bool, host_pole_id: int | None = None) -> bool:
    """Does a page about a learning visit (the list of the visits organisers follow, the attendance sheet, the
    visit's page) name this invited pole to ``user``, or only count it (« et 2 pôles d'autres régions »)?

    Which pole a region's poles meet on a visit is named data of that pole's region, as its transfers are: a
    national organiser reads every name, a CRA its own region's poles. Two exceptions, and the reason this rule
    has one owner: the CRA of the host's region reads the names of the poles *registered*, whatever their region,
    because it notes their presences (``may_note_visit_attendance``) and a sheet of anonymous rows cannot be noted;
    the host pole's facilitators (``host_pole_id``) read them too, as they receive them. A pole merely invited (no
    answer, declined, waitlisted, withdrawn) stays a count to both: an unlisted one is named to no one outside its
    region (``pole_sight``), and an answer to an invitation is news of the invited pole's region.
    """
    if is_national(user):
        return True
    if registered and host_pole_id is not None and may_propose_hosting(user, host_pole_id):
        return True
    region = organiser_region(user)
    if region is None:
        return False
    return pole_region_code == region or (
        registered and may_note_visit_attendance(user, host_region_code=host_region_code))


def counted_in_figures(*, confirmed: bool) -> bool:
    """Is a pole counted in public figures and statistics (home page, statistics, map legends)?

    The members of the network are: a pole an organiser confirmed, even one that chose not to be
    listed (a count names nobody). A pole created by a new account and not yet confirmed is not yet
    part of the network: counting it would show a figure the directory and the map cannot account for.
    ``app.access.scopes.pole_counted`` is its SQL form.
    """
    return confirmed


def runs_juri_ptce(user: Any) -> bool:
    """Administrators, and the organisers of the organisations that run Juri-PTCE (Coorace, RTES)."""
    if not is_organiser(user):
        return False
    if user.role is Role.ADMIN:
        return True
    organisation = user.organisation
    return organisation is not None and organisation.kind in JURI_PTCE_ORGANISATIONS


def may_manage_lawyer_slots(user: Any, lawyer_user_id: int | None) -> bool:
    """May ``user`` close, cancel or reopen the slots of the lawyer whose account is ``lawyer_user_id``?
    The lawyer herself, and those who run Juri-PTCE."""
    if not is_signed_in(user):
        return False
    return (lawyer_user_id is not None and user.id == lawyer_user_id and user.role is Role.LAWYER) \
        or runs_juri_ptce(user)


def eligibility_checker(region_code: str | None, reachable: Iterable[Organisation]) -> Organisation | None:
    """Whom a pole of ``region_code`` writes to about its eligibility (a charter signed, an AMI PTCE won).

    The regional cell (CRA) of its region checks and records it (``may_see_region``); where the region has
    none among ``reachable`` (organisations with at least one organiser to write to), Avise, which runs the
    national scheme of transfers (TSF). None when neither can be written to.
    """
    candidates = list(reachable)
    regional = [o for o in candidates if o.kind is OrganisationKind.CRA and region_code is not None
                and o.region_code == region_code]
    national = [o for o in candidates if o.kind is OrganisationKind.AVISE]
    return (regional or national or [None])[0]


def may_see_eligibility_contact(user: Any, pole_id: int) -> bool:
    """Does ``user`` read whom to write to about this pole's eligibility, with the organisers' addresses?
    The pole's facilitators: they ask for the check; organisers record it themselves."""
    return is_signed_in(user) and user.role is Role.FACILITATOR and user.pole_id == pole_id
