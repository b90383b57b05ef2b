"""The yearly review of collective actions (« Bilan »): its page and its CSV, for the organisers; a CRA reads its
own region (``region_asked``), a national organiser chooses one or the whole network."""

from __future__ import annotations

from flask import Response, render_template, request

from app.access import policy, region_asked, roles_required
from app.agenda import bilan as bilan_service
from app.agenda.bilan import REVIEW_ZONE
from app.agenda.pole_participation import participation_csv_rows, region_participation
from app.agenda.views import _me, bp
from app.csv_export import csv_response
from app.form_fields import region_choices
from app.templating import today_where_read
from models import Role


def _bilan_scope() -> tuple[int, str | None]:
    raw = request.args.get("annee", "")
    if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100:  # « ² » is a digit Python cannot read
        return int(raw), region_asked()
    return bilan_service.default_year(today_where_read(REVIEW_ZONE)), region_asked()


@bp.route("/organisation/bilan")
@roles_required(Role.ORGANISER)
def bilan() -> str:
    year, region = _bilan_scope()
    poles = region_participation(viewer=_me(), year=year, region_code=region) if region else None
    # A national organiser chooses the region; a CRA's is its own (``region_asked``), with no choice to offer.
    regions = region_choices(blank="Tout le réseau") if policy.is_national(_me()) else None
    return render_template("agenda/bilan.html", review=bilan_service.bilan(year=year, region_code=region),
                           poles=poles, regions=regions, years=range(today_where_read(REVIEW_ZONE).year + 1, 2021, -1))


@bp.route("/organisation/bilan.csv")
@roles_required(Role.ORGANISER)
def bilan_csv() -> Response:
    year, region = _bilan_scope()
    header, rows = bilan_service.bilan_csv_rows(bilan_service.bilan(year=year, region_code=region))
    if region:
        rows += participation_csv_rows(region_participation(viewer=_me(), year=year, region_code=region))
    name = f"bilan-{year}{'-' + region if region else ''}.csv"
    return csv_response(header, rows, name)
