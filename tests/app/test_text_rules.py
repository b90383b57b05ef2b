"""What a typed text becomes before it is stored: here, the blank lines between its paragraphs."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from app.text_rules import bounded_text


def test_twenty_blank_lines_typed_in_a_text_area_are_stored_as_one(app):
    """A need's text with twenty blank lines (typed, or pasted from a document) showed as a screen of nothing on
    the need's page (``.prose`` keeps line breaks), in the mails and in the calendars that quote it."""
    from app.poles.forms import NeedForm

    typed = "Premier paragraphe.\r\n" + "\r\n" * 20 + "  \r\n\t\r\nSecond paragraphe, assez long pour passer.\r\nSuite."
    with app.test_request_context():
        form = NeedForm(MultiDict({"title": "Financer la coordination", "text": typed, "kind": "any",
                                   "urgency": "2"}), meta={"csrf": False})
        assert form.validate(), form.errors
        assert form.text.data == "Premier paragraphe.\n\nSecond paragraphe, assez long pour passer.\nSuite."


def test_the_services_keep_one_blank_line_between_paragraphs_too():
    """A text a service stores (a script, an import) gets the same: one blank line kept, the others dropped."""
    assert bounded_text("a\n\nb\n\n\n\nc\u2028\u2028\u2028d", field_label="Texte", most=100) == "a\n\nb\n\nc\n\nd"
