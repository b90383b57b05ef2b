"""The import contract: the layers of README « Architecture », checked on every file's imports.

- ``matching/``, ``geo/``, ``charts/``, ``wording/`` are pure: no Flask, no SQLAlchemy, no ``models``, no ``app``;
- ``models/`` knows nothing of the web: no Flask, no ``app``;
- an area of ``app/`` (``app/<area>/``) never imports another area's views or forms: it asks its services.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB = ("flask", "flask_login", "flask_wtf", "werkzeug", "wtforms", "jinja2")
PURE_FORBIDDEN = (*WEB, "sqlalchemy", "alembic", "models", "app")
MODELS_FORBIDDEN = (*WEB, "app")


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str


def imports_of(path: Path) -> list[Import]:
    """Every module a file imports, relative imports resolved against its package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(path, node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join((*base, node.module)) if node.module else ".".join(base)
            else:
                module = node.module or ""
            found.append(Import(path, node.lineno, module))
            # ``from app.poles import views`` imports a module too
            found.extend(Import(path, node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def _is_within(module: str, roots: tuple[str, ...]) -> bool:
    return any(module == root or module.startswith(root + ".") for root in roots)


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def violations(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    found = {f"{imp.path.relative_to(ROOT)}:{imp.line}": imp.module
             for path in files for imp in imports_of(path) if _is_within(imp.module, forbidden)}
    return [f"{where} imports {module}" for where, module in sorted(found.items())]


def cross_area_violations(files: list[Path]) -> list[str]:
    found: dict[str, str] = {}
    for path in files:
        parts = path.relative_to(ROOT).parts
        if len(parts) < 3:  # app/<module>.py: shared plumbing, not an area
            continue
        area = parts[1]
        for imp in imports_of(path):
            target = imp.module.split(".")
            if (len(target) >= 3 and target[0] == "app" and target[1] != area
                    and target[2] in ("views", "forms")):
                found.setdefault(f"{path.relative_to(ROOT)}:{imp.line}", imp.module)
    return [f"{where} imports {module}" for where, module in sorted(found.items())]


@pytest.mark.parametrize("folder", ["matching", "geo", "charts", "wording"])
def test_pure_libraries_import_no_web_nor_database(folder: str) -> None:
    assert violations(python_files(folder), PURE_FORBIDDEN) == []


def test_models_import_no_flask() -> None:
    assert violations(python_files("models"), MODELS_FORBIDDEN) == []


def test_areas_do_not_import_each_others_views_or_forms() -> None:
    assert cross_area_violations(python_files("app")) == []


def test_contract_catches_a_violation() -> None:
    """The checks fail on the faults they are for (probe files written, checked, removed)."""
    pure = ROOT / "matching" / "_contract_probe.py"
    area = ROOT / "app" / "legal" / "_contract_probe.py"
    try:
        pure.write_text("from flask import g\nfrom models import Need\n", encoding="utf-8")
        area.write_text("from app.poles.views import bp\nfrom app.poles import forms\n", encoding="utf-8")
        assert len(violations([pure], PURE_FORBIDDEN)) == 2
        assert len(cross_area_violations([area])) == 2
    finally:
        pure.unlink(missing_ok=True)
        area.unlink(missing_ok=True)
