"""Where the benchmarks find their data (the repo's copy of dev.json; the STS file beside the repo)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV_JSON = Path(os.environ.get("ENTREPAIRS_DEV_JSON", REPO / "data" / "demo" / "dev.json"))
#: The French STS development split is not shipped with the product (see shared/eval/README.md).
STS_FR = Path(os.environ.get("ENTREPAIRS_STS_FILE", REPO.parent / "shared" / "eval" / "sts_fr_dev.csv"))
