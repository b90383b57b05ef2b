"""Jinja filters and globals: French dates in the viewer's time zone, labels."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Flask, Response
from flask_login import current_user
from markupsafe import Markup

from app.form_errors import error_items
from app.form_fields import length_hint, range_hint
from app.links import absolute_url
from app.auth.role_names import role_of_one
from app.refdata import theme_labels
from app.scheduling.meeting_pages import is_over
from app.table_cells import labelled_cells
from matching.explain import closeness, inferred_themes_reason
from app.typography import (
    NBSP, clock, count, duration_in_days, elide, excerpt, feminine_ordinal, french_spacing_html, hour_of, in_sentence,
    number, of_pole, plural, rating, tenths,
)
from models import utcnow
from models.enums import Role

FRENCH_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
]
FRENCH_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def viewer_timezone() -> str:
    """The zone pages are read in: the signed-in person's (``zone_of``), else Paris."""
    user = current_user
    if getattr(user, "is_authenticated", False):
        return zone_of(user)
    return "Europe/Paris"


def zone_of(user: object) -> str:
    """The IANA zone of ``user`` (their own, else their region's, else Paris): for mails and feeds."""
    if getattr(user, "timezone", None):
        return user.timezone  # type: ignore[attr-defined, return-value]
    region = getattr(user, "region", None)
    if region is not None:
        return region.timezone
    pole = getattr(user, "pole", None)
    if pole is not None and getattr(pole, "region", None) is not None:
        return pole.region.timezone
    return "Europe/Paris"


def french_day(day: date, *, with_weekday: bool = False) -> str:
    """« 5 janvier 2027 », « mardi 1er juin 2027 »: the first of a month is written « 1er », as French does; a
    no-break space holds the number to its month, so a line never ends on « 6 » with « décembre » on the next."""
    weekday = f"{FRENCH_DAYS[day.weekday()]} " if with_weekday else ""
    return f"{weekday}{_day_and_month(day)} {day.year}"


def _day_and_month(day: date) -> str:
    """« 6\u00a0décembre », « 1er\u00a0mars »: the day's number held to its month."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number}{NBSP}{FRENCH_MONTHS[day.month - 1]}"


def two_days(first: date, last: date) -> str:
    """Two days as French says them, the shared month and year once: « 9 et 10 décembre 2026 »,
    « 30 novembre et 1er décembre 2026 », « 31 décembre 2026 et 1er janvier 2027 »."""
    if first.year != last.year:
        return f"{french_day(first)} et {french_day(last)}"
    number = "1er" if first.day == 1 else str(first.day)
    start = number if first.month == last.month else _day_and_month(first)
    return f"{start} et {french_day(last)}"


def format_datetime(value: datetime | None, tz_name: str | None = None, with_day: bool = True) -> str:
    """A stored naive-UTC datetime shown as « mardi 3 mars 2026 à 9 h » in the viewer's zone (the time as
    ``format_time`` writes it, held to its « à »)."""
    if value is None:
        return ""
    local = local_datetime(value, tz_name)
    return f"{french_day(local.date(), with_weekday=with_day)} à{NBSP}{clock(local.hour, local.minute)}"


def format_time(value: datetime | None, tz_name: str | None = None) -> str:
    """Only the time, « 14 h 45 », « 9 h » (no-break spaces: a line never breaks inside), in the viewer's
    (or the given) zone."""
    if value is None:
        return ""
    local = local_datetime(value, tz_name)
    return clock(local.hour, local.minute)


def format_range(start: datetime, end: datetime, tz_name: str | None = None, *, with_date: bool = True,
                 with_day: bool = True) -> str:
    """A meeting's time range as French says it, in the viewer's (or the given) zone — the one way every page
    and mail writes a start and an end:

    - within a day: « mardi 5 janvier 2027 de 14 h à 14 h 45 » (``with_date=False``: « de 14 h à 14 h 45 »,
      for a card already under its day; ``with_day=False`` drops the weekday);
    - an end at midnight still closes that day: « … de 22 h à minuit »;
    - across days, both dates, always: « du mardi 5 janvier 2027 à 22 h au mercredi 6 janvier 2027 à 1 h 30 ».

    Not « à 14 h 00 – 14 h 45 »: French says a range « de … à … », and « à » holds a single time.
    """
    first, last = local_datetime(start, tz_name), local_datetime(end, tz_name)
    same_day = first.date() == last.date() or (
        last.time() == time(0) and first.time() != time(0) and last.date() == first.date() + timedelta(days=1))
    if same_day:
        hours = f"de{NBSP}{_hour(first)} à{NBSP}{_hour(last)}"
        return f"{french_day(first.date(), with_weekday=with_day)} {hours}" if with_date else hours
    return (f"du {french_day(first.date(), with_weekday=with_day)} à{NBSP}{_hour(first)} "
            f"au {french_day(last.date(), with_weekday=with_day)} à{NBSP}{_hour(last)}")


def _hour(local: datetime) -> str:
    """One end of a range: « 14 h 45 », and « minuit » rather than « 0 h »."""
    return "minuit" if local.time() == time(0) else clock(local.hour, local.minute)


def local_datetime(value: datetime, tz_name: str | None = None) -> datetime:
    """A stored naive-UTC (or aware) datetime in ``tz_name`` (the viewer's zone by default): what pages,
    mails and exports print."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(tz_name or viewer_timezone()))


def local_day(value: date | datetime, tz_name: str | None = None) -> date:
    """The calendar day of ``value`` where it is read: a stored naive-UTC (or aware) datetime in the
    viewer's (or the given) zone — 23:30 UTC on 4 December is 5 December in Paris; a date stays as is."""
    if not isinstance(value, datetime):
        return value
    return local_datetime(value, tz_name).date()


def today_where_read(tz_name: str | None = None) -> date:
    """Today on the wall clocks of ``tz_name`` (the viewer's zone by default), not the server's: at 23 h 30 UTC
    on 4 December a CRA in Paris is already on 5 December, and « aujourd'hui » is the 5th for them."""
    return local_day(utcnow(), tz_name)


def format_date(value: date | datetime | None, tz_name: str | None = None) -> str:
    """« 5 décembre 2026 »: the local day of a datetime (see ``local_day``), or a date as is."""
    if value is None:
        return ""
    return french_day(local_day(value, tz_name))


def region_name(code: str | None) -> str:
    from app.network.regions import region_names

    return region_names().get(code, code) if code else ""


def _count_filter(value: object, singular: str | None = None, plural_form: str | None = None, *,
                  zero: str = "") -> object:
    """``{{ n|count('pôle') }}`` → « 2 pôles », ``{{ n|count('pôle', zero='aucun') }}`` → « aucun pôle »; without a
    word, Jinja's own ``count`` (the length)."""
    if singular is None:
        return len(value)  # type: ignore[arg-type]
    return count(value, singular, plural_form, zero=zero)  # type: ignore[arg-type]


#: How a suggestion's reasons start when they name themes the model read in the need's text (with their odds).
GUESSED_THEMES = inferred_themes_reason([])


def shows_guessed_themes(explanations: object) -> bool:
    """Does this explanation, or any of these, name themes guessed from the text with a percentage
    (« Thèmes déduits du texte : Modèle économique (66 %) »)? Then the page says how to read them."""
    items = explanations if isinstance(explanations, (list, tuple)) else [explanations]
    return any(str(reason).startswith(GUESSED_THEMES) for item in items for reason in getattr(item, "reasons", ()))


def init_templating(app: Flask) -> None:
    from app.fragments import csrf_token_for_templates, unread_badge_for_templates

    # Kept renders get a slot for the CSRF token (app/fragments.py): as a global for imported
    # macros, and as a context value to override the one Flask-WTF's context processor gives.
    app.jinja_env.globals["csrf_token"] = csrf_token_for_templates
    app.context_processor(lambda: {"csrf_token": csrf_token_for_templates})
    app.jinja_env.tests["over"] = is_over  # {% if day is over %}: a meeting that has ended (scheduling/meeting_pages)
    app.jinja_env.filters["datetime_fr"] = format_datetime
    app.jinja_env.filters["date_fr"] = format_date
    app.jinja_env.filters["two_days"] = two_days
    app.jinja_env.filters["time_fr"] = format_time
    # A start and an end: {{ s.starts_at|range_fr(s.ends_at) }} → mardi 5 janvier 2027 de 14 h à 14 h 45.
    app.jinja_env.filters["range_fr"] = format_range
    app.jinja_env.filters["region_name"] = region_name
    # A table stacked row by row on a phone: each cell names its column (macro scroll_table(…, stack=True)).
    app.jinja_env.filters["labelled_cells"] = lambda table: Markup(labelled_cells(str(table)))
    app.jinja_env.globals["unread_badge"] = unread_badge_for_templates
    # French typography (app/typography.py): {{ x|number(2) }} → 3,70 ; {{ n|count('pôle') }} → 2 pôles ;
    # {{ 'que'|elide(name) }} → qu'Aurélie ; {{ zone|hour_of }} → heure de Paris ; {{ name|of_pole }}.
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["tenths"] = tenths  # an average: {{ 2.5|tenths }} → 2,5 ; {{ 3.0|tenths }} → 3
    app.jinja_env.filters["rating"] = rating  # {{ 4.5|rating }} → 4,5 sur 5, never « 4,5/5 » (« barre oblique »)
    app.jinja_env.filters["count"] = _count_filter
    app.jinja_env.filters["elide"] = elide
    app.jinja_env.filters["feminine_ordinal"] = feminine_ordinal  # {{ 21|feminine_ordinal }} → 21ᵉ
    app.jinja_env.filters["truncate"] = excerpt  # « associés… », not Jinja's « associés,... »
    app.jinja_env.filters["hour_of"] = hour_of
    app.jinja_env.filters["duration"] = duration_in_days  # {{ 1095|duration }} → trois ans ; {{ 90|duration }} → 90 jours
    app.jinja_env.filters["of_pole"] = of_pole
    # A label inside a sentence, its acronyms kept: {{ kind.label|in_sentence }} → journée nationale des PTCE.
    app.jinja_env.filters["in_sentence"] = in_sentence
    # A role said of one person, with no gender mark (app/auth/role_names.py): {{ user.role|role_of_one }}.
    app.jinja_env.filters["role_of_one"] = role_of_one
    app.jinja_env.globals["plural"] = plural
    app.jinja_env.globals["Role"] = Role
    app.jinja_env.globals["closeness"] = closeness  # « très proche / proche / à examiner » (matching/explain.py)
    app.jinja_env.globals["shows_guessed_themes"] = shows_guessed_themes
    app.jinja_env.globals["theme_label"] = lambda code: theme_labels().get(code, code)
    app.jinja_env.globals["viewer_timezone"] = viewer_timezone
    app.jinja_env.globals["zone_of"] = zone_of
    app.jinja_env.globals["absolute_url"] = absolute_url  # links in mail templates (app/links.py)
    # Forms (templates/macros/forms.html): the error summary's lines, a text field's length limits.
    app.jinja_env.globals["form_errors"] = error_items
    app.jinja_env.globals["length_hint"] = length_hint
    app.jinja_env.globals["range_hint"] = range_hint

    @app.after_request
    def _french_spacing(response: Response) -> Response:
        # Every page's text gets its no-break spaces before « : ; ? ! » here, whoever wrote it (app/typography.py).
        if response.mimetype == "text/html" and not response.is_streamed and not response.direct_passthrough:
            response.set_data(french_spacing_html(response.get_data(as_text=True)))
        return response
