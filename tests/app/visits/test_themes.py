"""Suggested themes, hosts, invitees and the cohort map."""

from __future__ import annotations

from app.visits import cohorts, themes


def test_theme_suggested_when_three_poles_of_three_regions_share_a_need(network):
    state = themes.theme_state(background=False)
    assert state.themes is not None and len(state.themes) == 1
    theme = state.themes[0]
    assert {p.id for p in theme.poles} == {p.id for p in network.poles}
    assert {n.id for n in theme.needs} == {n.id for n in network.needs}
    assert "tiers-lieu" in theme.cluster.label_terms or "friche" in theme.cluster.label_terms


def test_no_theme_when_poles_share_fewer_than_three_regions(db, network):
    network.poles[2].region_code = "53"
    db.commit()
    assert themes.theme_state(background=False).themes == []


def test_theme_result_cached_until_needs_change(db, network, monkeypatch):
    themes.theme_state(background=False)
    calls = []
    original = themes._compute
    monkeypatch.setattr(themes, "_compute", lambda key, progress=None: calls.append(key) or original(key))
    themes.theme_state(background=False)
    assert calls == []
    network.needs[0].text += " Nous avons déjà un bail précaire."
    db.commit()
    themes.theme_state(background=False)
    assert len(calls) == 1


def test_hosts_are_consolidated_and_never_visiting(network):
    theme = themes.suggested_theme(1)
    plan = cohorts.theme_plan(title=theme.title, theme_text=theme.theme_text, label_terms=theme.cluster.label_terms,
                              shared_themes=theme.cluster.shared_themes, theme_needs=theme.needs,
                              centroid=theme.centroid)
    assert [h.pole.id for h in plan.hosts] == [network.host.id]
    assert any("consolidé" in r for r in plan.hosts[0].reasons)
    assert {i.pole.id for i in plan.invitees} >= {p.id for p in network.poles}
    assert plan.host.id == network.host.id


def test_cohort_map_is_svg_with_distances_to_host(network):
    theme = themes.suggested_theme(1)
    plan = cohorts.theme_plan(title=theme.title, theme_text=theme.theme_text, theme_needs=theme.needs,
                              centroid=theme.centroid)
    assert plan.map_svg.startswith("<svg") and "carte-lien" in plan.map_svg
    travels = {i.pole.id: i.travel for i in plan.invitees}
    rennes_toulouse = travels[network.poles[0].id]
    assert rennes_toulouse.mode == "route" and 500 < rennes_toulouse.km < 1000


def test_cluster_threshold_follows_model_unless_set(app):
    app.config["EMBEDDING_MODEL"] = "default"
    assert themes.cluster_threshold() == 0.60
    app.config["EMBEDDING_MODEL"] = "minilm"
    assert themes.cluster_threshold() == 0.50
    app.config["VISIT_CLUSTER_THRESHOLD"] = 0.42
    assert themes.cluster_threshold() == 0.42


def test_hosts_are_explained_as_poles_not_as_offers(network, monkeypatch):
    from matching import explain

    # the closeness in meaning said of every host (the fixture's one host has no other to stand out from)
    monkeypatch.setattr(explain, "readable", lambda *args: True)
    monkeypatch.setattr(explain, "semantic_reason", lambda z: "Proximité de sens élevée entre le besoin et l'offre")
    theme = themes.suggested_theme(1)
    plan = cohorts.theme_plan(title=theme.title, theme_text=theme.theme_text, theme_needs=theme.needs,
                              centroid=theme.centroid)
    reasons = " ".join(plan.hosts[0].reasons)
    assert "offre" not in reasons, reasons  # a host pole has no offer: « Classée 1re sur 21 offres possibles »
    assert "pôle" in reasons
    assert "besoin" not in reasons  # the visit's theme is no one's need


def test_a_pole_awaiting_confirmation_is_neither_host_nor_invitee(db, network, make_pole, make_user):
    """Not yet part of the network (app.access.scopes.pole_suggested_to), even for a national organiser."""
    from models import Departement, Maturity, Need

    from tests.app.visits.conftest import HOST_STRENGTHS, TIERS_LIEU

    twin = make_pole("Pôle jumeau à confirmer", region_code="76", maturity=Maturity.CONSOLIDE,
                     strengths=HOST_STRENGTHS, confirmed=False)
    twin.departements = [db.get(Departement, "31")]
    newcomer = make_pole("Pôle nouveau à confirmer", region_code="11", confirmed=False)
    db.add(Need(pole=newcomer, title=TIERS_LIEU[0][0], text=TIERS_LIEU[0][1]))
    db.commit()
    theme = themes.suggested_theme(1)
    plan = cohorts.theme_plan(title=theme.title, theme_text=theme.theme_text, theme_needs=theme.needs,
                              centroid=theme.centroid, viewer=network.organiser)
    named = {h.pole.name for h in plan.hosts} | {i.pole.name for i in plan.invitees}
    assert network.host.name in named
    assert not named & {twin.name, newcomer.name}


def test_what_every_host_shares_is_said_once_of_the_visit_theme(db, network, make_pole, monkeypatch):
    from matching import explain
    from models import Departement, Maturity

    from tests.app.visits.conftest import HOST_STRENGTHS

    monkeypatch.setattr(explain, "readable", lambda *args: True)
    monkeypatch.setattr(explain, "semantic_reason", lambda z: "Proximité de sens élevée entre le besoin et l'offre")
    twin = make_pole("Pôle jumeau", region_code="76", maturity=Maturity.CONSOLIDE, strengths=HOST_STRENGTHS)
    twin.departements = [db.get(Departement, "31")]
    db.commit()
    theme = themes.suggested_theme(1)
    plan = cohorts.theme_plan(title=theme.title, theme_text=theme.theme_text, theme_needs=theme.needs,
                              centroid=theme.centroid)
    assert len(plan.hosts) == 2
    shared = plan.hosts[0].shared_reasons
    assert "Proximité de sens élevée entre le thème de la visite et ce que le pôle peut transmettre" in shared
    assert all(h.shared_reasons == shared and not set(shared) & set(h.reasons) for h in plan.hosts)
