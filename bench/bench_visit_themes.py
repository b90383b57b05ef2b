"""Time the organiser's "suggested themes" page path on 5,000 open needs, end to end in the app.

Unlike ``bench_clustering.py`` (clustering alone, from vectors), this goes through
``app.visits.themes.theme_state``: loading the open needs from the database, the
open-needs fingerprint, the vector cache (``embedding_vectors``), clustering and
labelling, and loading the themes' poles and needs. It uses a fresh SQLite file and
the model-free ``hashing`` embedder (the real models' encoding time is a separate,
one-off cost: vectors are cached by content and ``entrepairs embed`` fills the cache).

Timed: (1) cold: vectors not cached yet; (2) warm: vectors cached, result not cached
(what happens after any need changes); (3) hit: nothing changed (in-process cache).

Usage: python bench/bench_visit_themes.py [--n 5000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_clustering import synthetic_needs
from config import TestConfig

TARGET_SECONDS = 10.0
REGION_CODES = ["84", "27", "53", "24", "94", "44", "32", "11", "28", "75", "76", "52", "93",
                "01", "02", "03", "04", "06"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    args = parser.parse_args()

    from app import create_app
    from app.database import seed_reference_data, upgrade_database
    from app.extensions import db
    from app.visits import themes
    from models import Need, Pole

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        app = create_app(TestConfig, DATABASE_URL=url, EMBEDDING_MODEL="hashing", VISIT_THEMES_SYNC_LIMIT=10**9)
        with app.app_context():
            upgrade_database(db.engine)
            seed_reference_data(db.session)
            needs, _ = synthetic_needs(args.n)
            poles: dict[str, Pole] = {}
            for k, name in enumerate(sorted({n.pole for n in needs})):
                poles[name] = Pole(name=name, region_code=REGION_CODES[k % len(REGION_CODES)])
            db.session.add_all(poles.values())
            db.session.flush()
            db.session.add_all(Need(pole_id=poles[n.pole].id, title=n.text[:60], text=n.text,
                                    urgency=1 + int(n.urgency * 3) % 3) for n in needs)
            db.session.commit()

            timings = {}
            for label in ("cold", "warm", "hit"):
                if label == "warm":
                    themes.clear_cache()
                start = time.perf_counter()
                state = themes.theme_state(background=False)
                timings[label] = time.perf_counter() - start
                print(f"{label:5s} {timings[label]:6.2f} s  themes={len(state.themes or [])} needs={state.n_needs}")
            for theme in (state.themes or [])[:3]:
                print(f"  {theme.title} — {len(theme.poles)} poles, {len(theme.needs)} needs")
        app.extensions["entrepairs.db"].engine.dispose()
    verdict = "OK" if timings["warm"] <= TARGET_SECONDS else "TOO SLOW"
    print(f"SUMMARY bench_visit_themes: {args.n} open needs through the app (hashing embedder, SQLite) — "
          f"cold {timings['cold']:.1f} s, warm cache {timings['warm']:.1f} s, unchanged {timings['hit']:.2f} s "
          f"(target warm <= {TARGET_SECONDS:.0f} s): {verdict}")


if __name__ == "__main__":
    main()
