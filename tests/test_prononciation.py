"""Pronunciation rewriting: French numbers, phones, dates, money, hours, acronyms, pictograms."""

from __future__ import annotations

import pytest

from bot.voix.prononciation import en_lettres, ordinal, prononcer


@pytest.mark.parametrize(
    ("nombre", "attendu"),
    [
        (0, "zéro"),
        (1, "un"),
        (7, "sept"),
        (10, "dix"),
        (11, "onze"),
        (16, "seize"),
        (17, "dix-sept"),
        (19, "dix-neuf"),
        (20, "vingt"),
        (21, "vingt et un"),
        (22, "vingt-deux"),
        (31, "trente et un"),
        (45, "quarante-cinq"),
        (61, "soixante et un"),
        (70, "soixante-dix"),
        (71, "soixante et onze"),
        (72, "soixante-douze"),
        (79, "soixante-dix-neuf"),
        (80, "quatre-vingts"),
        (81, "quatre-vingt-un"),
        (89, "quatre-vingt-neuf"),
        (90, "quatre-vingt-dix"),
        (91, "quatre-vingt-onze"),
        (99, "quatre-vingt-dix-neuf"),
        (100, "cent"),
        (101, "cent un"),
        (115, "cent quinze"),
        (180, "cent quatre-vingts"),
        (200, "deux cents"),
        (201, "deux cent un"),
        (450, "quatre cent cinquante"),
        (999, "neuf cent quatre-vingt-dix-neuf"),
        (1000, "mille"),
        (1001, "mille un"),
        (1999, "mille neuf cent quatre-vingt-dix-neuf"),
        (2000, "deux mille"),
        (2022, "deux mille vingt-deux"),
        (21000, "vingt et un mille"),
        (62100, "soixante-deux mille cent"),
        (80000, "quatre-vingt mille"),
        (200000, "deux cent mille"),
        (300200, "trois cent mille deux cents"),
        (999999, "neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf"),
        (1000000, "un million"),
        (2000000, "deux millions"),
        (200000000, "deux cents millions"),
        (1000000000, "un milliard"),
    ],
)
def test_en_lettres(nombre: int, attendu: str) -> None:
    """Cardinal numbers use the traditional French spelling."""
    assert en_lettres(nombre) == attendu


@pytest.mark.parametrize(("nombre", "attendu"), [(1, "une"), (21, "vingt et une"), (81, "quatre-vingt-une"), (2, "deux"), (11, "onze")])
def test_en_lettres_feminin(nombre: int, attendu: str) -> None:
    """The feminine only changes a final "un"."""
    assert en_lettres(nombre, feminin=True) == attendu


@pytest.mark.parametrize(
    ("nombre", "attendu"),
    [
        (1, "premier"),
        (2, "deuxième"),
        (4, "quatrième"),
        (5, "cinquième"),
        (9, "neuvième"),
        (11, "onzième"),
        (21, "vingt et unième"),
        (80, "quatre-vingtième"),
        (100, "centième"),
        (1000, "millième"),
    ],
)
def test_ordinal(nombre: int, attendu: str) -> None:
    """Ordinals are derived from cardinals with the usual spelling changes."""
    assert ordinal(nombre) == attendu


def test_en_lettres_refuse_trop_grand() -> None:
    """Numbers beyond the supported range fail clearly."""
    with pytest.raises(ValueError, match="trop grand"):
        en_lettres(10**12)


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("03 21 21 62 16", "zéro trois, vingt et un, vingt et un, soixante-deux, seize"),
        ("0321216216", "zéro trois, vingt et un, vingt et un, soixante-deux, seize"),
        ("03.21.00.07.10", "zéro trois, vingt et un, zéro zéro, zéro sept, dix"),
        ("06-12-34-56-78", "zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit"),
        ("+33 3 21 21 62 16", "plus trente-trois, trois, vingt et un, vingt et un, soixante-deux, seize"),
        ("0 800 130 000", "zéro, huit cents, cent trente, zéro zéro zéro"),
        ("116 000", "cent seize, zéro zéro zéro"),
        ("3919", "trente-neuf dix-neuf"),
        ("3114", "trente et un quatorze"),
        ("3230", "trente-deux trente"),
        ("3646", "trente-six quarante-six"),
        ("115", "cent quinze"),
        ("119", "cent dix-neuf"),
        ("112", "cent douze"),
        ("15", "quinze"),
        ("17", "dix-sept"),
    ],
)
def test_telephones(texte: str, attendu: str) -> None:
    """Phone numbers are read in pairs, service numbers naturally."""
    assert prononcer(texte) == attendu


def test_telephone_dans_une_phrase() -> None:
    """A phone number inside a sentence keeps the words around it."""
    assert prononcer("Appelez le 3919, c'est gratuit.") == "Appelez le trente-neuf dix-neuf, c'est gratuit."


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("9 novembre 2022", "neuf novembre deux mille vingt-deux"),
        ("2022-11-09", "neuf novembre deux mille vingt-deux"),
        ("09/11/2022", "neuf novembre deux mille vingt-deux"),
        ("1er mai", "premier mai"),
        ("01/05/2024", "premier mai deux mille vingt-quatre"),
        ("le 15 août", "le quinze août"),
        ("31 décembre 1999", "trente et un décembre mille neuf cent quatre-vingt-dix-neuf"),
    ],
)
def test_dates(texte: str, attendu: str) -> None:
    """Dates are written out in words."""
    assert prononcer(texte) == attendu


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("450 €", "quatre cent cinquante euros"),
        ("450 euros", "quatre cent cinquante euros"),
        ("450€", "quatre cent cinquante euros"),
        ("12,50 €", "douze euros cinquante"),
        ("12,5 €", "douze euros cinquante"),
        ("12€50", "douze euros cinquante"),
        ("1 €", "un euro"),
        ("0,50 €", "cinquante centimes"),
        ("1 234,56 €", "mille deux cent trente-quatre euros cinquante-six"),
        ("607,75\u00a0€", "six cent sept euros soixante-quinze"),
        ("1 000 000 €", "un million d'euros"),
        ("25 %", "vingt-cinq pour cent"),
    ],
)
def test_montants(texte: str, attendu: str) -> None:
    """Amounts are read in euros and cents."""
    assert prononcer(texte) == attendu


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("9h", "neuf heures"),
        ("9 h", "neuf heures"),
        ("18h30", "dix-huit heures trente"),
        ("9 h 30", "neuf heures trente"),
        ("9h05", "neuf heures cinq"),
        ("13h00", "treize heures"),
        ("1h", "une heure"),
        ("21h", "vingt et une heures"),
        ("0h30", "minuit trente"),
        ("14:15", "quatorze heures quinze"),
        ("9h-12h", "neuf heures à douze heures"),
        ("de 9h à 17h30", "de neuf heures à dix-sept heures trente"),
        ("7j/7", "sept jours sur sept"),
        ("24h/24", "vingt-quatre heures sur vingt-quatre"),
        ("30 min", "trente minutes"),
        ("2 heures", "deux heures"),
    ],
)
def test_heures(texte: str, attendu: str) -> None:
    """Hours and opening times are written out."""
    assert prononcer(texte) == attendu


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("RSA", "R.S.A."),
        ("le RSA et l'APL", "le R.S.A. et l'A.P.L."),
        ("la CAF.", "la C.A.F."),
        ("le CCAS", "le C.C.A.S."),
        ("l'AAH, la CSS, le PRE", "l'A.A.H., la C.S.S., le P.R.E."),
        ("la CPAM, la MDS, la PMI", "la C.P.A.M., la M.D.S., la P.M.I."),
        ("le FSL, l'ARS, l'ASPA", "le F.S.L., l'A.R.S., l'A.S.P.A."),
        ("le SAMU", "le samu"),
        ("l'URSSAF", "l'urssaf"),
        ("un RDV", "un rendez-vous"),
        ("le XYZ", "le X.Y.Z."),
        ("OUI ou NON", "OUI ou NON"),
        ("la Caf", "la Caf"),
    ],
)
def test_sigles(texte: str, attendu: str) -> None:
    """Acronyms are spelled or read as words according to the tables."""
    assert prononcer(texte) == attendu


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("📞 Appelez le 15 🚑", "Appelez le quinze"),
        ("Bonjour 👋🏽 !", "Bonjour!"),
        ("✅ C'est fait ➡️ suite", "C'est fait suite"),
        ("1️⃣ Logement", "un Logement"),
        ("👍", ""),
        ("**Important** : _lire_", "Important: lire"),
        ("Bonjour 👋\n✅\nJe suis là", "Bonjour. Je suis là"),
        ("- APL\n- AAH", "A.P.L. A.A.H."),
        ("n° 5", "numéro cinq"),
        ("Mme Dupont", "madame Dupont"),
    ],
)
def test_pictogrammes_et_mise_en_page(texte: str, attendu: str) -> None:
    """Emoji, markdown and bullets disappear; lines become sentences."""
    assert prononcer(texte) == attendu


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("2e étage", "deuxième étage"),
        ("3ème porte", "troisième porte"),
        ("1 heure", "une heure"),
        ("21 personnes", "vingt et une personnes"),
        ("62100 Calais", "soixante-deux mille cent Calais"),
        ("2,5 litres", "deux virgule cinq litres"),
        ("2 000 places", "deux mille places"),
        ("code 0042", "code zéro zéro quatre deux"),
    ],
)
def test_nombres_divers(texte: str, attendu: str) -> None:
    """Other numbers are read as quantities, codes digit by digit."""
    assert prononcer(texte) == attendu


def test_fiche_complete() -> None:
    """A realistic card reads as plain words with no digit or emoji left."""
    fiche = (
        "🏛️ CCAS de Calais\n"
        "Aide au RSA et à l'APL. Ouvert du lundi au vendredi, 8h30-12h et 13h30-17h.\n"
        "📞 03 21 46 20 40 — le 9 novembre 2022, aide de 150 €."
    )
    dit = prononcer(fiche)
    assert dit == (
        "C.C.A.S. de Calais. Aide au R.S.A. et à l'A.P.L. Ouvert du lundi au vendredi, huit heures trente "
        "à douze heures et treize heures trente à dix-sept heures. zéro trois, vingt et un, quarante-six, "
        "vingt, quarante — le neuf novembre deux mille vingt-deux, aide de cent cinquante euros."
    )
    assert not any(c.isdigit() for c in dit)
