"""The organisers' follow-up of transfers and its CSV exports."""

from __future__ import annotations


from flask import Response, current_app, render_template, request

from app.access import region_asked, roles_required
from app.access.policy import organiser_region
from app.csv_export import csv_download
from app.form_fields import as_choices, region_choices, theme_choices
from app.transfers import services
from app.transfers.follow_up import feedback_of, follow_up_rows, kept_gaps, rows_breakdown, table_page
from app.transfers.forms import FollowUpFilterForm
from app.transfers.blueprint import _me, bp
from app.transfers.status_words import counted_label
from matching.explain import CLOSE_SCORE
from models import PairingStatus, Role


# --------------------------------------------------------------------------- #
# Follow-up and exports
# --------------------------------------------------------------------------- #


def _filters() -> tuple[FollowUpFilterForm, dict[str, str]]:
    """The follow-up's filters; an invalid one is left out with its error beside it, the others apply.

    A CRA has no region to choose (the field is gone, its region applies); another region asked in
    the URL is refused with a page that says so (``region_asked``), never shown as zeros.
    """
    form = FollowUpFilterForm(request.args)
    form.status.choices = as_choices([("", "Tous")] + [(status.value, counted_label(status)) for status in PairingStatus])
    form.theme.choices = as_choices([("", "Tous")]) + theme_choices()
    own_region = organiser_region(_me())
    region = region_asked()
    if own_region is None:
        form.region.choices = region_choices(blank="Toutes")
    else:
        del form["region"]
    filters = form.valid_filters()
    if own_region is not None:
        filters["region"] = region or ""
    return form, {name: value for name, value in filters.items() if value}


@bp.route("/organisation/suivi")
@roles_required(Role.ORGANISER)
def follow_up() -> str:
    form, filters = _filters()
    rows = follow_up_rows(**filters, viewer=_me())
    threshold = current_app.config["TRANSFER_GOOD_MATCH_THRESHOLD"]
    if threshold is None:
        threshold = CLOSE_SCORE
    gaps, gap_themes, gap_regions = kept_gaps(threshold=threshold, viewer=_me())
    return render_template(
        "transfers/follow_up.html", form=form, filters=filters, pairings=rows, own_region=organiser_region(_me()),
        table=table_page(rows, anchor="liste-titre"), breakdown=rows_breakdown(rows),
        feedback=feedback_of(**filters, viewer=_me()), gaps=gaps, gap_themes=gap_themes,
        gap_regions=gap_regions, threshold=threshold)


@bp.route("/organisation/suivi/appariements.csv")
@roles_required(Role.ORGANISER)
def pairings_csv() -> Response:
    _, filters = _filters()
    return csv_download(services.pairings_csv(services.all_pairings(**filters, viewer=_me())), "appariements.csv")


@bp.route("/organisation/suivi/retours.csv")
@roles_required(Role.ORGANISER)
def feedback_csv() -> Response:
    _, filters = _filters()
    pairings = services.all_pairings(**filters, viewer=_me())
    return csv_download(services.feedback_csv(services.all_feedback(viewer=_me(), of=pairings)), "retours.csv")
