"""No module of the product (``app/``, ``matching/``, ``models/``, ``geo/``, ``charts/``) grows past ~400 lines (COMMON
rule): a longer one is split by concern."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400


PACKAGES = ("app", "matching", "models", "geo", "charts", "wording")


def test_no_module_of_the_product_is_longer_than_the_limit() -> None:
    too_long = {str(path.relative_to(ROOT)): n for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
                if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert too_long == {}
