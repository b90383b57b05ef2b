"""How much does the way people type cost? Ranking and routing on the tuning sets, query texts rewritten.

    HF_HUB_OFFLINE=1 python -m bench.bench_perturbations [embedder-spec] [seed]

Each perturbation rewrites the needs and the legal questions (never the offers or the lawyers) without changing
what they ask: without accents, in capitals or lower case, with typos or SMS abbreviations (« asso », « AG »,
« pb », « qqn »), wrapped in a greeting and a signature, as a bulleted list, quoted in a forwarded e-mail, with
emoji, with typographic apostrophes (’), œ/oe and non-breaking spaces, or several at once as notes taken on a
phone. Deterministic: each item is rewritten with a generator seeded by the seed and its id.

The tuning sets only (dev.json, stories_c, stories_d, stories_e and stories_g against dev.json's offers and lawyers, as
``bench_stories``; catalogue_k, catalogue_o and catalogue_p against their own, as ``bench_routing_catalogues``):
hybrid nDCG@5 and Recall@5 of the ranking (needs' declared themes kept) and routing accuracy, mean over the eight
sets, for the unperturbed texts and each perturbation side by side; then one summary line.
"""
from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import pickle
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import sklearn

from bench.paths import DEV_JSON, REPO
from matching.asked_themes import AskedExample, load_asked_examples
from matching.embedders import DEFAULT_EMBEDDER_SPEC, Embedder, make_embedder
from matching.evaluation import Dataset, evaluate, parse_dataset
from matching.pipeline import EmbeddingPipeline, InMemoryVectorStore
from matching.text import profile_text, split_sentences

DEMO = REPO / "data" / "demo"

Perturbation = Callable[[str, random.Random], str]

_WORD = re.compile(r"[^\W\d_]+")


def no_accents(text: str, rng: random.Random) -> str:
    """« Économie » → « Economie » (a keyboard without accents, a phone with autocorrect off)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def capitals(text: str, rng: random.Random) -> str:
    return text.upper()


def lowercase(text: str, rng: random.Random) -> str:
    return text.lower()


def typos(text: str, rng: random.Random, *, rate: float = 0.2, min_length: int = 7) -> str:
    """In about one long word in five, two inner letters swapped or one inner letter dropped."""
    def spoil(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) < min_length or rng.random() >= rate:
            return word
        i = rng.randrange(1, len(word) - 2)
        if rng.random() < 0.5:
            return word[:i] + word[i + 1] + word[i] + word[i + 2:]
        return word[:i] + word[i + 1:]
    return _WORD.sub(spoil, text)


#: Abbreviations of forms, notes and text messages (« asso », « AG », « pb », « qqn »...), longest first.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"assemblées? générales?", "AG"),
    (r"conseil d'administration", "CA"),
    (r"économie sociale et solidaire", "ESS"),
    (r"ressources humaines", "RH"),
    (r"rendez-vous", "rdv"),
    (r"quelqu'un", "qqn"),
    (r"quelque chose", "qqch"),
    (r"c'est-à-dire", "càd"),
    (r"parce que", "pcq"),
    (r"aujourd'hui", "auj."),
    (r"associations", "assos"),
    (r"association", "asso"),
    (r"problèmes", "pbs"),
    (r"problème", "pb"),
    (r"toujours", "tjs"),
    (r"beaucoup", "bcp"),
    (r"développement", "dvpt"),
    (r"subventions?", "subv."),
    (r"informations?", "infos"),
    (r"téléphone", "tél."),
    (r"département", "dépt"),
    (r"gouvernance", "gouv."),
    (r"administrateurs?", "admins"),
    (r"salariés?", "sal."),
    (r"bénévoles", "bénév."),
    (r"dans", "ds"),
    (r"pour", "pr"),
    (r"avec", "avc"),
    (r"tous", "ts"),
    (r"tout", "tt"),
    (r"nous", "ns"),
    (r"vous", "vs"),
    (r"même", "mm"),
    (r"euros", "€"),
)
_ABBREVIATIONS = [(re.compile(rf"(?<![\w-]){pattern}(?![\w-])", re.IGNORECASE), short)
                  for pattern, short in ABBREVIATIONS]


def abbreviations(text: str, rng: random.Random) -> str:
    for pattern, short in _ABBREVIATIONS:
        text = pattern.sub(short, text)
    return text


_GREETINGS = (
    ("Bonjour,\n\n", "\n\nMerci d'avance,\nBonne journée,\nMarie — chargée de mission"),
    ("Bonjour à toutes et à tous,\n\n", "\n\nMerci beaucoup pour votre aide et à très vite !\nCordialement,\n"
     "Julien Perrin\nCoordinateur du pôle\nTél. 06 12 34 56 78"),
    ("Bonsoir,\nje me permets de vous écrire au nom de notre pôle.\n\n",
     "\n\nEn vous remerciant par avance de votre retour.\nBien à vous,\nSophie L. (présidente)"),
)


def greeting(text: str, rng: random.Random) -> str:
    """« Bonjour, … Merci d'avance, Bonne journée, Marie — chargée de mission »."""
    opening, closing = rng.choice(_GREETINGS)
    return f"{opening}{text}{closing}"


def bulleted(text: str, rng: random.Random) -> str:
    """One sentence a line, as a list, without the final stops (notes taken in a meeting)."""
    marker = rng.choice(("- ", "• ", "* "))
    return "\n".join(marker + s.rstrip(".") for s in split_sentences(text, min_chars=0))


def _wrap(text: str, width: int = 72) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def forwarded(text: str, rng: random.Random) -> str:
    """The request quoted in a forwarded reply: « Le 3 déc. à 10:12, X a écrit : » and « > » lines."""
    who = rng.choice(("Marie Dupont <marie.dupont@pole-exemple.fr>", "Coordination <contact@ptce-vallee.org>"))
    quoted = "\n".join("> " + line for line in _wrap(text))
    return (f"Je vous transfère la demande ci-dessous.\n\nLe 3 déc. 2026 à 10:12, {who} a écrit :\n{quoted}\n>\n"
            "> --\n> Envoyé de mon iPhone")


_EMOJI = ("🙏", "😅", "👍", "🤔", "💶", "🙂", "😕", "🌱", "‼️", "🤝")


def emoji(text: str, rng: random.Random) -> str:
    """An emoji after about half the sentences, one at the end."""
    sentences = split_sentences(text, min_chars=0)
    out = [s + (" " + rng.choice(_EMOJI) if rng.random() < 0.5 else "") for s in sentences]
    return " ".join(out) + " " + rng.choice(_EMOJI)


def curly_apostrophes(text: str, rng: random.Random) -> str:
    """Apostrophes as a phone or a word processor types them (’), and « … » or “ … ” quotes."""
    return text.replace("'", "’").replace('"', "“")


def typography(text: str, rng: random.Random) -> str:
    """œ written oe (and oe written œ), non-breaking spaces before « ; : ! ? » and inside numbers and « … »."""
    text = text.replace("œ", "oe").replace("Œ", "Oe") if "œ" in text or "Œ" in text else re.sub(
        r"(?<=[cCsStT])oe(?=u)", "œ", text)
    text = re.sub(r" ([;:!?»])", "\u00a0\\1", text)
    text = re.sub(r"« ", "«\u00a0", text)
    text = re.sub(r"(\d) (\d{3})", "\\1\u202f\\2", text)
    return re.sub(r"(\d) (%|€)", "\\1\u00a0\\2", text)


def phone_notes(text: str, rng: random.Random) -> str:
    """Several at once, as on a phone: lower case, no accents, abbreviations, a few typos."""
    return typos(no_accents(abbreviations(lowercase(text, rng), rng), rng), rng, rate=0.1)


#: Perturbations by name, in the order they are printed; whether they also rewrite the titles.
PERTURBATIONS: dict[str, tuple[Perturbation, bool]] = {
    "sans_accents": (no_accents, True),
    "majuscules": (capitals, True),
    "minuscules": (lowercase, True),
    "fautes_de_frappe": (typos, True),
    "abreviations": (abbreviations, True),
    "bonjour_signature": (greeting, False),
    "liste_a_puces": (bulleted, False),
    "mail_transfere": (forwarded, False),
    "emoji": (emoji, False),
    "apostrophes_courbes": (curly_apostrophes, True),
    "oe_insecables": (typography, True),
    "note_telephone": (phone_notes, True),
}


# ---------------------------------------------------------------------------------------------------- the bench
#: The tuning sets: dev.json and the story sets are ranked against dev.json's offers and lawyers (``bench_stories``),
#: the catalogues against their own (``bench_routing_catalogues``).
STORY_SETS = ("dev.json", "stories_c.json", "stories_d.json", "stories_e.json", "stories_g.json")
CATALOGUE_SETS = ("catalogue_k.json", "catalogue_o.json", "catalogue_p.json")


class CachedEmbedder:
    """The embedder, each distinct text encoded once for the whole run (offers, lawyers, situations recur).

    With ``ENTREPAIRS_BENCH_CACHE`` set to a file, the vectors are also kept there from one run to the next.
    """

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.name = inner, inner.name
        self._vectors: dict[str, np.ndarray] = {}
        self.path = os.environ.get("ENTREPAIRS_BENCH_CACHE")
        if self.path and Path(self.path).exists():
            self._vectors = pickle.loads(Path(self.path).read_bytes()).get(self.name, {})

    def save(self) -> None:
        if self.path:
            Path(self.path).write_bytes(pickle.dumps({self.name: self._vectors}))

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            for text, vector in zip(missing, self.inner.encode(missing, batch_size=batch_size)):
                self._vectors[text] = vector
        return np.vstack([self._vectors[t] for t in texts]) if texts else self.inner.encode([])


def load_sets() -> dict[str, Dataset]:
    dev = json.loads(DEV_JSON.read_text(encoding="utf-8"))
    sets = {}
    for name in STORY_SETS + CATALOGUE_SETS:
        raw = json.loads((DEMO / name).read_text(encoding="utf-8"))
        base = raw if name in CATALOGUE_SETS else dev
        sets[name] = parse_dataset({**base, "needs": raw["needs"], "questions": raw["questions"]}, name=name)
    return sets


def perturbed(dataset: Dataset, perturbation: Perturbation | None, rewrite_titles: bool, seed: int) -> Dataset:
    """``dataset`` with its needs' and questions' texts rewritten (each item by its own seeded generator)."""
    if perturbation is None:
        return dataset

    def rewrite(text: str, key: str) -> str:
        return perturbation(text, random.Random(f"{seed}:{dataset.name}:{key}")) if text else text

    needs = [dataclasses.replace(n, text=rewrite(n.text, n.id),
                                 title=rewrite(n.title, "title:" + n.id) if rewrite_titles else n.title)
             for n in dataset.needs]
    questions = [dataclasses.replace(q, text=rewrite(q.text, "q:" + q.id)) for q in dataset.questions]
    return dataclasses.replace(dataset, needs=needs, questions=questions)


def measure(original: Dataset, dataset: Dataset, embedder: Embedder, asked: list[AskedExample]) -> dict[str, float]:
    # The need theme model never learns an evaluated need: left out by its unperturbed words (``evaluate`` would
    # only recognise them as written, and a rewritten need would then be read by a model that learnt its original).
    originals = {profile_text(n.title, n.text) for n in original.needs}
    with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
        report = evaluate(dataset, embedder=embedder, modes=("hybrid",), without_themes=False, theme_scores=False,
                          asked=[a for a in asked if a.text not in originals])
    return report.metrics["hybrid"]


#: Set in the parent before the pool forks: the workers read them without pickling (and the embedder's cache with them).
_SHARED: dict[str, object] = {}


def _measure_job(job: tuple[str, str]) -> tuple[str, str, dict[str, float]]:
    name, set_name = job
    sets, variants = _SHARED["sets"], _SHARED["variants"]
    return name, set_name, measure(sets[set_name], variants[name][set_name], _SHARED["embedder"], _SHARED["asked"])


def main(spec: str = DEFAULT_EMBEDDER_SPEC, seed: str = "18") -> int:
    start = time.perf_counter()
    embedder = CachedEmbedder(make_embedder(spec))
    sets, asked = load_sets(), load_asked_examples()
    variants = {name: {s: perturbed(d, f, titles, int(seed)) for s, d in sets.items()}
                for name, (f, titles) in {"aucune": (None, False), **PERTURBATIONS}.items()}
    table: dict[str, dict[str, dict[str, float]]] = {"aucune": {s: measure(d, d, embedder, asked) for s, d in sets.items()}}
    # Every rewritten text encoded once, here (through the pipeline, as ``evaluate`` reads them), then the
    # evaluations shared between two processes that find every vector in the cache they inherit.
    texts = [t for by_set in variants.values() for d in by_set.values()
             for t in [*(profile_text(n.title, n.text) for n in d.needs), *(q.text for q in d.questions)]]
    EmbeddingPipeline(embedder, InMemoryVectorStore()).embed(texts)
    embedder.save()
    print(f"{len(set(texts))} texts encoded ({time.perf_counter() - start:.0f}s)", flush=True)
    _SHARED.update(sets=sets, variants=variants, embedder=embedder, asked=asked)
    jobs = [(name, s) for name in PERTURBATIONS for s in sets]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for name, set_name, metrics in pool.imap_unordered(_measure_job, jobs):
            table.setdefault(name, {})[set_name] = metrics
    keys = ("ndcg@5", "recall@5", "routing_accuracy")
    for rows in table.values():
        rows["moyenne"] = {k: float(np.mean([rows[s][k] for s in sets])) for k in keys}
    base = table["aucune"]["moyenne"]
    print(f"{f'mean of {len(sets)} sets':<20} {'nDCG@5':>15} {'Recall@5':>15} {'routing':>15}")
    for name in ["aucune", *PERTURBATIONS]:
        means = table[name]["moyenne"]
        print(f"{name:<20} " + " ".join(f"{means[k]:.3f} ({means[k] - base[k]:+.3f})" for k in keys))
    print("\nper set, nDCG@5 / Recall@5 / routing:")
    print(f"{'':<20} " + " ".join(f"{s.removesuffix('.json'):>17}" for s in sets))
    for name in ["aucune", *PERTURBATIONS]:
        rows = table[name]
        print(f"{name:<20} " + " ".join("/".join(f"{rows[s][k]:.3f}".lstrip("0") for k in keys) for s in sets))
    perturbations = list(PERTURBATIONS)
    mean = {k: float(np.mean([table[n]["moyenne"][k] for n in perturbations])) for k in keys}
    worst = {k: min(perturbations, key=lambda n: table[n]["moyenne"][k]) for k in keys}
    print(f"summary: {len(perturbations)} perturbations of the needs and questions of {len(sets)} tuning sets, {spec}, "
          f"seed {seed}: nDCG@5 {base['ndcg@5']:.3f} unperturbed, {mean['ndcg@5']:.3f} perturbed (worst "
          f"{worst['ndcg@5']} {table[worst['ndcg@5']]['moyenne']['ndcg@5']:.3f}); Recall@5 {base['recall@5']:.3f} / "
          f"{mean['recall@5']:.3f}; routing {base['routing_accuracy']:.3f} / {mean['routing_accuracy']:.3f} (worst "
          f"{worst['routing_accuracy']} {table[worst['routing_accuracy']]['moyenne']['routing_accuracy']:.3f}) "
          f"({time.perf_counter() - start:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
