"""No page nor service sends mail itself: only the outbox delivery talks to the mail backend."""

from __future__ import annotations

import ast
from pathlib import Path

import app as app_package

ROOT = Path(app_package.__file__).resolve().parent
ALLOWED = {ROOT / "mail.py", ROOT / "notifications" / "delivery.py"}


def test_only_the_outbox_delivery_imports_the_mail_backend():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if path in ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = ([node.module] if isinstance(node, ast.ImportFrom) and any(
                alias.name != "memory_outbox" for alias in node.names)
                else [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
            if "app.mail" in imported:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_there_is_no_synchronous_send_helper_left():
    import app.mail

    assert not hasattr(app.mail, "send_mail")
