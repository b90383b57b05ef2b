from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest

from matching.evaluation import DatasetError, EvalReport, evaluate, format_report, load_dataset, parse_dataset, rank_needs

from tests.matching.conftest import DEV_JSON

TINY = {
    "name": "tiny",
    "offers": [
        {"id": "o1", "pole": "P1", "title": "SCIC", "text": "J'accompagne la création de SCIC avec les communes au capital.",
         "themes": ["statuts_cooperatifs"], "capacity": 2},
        {"id": "o2", "pole": None, "title": "FEDER", "text": "Je monte des dossiers de fonds européens FEDER et FSE+.",
         "themes": ["financements_europeens"], "capacity": 1},
        {"id": "o3", "pole": "P2", "title": "Recyclerie", "text": "J'ai ouvert une recyclerie avec un chantier d'insertion.",
         "themes": [], "capacity": 1},
    ],
    "needs": [
        {"id": "n1", "pole": "P2", "maturity": "emergent", "title": "Passer en SCIC",
         "text": "Notre association veut devenir SCIC avec la commune au capital.", "themes": ["statuts_cooperatifs"],
         "relevant": {"o1": 2}},
        {"id": "n2", "pole": "P1", "title": "Fonds européens",
         "text": "Nous voulons demander des fonds européens FEDER pour un bâtiment.", "themes": [],
         "relevant": {"o2": 2, "o3": 1}},
    ],
    "lawyers": [
        {"id": "j1", "name": "A", "text": "Avocate en droit des associations : fiscalité, bénévolat, fonds de dotation."},
        {"id": "j2", "name": "B", "text": "Avocat en droit des coopératives : SCIC, SCOP, parts sociales."},
    ],
    "questions": [
        {"id": "q1", "text": "Un associé de la SCIC peut-il récupérer ses parts sociales ?", "lawyer": "j2"},
        {"id": "q2", "text": "Comment créer un fonds de dotation pour l'association ?", "lawyer": "j1"},
    ],
}


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "set.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _broken(mutate) -> dict:
    data = copy.deepcopy(TINY)
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("offers"), "jeu de données : clé manquante « offers »"),
        (lambda d: d["needs"][1].pop("text"), "besoin n2 : clé manquante « text »"),
        (lambda d: d["offers"][0].pop("capacity"), "offre o1 : clé manquante « capacity »"),
        (lambda d: d["needs"][0].update(relevant={"o9": 2}), "besoin n1 : offre pertinente inconnue « o9 »"),
        (lambda d: d["needs"][0].update(relevant={"o1": 3}), "besoin n1 : grade « 3 » invalide"),
        (lambda d: d["offers"][1].update(text="   "), "offre o2 : texte vide"),
        (lambda d: d["offers"][1].update(themes=["astrologie"]), "offre o2 : thème inconnu « astrologie »"),
        (lambda d: d["needs"][0].update(themes=["astrologie"]), "besoin n1 : thème inconnu « astrologie »"),
        (lambda d: d["questions"][0].update(lawyer="j9"), "question q1 : avocat inconnu « j9 »"),
        (lambda d: d["offers"].append(dict(d["offers"][0])), "offre o1 : identifiant en double"),
        (lambda d: d["offers"][0].update(capacity=-1), "offre o1 : « capacity » doit être un entier"),
        (lambda d: d["needs"][1].update(relevant={"o1": 1}), "besoin n2 : l'offre o1 est du même pôle"),
        (lambda d: d["lawyers"][0].pop("name"), "avocat j1 : clé manquante « name »"),
    ],
)
def test_load_dataset_invalid_raises_naming_item(tmp_path, mutate, message) -> None:
    with pytest.raises(DatasetError, match=message):
        load_dataset(_write(tmp_path, _broken(mutate)))


def test_load_dataset_bad_json_raises(tmp_path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{ pas du json", encoding="utf-8")
    with pytest.raises(DatasetError, match="bad.json : JSON invalide"):
        load_dataset(path)


def test_load_dataset_missing_file_raises(tmp_path) -> None:
    with pytest.raises(DatasetError, match="fichier introuvable"):
        load_dataset(tmp_path / "absent.json")


def test_parse_dataset_custom_vocabulary() -> None:
    with pytest.raises(DatasetError, match="thème inconnu « statuts_cooperatifs »"):
        parse_dataset(TINY, theme_vocabulary=["financements_europeens"])


def test_load_dataset_dev_json_is_valid() -> None:
    ds = load_dataset(DEV_JSON)
    assert (len(ds.offers), len(ds.needs), len(ds.lawyers), len(ds.questions)) == (40, 50, 3, 24)
    assert all(ds.relevance[n.id] for n in ds.needs)


def test_rank_needs_drops_forbidden_cells() -> None:
    scores = np.array([[0.1, -np.inf, 0.5], [np.nan, 0.2, 0.3]])
    assert rank_needs(scores, ["a", "b", "c"]) == [["c", "a"], ["c", "b"]]


def test_evaluate_tiny_dataset_reports_every_mode(fake_embedder) -> None:
    report = evaluate(parse_dataset(TINY), embedder=fake_embedder)
    assert isinstance(report, EvalReport)
    modes = {"hybrid", "embedding", "tfidf"}
    assert set(report.metrics) == modes | {f"sans_themes.{m}" for m in modes} | {"themes"}
    for mode in modes:
        assert report.metrics[mode]["conflicts"] == 0
        assert set(report.metrics[mode]) == {"ndcg@5", "recall@5", "mrr", "conflicts", "routing_accuracy"}
        assert set(report.metrics[f"sans_themes.{mode}"]) == {"ndcg@5", "recall@5", "mrr", "conflicts"}
    assert set(report.metrics["themes"]) == {"precision@2", "recall@2", "recall@3", "calibration_error"}
    assert report.metrics["hybrid"]["recall@5"] == 1.0
    assert report.metrics["hybrid"]["routing_accuracy"] == 1.0
    lines = format_report(report).splitlines()
    assert "hybrid.conflicts 0" in lines
    assert any(line.startswith("tfidf.ndcg@5 ") for line in lines)
    assert json.loads(json.dumps(report.to_dict()))["counts"] == {"offers": 3, "needs": 2, "questions": 2, "past_pairings": 0,
                                                                   "asked_examples": 235}


def test_evaluate_keeps_each_item_whose_mean_it_reports(fake_embedder) -> None:
    report = evaluate(parse_dataset(TINY), embedder=fake_embedder, modes=("hybrid",), theme_scores=False)
    for mode in ("hybrid", "sans_themes.hybrid"):
        items = report.per_item[mode]
        assert len(items["ndcg@5"]) == len(items["recall@5"]) == 2
        for metric in ("ndcg@5", "recall@5"):
            kept = [v for v in items[metric] if v is not None]
            assert report.metrics[mode][metric] == pytest.approx(sum(kept) / len(kept))
    assert report.per_item["hybrid"]["routing"] == [1.0, 1.0]
    assert "routing" not in report.per_item["sans_themes.hybrid"]
    assert "per_item" not in report.to_dict()
