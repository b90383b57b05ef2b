"""Map of the network, statistics and regional views (thin: check access, call services, render)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from app.access import check_region, roles_required
from app.access.policy import organiser_region
from app.csv_export import csv_response
from app.network import services, stats
from app.network.forms import MapFilterForm
from app.typography import alphabetical
from charts import render_for_screens
from models import Role

bp = Blueprint("network", __name__)


def _pole_prefix() -> str:
    """``/poles/`` as routed: pole URLs are built without one ``url_for`` per marker (2,000 poles)."""
    return url_for("poles.show", pole_id=1)[:-1]



def _map_page(template: str, *, organiser: bool) -> str:
    form = MapFilterForm(request.args)
    valid = form.validate()
    theme = form.theme.data if valid and not form.theme.errors and form.theme.data else None
    scope = form.liens.data if not form.liens.errors and form.liens.data else services.DEFAULT_LINK_SCOPE
    network_map = services.network_map(
        viewer=current_user if organiser else None, theme=theme, with_links=organiser, href_prefix=_pole_prefix(),
        link_scope=scope, charter_only=bool(valid and form.charte.data))
    return render_template(template, form=form, network_map=network_map,
                           map_svg=Markup(network_map.svg),
                           pole_list=services.pole_list_html(network_map.poles, prefix=_pole_prefix(),
                                                             organiser=organiser),
                           theme_label=services.theme_label(theme),
                           region_code=organiser_region(current_user) if organiser else None)


@bp.route("/carte")
def public_map() -> str:
    return _map_page("network/public_map.html", organiser=False)


@bp.route("/organisation/carte")
@roles_required(Role.ORGANISER)
def organiser_map() -> str:
    return _map_page("network/organiser_map.html", organiser=True)


def _charts_with_svg(charts: list, id_suffix: str = "") -> list[tuple]:
    return [(chart, Markup(render_for_screens(chart, id_prefix=f"graphique-{chart.key}{id_suffix}")))
            for chart in charts]


@bp.route("/organisation/statistiques")
@roles_required(Role.ORGANISER)
def statistics() -> str:
    charts = stats.build_charts()
    regions = [(code, name) for code, name in sorted(services.region_names().items(), key=lambda i: alphabetical(i[1]))
               if services.can_see_region(current_user, code)]
    return render_template("network/statistics.html", charts=_charts_with_svg(charts),
                           missing=stats.MISSING_CHARTS, regions=regions)


@bp.route("/organisation/statistiques/<key>.csv")
@roles_required(Role.ORGANISER)
def statistics_csv(key: str) -> Response:
    if key not in stats.CHARTS:
        abort(404)
    region_code = request.args.get("region") or None
    if region_code is not None:
        if region_code not in services.region_names() or not stats.CHARTS[key].regional:
            abort(404)
        check_region(region_code)
    chart = stats.build_chart(key, region_code=region_code)
    filename = f"{key}-{region_code}.csv" if region_code else f"{key}.csv"
    return csv_response(chart.table_header(), chart.table_rows(), filename)


@bp.route("/organisation/region/<code>")
@roles_required(Role.ORGANISER)
def region_view(code: str) -> str:
    if code not in services.region_names():
        abort(404)
    check_region(code)
    view = services.regional_view(code, viewer=current_user, href_prefix=_pole_prefix())
    charts = stats.build_charts(region_code=code)
    return render_template("network/region.html", view=view, map_svg=Markup(view.map.svg),
                           charts=_charts_with_svg(charts, f"-{code}"), pole_prefix=_pole_prefix(),
                           pole_list=services.pole_list_html(view.map.poles, prefix=_pole_prefix(),
                                                             organiser=True))
