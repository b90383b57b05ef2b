"""Does legal routing hold when the lawyers are not dev.json's? Routing accuracy, hybrid mode.

    HF_HUB_OFFLINE=1 python -m bench.bench_routing_catalogues [embedder-spec]

Two kinds of other lawyers:
- dev.json's three lawyers reworded three times (``data/demo/lawyer_rewordings.json``: prose, a few
  words, a directory entry; same division of the law, so the questions keep their labels), against
  the questions of the tuning sets (dev.json, stories_c, stories_d, stories_g);
- whole catalogues written by others with their own lawyers and questions, each question routed among its own
  catalogue's lawyers: tuning sets ``catalogue_k.json`` (five lawyers), ``catalogue_o.json`` (three) and
  ``catalogue_p.json`` (six); check sets ``catalogue_l.json`` (four), ``catalogue_m.json`` and ``catalogue_n.json``
  (five), ``catalogue_q.json`` (four), ``catalogue_r.json`` (five), ``catalogue_s.json`` (four),
  ``catalogue_t.json`` (six), ``catalogue_u.json`` and ``catalogue_v.json`` (five).
"""
from __future__ import annotations

import json
import sys
import time

import numpy as np

from bench.paths import DEV_JSON, REPO
from matching.embedders import DEFAULT_EMBEDDER_SPEC, make_embedder
from matching.evaluation import parse_dataset
from matching.legal_fields import load_legal_fields
from matching.legal_situations import LegalSituationRecogniser, load_legal_situations, situation_examples
from matching.routing import LawyerRouter
from matching.types import LawyerProfile

DEMO = REPO / "data" / "demo"
TUNING = ("dev.json", "stories_c.json", "stories_d.json", "stories_g.json")
CATALOGUES = ("catalogue_k.json", "catalogue_o.json", "catalogue_p.json", "catalogue_l.json", "catalogue_m.json",
              "catalogue_n.json", "catalogue_q.json", "catalogue_r.json", "catalogue_s.json", "catalogue_t.json",
              "catalogue_u.json", "catalogue_v.json")


def _accuracy(router: LawyerRouter, questions: list[tuple[str, str]], vectors: np.ndarray) -> float:
    return float(np.mean([router.route(text, question_vector=v).lawyer_id == lawyer
                          for (text, lawyer), v in zip(questions, vectors)]))


def main(spec: str = DEFAULT_EMBEDDER_SPEC) -> int:
    start = time.perf_counter()
    embedder = make_embedder(spec)
    fields, situations = load_legal_fields(), load_legal_situations()
    examples = [text for _, text in situation_examples(fields, situations)]
    recogniser = LegalSituationRecogniser(fields, situations, example_vectors=embedder.encode(examples))

    def router(lawyers: list[dict]) -> LawyerRouter:
        profiles = [LawyerProfile(id=lw["id"], name=lw["name"], text=lw["text"]) for lw in lawyers]
        return LawyerRouter(embedder=embedder, fields=fields, situations=recogniser).fit(profiles)

    dev = json.loads(DEV_JSON.read_text(encoding="utf-8"))
    tuning = [(q["text"], q["lawyer"]) for name in TUNING
              for q in json.loads((DEMO / name).read_text(encoding="utf-8"))["questions"]]
    tuning_vectors = embedder.encode([text for text, _ in tuning])
    rewordings = json.loads((DEMO / "lawyer_rewordings.json").read_text(encoding="utf-8"))["catalogues"]
    reworded = {"dev.json": dev["lawyers"], **rewordings}
    figures = {}
    for name, lawyers in reworded.items():
        figures[name] = _accuracy(router(lawyers), tuning, tuning_vectors)
        print(f"{len(tuning)} tuning questions, lawyers {name}: routing {figures[name]:.3f}")
    for name in CATALOGUES:
        dataset = parse_dataset(json.loads((DEMO / name).read_text(encoding="utf-8")), name=name)
        questions = [(q.text, q.lawyer_id) for q in dataset.questions]
        lawyers = [{"id": lw.id, "name": lw.name, "text": lw.text} for lw in dataset.lawyers]
        figures[name] = _accuracy(router(lawyers), questions, embedder.encode([t for t, _ in questions]))
        print(f"{name}: {len(questions)} questions among its {len(lawyers)} lawyers: routing {figures[name]:.3f}")
    mean_reworded = np.mean([figures[n] for n in reworded])
    print(f"summary: routing with dev.json's lawyers {figures['dev.json']:.3f}, mean over 4 wordings "
          f"{mean_reworded:.3f} (min {min(figures[n] for n in reworded):.3f}); own catalogues "
          + ", ".join(f"{n.removesuffix('.json')} {figures[n]:.3f}" for n in CATALOGUES)
          + f" ({time.perf_counter() - start:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
