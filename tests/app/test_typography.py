"""French typography helpers (app/typography.py) and the Jinja filters built on them."""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

import pytest

from app.typography import (
    alphabetical, clock, count, elide, excerpt, french_spacing, hour_of, in_sentence, number, of_pole, plural,
)
from models import Role

NNBSP = "\u202f"
NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (3.7, 2, "3,70"), (3.7, None, "3,7"), (0.25, None, "0,25"), (4.0, None, "4"), (12500, None, f"12{NNBSP}500"),
    (1234.5, 1, f"1{NNBSP}234,5"), (-0.001, 2, "0,00"), (None, None, ""), (2, 1, "2,0"), (0.5, 0, "0"),
])
def test_numbers_have_a_decimal_comma_and_narrow_spaces(value, decimals, expected):
    assert number(value, decimals) == expected


@pytest.mark.parametrize(("n", "expected"), [(0, "0\u00a0pôle"), (1, "1\u00a0pôle"), (2, "2\u00a0pôles"), (1.5, "1,5\u00a0pôle"),
                                             (1200, f"1{NNBSP}200\u00a0pôles")])
def test_count_agrees_in_number(n, expected):
    assert count(n, "pôle") == expected


def test_plural_of_phrases_and_irregular_words():
    assert count(3, "pôle inscrit") == "3\u00a0pôles inscrits"
    assert count(3, "créneau", "créneaux") == "3\u00a0créneaux"
    assert plural(1, "place") == "place" and plural(5, "place") == "places"


@pytest.mark.parametrize(("word", "following", "expected"), [
    ("que", "Aurélie", "qu'Aurélie"), ("Ce que", "Aurélie", "Ce qu'Aurélie"), ("de", "Paris", "de Paris"),
    ("de", "Hélène", "d'Hélène"), ("de", "Haute-Savoie", "de Haute-Savoie"), ("le", "offre", "l'offre"),
    ("De", "Occitanie", "D'Occitanie"), ("de", "Yves", "d'Yves"), ("de", "« Écume »", "d'« Écume »"),
    ("de", "", "de "), ("de", "Équipe d'animation", "d'Équipe d'animation"), ("de", "Hugues", "d'Hugues"),
    ("de", "Hauts-de-France", "de Hauts-de-France"), ("de", "Hamel", "de Hamel"),
])
def test_elision(word, following, expected):
    assert elide(word, following) == expected


@pytest.mark.parametrize(("zone", "expected"), [
    ("Europe/Paris", "heure de Paris"), ("Indian/Reunion", "heure de La Réunion"),
    ("America/Martinique", "heure de la Martinique"), ("America/Cayenne", "heure de la Guyane"),
    ("America/Anchorage", "heure d'Anchorage"), ("America/New_York", "heure de New York"), (None, "heure de Paris"),
])
def test_readable_zone_names(zone, expected):
    assert hour_of(zone) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Pôle Sud", "du Pôle Sud"), ("Le Damier", "du pôle Le Damier"), ("PTCE Ulisse - Soleni", "du PTCE Ulisse - Soleni"),
])
def test_never_du_pole_pole(name, expected):
    assert of_pole(name) == expected


@pytest.mark.parametrize(("hour", "minute", "expected"), [
    (9, 0, "9 h"), (14, 0, "14 h"), (9, 30, "9 h 30"), (14, 45, "14 h 45"), (0, 5, "0 h 05"), (0, 0, "0 h"),
])
def test_times_have_no_leading_zero_no_00_and_never_break(hour, minute, expected):
    assert clock(hour, minute) == expected.replace(" ", NBSP)


def test_time_filters_write_times_the_french_way(app):
    start, end = datetime(2026, 3, 3, 8, 0), datetime(2026, 3, 3, 13, 45)  # UTC: 9 h and 14 h 45 in Paris
    rendered = app.jinja_env.from_string(
        "{{ start|datetime_fr('Europe/Paris') }} ; {{ end|time_fr('Europe/Paris') }} ; "
        "{{ start|range_fr(end, 'Europe/Paris') }}").render(start=start, end=end)
    assert rendered == (f"mardi 3{NBSP}mars 2026 à{NBSP}9{NBSP}h ; 14{NBSP}h{NBSP}45 ; "
                        f"mardi 3{NBSP}mars 2026 de{NBSP}9{NBSP}h à{NBSP}14{NBSP}h{NBSP}45")


def test_filters_are_registered_for_templates(app):
    env = app.jinja_env
    rendered = env.from_string(
        "{{ 3.7|number(2) }} · {{ 2|count('pôle') }} · {{ 'que'|elide('Aurélie') }} · {{ 'Europe/Paris'|hour_of }}"
        " · {{ 'Pôle Sud'|of_pole }}").render()
    assert html.unescape(rendered) == "3,70 · 2\u00a0pôles · qu'Aurélie · heure de Paris · du Pôle Sud"


ROOT = Path(__file__).resolve().parents[2]
#: Nothing is left out any more (the transfers area was rewritten on its branch, then merged).
NOT_HERE: tuple[str, ...] = ()


def _texts() -> list[tuple[str, int, str]]:
    lines = []
    sources = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("templates/**/*.txt"),
               *(path for package in ("app", "matching", "charts", "geo", "wording") for path in ROOT.glob(f"{package}/**/*.py"))]
    for path in sorted(sources):
        name = path.relative_to(ROOT).as_posix()
        if NOT_HERE and name.startswith(NOT_HERE):
            continue
        for number_, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.lstrip().startswith(("#", "log.")) and "log.info(" not in line:
                lines.append((name, number_, line))
    return lines


def test_no_parenthesised_plural_anywhere():
    found = [f"{name}:{n}: {line.strip()}" for name, n, line in _texts()
             if re.search(r"(?<![\w{])(?!(?:float|round|str|int|len|bool)\()[^\W\d_]\w*\((s|x|e|es)\)(?! for )", line)]
    assert found == []


#: A plural made by hand from a figure (« transfert{'s' if n > 1 else ''} », « {% if n > 1 %}s{% endif %} »): ``count``
#: (or ``plural``, for a word said without its figure) writes it, with French's singular for 0 and 1.
HAND_MADE_PLURAL = re.compile(r"""(?:\{|= ) *["']s["'] if |\{%-? *if [^%]*(?:>|<|==|!=) *[12] *-?%\}(?:s|x|es)\{%""")
#: A figure then a counted word after a plain space (« {{ n|number }} heures », « 'Ses ' ~ n|length ~ ' créneaux' »):
#: the figure may end a line alone; ``count`` joins them with a no-break space and agrees the word.
FIGURE_THEN_PLAIN_WORD = re.compile(r"\|(?:number(?:\(\d\))?|length) *(?:\}\}|~ *') "
                                    r"(?!(?:sans|dans|sous|vers|plus|puis|mais|depuis|alors|après|dès)\b)(?:[^\W\d_]+[sx]|km)\b")


def test_no_plural_is_made_by_hand():
    found = [f"{name}:{n}: {line.strip()}" for name, n, line in _texts() if HAND_MADE_PLURAL.search(line)]
    assert found == []


def test_a_figure_is_never_left_before_its_word_with_a_plain_space():
    found = [f"{name}:{n}: {line.strip()}" for name, n, line in _texts() if FIGURE_THEN_PLAIN_WORD.search(line)]
    assert found == []


def test_the_pure_libraries_count_with_the_same_count_as_the_site():
    import wording
    from app import typography

    assert typography.count is wording.count and typography.number is wording.number


def test_numbers_in_templates_go_through_the_french_filter():
    found = [f"{name}:{n}" for name, n, line in _texts()
             if name.startswith("templates/") and re.search(r"'%\.\d+f'\s*\|\s*format|\|\s*round\b(?!\|int)", line)]
    assert found == []


def test_time_zones_are_never_shown_by_their_identifier():
    found = [f"{name}:{n}" for name, n, line in _texts() if name.startswith("templates/")
             and re.search(r"heure de \{\{|fuseau \(\{\{|\(\{\{ *[\w.]*timezone *\}\}\)|viewer_timezone\(\) *\}\}", line)]
    assert found == []


@pytest.mark.web
def test_legal_page_says_heure_de_paris(client, login, make_user, make_pole):
    login(make_user(pole=make_pole()))
    page = html.unescape(client.get("/juri-ptce/mes-rendez-vous").get_data(as_text=True))
    assert "Heures affichées à l'heure de Paris." in page and "Europe/Paris" not in page


@pytest.mark.web
def test_resource_person_page_elides_before_a_vowel(client, login, make_user, make_resource_person):
    profile = make_resource_person(user=make_user(Role.RESOURCE_PERSON, name="Aurélie Martin"))
    login(make_user(Role.ORGANISER))
    page = html.unescape(client.get(f"/personnes-ressources/{profile.id}").get_data(as_text=True))
    assert "Ce qu'Aurélie Martin peut transmettre" in page and "Ce que Aurélie" not in page


def test_count_without_a_word_is_still_jinjas_length(app):
    assert app.jinja_env.from_string("{{ [1, 2, 3]|count }} · {{ 1|count('place') }}").render() == "3 · 1\u00a0place"


def test_french_quotes_in_pages_hold_their_words_with_a_no_break_space():
    """« membres » must not break after « or before » at the end of a line."""
    found = [f"{name}:{n}" for name, n, line in _texts() if name.endswith(".html") and re.search(r"« | »", line)]
    assert found == []


def test_alphabetical_order_ignores_accents_and_case():
    names = ["Normandie", "Île-de-France", "Hauts-de-France", "Occitanie", "Écosse", "bretagne"]
    assert sorted(names, key=alphabetical) == [
        "bretagne", "Écosse", "Hauts-de-France", "Île-de-France", "Normandie", "Occitanie"]


def test_region_menus_put_ile_de_france_under_i(app):
    from app.form_fields import region_choices

    with app.test_request_context():
        names = [choice.label for choice in region_choices()]
    assert names.index("Hauts-de-France") < names.index("Île-de-France") < names.index("Normandie")


def test_french_spacing_leaves_addresses_and_spaced_text_alone():
    assert french_spacing("Rappel : « coop » ; vite !") == "Rappel\u00a0: «\u00a0coop\u00a0»\u00a0; vite\u00a0!"
    assert french_spacing("https://exemple.fr/a:b?c=1") == "https://exemple.fr/a:b?c=1"
    assert french_spacing("Déjà\u00a0: bien") == "Déjà\u00a0: bien"


def test_a_page_gets_its_no_break_spaces_in_its_text_never_in_its_markup_scripts_or_typed_values():
    from app.typography import french_spacing_html

    page = ('<p title="Sûr ?">Lieu : ici, « coop » !</p><a href="/x?y=1">Suite ?</a>'
            '<textarea name="t">Tapé : gardé</textarea><input name="q" value="a : b">'
            '<script src="/s.js">a ? b : c</script><!-- note : rien -->\n<strong>Pôle</strong>\n  : texte')
    assert french_spacing_html(page) == (
        '<p title="Sûr\u00a0?">Lieu\u00a0: ici, «\u00a0coop\u00a0»\u00a0!</p><a href="/x?y=1">Suite\u00a0?</a>'
        '<textarea name="t">Tapé : gardé</textarea><input name="q" value="a : b">'
        '<script src="/s.js">a ? b : c</script><!-- note : rien -->\n<strong>Pôle</strong>\u00a0: texte')



def test_a_hyphenated_short_word_is_kept_whole_at_the_end_of_a_line_in_a_page_s_text_only():
    """The walk: on a phone « Mes rendez-vous Juri-PTCE » broke as « Juri- / PTCE », « e-mail » as « e- / mail ». The
    word is wrapped in a span the stylesheet keeps on one line; its letters stay the typed ones (search, copy,
    screen readers), and nothing is added where markup cannot go (a tab's title, a menu's option, a drawing, an
    attribute, what a person types) nor to an address or a word that merely contains it."""
    from app.typography import french_spacing_html

    page = ('<title>Adresse e-mail : Juri-PTCE</title><h1>Mes rendez-vous Juri-PTCE</h1>'
            '<p title="Un e-mail">Par E-mails : « e-mail » ; x@e-mail.fr, /juri-ptce/, mon-e-mail.</p>'
            '<select><option>Juri-PTCE</option></select><svg><title>e-mail :</title><text>Juri-PTCE</text></svg>'
            '<textarea>e-mail</textarea><input value="e-mail">')
    assert french_spacing_html(page) == (
        '<title>Adresse e-mail\u00a0: Juri-PTCE</title><h1>Mes rendez-vous <span class="nowrap">Juri-PTCE</span></h1>'
        '<p title="Un e-mail">Par <span class="nowrap">E-mails</span>\u00a0: «\u00a0<span class="nowrap">e-mail</span>'
        '\u00a0»\u00a0; x@e-mail.fr, /juri-ptce/, mon-e-mail.</p>'
        '<select><option>Juri-PTCE</option></select><svg><title>e-mail\u00a0:</title><text>Juri-PTCE</text></svg>'
        '<textarea>e-mail</textarea><input value="e-mail">')
    assert french_spacing_html(french_spacing_html(page)) == french_spacing_html(page)  # a kept page passes again

def test_count_says_zero_in_words_when_asked():
    assert count(0, "lauréat", zero="aucun") == "aucun lauréat"
    assert count(0, "demande", zero="aucune") == "aucune demande"
    assert count(2, "demande", zero="aucune") == "2\u00a0demandes" and count(0, "pôle") == "0\u00a0pôle"


def test_percent_has_a_decimal_comma_and_a_no_break_space():
    from app.typography import percent
    assert percent(100 / 3) == "33,3\u00a0%"
    assert percent(50.0) == "50\u00a0%" and percent(2 / 3 * 100) == "66,7\u00a0%"


@pytest.mark.parametrize("label, expected", [
    ("Journée nationale des PTCE", "journée nationale des PTCE"),
    ("Rencontre régionale inter-PTCE", "rencontre régionale inter-PTCE"),
    ("AMI PTCE", "AMI PTCE"),
    ("En cours", "en cours"),
    ("", ""),
])
def test_a_label_inside_a_sentence_keeps_its_acronyms(label, expected):
    assert in_sentence(label) == expected


def test_texts_written_by_scripts_keep_their_no_break_spaces():
    """The server adds the no-break spaces to a page (french_spacing_html), never to what a script writes
    into it later (the theme suggestions, the length counter): the scripts' own words must carry them."""
    literal = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
    breakable = re.compile(r"(?<=\S) [:;?!»%]|« ")
    found = [f"{path.name}:{n}: {text}"
             for path in sorted(ROOT.glob("static/js/*.js"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if not line.lstrip().startswith(("//", "*", "/*"))
             for text in (m.group(0) for m in literal.finditer(line)) if breakable.search(text)]
    assert found == []


def test_tenths_show_a_decimal_only_where_there_is_one():
    from app.typography import tenths
    assert tenths(3.0) == "3" and tenths(3) == "3" and tenths(2.5) == "2,5" and tenths(13 / 3) == "4,3"
    assert tenths(2.96) == "3" and tenths(1234.56) == "1\u202f234,6" and tenths(None) == ""


def test_a_duration_set_in_days_reads_as_a_person_says_it() -> None:
    from app.typography import duration_in_days

    assert duration_in_days(1095) == "trois ans" and duration_in_days(365) == "un an"
    assert duration_in_days(90) == "90\u00a0jours" and duration_in_days(1) == "1\u00a0jour"
    assert duration_in_days(366) == "366\u00a0jours"


def test_a_cut_text_ends_on_a_word_and_one_ellipsis_character(app):
    """Walk of a pole facilitator on Juri-PTCE: a lawyer's specialities, cut at 220 characters, read « entrée et
    sortie des associés,... » (Jinja's three dots after the comma); every ``truncate`` of a template now ends « … »."""
    specialties = ("Avocat en droit des sociétés et de l'économie sociale : création et transformation de sociétés "
                   "coopératives (SCIC, SCOP, coopératives d'activité et d'emploi), collèges de vote, entrée et sortie "
                   "des associés, gouvernance partagée et capital variable.")
    comma = specialties.index(", gouvernance")
    cut = app.jinja_env.from_string("{{ text|truncate(n) }}").render(text=specialties, n=comma + 6)  # in « gouv »
    assert html.unescape(cut) == specialties[:comma] + "…"
    assert html.unescape(app.jinja_env.from_string("{{ text|truncate(300) }}").render(text=specialties)) == specialties
    assert excerpt("Une question : la voici, et puis une autre encore", 16) == "Une question…"


def test_a_rating_reads_sur_5_never_a_slash():
    """« 4/5 » was read « 4 barre oblique 5 » by screen readers: a rating is written as it is said."""
    from app.typography import rating
    assert rating(4) == f"4{NBSP}sur{NBSP}5" and rating(13 / 3) == f"4,3{NBSP}sur{NBSP}5" and rating(None) == ""
    assert rating(5.0) == f"5{NBSP}sur{NBSP}5" and rating(8, 10) == f"8{NBSP}sur{NBSP}10"


#: A rating or an urgency written by hand over a slash (« {{ f.rating }}/5 », « ~ '/5' », « urgence 2/3 »): the ``rating``
#: filter writes « 4 sur 5 », « 2 sur 3 ».
RATING_OVER_A_SLASH = re.compile(r"""(?:\}\}|~ *['"])\s*/\s*\d|\b\d\s*/\s*(?:3|5|10|20)\b(?!\d)""")


def test_no_rating_is_written_over_a_slash_in_templates():
    found = [f"{name}:{n}: {line.strip()}" for name, n, line in _texts()
             if name.startswith("templates/") and RATING_OVER_A_SLASH.search(line)]
    assert found == []


def test_a_number_sign_is_never_parted_from_its_number():
    """« n° » ended one line and « 1 » began the next in a batch run's heading at 390 px: a no-break space follows
    « n° » wherever the site writes one before a number (templates and services' sentences)."""
    root = Path(__file__).resolve().parents[2]
    texts = [*(root / "templates").rglob("*.html"), *(root / "templates").rglob("*.txt"),
             *(root / "app").rglob("*.py")]
    found = [f"{path.relative_to(root)}: {m.group(0)}" for path in texts
             for m in re.finditer(r"n° [{\d]", path.read_text(encoding="utf-8"))]
    assert found == []
