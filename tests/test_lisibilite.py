"""Tests of bot/lisibilite.py: syllables, words, sentences and the Kandel–Moles score."""

from __future__ import annotations

import pytest

from bot.francais.lisibilite import MOTS_MIN_SCORE, dire_nombre, kandel_moles, mediane_longueur_phrases, mots, phrases, rapport, syllabes

# Mot, nombre de syllabes à l'oral (français standard, « e » muet final non prononcé).
SYLLABES = [
    ("le", 1),
    ("des", 1),
    ("que", 1),
    ("eau", 1),
    ("oui", 1),
    ("vie", 1),
    ("rue", 1),
    ("femme", 1),
    ("jeunes", 1),
    ("banque", 1),
    ("guerre", 1),
    ("yeux", 1),
    ("parlent", 1),
    ("nuit", 1),
    ("droits", 1),
    ("CAF", 1),
    ("argent", 2),
    ("oiseau", 2),
    ("payer", 2),
    ("pays", 2),
    ("naïf", 2),
    ("Noël", 2),
    ("créer", 2),
    ("année", 2),
    ("idée", 2),
    ("police", 2),
    ("question", 2),
    ("santé", 2),
    ("famille", 2),
    ("travail", 2),
    ("papiers", 2),
    ("âgées", 2),
    ("urgence", 2),
    ("gratuit", 2),
    ("suicide", 2),
    ("souvent", 2),
    ("enfant", 2),
    ("quatorze", 2),
    ("peut-être", 2),
    ("l'argent", 2),
    ("SAMU", 2),
    ("c'est", 1),
    ("qu'il", 1),
    ("logement", 3),
    ("aujourd'hui", 3),
    ("réunion", 3),
    ("hôpital", 3),
    ("téléphone", 3),
    ("appeler", 3),
    ("RSA", 3),
    ("APL", 3),
    ("CPAM", 4),
    ("CCAS", 4),
    ("ordinateur", 4),
    ("hébergement", 4),
    ("complémentaire", 4),
    ("17", 2),
    ("15", 1),
    ("115", 2),
    ("119", 3),
    ("3919", 4),
    ("3114", 5),
]


@pytest.mark.parametrize(("mot", "attendu"), SYLLABES)
def test_syllabes(mot: str, attendu: int) -> None:
    """Each word of the table has its spoken number of syllables."""
    assert syllabes(mot) == attendu


def test_au_moins_une_syllabe() -> None:
    """A word without a vowel (« h », « s ») still counts one syllable."""
    assert syllabes("h") == 1
    assert syllabes("l") == 1


@pytest.mark.parametrize(
    ("chiffres", "dit"),
    [
        ("71", "soixante et onze"),
        ("80", "quatre-vingt"),
        ("99", "quatre-vingt-dix-neuf"),
        ("115", "cent quinze"),
        ("3919", "trente-neuf dix-neuf"),
        ("03", "zéro trois"),
        ("0321", "zéro trois vingt et un"),
        ("200", "deux cent"),
    ],
)
def test_dire_nombre(chiffres: str, dit: str) -> None:
    """Numbers are said as French speakers read them."""
    assert dire_nombre(chiffres) == dit


def test_mots_ignore_pictogrammes_et_garde_nombres() -> None:
    """Emoji are not words; numbers, phone numbers and elisions are one word each."""
    assert mots("📞 Appelle le 3919 !") == ["Appelle", "le", "3919"]
    assert mots("Au 03 21 46 62 00, l'accueil répond.") == ["Au", "03_21_46_62_00", "l'accueil", "répond"]
    assert mots("🏠👩‍👧") == []
    assert mots("1 000 euros") == ["1000", "euros"]


def test_phrases_coupe_ponctuation_et_lignes() -> None:
    """Sentences end at . ! ? … and at line breaks; empty ones are dropped."""
    texte = "Bonjour 👋 ! Tu as faim ?\n- Va au CCAS.\n\n🙂\nLe site est www.caf.fr. Merci…"
    assert phrases(texte) == ["Bonjour !", "Tu as faim ?", "- Va au CCAS.", "Le site est www.caf.fr.", "Merci…"]


def test_mediane_longueur_phrases() -> None:
    """The median counts words per sentence."""
    assert mediane_longueur_phrases("Un deux trois. Un. Un deux.") == 2.0
    assert mediane_longueur_phrases("🙂") == 0.0


def test_kandel_moles_valeur_calculee() -> None:
    """The score follows 207 − 1.015 × mots/phrase − 73.6 × syllabes/mot."""
    # 2 phrases, 6 mots (tu1 peux1 venir2 / la1 CAF1 aide1), 7 syllabes.
    assert kandel_moles("Tu peux venir. La CAF aide.") == pytest.approx(207 - 1.015 * 3 - 73.6 * 7 / 6)


def test_kandel_moles_texte_simple_et_texte_difficile() -> None:
    """A FALC text scores high, an administrative sentence scores low."""
    simple = "Tu peux appeler le 3919. C'est gratuit. Une femme t'écoute."
    difficile = (
        "La complémentaire santé solidaire permet la prise en charge intégrale "
        "des dépenses de santé remboursables par l'assurance maladie obligatoire."
    )
    assert kandel_moles(simple) > 60
    assert kandel_moles(difficile) < 40


def test_kandel_moles_sans_mot() -> None:
    """A text without words has no score."""
    with pytest.raises(ValueError, match="sans aucun mot"):
        kandel_moles("👍 !")


def test_rapport() -> None:
    """The report gives counts, the longest sentence and a score only from five words."""
    r = rapport("Tu peux venir. Le centre social t'aide pour les papiers.")
    assert (r.nb_phrases, r.nb_mots, r.plus_longue_phrase, r.mediane_longueur_phrases) == (2, 10, 7, 5.0)
    assert r.score is not None and r.score > 60
    court = rapport("🏠 Logement")
    assert court.nb_mots == 1 and court.nb_mots < MOTS_MIN_SCORE and court.score is None


def test_caracteres_de_controle() -> None:
    """Control characters are spaces, not words."""
    assert mots("bon\x00jour\x07 toi") == ["bon", "jour", "toi"]
