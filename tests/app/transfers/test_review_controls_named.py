"""Each review control of a pairing run names its pair: with 49 pairs, 49 selects all called « Autre personne
ressource » and 49 « Échanger » buttons could not be told apart by a screen reader (walk 4)."""

from __future__ import annotations

import html
import re

from app.transfers import batch


def test_each_swap_select_and_button_names_its_need(client, login, db, scene, make_resource_person):
    from models import Offer

    second = make_resource_person(capacity=2)
    db.add(Offer(resource_person=second, title="Financer la coordination et les circuits courts d'un pôle",
                 text="Cotisations, conventions et restauration collective : financer le poste de coordination."))
    db.commit()
    run = batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id)
    login(scene.organiser)
    page = html.unescape(client.get(f"/organisation/tsf/calculs/{run.id}").get_data(as_text=True))
    labels = re.findall(r'<label[^>]*for="p\d+-person_id"[^>]*>([^<]*)</label>', page)
    assert labels and len(set(labels)) == len(labels)
    from models import Need

    for pair in run.pairs:
        title = db.get(Need, pair.need_id).title
        assert f"Autre personne ressource pour le binôme {title}" in labels
        assert f"Échanger<span class=\"visually-hidden\"> la personne ressource du binôme {title}</span>" in page


def test_a_duration_never_leaves_its_unit_alone_on_a_line(client, login, scene):
    run = batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id)
    login(scene.organiser)
    page = client.get(f"/organisation/tsf/calculs/{run.id}").get_data(as_text=True)
    durations = re.findall(r"<td[^>]*>(\d+,\d{3})(.)s</td>", html.unescape(page))
    assert len(durations) == 2 and all(space == "\u00a0" for _, space in durations)
