"""Commands: evaluate the engine on a labelled set, French STS, re-embed every profile."""

from __future__ import annotations

import json
from pathlib import Path

import click

from app.extensions import db
from app.refdata import theme_labels
from app.typography import count, number


@click.command("eval", short_help="Mesure les suggestions sur un jeu annoté (nDCG@5…).")
@click.option("--dataset", "dataset_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier au format de dev.json (offres, besoins notés, avocats, questions).")
@click.option("--json", "as_json", is_flag=True, help="Rapport JSON lisible par une machine.")
@click.option("--model", default=None, help="Modèle de plongement (par défaut : EMBEDDING_MODEL).")
@click.option("--history", "history_paths", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Autre jeu noté sur les mêmes offres (format de dev.json ou des histoires ; option répétable) : "
                   "ses besoins comptent comme des transferts passés, que le classement hybride lit.")
def eval_command(dataset_path: Path, as_json: bool, model: str | None, history_paths: tuple[Path, ...]) -> None:
    """nDCG@5, Recall@5, MRR, conflits et orientation juridique : moteur hybride et deux références."""
    from app.suggestions.embeddings import get_embedder
    from matching.evaluation import DatasetError, evaluate, format_report, load_dataset, load_history

    labels = theme_labels()
    try:
        dataset = load_dataset(dataset_path, theme_vocabulary=labels)
        history = load_history(history_paths, dataset_path, theme_vocabulary=labels)
        report = evaluate(dataset, embedder=get_embedder(model), theme_labels=labels, history=history)
    except DatasetError as error:
        raise click.ClickException(f"Jeu d'évaluation invalide : {error}") from None
    click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json else format_report(report))


@click.command("eval-sts", short_help="Mesure la similarité textuelle (jeu STS français).")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--model", default=None, help="Modèle de plongement (par défaut : EMBEDDING_MODEL).")
def eval_sts_command(csv_file: Path, model: str | None) -> None:
    """Spearman × 100 de la similarité textuelle du moteur sur un jeu STS français."""
    from app.suggestions.embeddings import get_embedder
    from matching.sts import engine_similarity, evaluate_sts

    try:
        score = evaluate_sts(csv_file, similarity=engine_similarity(get_embedder(model)))
    except (OSError, ValueError, KeyError) as error:
        raise click.ClickException(f"Fichier STS illisible : {error}") from None
    click.echo(f"sts.spearman {score:.2f}")


@click.command("embed", short_help="Calcule les vecteurs manquants des profils.")
def embed_command() -> None:
    """Calcule les vecteurs manquants de tous les profils (besoins, offres, pôles, avocats)."""
    from app.suggestions.reembed import profile_texts
    from app.suggestions.embeddings import embed_texts

    texts = profile_texts(db.session)
    with click.progressbar(length=len(texts), label="Plongement des profils") as bar:
        state = {"done": 0}

        def progress(done: int, total: int) -> None:
            bar.update(done - state["done"])
            state["done"] = done

        _, encoded = embed_texts(db.session, texts, progress=progress)
        bar.update(len(texts) - state["done"])
    click.echo(f"{count(len(texts), 'texte')} ; {count(encoded, 'encodé')}, {number(len(texts) - encoded)} déjà en cache.")
