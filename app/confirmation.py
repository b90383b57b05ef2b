"""A question asked before an action, with or without JavaScript.

A form whose button has ``data-confirm`` (macro ``post_button(…, confirm=…)``) also carries the hidden fields of
``confirm_fields``: ``confirmed`` is 0 as written, and static/js/confirm.js sets it to 1 once its dialog was
answered. A view decorated with ``asks_first`` that receives 0 (scripts blocked: the dialog never opened, the
click went straight to the server) does nothing and answers with the question on a page of its own, the form
sent again with 1 when its button is pressed. A POST without the field (an older page, a test) acts as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar, cast

from flask import render_template, request, url_for
from werkzeug.datastructures import MultiDict

from app.form_expired import form_page, typed_texts

#: The fields of the question itself: shown on its page, never sent on to the action.
QUESTION_FIELDS = ("csrf_token", "confirmed", "confirm_question", "confirm_label", "confirm_destructive")
#: The longest question shown back (the templates' own are under 300 characters).
QUESTION_MAX_CHARS = 600

F = TypeVar("F", bound=Callable[..., object])


def asks_first(view: F) -> F:
    """The view runs once its question was answered; asked on a page first when no dialog asked it (no JS)."""

    @wraps(view)
    def wrapper(*args: object, **kwargs: object) -> object:
        if request.method == "POST" and request.form.get("confirmed") == "0":
            return question_page()
        return view(*args, **kwargs)

    return cast(F, wrapper)


def question_page() -> str:
    """The page asking the form's question; its form posts the same fields again, now confirmed. What was typed
    (a message to the people registered, a reason) is shown with it: it leaves with the action."""
    form = request.form
    kept = [(name, value) for name, value in form.items(multi=True) if name not in QUESTION_FIELDS]
    question = form.get("confirm_question", "").strip()[:QUESTION_MAX_CHARS] or "Confirmer cette action\u00a0?"
    label = form.get("confirm_label", "").strip()[:120] or "Confirmer"
    return render_template("main/confirm.html", question=question, label=label, fields=kept, action=request.path,
                           typed=typed_texts(MultiDict(kept)),
                           destructive=form.get("confirm_destructive") == "1",
                           back=form_page() or url_for("main.home"))
