"""Each of the agenda's view modules can be imported first, in a fresh interpreter: they share one blueprint and import
one another, and a test module that imported ``attendance_views`` first once met a circular import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
VIEW_MODULES = sorted(f"app.agenda.{p.stem}" for p in (ROOT / "app" / "agenda").glob("*views.py"))


def test_the_agenda_has_several_view_modules():
    assert {"app.agenda.views", "app.agenda.attendance_views", "app.agenda.registration_views"} <= set(VIEW_MODULES)


@pytest.mark.parametrize("module", VIEW_MODULES)
def test_a_view_module_imports_first(module):
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
