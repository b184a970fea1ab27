"""Normalisation of how residents write: accents, SMS, glued words, phonetic keys."""

import pytest

from bot.comprehension.normalisation import cle_phonetique, decouper, nettoyer


@pytest.mark.parametrize(
    ("brut", "propre"),
    [
        ("Éléphant À LA CAF !!!", "elephant a la caf"),
        ("j’ai   besoin\td'aide", "j ai besoin d aide"),
        ("cœur", "coeur"),
        ("taaaaaf", "taf"),
        ("\x00\x01abc\x7f", "abc"),
        ("😀😀😀", ""),
        ("", ""),
        ("مرحبا", ""),
    ],
)
def test_nettoyer(brut: str, propre: str) -> None:
    assert nettoyer(brut) == propre


def test_nettoyer_coupe_les_textes_enormes() -> None:
    assert len(nettoyer("a " * 100_000)) <= 2000


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("loyer", "loyé"),
        ("payer", "paiyé"),
        ("batiment", "batiman"),
        ("chomage", "chaumage"),
        ("enfant", "enfan"),
        ("vitale", "vitale"),
        ("retraite", "retrete"),
        ("avocat", "avoca"),
        ("enceinte", "enseinte"),
        ("activites", "activiter"),
        ("quartier", "kartier"),
        ("pharmacie", "farmacie"),
        ("cailloux", "caillou"),
        ("marais", "marai"),
        ("formation", "formations"),
    ],
)
def test_cle_phonetique_rapproche_les_graphies(a: str, b: str) -> None:
    assert cle_phonetique(nettoyer(a)) == cle_phonetique(nettoyer(b))


@pytest.mark.parametrize(("a", "b"), [("loyer", "logement"), ("travail", "famille"), ("ecole", "colis")])
def test_cle_phonetique_distingue_les_mots_differents(a: str, b: str) -> None:
    assert cle_phonetique(a) != cle_phonetique(b)


def test_decouper_sms_et_pronoms_colles() -> None:
    sms = {"pr": "pour", "jsui": "je suis", "ri1": "rien"}
    assert decouper("jsui seul jcherche ri1 pr manger", sms, frozenset()) == [
        "je",
        "suis",
        "seul",
        "je",
        "cherche",
        "rien",
        "pour",
        "manger",
    ]


def test_decouper_garde_les_mots_connus() -> None:
    assert decouper("mdph", {}, frozenset({"mdph"})) == ["mdph"]
