"""A link to another site (a stored address: video link, replay, website; an address written in a message) opens
with ``rel="noopener noreferrer"``: the site it leads to gets neither a handle on our page nor its address, which
names the session, the transfer or the message it was read in."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
#: An ``<a>`` whose address is one a person typed and the site stored.
_STORED_ADDRESS = re.compile(r'<a\b[^>]*href="\{\{\s*[\w.]*(?:video_url|materials_url|website|charter_url)\s*\}\}"[^>]*>')
_URLIZE = re.compile(r"urlize\(([^)]*)\)")


def _templates() -> list[tuple[str, str]]:
    return [(str(path.relative_to(TEMPLATES)), path.read_text(encoding="utf-8")) for path in TEMPLATES.rglob("*.html")]


def test_every_link_to_a_stored_address_says_noopener_noreferrer():
    links = [(name, tag) for name, text in _templates() for tag in _STORED_ADDRESS.findall(text)]
    assert len(links) >= 5  # the video links, the replay, the pole's website, the charter page
    missing = [f"{name}: {tag}" for name, tag in links
               if not re.search(r'rel="[^"]*\bnoopener\b[^"]*"', tag) or not re.search(r'rel="[^"]*\bnoreferrer\b', tag)]
    assert missing == []


def test_every_address_written_in_a_text_is_linked_with_noreferrer():
    calls = [(name, args) for name, text in _templates() for args in _URLIZE.findall(text)]
    assert calls  # the messages of a transfer's thread
    assert [f"{name}: urlize({args})" for name, args in calls if "noreferrer" not in args] == []
