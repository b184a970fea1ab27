"""Word analysis shared by messages and fiches: SMS, synonyms, ages, misspelled synonyms."""

from pathlib import Path

import pytest

from bot.comprehension.analyse import Analyseur
from bot.connaissances.chargement import charger

RACINE = Path(__file__).resolve().parent.parent
CATALOGUE = RACINE.parent / "shared" / "catalogue.yaml"


@pytest.fixture(scope="module")
def analyseur() -> Analyseur:
    return Analyseur(charger(RACINE / "connaissances").base.lexique)


@pytest.mark.parametrize(
    ("texte", "attendus"),
    [
        ("jcherche du taf", ["travail"]),
        ("jai 70 ans", ["70", "vieux"]),
        ("ma fille a 8 ans", ["fille", "8", "enfant"]),
        ("mon bb de 4 mois", ["bebe"]),
        ("jai 19 an", ["19", "jeune"]),
        ("un aprentisage", ["formation"]),
        ("I need food for my kids", ["manger", "enfant"]),
        ("la daronne", ["mere"]),
    ],
)
def test_mots_utiles(analyseur: Analyseur, texte: str, attendus: list[str]) -> None:
    mots = analyseur.mots_utiles(texte)
    assert all(a in mots for a in attendus), mots


def test_mots_vides_retires(analyseur: Analyseur) -> None:
    assert analyseur.mots_utiles("bonjour merci je voudrais") == []


def test_les_mots_vides_restent_pour_les_dangers(analyseur: Analyseur) -> None:
    assert analyseur.mots("il me frappe")[:2] == ["il", "me"]


@pytest.mark.skipif(not CATALOGUE.exists(), reason="../shared/catalogue.yaml absent (hors du dépôt)")
def test_chaque_id_du_catalogue_est_dans_la_base() -> None:
    import yaml

    catalogue = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    ids = {e["id"] for partie in ("structures", "droits", "urgences") for e in catalogue[partie]}
    base = charger(RACINE / "connaissances").base
    assert len(ids) == 36 and ids <= set(base.fiches)
