"""CSV import of poles: validation of every row, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.poles.importer import ImportFailed, import_poles
from app.refdata import DATA_DIR
from models import Pole


def test_import_charter_signatories(db):
    report = import_poles(DATA_DIR / "ptce_signataires_2014.csv", db, charter_signatories=True)
    assert report.created == 40
    ecoo = db.scalars(select(Pole).filter_by(name="EcOOparc")).one()
    assert ecoo.charter_signatory and ecoo.region.name == "Grand Est"
    assert [d.name for d in db.scalars(select(Pole).filter_by(name="PTCE Sud Aquitain")).one().departements] == [
        "Landes", "Pyrénées-Atlantiques"]
    again = import_poles(DATA_DIR / "ptce_signataires_2014.csv", db)
    assert again.created == 0 and again.updated == 40


def test_import_bad_rows_writes_nothing(db, tmp_path: Path):
    path = tmp_path / "poles.csv"
    path.write_text("nom,region,departements,maturite\n"
                    "Bon pôle,Bretagne,Finistère,consolide\n"
                    ",Bretagne,,\n"
                    "Pôle Narnia,Narnia,,\n"
                    "Pôle mal placé,Bretagne,Gironde,\n"
                    "Pôle flou,Bretagne,,mûr\n"
                    "Bon pôle,Bretagne,,\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_poles(path, db)
    reasons = [str(e) for e in failure.value.report.errors]
    assert reasons == [
        "ligne 3 : le nom du pôle est vide",
        "ligne 4 « Pôle Narnia » : région inconnue « Narnia »",
        "ligne 5 « Pôle mal placé » : le département « Gironde » n'est pas dans la région « Bretagne »",
        "ligne 6 « Pôle flou » : maturité inconnue « mûr » (en_creation, emergent, consolide)",
        "ligne 7 « Bon pôle » : ce pôle apparaît deux fois dans le fichier",
    ]
    assert db.scalar(select(func.count()).select_from(Pole)) == 0


def test_import_reads_a_file_saved_by_a_french_spreadsheet(db, tmp_path: Path):
    # Before: « colonnes obligatoires absentes : nom, region » for a file whose columns are there, split by « ; ».
    path = tmp_path / "poles.csv"
    path.write_text("nom;region;departements;maturite\n"
                    "Pôle du Léon;Bretagne;\"Finistère;Côtes-d'Armor\";consolide\n"
                    "Pôle d'Armor, Trégor;Bretagne;;\n", encoding="utf-8-sig")
    assert import_poles(path, db).created == 2
    leon = db.scalars(select(Pole).filter_by(name="Pôle du Léon")).one()
    assert sorted(d.name for d in leon.departements) == ["Côtes-d'Armor", "Finistère"]
    assert db.scalars(select(Pole).filter_by(name="Pôle d'Armor, Trégor")).one().region_code == "53"


def test_a_file_that_is_not_utf_8_is_refused_as_a_file_not_as_line_0(db, tmp_path: Path):
    # Before: « Erreur ligne 0 : le fichier n'est pas encodé en UTF-8 » then « 1 ligne invalide ».
    path = tmp_path / "poles.csv"
    path.write_bytes("nom;region\nPôle du Léon;Bretagne\n".encode("cp1252"))  # a French spreadsheet's « CSV »
    with pytest.raises(ImportFailed) as failure:
        import_poles(path, db)
    assert str(failure.value) == "rien n'a été importé."
    assert [str(e) for e in failure.value.report.errors] == [
        "le fichier n'est pas encodé en UTF-8 : dans le tableur, enregistrez-le au format « CSV UTF-8 »"]


def test_import_missing_column(db, tmp_path: Path):
    path = tmp_path / "poles.csv"
    path.write_text("name,region\nX,Bretagne\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_poles(path, db)
    assert "colonne obligatoire absente : nom" in str(failure.value.report.errors[0])


def test_import_poles_cli_prints_each_bad_row(app, tmp_path: Path):
    path = tmp_path / "poles.csv"
    path.write_text("nom,region\nA,Bretagne\nB,Atlantide\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-poles", str(path)])
    assert result.exit_code == 1
    assert "Erreur ligne 3 « B » : région inconnue « Atlantide »" in result.output
    assert "rien n'a été importé" in result.output


def test_a_line_break_or_a_control_character_in_a_name_is_refused_and_forced_directions_dropped(db, tmp_path: Path):
    """A name quoted over two lines (« "Pôle\\nBcc: x@y" ») was imported as it was, then quoted in the pages, the
    mails' subjects and the calendars; the forms refuse it, the import too. A description keeps its line breaks."""
    path = tmp_path / "poles.csv"
    path.write_text("nom,region,departements,maturite,description\n"
                    "\"Pôle des Coteaux\nBcc: x@y\",Bretagne,,,\n"
                    "Pôle\u2028Suite,Bretagne,,,\n"
                    "Pôle sonore,Bretagne,,,\"Bip\x07\"\n"
                    "Pôle \u202eenrevne,Bretagne,,,\"Deux lignes\nde description\"\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_poles(path, db)
    assert [str(e) for e in failure.value.report.errors] == [
        "ligne 2 « Pôle des Coteaux\nBcc: x@y » : la colonne «\u00a0nom\u00a0» contient un saut de ligne : retirez-le",
        "ligne 4 « Pôle\u2028Suite » : la colonne «\u00a0nom\u00a0» contient un saut de ligne : retirez-le",
        "ligne 5 « Pôle sonore » : la colonne «\u00a0description\u00a0» contient un caractère invisible "
        "(caractère de contrôle) : retirez-le",
    ]


def test_an_import_that_moves_a_pole_to_another_region_keeps_the_move(db, tmp_path: Path):
    """The yearly review counts a pole's past where it was (``app.poles.region_history``): an import that gives a
    pole another region keeps that change, as the pole's form does; one that gives the same region keeps none."""
    from models import PoleRegionMove

    path = tmp_path / "poles.csv"
    path.write_text("nom;region\nPôle du Léon;Bretagne\n", encoding="utf-8-sig")
    import_poles(path, db)
    import_poles(path, db)
    assert db.scalar(select(func.count()).select_from(PoleRegionMove)) == 0
    path.write_text("nom;region\nPôle du Léon;Normandie\n", encoding="utf-8-sig")
    import_poles(path, db)
    move = db.scalars(select(PoleRegionMove)).one()
    assert (move.from_region_code, move.to_region_code) == ("53", "28")
