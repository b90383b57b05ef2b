"""A list of records stacked on a phone: each body cell names its column, the table keeps its roles
(app/table_cells.py, macro scroll_table(…, stack=True))."""

from __future__ import annotations

import re
from pathlib import Path

from app.table_cells import labelled_cells
from tests.app.html_parts import page_html

TABLE = """<table>
  <caption class="visually-hidden">Transferts</caption>
  <thead><tr><th scope="col">Besoin</th><th scope="col">Pôle &amp; «&nbsp;réseau&nbsp;»</th>
    <th scope="col">Statut</th></tr></thead>
  <tbody>
    <tr><th scope="row"><a href="/t/1">Financer</a></th><td>Le Damier</td><td><span class="status">En cours</span></td></tr>
    <tr><td colspan="3">Aucun autre transfert</td></tr>
  </tbody>
</table>"""


def test_each_body_cell_says_its_column_and_each_part_keeps_its_role():
    labelled = labelled_cells(TABLE)
    assert re.findall(r'data-label="([^"]*)"', labelled) == ["Besoin", "Pôle &amp; «\u00a0réseau\u00a0»", "Statut"]
    assert '<td colspan="3" role="cell">Aucun autre transfert</td>' in labelled  # across the columns: no label
    assert '<table role="table">' in labelled and labelled.count('role="row"') == 3
    assert labelled.count('role="columnheader"') == 3 and '<th scope="row" role="rowheader" data-label="Besoin">' in labelled
    assert re.sub(r' (role|data-label)="[^"]*"', "", labelled) == TABLE  # nothing else changes


def test_a_stacked_list_on_a_page_labels_its_cells_and_a_table_read_across_does_not(client, db, login, make_user,
                                                                                     make_resource_person):
    """The walk: « Transferts en cours » and the organisers' lists scrolled sideways on a phone."""
    from models import Offer, Role

    # The console lists its available persons (an active offer, capacity left) in a table only when there are some.
    db.add(Offer(resource_person=make_resource_person(), title="Modèle économique", text="Trente ans de coopération."))
    db.commit()
    login(make_user(Role.ORGANISER))
    page = page_html(client.get("/organisation/tsf/"))
    region = re.search(r'<div class="table-scroll table-stack" role="region" aria-label="Personnes ressources '
                       r'disponibles"[^>]*>(.*?)</div>', page, re.S)
    assert region and 'role="table"' in region.group(1)
    bilan = page_html(client.get("/organisation/bilan"))
    assert "table-stack" not in bilan and "data-label" not in bilan  # a cross table keeps scrolling sideways


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: A ``<table>`` opening, then (past Jinja tags and comments) whether a ``<caption>`` comes first.
TABLE_OPENING = re.compile(r"<table\b([^>]*)>((?:\s*\{[%#].*?[%#]\})*\s*)(<caption\b)?", re.S)


def test_every_table_of_the_templates_has_a_name():
    """A screen reader jumping from table to table says the table's caption; the tables of the console, the
    follow-up, a run's review and the administration said « tableau » and nothing more (their scrolling region
    had a name, the table inside none)."""
    faults = [f"{path.relative_to(TEMPLATES)}:{text[:match.start()].count(chr(10)) + 1}"
              for path in sorted(TEMPLATES.rglob("*.html")) for text in [path.read_text(encoding="utf-8")]
              for match in TABLE_OPENING.finditer(text)
              if not match.group(3) and "aria-label" not in match.group(1)]
    assert faults == []
