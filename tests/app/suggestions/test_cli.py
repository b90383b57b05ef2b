"""Commands: eval, eval-sts and embed (with the model-free embedder; the real one in tests/matching)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete

from app.refdata import DATA_DIR
from models import EmbeddingVector, Need, Offer

DEV = DATA_DIR / "demo" / "dev.json"


def test_eval_prints_one_metric_per_line_for_three_modes(app):
    result = app.test_cli_runner().invoke(args=["eval", "--dataset", str(DEV)])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(" ", 1) for line in result.output.strip().splitlines())
    for mode in ("hybrid", "embedding", "tfidf"):
        for metric in ("ndcg@5", "recall@5", "mrr", "conflicts", "routing_accuracy"):
            assert f"{mode}.{metric}" in lines
    assert lines["hybrid.conflicts"] == "0"
    for metric in ("ndcg@5", "recall@5", "mrr", "conflicts"):
        assert f"sans_themes.hybrid.{metric}" in lines
    assert 0.0 <= float(lines["themes.precision@2"]) <= 1.0 and "themes.recall@2" in lines


def test_eval_json_report(app):
    result = app.test_cli_runner().invoke(args=["eval", "--dataset", str(DEV), "--json"])
    report = json.loads(result.output)
    modes = {"hybrid", "embedding", "tfidf"}
    assert set(report["metrics"]) == modes | {f"sans_themes.{m}" for m in modes} | {"themes"}
    # The need theme model learns from the shipped answered needs (235), never from dev.json's own 50.
    assert report["counts"] == {"offers": 40, "needs": 50, "questions": 24, "past_pairings": 0, "asked_examples": 185}


def test_eval_with_history_reads_other_sets_needs_as_past_pairings(app):
    stories = DATA_DIR / "demo" / "stories_c.json"
    expected = sum(1 for need in json.loads(stories.read_text(encoding="utf-8"))["needs"]
                   for grade in need["relevant"].values() if grade > 0)
    result = app.test_cli_runner().invoke(args=["eval", "--dataset", str(DEV), "--json", "--history", str(stories)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["past_pairings"] == expected > 0


def test_eval_history_graded_on_unknown_offer_names_it(app, tmp_path: Path):
    history = tmp_path / "history.json"
    history.write_text(json.dumps({"needs": [{"id": "h1", "text": "Un besoin raconté assez long.", "themes": [],
                                              "relevant": {"o999": 2}}]}), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["eval", "--dataset", str(DEV), "--history", str(history)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "o999" in result.output and "h1" in result.output


def test_eval_bad_dataset_names_the_item(app, tmp_path: Path):
    data = json.loads(DEV.read_text(encoding="utf-8"))
    data["needs"][3]["relevant"] = {"o999": 2}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["eval", "--dataset", str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "o999" in result.output and data["needs"][3]["id"] in result.output


def test_eval_missing_file_clear_error(app, tmp_path: Path):
    result = app.test_cli_runner().invoke(args=["eval", "--dataset", str(tmp_path / "absent.json")])
    assert result.exit_code == 1 and "introuvable" in result.output


def test_eval_sts_prints_spearman(app, tmp_path: Path):
    csv = tmp_path / "sts.csv"
    csv.write_text("sentence1,sentence2,score\n"
                   "Un chat dort sur le canapé.,Un chat dort sur le sofa.,4.8\n"
                   "Un homme joue de la guitare.,Une femme joue de la guitare.,2.6\n"
                   "Le train part à huit heures.,Les enfants mangent des pommes.,0.1\n"
                   "Une fille danse.,Une jeune fille danse sur scène.,3.9\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["eval-sts", str(csv)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("sts.spearman ")
    assert float(result.output.split()[1]) > 0


def test_embed_twice_encodes_nothing_the_second_time(app, db, make_pole, make_resource_person):
    person = make_resource_person()
    db.add(Offer(resource_person=person, title="Une offre de transfert", text="Texte de l'offre " * 5))
    db.add(Need(pole=make_pole(), title="Un besoin du pôle", text="Texte du besoin " * 5))
    db.commit()
    db.execute(delete(EmbeddingVector))
    db.commit()
    first = app.test_cli_runner().invoke(args=["embed"])
    assert "2\u00a0encodés" in first.output, first.output
    second = app.test_cli_runner().invoke(args=["embed"])
    assert "0\u00a0encodé, 2 déjà en cache" in second.output
