"""The edge rules every form gets from ``FrenchForm``: no control characters, stripped texts with real
content, ids in range, finite numbers. Checked on every form class of the site, so a new form is covered."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import (
    DecimalField, EmailField, FieldList, FloatField, FormField, PasswordField, StringField, TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length

import app as app_package
from app.form_errors import ErrorItem, error_items
from app.form_fields import (
    FrenchForm, TextLength, length_hint,
)
from app.number_fields import NOT_A_NUMBER, FiniteDecimalField, FiniteFloatField, french_decimal
from app.text_rules import (
    CONTROL_MESSAGE, EMPTY_MESSAGE, bounded_text, has_control_characters, has_real_content, require_text, tabs_as_space,
    text_problem,
)
from app.refused import Problem, Refused


def _all_form_classes() -> list[type[FrenchForm]]:
    for module in pkgutil.walk_packages(app_package.__path__, "app."):
        if module.name.endswith(("forms", "views")):  # a few small forms live beside their only view
            importlib.import_module(module.name)
    found, todo = [], list(FrenchForm.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted({c for c in found if c.__module__.startswith("app.")}, key=lambda c: (c.__module__, c.__name__))


FORMS = _all_form_classes()


def _build(cls: type[FrenchForm], data: MultiDict) -> FrenchForm:
    parameters = inspect.signature(cls.__init__).parameters
    kwargs: dict = {"pole_choices": []} if "pole_choices" in parameters else {}
    if "session" in parameters:  # the edit of a collective session reads its rules against the session edited
        from models import CollectiveSession

        kwargs["session"] = CollectiveSession(title="Session")
    form = cls(data, meta={"csrf": False}, **kwargs)
    for field in form:
        if getattr(field, "choices", ()) is None:  # set by the view that shows the form
            field.choices = []
    return form


def test_every_form_of_the_site_is_found():
    names = {c.__name__ for c in FORMS}
    assert {"SignupForm", "NeedForm", "PoleForm", "OfferForm", "QuestionForm", "RunForm", "VisitForm",
            "PoleFilterForm", "DeleteAccountForm"} <= names


@pytest.mark.parametrize("cls", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_field_of_every_form_refuses_control_characters(app, cls):
    with app.test_request_context():
        names = [field.name for field in _build(cls, MultiDict())]
        form = _build(cls, MultiDict({name: "abc\x00def" for name in names}))
        form.validate()
        for field in form:
            if isinstance(field, FieldList | FormField):
                continue  # an enclosure: its inner form is a FrenchForm, checked on its own (below)
            assert CONTROL_MESSAGE in field.errors, (cls.__name__, field.name, field.errors)


def _inner_forms(form) -> list:
    found = []
    for field in form:
        if isinstance(field, FormField):
            found += [field.form, *_inner_forms(field.form)]
        elif isinstance(field, FieldList):
            for entry in field.entries:
                if isinstance(entry, FormField):
                    found += [entry.form, *_inner_forms(entry.form)]
    return found


@pytest.mark.parametrize("cls", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_forms_nested_in_a_form_are_french_forms_too(app, cls):
    with app.test_request_context():
        for inner in _inner_forms(_build(cls, MultiDict())):
            assert isinstance(inner, FrenchForm), (cls.__name__, type(inner).__name__)


@pytest.mark.parametrize("cls", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_required_text_field_refuses_blank_and_punctuation(app, cls):
    with app.test_request_context():
        names = [f.name for f in _build(cls, MultiDict()) if isinstance(f, StringField)
                 and not isinstance(f, PasswordField) and f.flags.required and f.type != "EmailField"]
        for blank in (" " * 60, " \t ... -- !? "):
            form = _build(cls, MultiDict({name: blank for name in names}))
            form.validate()
            for field in (form[name] for name in names):
                assert field.errors[:1] == [EMPTY_MESSAGE] or CONTROL_MESSAGE in field.errors, (
                    cls.__name__, field.name, field.errors)


def _text_fields(form) -> list:
    """Every field of ``form`` and of the forms nested in it."""
    return [field for each in (form, *_inner_forms(form)) for field in each
            if not isinstance(field, FieldList | FormField)]


@pytest.mark.parametrize("cls", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_limit_said_under_a_field_is_refused_as_the_services_refuse_it(app, cls):
    """A limit shown under a text field (``length_hint``) is a ``TextLength``: « 200\u00a0caractères au plus (ce texte
    en compte 230). », the length the person typed, the services' words; never a bare ``Length``."""
    with app.test_request_context():
        bare = [field.name for field in _text_fields(_build(cls, MultiDict())) if length_hint(field) is not None
                and not any(isinstance(rule, TextLength) for rule in field.validators)]
    assert bare == [], cls.__name__


@pytest.mark.parametrize("cls", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_float_field_of_every_form_is_finite(cls):
    for name, unbound in inspect.getmembers(cls, lambda m: hasattr(m, "field_class")):
        if issubclass(unbound.field_class, DecimalField | FloatField):
            assert issubclass(unbound.field_class, FiniteDecimalField | FiniteFloatField), (cls.__name__, name)


def test_text_fields_are_stripped_and_text_areas_keep_line_breaks(app):
    from app.poles.forms import NeedForm

    with app.test_request_context():
        form = _build(NeedForm, MultiDict({"title": "   Financer la coordination  ",
                                           "text": "  Première ligne\n\tseconde ligne, assez longue pour passer.  ",
                                           "kind": "any", "urgency": "2"}))
        assert form.validate(), form.errors
        assert form.title.data == "Financer la coordination"
        assert form.text.data == "Première ligne\n\tseconde ligne, assez longue pour passer."
        assert isinstance(form.text, TextAreaField)


@pytest.mark.parametrize(("typed", "read"), [
    ("Titre\tavec tabulation", "Titre avec tabulation"),
    ("Financer\t\t\tla coordination", "Financer la coordination"),  # empty cells pasted between
    ("Financer \t la coordination\t", "Financer la coordination"),
])
def test_a_tab_pasted_in_a_one_line_field_is_read_as_one_space(app, typed, read):
    """A title pasted from a spreadsheet holds a tab: read as a space, not refused as an invisible character."""
    from app.poles.forms import NeedForm

    with app.test_request_context():
        form = _build(NeedForm, MultiDict({"title": typed, "text": "Une ligne\tpuis une autre, assez longue.",
                                           "kind": "any", "urgency": "2"}))
        assert form.validate(), form.errors
        assert form.title.data == read
        assert form.text.data == "Une ligne\tpuis une autre, assez longue."  # a text area keeps its tabs


@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x7f", "\t\x00"])
def test_a_one_line_field_still_refuses_real_control_characters(app, control):
    from app.poles.forms import NeedForm

    with app.test_request_context():
        form = _build(NeedForm, MultiDict({"title": f"Titre{control}avec", "text": "x" * 40,
                                           "kind": "any", "urgency": "2"}))
        assert not form.validate() and form.title.errors == [CONTROL_MESSAGE]


def test_tabs_are_read_as_space_only_in_texts_a_person_types_on_one_line(app):
    """A password is not changed behind the person's back; a hidden value is not typed (a tab there is refused)."""
    from wtforms import HiddenField

    class Form(FrenchForm):
        name = StringField("Nom")
        secret = PasswordField("Mot de passe")
        key = HiddenField()

    with app.test_request_context():
        form = Form(MultiDict({"name": "\tA\tB\t", "secret": "a\tb", "key": "a\tb"}), meta={"csrf": False})
        assert not form.validate()
        assert form.name.data == "A B" and form.name.errors == []
        assert form.secret.errors == [CONTROL_MESSAGE] and form.key.errors == [CONTROL_MESSAGE]


@pytest.mark.parametrize(("value", "read"), [
    ("a\tb", "a b"), ("a\t\t\tb", "a b"), ("a \t b", "a b"), ("a  b", "a  b"), ("a\nb", "a\nb"), ("\t", " "),
])
def test_tabs_as_space(value, read):
    assert tabs_as_space(value) == read


@pytest.mark.parametrize("value", ["sNaN", "NaN", "nan", "inf", "-Infinity", "1e309", "abc"])
def test_finite_fields_refuse_what_is_not_a_number(app, value):
    class Form(FrenchForm):
        score = FiniteDecimalField("Score")
        ratio = FiniteFloatField("Ratio")

    with app.test_request_context():
        form = Form(MultiDict({"score": value, "ratio": value}), meta={"csrf": False})
        assert not form.validate()
        assert form.score.errors == [NOT_A_NUMBER] or value == "1e309"  # a Decimal of 1e309 is finite
        assert form.ratio.errors == [NOT_A_NUMBER]
        assert form.ratio.data is None


def test_finite_fields_read_a_decimal_comma(app):
    class Form(FrenchForm):
        score = FiniteDecimalField("Score")
        ratio = FiniteFloatField("Ratio")

    with app.test_request_context():
        form = Form(MultiDict({"score": "0,5", "ratio": " 2,25 "}), meta={"csrf": False})
        assert form.validate(), form.errors
        assert float(form.score.data) == 0.5 and form.ratio.data == 2.25


def test_a_decimal_is_typed_in_a_text_box_and_shown_with_a_comma(app):
    """Not ``type="number"``: Chromium in French turned « 0,7 » typed over « 0.50 » into « 07 »."""
    class Form(FrenchForm):
        score = FiniteDecimalField("Score", default=0.5)

    with app.test_request_context():
        box = Form(meta={"csrf": False}).score()
        assert 'type="text"' in box and 'inputmode="decimal"' in box and 'value="0,5"' in box
        form = Form(MultiDict({"score": "1\u202f000,25"}), meta={"csrf": False})
        assert form.validate(), form.errors
        assert float(form.score.data) == 1000.25 and french_decimal(form.score.data) == "1000,25"
        assert 'value="1\u202f000,25"' in form.score()  # shown back as typed


@pytest.mark.parametrize(("value", "multiline", "expected"), [
    ("abc", False, False), ("a\x00b", False, True), ("a\x1bb", True, True), ("a\nb", False, True),
    ("a\nb\r\n\tc", True, False), ("a\x7fb", True, True), ("a\x85b", True, True), ("« é » ·", False, False),
])
def test_has_control_characters(value, multiline, expected):
    assert has_control_characters(value, multiline=multiline) is expected


def test_require_text():
    assert require_text("  Besoin réel  ", field_label="Titre") == "Besoin réel"
    assert has_real_content("42") and not has_real_content(" ... ")
    for blank in ("", "          ", "?!…", None):
        with pytest.raises(Refused, match="« Titre » doit contenir des lettres ou des chiffres"):
            require_text(blank, field_label="Titre")
    with pytest.raises(Refused, match="caractères de contrôle"):
        require_text("abc\x00def", field_label="Titre")
    with pytest.raises(KeyError):
        require_text("   ", field_label="Titre", error=KeyError)


class _Slot(FrenchForm):
    class Meta(FrenchForm.Meta):
        csrf = False

    start = StringField("Début")
    end = StringField("Fin")


class _Plan(FrenchForm):
    """A form with a list of sub-forms and a rule that looks at two fields: like the session form."""

    title = StringField("Titre", validators=[InputRequired("Donnez un titre.")])
    region = StringField("Région")
    place = StringField("Lieu")
    slots = FieldList(FormField(_Slot, label="Créneau"), min_entries=2, label="Créneaux")

    def validate_slots(self, field: FieldList) -> None:
        if not any(entry.form.start.data for entry in field.entries):
            raise ValidationError("Indiquez au moins un créneau.")

    def rule_problems(self) -> list[Problem]:
        data = self.valid_data()
        problems = []
        if data["region"] == "84" and data["place"] == "Toulouse":
            problems.append(Problem("Ce lieu n'est pas dans la région choisie.", "place"))
        problems.append(Problem("La fin doit suivre le début.", "slots.1.end"))
        return problems


def test_rule_problems_show_beside_their_fields_with_the_fields_own_errors(app):
    with app.test_request_context():
        form = _Plan(MultiDict({"title": "", "region": "84", "place": "Toulouse", "slots-1-start": "10:00"}),
                     meta={"csrf": False})
        assert not form.validate()
        assert form.title.errors == ["Donnez un titre."]
        assert form.place.errors == ["Ce lieu n'est pas dans la région choisie."]
        assert form.slots.entries[1].form.end.errors == ["La fin doit suivre le début."]
        assert [item.text.replace("\u00a0:", " :") for item in error_items(form)] == [
            "Titre : donnez un titre.", "Lieu : ce lieu n'est pas dans la région choisie.",
            "Créneau 2 : la fin doit suivre le début."]
        assert [item.target for item in error_items(form)] == ["title", "place", "slots-1-end"]


def test_a_problem_never_doubles_a_fields_own_error_and_an_unknown_field_goes_to_the_whole_form(app):
    with app.test_request_context():
        form = _Plan(MultiDict({"title": "Plan"}), meta={"csrf": False})
        form.validate()
        form.show_problems([Problem("Autre chose.", "slots"), Problem("Le plan est refusé.", "inconnu"),
                            Problem("Le plan est refusé.", None)])
        assert form.slots.errors == ["Indiquez au moins un créneau."]  # its own error stays alone
        assert form.form_errors == ["Le plan est refusé."]
        items = error_items(form)
        assert items[0] == ErrorItem(None, None, "Le plan est refusé.")
        assert items[1].text == "Créneaux\u00a0: indiquez au moins un créneau." and items[1].target == "slots-0-start"
        assert not any("{" in item.text for item in items)


@pytest.mark.parametrize(("validators", "expected"), [
    ([Length(max=5000)], "5\u202f000\u00a0caractères au plus."),
    ([Length(min=30, max=5000)], "De 30 à 5\u202f000\u00a0caractères."),
    ([Length(min=1, max=200)], "200\u00a0caractères au plus."), ([], None),
])
def test_a_text_field_says_its_length_limit(app, validators, expected):
    class Form(FrenchForm):
        text = TextAreaField("Texte", validators=validators)
        email = EmailField("Adresse", validators=[Length(max=254)])

    with app.test_request_context():
        form = Form(meta={"csrf": False})
        assert length_hint(form.text) == expected
        assert length_hint(form.email) is None  # an address says nothing of its length


def test_texts_too_long_are_refused_with_their_length_never_cut():
    assert text_problem("x" * 5000, most=5000) is None
    assert text_problem("x" * 22_000, most=5000) == "5\u202f000\u00a0caractères au plus (ce texte en compte 22\u202f000)."
    assert text_problem("  ", required=True) == EMPTY_MESSAGE and text_problem("  ") is None
    assert bounded_text("  Le mardi  ", field_label="Disponibilités", most=20) == "Le mardi"
    assert bounded_text(None, field_label="Disponibilités", most=20) == ""
    with pytest.raises(Refused, match="^« Titre » : 200\u00a0caractères au plus [(]ce texte en compte 201[)][.]$"):
        require_text("t" * 201, field_label="Titre", most=200)
    with pytest.raises(Refused, match="« Parcours » : 10\u00a0caractères au plus"):
        bounded_text("p" * 11, field_label="Parcours", most=10)


def test_the_forms_length_rule_says_what_the_service_says(app):
    class Form(FrenchForm):
        text = TextAreaField("Texte", validators=[TextLength(10, least=3, too_short="Trois caractères au moins.")])

    with app.test_request_context():
        form = Form(MultiDict({"text": "x" * 12}), meta={"csrf": False})
        assert not form.validate() and form.text.errors == [text_problem("x" * 12, most=10)]
        form = Form(MultiDict({"text": "xy"}), meta={"csrf": False})
        assert not form.validate() and form.text.errors == ["Trois caractères au moins."]
        assert 'maxlength="10"' in form.text() and 'minlength="3"' in form.text()


def test_a_line_break_counts_as_one_character_as_the_browser_counted_it(app):
    """The browser sends « \\r\\n » but lets ``maxlength`` count it as one: a text typed up to the limit passes."""
    class Form(FrenchForm):
        text = TextAreaField("Texte", validators=[TextLength(10)])

    typed = "abcd\r\nefg\r\nh"  # 10 characters as the browser counts them, 12 as sent
    with app.test_request_context():
        form = Form(MultiDict({"text": typed}), meta={"csrf": False})
        assert form.validate() and form.text.data == "abcd\nefg\nh"
    assert text_problem(typed, most=10, multiline=True) is None
    assert bounded_text(typed, field_label="Texte", most=10) == "abcd\nefg\nh"


def test_region_menus_and_grouped_departements_read_one_order_of_regions(app):
    """``region_choices`` is ``regions_first`` with no region chosen (one sort of the regions, not two)."""
    from app.form_fields import region_choices, regions_first

    with app.test_request_context():
        alphabetical_codes = [region.code for region in regions_first(None)]
        assert [choice.value for choice in region_choices("Toutes")] == ["", *alphabetical_codes]
        assert [region.code for region in regions_first("84")] == [
            "84", *(code for code in alphabetical_codes if code != "84")]


@pytest.mark.parametrize("pasted", ["\v", "\f", "\u2028", "\u2029"])
def test_a_line_break_pasted_from_word_is_a_line_break_in_a_text_area(app, pasted):
    """Walk 6: a message pasted from Word kept its manual line break (Maj+Entrée, a vertical tab) and was refused
    as holding « caractères invisibles (caractères de contrôle) : retirez-les », which nobody can find to remove."""
    class Form(FrenchForm):
        text = TextAreaField("Texte", validators=[TextLength(50)])
        title = StringField("Titre")

    with app.test_request_context():
        form = Form(MultiDict({"text": f"Bonjour Mireille,{pasted}voici le compte rendu.", "title": "Titre"}),
                    meta={"csrf": False})
        assert form.validate(), form.errors
        assert form.text.data == "Bonjour Mireille,\nvoici le compte rendu."
    assert bounded_text(f"a{pasted}b", field_label="Texte", most=10) == "a\nb"
    with app.test_request_context():  # on one line, a vertical tab is still an invisible character
        form = Form(MultiDict({"text": "", "title": "Ti\vtre"}), meta={"csrf": False})
        assert not form.validate() and form.title.errors


OVERRIDE = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: left open, it turns the rest of its line backwards


@pytest.mark.parametrize("cls", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_text_field_of_every_form_drops_the_marks_forcing_a_direction(app, cls):
    """A name « Élodie \\u202eNouvelle » read « Élodie ECTP ed noitaminA — ellevuoN » on « Mon espace »: every
    text a form reads loses the embeddings, overrides and isolates (never shown, never typed: pasted)."""
    with app.test_request_context():
        texts = [f.name for f in _build(cls, MultiDict()) if isinstance(f, StringField)
                 and not isinstance(f, PasswordField)]
        form = _build(cls, MultiDict({name: f"\u2067ab{OVERRIDE}cd\u202c\u2069" for name in texts}))
        for name in texts:  # a web address is completed (« https://abcd »): the text typed is there, unbroken
            assert "abcd" in form[name].data and "\u202c" not in form[name].data, (cls.__name__, name, form[name].data)


def test_the_services_drop_the_marks_forcing_a_direction_and_keep_the_implicit_ones():
    assert require_text(f"  {OVERRIDE}Pôle des Coteaux\u202c ", field_label="Nom") == "Pôle des Coteaux"
    assert bounded_text("\u202aCoopérer\u2066 ensemble\u2069\n", field_label="Texte", most=50) == "Coopérer ensemble"
    assert bounded_text("\u200fشكرا\u200e", field_label="Texte", most=50) == "\u200fشكرا\u200e"
    with pytest.raises(Refused, match="doit contenir des lettres"):
        require_text(f"{OVERRIDE}\u2066", field_label="Nom")
    assert text_problem(f"{'a' * 10}{OVERRIDE}", most=10) is None  # counted as it is kept
