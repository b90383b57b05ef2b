"""Building a message (app/mail.py): the subject a reader decodes is the subject written."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from app.mail import build_message

NBSP = "\u00a0"
SUBJECTS = [
    "Nouvelle demande de transfert — Faire vivre notre légumerie partagée",
    "Votre profil de personne ressource attend la validation de l'équipe d'animation",
    f"Rendez-vous Juri-PTCE confirmé{NBSP}: mardi 5 janvier 2027 à 14 h avec Hélène Marquet-Rivière (cabinet d'avocat·es)",
    f"Transfert «{NBSP}Faire vivre notre légumerie partagée{NBSP}» : le pôle Pôle des Coteaux 🌿 vous écrit 🌱🌽",
    "Invitation à rejoindre Entrepairs, le service d'échanges entre pairs des pôles territoriaux de coopération",
    "é" * 120,
    "🌱" * 50,
]


def _with_a_space_at_every_position(text: str) -> list[str]:
    """``text`` with one more space at each position: one of them lands where the header is split."""
    return [f"{text[:i]} {text[i:]}" for i in range(1, len(text))]


def _read_back(raw: bytes) -> str:
    return message_from_bytes(raw, policy=policy.default)["Subject"]


def _build(subject: str) -> EmailMessage:
    return build_message(to="zoe@example.org", subject=subject, body="Bonjour,\n\nCorps du message.\n",
                         sender="Entrepairs <ne-pas-repondre@entrepairs.localhost>")


@pytest.mark.parametrize("text", SUBJECTS)
def test_subject_reads_back_the_same_wherever_the_header_is_folded(text):
    for subject in [text, *_with_a_space_at_every_position(text)]:
        message = _build(subject)
        for raw in (bytes(message), message.as_bytes(policy=message.policy.clone(linesep="\r\n"))):  # file, SMTP
            assert _read_back(raw) == subject
            assert max(len(line) for line in raw.splitlines()) <= 78


def test_the_reported_subject_keeps_its_space_and_stays_plain_ascii_on_the_wire():
    raw = bytes(_build(SUBJECTS[0]))
    assert _read_back(raw) == SUBJECTS[0] and "notrelégumerie" not in _read_back(raw)
    assert raw.isascii()


def test_an_ascii_subject_is_left_readable():
    raw = bytes(_build("Invitation a rejoindre Entrepairs"))
    assert b"Subject: Invitation a rejoindre Entrepairs\n" in raw


def test_a_calendar_attachment_says_its_method_in_its_content_type():
    """Mail clients add or remove the event from the part's ``method`` (RFC 6047), not only from the file."""
    from app.mail import build_message

    request = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    cancel = request.replace(b"METHOD:REQUEST", b"METHOD:CANCEL")
    message = build_message(to="a@exemple.fr", subject="Rendez-vous", body="Bonjour", sender="site@exemple.fr",
                            attachments=[("r.ics", "text/calendar", request), ("c.ics", "text/calendar", cancel),
                                         ("x.csv", "text/csv", b"a;b\r\n")])
    parts = [part for part in message.iter_attachments()]
    assert [part.get_param("method") for part in parts] == ["REQUEST", "CANCEL", None]
    assert parts[0].get_content_type() == "text/calendar"


def test_a_text_attachment_says_it_is_utf_8_so_its_accents_read_back():
    """An .ics with « Pôle Coopérer » in its SUMMARY: without ``charset=utf-8`` the part is US-ASCII (RFC 2046) and
    a mail client shows « PÃ´le » or « P��le » in the calendar entry."""
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
           "SUMMARY:Journée au Pôle Coopérer en Voironnais\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    message = build_message(to="a@exemple.fr", subject="Journée", body="Bonjour", sender="site@exemple.fr",
                            attachments=[("j.ics", "text/calendar", ics), ("x.csv", "text/csv", "é;à\r\n".encode())])
    received = message_from_bytes(bytes(message), policy=policy.default)
    calendar, table = received.iter_attachments()
    assert calendar.get_content_charset() == "utf-8" and calendar.get_param("method") == "REQUEST"
    assert "SUMMARY:Journée au Pôle Coopérer en Voironnais" in calendar.get_content()
    assert table.get_content() == "é;à\r\n"


def test_a_message_says_when_it_was_written():
    # Before: no Date header (RFC 5322 requires one; smtplib adds none), a spam sign at relays that do not add it.
    from datetime import UTC, datetime

    from email.utils import parsedate_to_datetime

    written = parsedate_to_datetime(message_from_bytes(bytes(_build("Bonjour")), policy=policy.default)["Date"])
    assert abs((datetime.now(UTC) - written).total_seconds()) < 60


def test_the_file_backend_says_in_french_where_it_wrote_the_e_mail(app, tmp_path, caplog):
    from app.mail import deliver

    app.config.update(MAIL_BACKEND="file", MAIL_FILE_DIR=tmp_path)
    with caplog.at_level("INFO", logger="app.mail"):
        deliver(_build("Bonjour"), app=app)
    assert "E-mail écrit dans " in caplog.text


def test_the_console_backend_prints_the_e_mail_as_it_reads(app, capsys):
    # Before: the raw message, « Invitation_=C3=A0_rejoindre » and every long link cut by « = » soft breaks.
    from app.mail import deliver

    link = "https://entrepairs.example.org/compte/reinitialiser/" + "eyJ1aWQiOjIsImZwIjoibm9uZSIsImVtIjoiNjUzY2E" * 3
    message = build_message(to="zoe@example.org", subject="Invitation à rejoindre Entrepairs",
                            body=f"Bonjour Zoé,\n\nChoisissez votre mot de passe ici :\n\n{link}\n",
                            sender="Entrepairs <ne-pas-repondre@entrepairs.localhost>",
                            attachments=[("rendez-vous.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")])
    app.config.update(MAIL_BACKEND="console")
    deliver(message, app=app)
    printed = capsys.readouterr().out
    assert "Objet : Invitation à rejoindre Entrepairs" in printed and "À : zoe@example.org" in printed
    assert f"\n{link}\n" in printed and "Bonjour Zoé," in printed
    assert "[pièce jointe : rendez-vous.ics]" in printed


def test_every_mail_says_it_was_written_by_the_site_so_that_no_auto_reply_answers_it():
    """An out-of-office reply to a reminder went back to « ne-pas-repondre@ » (and a filter's reply could loop):
    RFC 3834's ``Auto-Submitted`` tells auto-responders not to answer; Exchange reads its own header."""
    received = message_from_bytes(bytes(_build("Rappel : atelier demain")), policy=policy.default)
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["X-Auto-Response-Suppress"] == "All"
    assert received["Message-ID"].endswith("@entrepairs.localhost>") and received["Date"]
