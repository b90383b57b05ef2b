"""Statistics charts of the needs (by theme, by region against the offers) and of the poles' eligibility.

They count the poles of the network and their needs as the access policy says (``pole_counted``): a pole
not yet confirmed, and its needs, are in none of them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.access.scopes import pole_counted, resource_person_counted
from app.extensions import db
from app.network.services import region_names
from app.network.stats_sql import COUNTED_NOW, _region_filter, _scope, region_cell
from app import refdata
from app.refdata import NO_THEME
from app.typography import alphabetical
from app.typography import count as count_fr, number
from charts import Chart, ChartKind, Series
from models import CharterVersion, Need, NeedStatus, Offer, Pole, PoleEligibility, ResourcePerson
from models.associations import need_themes, offer_themes

#: The status columns of every table of needs, in this order, headed by the statuses' own labels.
STATUS_COLUMNS = (NeedStatus.OPEN, NeedStatus.IN_PROGRESS, NeedStatus.CLOSED)


def needs_by_theme(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Needs still open or in progress per theme, beside the active offers of the whole network.

    The needs without a declared theme are no theme: they are not drawn among the themes, and are
    counted apart (the summary, and the last row of the table and CSV, « Sans thème déclaré »).
    """
    rows = db.session.execute(
        select(need_themes.c.theme_code, Need.status, func.count())
        .select_from(need_themes)
        .join(Need, Need.id == need_themes.c.need_id)
        .join(Pole, Pole.id == Need.pole_id)
        .where(pole_counted(), *_region_filter(region_code))
        .group_by(need_themes.c.theme_code, Need.status)
    ).all()
    no_theme: dict[NeedStatus, int] = dict(db.session.execute(
        select(Need.status, func.count())
        .join(Pole, Pole.id == Need.pole_id)
        .where(~Need.themes.any(), pole_counted(), *_region_filter(region_code))
        .group_by(Need.status)
    ).all())
    # Each need once (a need of two themes is in two bars): what the summary's figure counts.
    by_status: dict[NeedStatus, int] = dict(db.session.execute(
        select(Need.status, func.count(Need.id)).join(Pole, Pole.id == Need.pole_id)
        .where(pole_counted(), *_region_filter(region_code)).group_by(Need.status)
    ).all())
    offers = dict(db.session.execute(
        select(offer_themes.c.theme_code, func.count())
        .select_from(offer_themes)
        .join(Offer, Offer.id == offer_themes.c.offer_id)
        .join(ResourcePerson, ResourcePerson.id == Offer.resource_person_id)
        .where(Offer.active.is_(True), resource_person_counted())
        .group_by(offer_themes.c.theme_code)
    ).all())
    offers_without_theme = db.session.scalar(
        select(func.count(Offer.id)).join(ResourcePerson, ResourcePerson.id == Offer.resource_person_id)
        .where(Offer.active.is_(True), ~Offer.themes.any(), resource_person_counted())) or 0
    labels = refdata.theme_labels()
    counts: dict[str, dict[NeedStatus, int]] = {code: {} for code in labels}
    for code, status, count in rows:
        counts.setdefault(code, {})[status] = count

    def to_serve(by: dict[NeedStatus, int]) -> int:
        return by.get(NeedStatus.OPEN, 0) + by.get(NeedStatus.IN_PROGRESS, 0)

    def table_row(label: str, by: dict[NeedStatus, int], offered: int) -> tuple:
        return (label, *(by.get(status, 0) for status in STATUS_COLUMNS), sum(by.values()), offered)

    order = sorted(counts, key=lambda code: (-to_serve(counts[code]), -offers.get(code, 0),
                                             alphabetical(labels.get(code, code))))
    names = [labels.get(code, code) for code in order]
    return Chart(
        key="besoins-par-theme",
        title="Besoins ouverts ou en cours et offres actives, par thème" + _scope(region_code),
        kind=ChartKind.BAR,
        categories=tuple(order),
        labels=tuple(names),
        series=(Series("Besoins ouverts ou en cours", tuple(to_serve(counts[c]) for c in order)),
                Series("Offres actives (tout le réseau)", tuple(offers.get(c, 0) for c in order))),
        category_label="Thème",
        unit="",
        description=_needs_sentence(by_status, to_serve(no_theme), names, [to_serve(counts[c]) for c in order],
                                    [offers.get(c, 0) for c in order]),
        # The statuses in the words of the need pages and of the table by region (« Ouvert », « En cours », « Clos »).
        header=("Thème", *(status.label for status in STATUS_COLUMNS), "Total des besoins", "Offres actives"),
        rows=(*(table_row(labels.get(code, code), counts[code], offers.get(code, 0)) for code in order),
              *((table_row(NO_THEME, no_theme, offers_without_theme),) if no_theme or offers_without_theme
                else ())),
        empty_message="Aucun besoin ni aucune offre pour l'instant.",
        notes=("Ouvert : aucun transfert encore accepté ; en cours : un transfert engagé. Un besoin à plusieurs "
               "thèmes compte dans chacun de ses thèmes.",
               *((f"{NO_THEME} : besoins et offres rattachés à aucun thème, comptés à part, en dernière ligne du "
                  "tableau, et non dessinés parmi les thèmes.",) if no_theme or offers_without_theme else ())),
    )


def _n(value: int) -> str:
    """A number in a sentence, a zero said « aucun »."""
    return number(value) if value else "aucun"


def _needs_sentence(by_status: dict[NeedStatus, int], without_theme: int, names: list[str], needs: list[int],
                    offers: list[int]) -> str:
    """What the chart counts, each need once, then where the needs outnumber the offers."""
    opened, in_progress = by_status.get(NeedStatus.OPEN, 0), by_status.get(NeedStatus.IN_PROGRESS, 0)
    if not opened + in_progress:
        if not any(offers):
            return "Aucun besoin ouvert ou en cours, ni aucune offre, pour l'instant."
        return "Aucun besoin ouvert ou en cours pour l'instant."
    text = (f"{count_fr(opened + in_progress, 'besoin ouvert ou en cours', 'besoins ouverts ou en cours')} : "
            f"{_n(opened)} sans transfert accepté, {_n(in_progress)} avec un transfert engagé")
    text += f" ; {number(without_theme)} sans thème déclaré." if without_theme else "."
    gaps = [(n - o, name) for name, n, o in zip(names, needs, offers) if n > o]
    if gaps:
        worst = sorted(gaps, key=lambda gap: (-gap[0], alphabetical(gap[1])))[:3]
        text += " Plus de besoins que d'offres surtout en : " + ", ".join(
            f"{name} (écart {number(gap)})" for gap, name in worst) + "."
    return text


def needs_by_region(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Needs per region and status (the regional view shows its own region only)."""
    rows = db.session.execute(
        select(Pole.region_code, Need.status, func.count())
        .select_from(Need)
        .join(Pole, Pole.id == Need.pole_id)
        .where(pole_counted(), *_region_filter(region_code))
        .group_by(Pole.region_code, Need.status)
    ).all()
    names = region_names()
    codes = [region_code] if region_code else sorted(names, key=lambda c: alphabetical(names[c]))
    counts: dict[str, dict[NeedStatus, int]] = {code: {} for code in codes}
    for code, status, count in rows:
        counts.setdefault(code, {})[status] = count
    codes = sorted(counts, key=lambda c: (-sum(counts[c].values()), alphabetical(names.get(c, c))))
    statuses = STATUS_COLUMNS
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
        unit_one="besoin",
        header=("Région", *(s.label for s in statuses), "Total"),
        rows=tuple((region_cell(c, names), *(counts[c].get(s, 0) for s in statuses),
                    sum(counts[c].values())) for c in codes),
        empty_message="Aucun besoin pour l'instant.",
        # Where each need stands now, by the region its pole is in now: a state of today, not a count of the past.
        notes=(COUNTED_NOW,),
    )


# ------------------------------------------------------------------ eligibility


def poles_by_eligibility(*, region_code: str | None = None, today: date | None = None) -> Chart:
    """Poles by what organisers verified: charter signatories (per version), AMI laureates, eligible.

    Eligible follows the one rule of ``app.eligibility.services.is_eligible`` (charter or AMI).
    """
    rows = db.session.execute(
        select(PoleEligibility.charter_version, PoleEligibility.ami_phase, func.count(Pole.id))
        .select_from(Pole).outerjoin(PoleEligibility, PoleEligibility.pole_id == Pole.id)
        .where(pole_counted(), *_region_filter(region_code))
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
        unit_one="pôle",
        header=("Code", "Situation vérifiée par l'équipe d'animation", "Pôles"),
        rows=tuple(figures),
        additive=False,
        description=(f"{count_fr(total, 'pôle')} : "
                     f"{count_fr(sum(signatories.values()), 'signataire', zero='aucun')} de la charte, "
                     f"{count_fr(sum(laureates.values()), 'lauréat', zero='aucun')} de l'AMI PTCE ; "
                     f"{count_fr(eligible, 'éligible', zero='aucun')} au dispositif, "
                     f"{count_fr(total - eligible, 'ni signataire ni lauréat', 'ni signataires ni lauréats')}."
                     if total else "Aucun pôle pour l'instant."),
        empty_message="Aucun pôle pour l'instant.",
    )
