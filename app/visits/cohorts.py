"""Hosts, invitees and the cohort's map for a visit theme (a suggested cluster or one typed by the organiser).

Hosts are consolidated poles whose strengths answer the theme (``matching.engine.HybridMatcher``
over their strength profiles), never one of the visiting poles; invitees are the poles whose open
needs are as close to the theme as its own needs; the map shows them with their distance to the host.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.access.scopes import pole_suggested_to
from app.extensions import db
from app.refdata import theme_labels
from app.suggestions.embeddings import embed_texts, get_embedder
from app.suggestions.profiles import pole_strength_profile
from app.typography import count as count_fr, number
from app.visits.themes import fit_similarity
from app.typography import alphabetical
from geo import Link, Marker, approximate_travel_km
from geo.distance import Travel
from geo.inset_captions import inset_captions_html
from geo.svgmap import default_map
from matching.engine import HybridMatcher, check_profile_text
from matching.text import profile_text
from matching.types import Explanation, NeedProfile
from models import Maturity, Need, NeedStatus, Pole

#: At most this many poles suggested for invitation (more if the theme itself has more).
MAX_INVITEES = 12


@dataclass
class HostSuggestion:
    """``shared_reasons``: the engine's reasons every host of the list gives, said once above the cards."""

    pole: Pole
    score: float
    reasons: list[str]
    explanation: Explanation
    shared_reasons: tuple[str, ...] = ()


@dataclass
class InviteeSuggestion:
    pole: Pole
    needs: list[Need]
    similarity: float
    in_theme: bool
    travel: Travel | None = None


@dataclass
class ThemePlan:
    """Everything the theme page shows: hosts, invitees and the cohort's map."""

    title: str
    theme_text: str
    label_terms: list[str]
    shared_themes: list[str]
    hosts: list[HostSuggestion]
    invitees: list[InviteeSuggestion]
    host: Pole | None = None
    map_svg: str = ""
    map_captions: str = ""  # the overseas insets' names, read under the map on a phone
    distances: list[tuple[Pole, Travel | None]] = field(default_factory=list)


def pole_departement(pole: Pole) -> str | None:
    """Where a pole is on the map: its first département, else its region's first one."""
    if pole.departements:
        return pole.departements[0].code
    departements = sorted(pole.region.departements, key=lambda d: d.code)
    return departements[0].code if departements else None


def travel_between(origin: Pole, destination: Pole) -> Travel | None:
    start, end = pole_departement(origin), pole_departement(destination)
    if start is None or end is None:
        return None
    try:
        return approximate_travel_km(start, end)
    except KeyError:
        return None


def _theme_vector(text: str) -> np.ndarray:
    vectors, _ = embed_texts(db.session, [text])
    return vectors[0].astype(np.float64)


def _as_visit_theme(reason: str) -> str:
    """An engine's reason said of the visit's theme: the engine compares a need with what a pole can pass on."""
    return reason.replace("le besoin", "le thème de la visite")


def suggest_hosts(*, title: str, theme_text: str, theme_codes: Sequence[str],
                  visiting: set[int], k: int = 5, viewer: Any = None) -> list[HostSuggestion]:
    """Consolidated poles whose strengths answer the theme, none of the visiting poles, explained; only poles
    the access policy lets a suggestion to ``viewer`` put forward (``pole_suggested_to``: never one not yet
    confirmed)."""
    candidates = list(db.session.scalars(
        select(Pole).where(Pole.maturity == Maturity.CONSOLIDE, pole_suggested_to(viewer))
        .options(selectinload(Pole.themes), selectinload(Pole.region)).order_by(Pole.id)))
    strengths = [(p, prof) for p in candidates
                 if p.id not in visiting and (prof := pole_strength_profile(p)) is not None]
    if not strengths:
        return []
    profiles = [prof for _, prof in strengths]
    vectors, _ = embed_texts(db.session, [profile_text(p.title, p.text) for p in profiles])
    matcher = HybridMatcher(embedder=get_embedder(), theme_labels=theme_labels(),
                            profiles_are_poles=True).fit(profiles, vectors)
    need = NeedProfile(id="theme", text=theme_text, title=title, themes=tuple(theme_codes))
    by_id = {prof.id: pole for pole, prof in strengths}
    labels = theme_labels()
    result = []
    for suggestion in matcher.suggest(need, need_vector=_theme_vector(profile_text(title, theme_text)), k=k):
        pole = by_id[suggestion.offer_id]
        reasons = [f"Pôle consolidé ({pole.region.name}), qui ne fait pas partie des pôles visiteurs."]
        shared = [labels.get(t.code, t.code) for t in pole.themes if t.code in set(theme_codes)]
        if shared:
            reasons.append("Thèmes déclarés en commun : " + ", ".join(shared) + ".")
        reasons.extend(_as_visit_theme(r) for r in suggestion.explanation.reasons)
        result.append(HostSuggestion(pole=pole, score=suggestion.score, reasons=reasons,
                                     explanation=suggestion.explanation,
                                     shared_reasons=tuple(_as_visit_theme(r) for r in suggestion.shared_reasons)))
    return result


def suggest_invitees(*, theme_vector: np.ndarray, theme_needs: Sequence[Need],
                     exclude: set[int], viewer: Any = None) -> list[InviteeSuggestion]:
    """Poles with open needs that fit the theme: the theme's own poles first, then close ones; only poles a
    suggestion to ``viewer`` may put forward (``pole_suggested_to``).

    A need outside the theme fits when its similarity to the theme reaches both ``fit_similarity()``
    and the similarity of the theme's least central need; at most ``MAX_INVITEES`` poles beyond
    the theme's own.
    """
    threshold = fit_similarity()
    # Only the needs of the poles a suggestion may put forward are read (and their texts' vectors): all the open
    # needs of the network were, with their themes, on each page of a theme (bench_pages_by_role).
    needs = list(db.session.scalars(
        select(Need).where(Need.status == NeedStatus.OPEN,
                           Need.pole_id.in_(select(Pole.id).where(pole_suggested_to(viewer))))
        .options(selectinload(Need.pole).selectinload(Pole.region)).order_by(Need.id)))
    if not needs:
        return []
    vectors, _ = embed_texts(db.session, [profile_text(n.title, n.text) for n in needs])
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    similarity = (vectors / norms[:, None]) @ (theme_vector / (np.linalg.norm(theme_vector) or 1.0))
    in_theme = {n.id for n in theme_needs}
    members = [float(sim) for need, sim in zip(needs, similarity) if need.id in in_theme]
    if members:
        # Beyond the theme's own needs, only needs as close to it as its least central member.
        threshold = max(threshold, min(members))
    by_pole: dict[int, InviteeSuggestion] = {}
    for need, sim in zip(needs, similarity):
        if need.pole_id in exclude or (need.id not in in_theme and sim < threshold):
            continue
        entry = by_pole.setdefault(need.pole_id, InviteeSuggestion(
            pole=need.pole, needs=[], similarity=float(sim), in_theme=False))
        entry.needs.append(need)
        entry.similarity = max(entry.similarity, float(sim))
        entry.in_theme = entry.in_theme or need.id in in_theme
    ranked = sorted(by_pole.values(), key=lambda s: (not s.in_theme, -s.similarity, alphabetical(s.pole.name)))
    own = sum(1 for s in ranked if s.in_theme)
    return ranked[:max(own, MAX_INVITEES)]


def cohort_map(host: Pole | None, poles: Sequence[Pole], *, title: str) -> tuple[str, list[tuple[Pole, Travel | None]]]:
    """The SVG map of the cohort (host and invitees, lines to the host) and each travel distance."""
    france = default_map()
    markers, links, distances = [], [], []
    host_point = None
    if host is not None and (code := pole_departement(host)) is not None:
        host_point = france.departement_point(code)
        markers.append(Marker(x=host_point[0], y=host_point[1], label=f"{host.name} (pôle hôte)",
                              css_class="carte-marqueur--hote"))
    for pole in poles:
        code = pole_departement(pole)
        travel = travel_between(pole, host) if host is not None else None
        distances.append((pole, travel))
        if code is None:
            continue
        point = france.departement_point(code)
        label = pole.name + (f" — environ {number(travel.km, 0)} km ({travel_mode(travel)})" if travel else "")
        markers.append(Marker(x=point[0], y=point[1], label=label))
        if host_point is not None:
            links.append(Link(start=point, end=host_point, label=label))
    desc = (f"Carte de France : {'le pôle hôte ' + host.name + ' et ' if host else ''}"
            f"{count_fr(len(poles), 'pôle invité', 'pôles invités')} ; les distances sont listées sous la carte.")
    return france.render_svg(markers, links, title=title, desc=desc, id_prefix="carte-cohorte"), distances


def travel_mode(travel: Travel) -> str:
    return "par la route" if travel.mode == "route" else "en avion"


def theme_problem(text: str) -> str | None:
    """Why a theme typed by an organiser cannot be matched to poles, or None: the engine reads it as its own title
    and text, and refuses what holds too few characters or only common words (« 999999 », « de la les »)."""
    try:
        check_profile_text("thème", text, text)
    except ValueError:
        return (f"« {text} » ne dit pas assez le thème pour trouver des pôles : décrivez-le en quelques mots "
                "qui le nomment (par exemple « tiers-lieu dans une friche industrielle »).")
    return None


def theme_plan(*, title: str, theme_text: str, label_terms: Sequence[str] = (),
               shared_themes: Sequence[str] = (), theme_needs: Sequence[Need] = (),
               host_id: int | None = None, centroid: np.ndarray | None = None, viewer: Any = None) -> ThemePlan:
    """Hosts, invitees and map for a theme (a suggested cluster or a theme typed by the organiser), as
    suggested to ``viewer`` (None: only the poles the public sees)."""
    theme_vector = centroid if centroid is not None else _theme_vector(profile_text(title, theme_text))
    visiting = {n.pole_id for n in theme_needs}
    hosts = suggest_hosts(title=title, theme_text=theme_text, theme_codes=shared_themes, visiting=visiting,
                          viewer=viewer)
    host = next((h.pole for h in hosts if h.pole.id == host_id), None)
    if host is None and host_id is not None:
        chosen = db.session.get(Pole, host_id)
        host = chosen if chosen is not None and chosen.id not in visiting else None
    if host is None and hosts:
        host = hosts[0].pole
    invitees = suggest_invitees(theme_vector=theme_vector, theme_needs=theme_needs,
                                exclude={host.id} if host else set(), viewer=viewer)
    map_svg, distances = cohort_map(host, [i.pole for i in invitees], title=f"Cohorte du thème « {title} »")
    travels = dict((p.id, t) for p, t in distances)
    for invitee in invitees:
        invitee.travel = travels.get(invitee.pole.id)
    return ThemePlan(title=title, theme_text=theme_text, label_terms=list(label_terms),
                     shared_themes=list(shared_themes), hosts=hosts, invitees=invitees, host=host,
                     map_svg=map_svg, map_captions=inset_captions_html(default_map()), distances=distances)
