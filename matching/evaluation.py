"""Load a labelled dataset (the ``eval/dev.json`` format) and measure the engine on it."""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from matching.asked_themes import AskedExample, fit_need_theme_model, load_asked_examples
from matching.embedders import Embedder
from matching.engine import BlendWeights, HybridMatcher
from matching.history import PairingHistory, PastPairing
from matching.metrics import hit_at_k, mean_defined, ndcg_at_k, reciprocal_rank
from matching.pipeline import EmbeddingPipeline, InMemoryVectorStore
from matching.legal_fields import load_legal_fields
from matching.legal_situations import LegalSituationRecogniser, load_legal_situations, situation_examples
from matching.routing import LawyerRouter
from matching.text import normalise_spaces, profile_text
from matching.theme_inference import ThemeModel, load_theme_situations
from matching.theme_scores import theme_inference_scores
from matching.themes import load_theme_labels
from matching.types import LawyerProfile, LegalField, NeedProfile, OfferProfile


class DatasetError(ValueError):
    """The dataset file does not follow the format; the message (French) names the faulty item."""


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    lawyer_id: str
    pole: str | None = None


@dataclass
class Dataset:
    name: str
    offers: list[OfferProfile]
    needs: list[NeedProfile]
    relevance: dict[str, dict[str, int]]
    lawyers: list[LawyerProfile] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)


_REQUIRED = {
    "offres": ("offers", ("id", "text", "themes", "capacity"), "offre"),
    "besoins": ("needs", ("id", "text", "themes", "relevant"), "besoin"),
    "avocats": ("lawyers", ("id", "name", "text"), "avocat"),
    "questions": ("questions", ("id", "text", "lawyer"), "question"),
}


def _items(raw: Mapping[str, Any], key: str, required: Sequence[str], noun: str, *, optional: bool) -> list[dict]:
    if key not in raw:
        if optional:
            return []
        raise DatasetError(f"jeu de données : clé manquante « {key} »")
    items = raw[key]
    if not isinstance(items, list):
        raise DatasetError(f"jeu de données : « {key} » doit être une liste")
    seen: set[str] = set()
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise DatasetError(f"{noun} n°{position} : un objet JSON est attendu")
        ident = item.get("id")
        name = f"{noun} {ident}" if ident else f"{noun} n°{position}"
        for req in required:
            if req not in item:
                raise DatasetError(f"{name} : clé manquante « {req} »")
        if not isinstance(ident, str) or not ident.strip():
            raise DatasetError(f"{name} : identifiant vide ou non textuel")
        if ident in seen:
            raise DatasetError(f"{name} : identifiant en double")
        seen.add(ident)
        if not isinstance(item["text"], str) or not normalise_spaces(item["text"]):
            raise DatasetError(f"{name} : texte vide")
        for opt in ("title", "pole", "region", "maturity", "name"):
            if item.get(opt) is not None and not isinstance(item[opt], str):
                raise DatasetError(f"{name} : « {opt} » doit être un texte ou null")
    return items


def _themes(name: str, value: Any, vocabulary: Mapping[str, str] | None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise DatasetError(f"{name} : « themes » doit être une liste de codes")
    if vocabulary is not None:
        for theme in value:
            if theme not in vocabulary:
                raise DatasetError(f"{name} : thème inconnu « {theme} »")
    return tuple(value)


def parse_dataset(raw: Any, *, theme_vocabulary: Mapping[str, str] | Sequence[str] | None = None, name: str = "") -> Dataset:
    """Validate an already-decoded JSON document; see ``load_dataset``."""
    if not isinstance(raw, dict):
        raise DatasetError("jeu de données : un objet JSON est attendu à la racine")
    is_codes = isinstance(theme_vocabulary, (list, tuple, set, frozenset))
    vocab = dict.fromkeys(theme_vocabulary, "") if is_codes else theme_vocabulary
    if vocab is None:
        vocab = load_theme_labels()
    raw_offers = _items(raw, "offers", _REQUIRED["offres"][1], "offre", optional=False)
    raw_needs = _items(raw, "needs", _REQUIRED["besoins"][1], "besoin", optional=False)
    raw_lawyers = _items(raw, "lawyers", _REQUIRED["avocats"][1], "avocat", optional=True)
    raw_questions = _items(raw, "questions", _REQUIRED["questions"][1], "question", optional=True)

    offers: list[OfferProfile] = []
    for item in raw_offers:
        label = f"offre {item['id']}"
        capacity = item["capacity"]
        if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 0:
            raise DatasetError(f"{label} : « capacity » doit être un entier positif ou nul")
        offers.append(
            OfferProfile(
                id=item["id"], text=item["text"], title=item.get("title") or "",
                themes=_themes(label, item["themes"], vocab), pole=item.get("pole"),
                region=item.get("region"), maturity=item.get("maturity"), capacity_left=capacity,
            )
        )
    by_id = {o.id: o for o in offers}
    needs: list[NeedProfile] = []
    relevance: dict[str, dict[str, int]] = {}
    for item in raw_needs:
        label = f"besoin {item['id']}"
        need = NeedProfile(
            id=item["id"], text=item["text"], title=item.get("title") or "",
            themes=_themes(label, item["themes"], vocab), pole=item.get("pole"),
            region=item.get("region"), maturity=item.get("maturity"),
        )
        rel = item["relevant"]
        if not isinstance(rel, dict):
            raise DatasetError(f"{label} : « relevant » doit associer des offres à un grade 1 ou 2")
        for offer_id, grade in rel.items():
            if offer_id not in by_id:
                raise DatasetError(f"{label} : offre pertinente inconnue « {offer_id} »")
            if grade not in (1, 2) or isinstance(grade, bool):
                raise DatasetError(f"{label} : grade « {grade} » invalide pour l'offre {offer_id} (1 ou 2 attendu)")
            if need.pole and by_id[offer_id].pole == need.pole:
                raise DatasetError(f"{label} : l'offre {offer_id} est du même pôle et ne peut pas être pertinente")
        needs.append(need)
        relevance[need.id] = dict(rel)
    lawyers = [LawyerProfile(id=i["id"], name=i["name"], text=i["text"]) for i in raw_lawyers]
    lawyer_ids = {lw.id for lw in lawyers}
    questions: list[Question] = []
    for item in raw_questions:
        if item["lawyer"] not in lawyer_ids:
            raise DatasetError(f"question {item['id']} : avocat inconnu « {item['lawyer']} »")
        questions.append(Question(id=item["id"], text=item["text"], lawyer_id=item["lawyer"], pole=item.get("pole")))
    return Dataset(name=name or str(raw.get("name") or ""), offers=offers, needs=needs, relevance=relevance,
                   lawyers=lawyers, questions=questions)


def load_dataset(path: str | Path, *, theme_vocabulary: Mapping[str, str] | Sequence[str] | None = None) -> Dataset:
    """Read and validate a dataset file; every problem raises ``DatasetError`` naming the item.

    ``theme_vocabulary``: allowed theme codes (default: the repository's ``data/themes.csv``).
    """
    path = Path(path)
    return parse_dataset(_read_json(path), theme_vocabulary=theme_vocabulary, name=path.stem)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DatasetError(f"fichier introuvable : {path}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path.name} : JSON invalide ({exc})") from exc


def load_history(paths: Sequence[str | Path], evaluated: str | Path, *,
                 theme_vocabulary: Mapping[str, str] | Sequence[str] | None = None) -> list[PastPairing]:
    """The needs of other labelled files, graded against the offers of ``evaluated`` (files in the format of
    dev.json, or of the story sets: needs and questions only), as past pairings (``past_pairings``)."""
    base = _read_json(Path(evaluated))
    sets = []
    for path in map(Path, paths):
        raw = _read_json(path)
        if not isinstance(raw, dict) or not isinstance(base, dict):
            raise DatasetError(f"{path.name} : un objet JSON est attendu")
        sets.append(parse_dataset({**base, "needs": raw.get("needs", []), "questions": raw.get("questions", [])},
                                  theme_vocabulary=theme_vocabulary, name=path.stem))
    return past_pairings(sets)


@dataclass
class EvalReport:
    dataset: str
    embedder: str
    metrics: dict[str, dict[str, float]]
    counts: dict[str, int]
    #: Each metric item by item, ``per_item[mode][metric]`` in the order of the needs (``ndcg@k``, ``recall@k``:
    #: None where the need has no relevant, or no ideal, offer) or of the questions (``routing``: 1.0 or 0.0), for
    #: intervals over the items (``bench/bench_check_intervals.py``); left out of ``to_dict``.
    per_item: dict[str, dict[str, list[float | None]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["per_item"]
        return out


def rank_needs(scores: np.ndarray, offer_ids: Sequence[str]) -> list[list[str]]:
    """Offer ids by decreasing score for each row, leaving out forbidden (-inf / NaN) cells."""
    out = []
    for row in scores:
        order = np.argsort(-np.nan_to_num(row, nan=-np.inf), kind="stable")
        out.append([offer_ids[j] for j in order if np.isfinite(row[j])])
    return out


def without_need_themes(dataset: Dataset) -> Dataset:
    """The same dataset with every need's declared themes removed (needs told without tags)."""
    needs = [dataclasses.replace(need, themes=()) for need in dataset.needs]
    return dataclasses.replace(dataset, needs=needs)


def past_pairings(datasets: Sequence[Dataset]) -> list[PastPairing]:
    """The labelled needs of ``datasets`` as if each had been paired with every offer graded relevant
    for it: the history a platform would have, to rank other needs with (never the evaluated ones)."""
    return [PastPairing(need_id=f"{data.name}:{need.id}", offer_id=offer_id, text=profile_text(need.title, need.text),
                        pole=need.pole)
            for data in datasets for need in data.needs
            for offer_id, grade in data.relevance[need.id].items() if grade > 0]


def fit_theme_model(
    dataset: Dataset, codes: Sequence[str], situations: Mapping[str, Sequence[str]] | None
) -> ThemeModel:
    """The theme model as the platform would have it: the dataset's profiles with declared themes
    (offers and needs) plus the reference situations."""
    profiles = [*dataset.offers, *dataset.needs]
    model = ThemeModel(codes=codes, situations=situations)
    return model.fit([profile_text(p.title, p.text) for p in profiles], [p.themes for p in profiles])


def evaluate(
    dataset: Dataset,
    *,
    embedder: Embedder,
    modes: Sequence[str] = ("hybrid", "embedding", "tfidf"),
    k: int = 5,
    weights: BlendWeights = BlendWeights(),
    theme_labels: Mapping[str, str] | None = None,
    legal_fields: Sequence[LegalField] | None = None,
    theme_situations: Mapping[str, Sequence[str]] | None = None,
    legal_situations: Mapping[str, Sequence[str]] | None = None,
    without_themes: bool = True,
    theme_scores: bool = True,
    history: Sequence[PastPairing] = (),
    asked: Sequence[AskedExample] | None = None,
) -> EvalReport:
    """nDCG@k, Recall@k (ideal offer in top k), MRR, same-pole conflicts in top k, routing accuracy.

    ``legal_fields`` and ``theme_situations`` default to the shipped reference lists
    (``data/legal_fields.csv``, ``data/theme_situations.csv``). With ``without_themes``, every
    ranking metric is also given with the needs' themes removed (``sans_themes.<mode>``; the
    theme model then learns from the offers and the situations only); with ``theme_scores``,
    the theme model is scored against the declared themes (``themes.*``). ``history``: needs of other
    labelled sets already paired with these offers (``past_pairings``), read by the hybrid ranking.
    ``asked``: answered needs the need theme model learns from (``matching/asked_themes.py``; default the shipped
    ones), never one of the evaluated needs.
    """
    labels = theme_labels if theme_labels is not None else load_theme_labels()
    fields = tuple(legal_fields) if legal_fields is not None else load_legal_fields()
    situations = theme_situations if theme_situations is not None else load_theme_situations()
    legal = legal_situations if legal_situations is not None else load_legal_situations()
    evaluated = {profile_text(n.title, n.text) for n in dataset.needs}
    asked = [a for a in (asked if asked is not None else load_asked_examples()) if a.text not in evaluated]
    report = _evaluate_once(dataset, embedder=embedder, modes=modes, k=k, weights=weights, labels=labels,
                            fields=fields, situations=situations, routing=True,
                            legal_situations=legal, history=history, asked=asked)
    if without_themes:
        stripped = _evaluate_once(without_need_themes(dataset), embedder=embedder, modes=modes, k=k,
                                  weights=weights, labels=labels, fields=fields, situations=situations,
                                  routing=False, history=history, asked=asked)
        report.metrics.update({f"sans_themes.{mode}": values for mode, values in stripped.metrics.items()})
        report.per_item.update({f"sans_themes.{mode}": values for mode, values in stripped.per_item.items()})
    if theme_scores:
        report.metrics["themes"] = theme_inference_scores([*dataset.offers, *dataset.needs], list(labels), situations)
    return report


def _evaluate_once(
    dataset: Dataset,
    *,
    embedder: Embedder,
    modes: Sequence[str],
    k: int,
    weights: BlendWeights,
    labels: Mapping[str, str],
    fields: Sequence[LegalField],
    situations: Mapping[str, Sequence[str]],
    routing: bool,
    legal_situations: Mapping[str, Sequence[str]] | None = None,
    history: Sequence[PastPairing] = (),
    asked: Sequence[AskedExample] = (),
) -> EvalReport:
    theme_model = fit_theme_model(dataset, list(labels), situations)
    need_theme_model = fit_need_theme_model(
        list(labels), situations, [(profile_text(p.title, p.text), p.themes) for p in [*dataset.offers, *dataset.needs]],
        asked) if asked else None
    pipeline = EmbeddingPipeline(embedder, InMemoryVectorStore())
    past = PairingHistory(history, pipeline.embed([p.text for p in history])[0]) if history else None
    recogniser = None
    if fields and legal_situations:
        # The reference situations' vectors go through the pipeline, as in the app (app.suggestions.lawyer_routing).
        examples = [text for _, text in situation_examples(fields, legal_situations)]
        recogniser = LegalSituationRecogniser(fields, legal_situations, example_vectors=pipeline.embed(examples)[0])
    offer_vecs, _ = pipeline.embed([profile_text(o.title, o.text) for o in dataset.offers])
    need_vecs, _ = pipeline.embed([profile_text(n.title, n.text) for n in dataset.needs])
    if dataset.questions and routing:
        lawyer_vecs, _ = pipeline.embed([lw.text for lw in dataset.lawyers])
        question_vecs, _ = pipeline.embed([q.text for q in dataset.questions])
    offer_pole = {o.id: o.pole for o in dataset.offers}
    metrics: dict[str, dict[str, float]] = {}
    per_item: dict[str, dict[str, list[float | None]]] = {}
    for mode in modes:
        matcher = HybridMatcher(embedder=embedder, theme_labels=labels, weights=weights, mode=mode,  # type: ignore[arg-type]
                                theme_model=theme_model, need_theme_model=need_theme_model, history=past)
        matcher.fit(dataset.offers, offer_vecs)
        rankings = rank_needs(matcher.score_matrix(dataset.needs, need_vecs), matcher.offer_ids_)
        rels = [dataset.relevance[n.id] for n in dataset.needs]
        conflicts = sum(
            1 for need, ranked in zip(dataset.needs, rankings) for oid in ranked[:k]
            if need.pole and offer_pole[oid] == need.pole
        )
        items: dict[str, list[float | None]] = {
            f"ndcg@{k}": [ndcg_at_k(r, rel, k) for r, rel in zip(rankings, rels)],
            f"recall@{k}": [hit_at_k(r, rel, k) for r, rel in zip(rankings, rels)],
        }
        result = {
            f"ndcg@{k}": mean_defined(items[f"ndcg@{k}"]),
            f"recall@{k}": mean_defined(items[f"recall@{k}"]),
            "mrr": mean_defined([reciprocal_rank(r, rel) for r, rel in zip(rankings, rels)]),
            "conflicts": float(conflicts),
        }
        if dataset.questions and routing:
            router = LawyerRouter(embedder=embedder, mode=mode, fields=fields,  # type: ignore[arg-type]
                                  situations=recogniser)
            router.fit(dataset.lawyers, lawyer_vecs)
            hits = [
                router.route(q.text, question_vector=v).lawyer_id == q.lawyer_id
                for q, v in zip(dataset.questions, question_vecs)
            ]
            result["routing_accuracy"] = float(np.mean(hits))
            items["routing"] = [float(hit) for hit in hits]
        metrics[mode] = result
        per_item[mode] = items
    counts = {"offers": len(dataset.offers), "needs": len(dataset.needs), "questions": len(dataset.questions),
              "past_pairings": len(history), "asked_examples": len(asked)}
    return EvalReport(dataset=dataset.name, embedder=embedder.name, metrics=metrics, counts=counts,
                      per_item=per_item)


def format_report(report: EvalReport) -> str:
    """One metric per line, ``<mode>.<metric> <value>`` (4 decimals; conflicts as an integer)."""
    lines = []
    for mode, values in report.metrics.items():
        for metric, value in values.items():
            text = str(int(value)) if metric == "conflicts" else f"{value:.4f}"
            lines.append(f"{mode}.{metric} {text}")
    return "\n".join(lines)
