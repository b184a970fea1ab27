"""Numbers as a listener hears them: phone numbers by pairs, service numbers, dates, hours, amounts, percentages."""

from __future__ import annotations

import re

from bot.francais.nombres import UNITES, en_lettres, lire_groupe, ordinal

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")

# Service numbers read in pairs ("trente-neuf dix-neuf") rather than as a quantity.
NUMEROS_COURTS = frozenset({"3919", "3114", "3230", "3646", "3949", "3939", "3977", "3018", "3020", "3237", "3624", "3960"})


def nombre(texte: str) -> int:
    """Parse digits that may contain thousands separators (space or dot)."""
    return int(re.sub(r"[ .]", "", texte))


# ---------------------------------------------------------------- phone numbers


def telephone_national(m: re.Match[str]) -> str:
    """0X XX XX XX XX → "zéro X, XX, XX, XX, XX"."""
    chiffres = re.sub(r"\D", "", m.group(2))
    paires = [chiffres[i : i + 2] for i in range(0, 8, 2)]
    return ", ".join(["zéro " + UNITES[int(m.group(1))]] + [lire_groupe(p) for p in paires])


def telephone_international(m: re.Match[str]) -> str:
    """+33 X XX XX XX XX → "plus trente-trois, X, XX, ..."."""
    chiffres = re.sub(r"\D", "", m.group(2))
    paires = [chiffres[i : i + 2] for i in range(0, 8, 2)]
    return ", ".join(["plus trente-trois", UNITES[int(m.group(1))]] + [lire_groupe(p) for p in paires])


def numero_special(m: re.Match[str]) -> str:
    """0 800 123 456 → "zéro, huit cents, cent vingt-trois, quatre cent cinquante-six"."""
    return ", ".join(["zéro"] + [lire_groupe(g) for g in m.groups()])


def numero_court(m: re.Match[str]) -> str:
    """3919 → "trente-neuf dix-neuf" for known service numbers, else the quantity."""
    n = m.group(0)
    if n in NUMEROS_COURTS:
        return f"{lire_groupe(n[:2])} {lire_groupe(n[2:])}"
    return n


def numero_116(m: re.Match[str]) -> str:
    """116 000 → "cent seize, zéro zéro zéro" (European harmonised numbers)."""
    return "cent seize, " + lire_groupe(m.group(1))


# ---------------------------------------------------------------- dates, hours, money


def date(jour: int, mois: int, annee: int | None) -> str | None:
    """Words for a date, or None when the numbers are not a calendar date."""
    if not (1 <= mois <= 12 and 1 <= jour <= 31):
        return None
    mots = [ordinal(1) if jour == 1 else en_lettres(jour), MOIS[mois - 1]]
    if annee is not None:
        mots.append(en_lettres(annee))
    return " ".join(mots)


def date_iso(m: re.Match[str]) -> str:
    """2022-11-09 → "neuf novembre deux mille vingt-deux"."""
    return date(int(m.group(3)), int(m.group(2)), int(m.group(1))) or m.group(0)


def date_numerique(m: re.Match[str]) -> str:
    """09/11/2022 → "neuf novembre deux mille vingt-deux"."""
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) or m.group(0)


def date_ecrite(m: re.Match[str]) -> str:
    """9 novembre 2022 / 1er mai → words."""
    jour = 1 if m.group(1).lower().startswith("1e") else int(m.group(1))
    mois = MOIS.index(m.group(2).lower().replace("fevrier", "février").replace("aout", "août").replace("decembre", "décembre")) + 1
    return date(jour, mois, int(m.group(3)) if m.group(3) else None) or m.group(0)


def heure(heures: int, minutes: str | None) -> str:
    """Words for a time of day: 18, "30" → "dix-huit heures trente"."""
    if heures == 0:
        tete = "minuit"
    else:
        tete = f"{en_lettres(heures, feminin=True)} heure{'s' if heures > 1 else ''}"
    if minutes and int(minutes):
        return f"{tete} {en_lettres(int(minutes), feminin=True)}"
    return tete


def heure_simple(m: re.Match[str]) -> str:
    """9h, 18h30, 9 h 30, 9:30 → words."""
    return heure(int(m.group(1)), m.group(2))


def plage_horaire(m: re.Match[str]) -> str:
    """9h-12h30 → "neuf heures à douze heures trente"."""
    return f"{heure(int(m.group(1)), m.group(2))} à {heure(int(m.group(3)), m.group(4))}"


def montant(m: re.Match[str]) -> str:
    """450 € / 12,50 € / 12€50 → words with "euros" and cents."""
    euros = nombre(m.group(1))
    centimes_brut = m.group(2) or m.group(3)
    centimes = int(centimes_brut.ljust(2, "0")) if centimes_brut else 0
    if euros == 0 and centimes:
        return f"{en_lettres(centimes)} centime{'s' if centimes > 1 else ''}"
    if euros and euros % 1_000_000 == 0:
        unite = "d'euros"
    else:
        unite = "euros" if euros > 1 else "euro"
    texte = f"{en_lettres(euros)} {unite}"
    if centimes:
        texte += f" {en_lettres(centimes)}"
    return texte


def pourcentage(m: re.Match[str]) -> str:
    """25 % / 2,5 % → "vingt-cinq pour cent"."""
    return f"{decimal_mots(m.group(1), m.group(2))} pour cent"


def decimal_mots(entier: str, decimales: str | None) -> str:
    """Words for 2 / 2,5 / 0,05."""
    mots = en_lettres(nombre(entier))
    if decimales:
        mots += " virgule " + lire_groupe(decimales)
    return mots


def rapport(m: re.Match[str]) -> str:
    """7j/7 → "sept jours sur sept", 24h/24 → "vingt-quatre heures sur vingt-quatre"."""
    unite = {"j": "jours", "h": "heures"}.get((m.group(2) or "").lower(), "")
    milieu = f" {unite}" if unite else ""
    return f"{en_lettres(int(m.group(1)), feminin=unite == 'heures')}{milieu} sur {en_lettres(int(m.group(3)), feminin=unite == 'heures')}"


def duree(m: re.Match[str]) -> str:
    """30 min / 15 j → "trente minutes" / "quinze jours"."""
    n = int(m.group(1))
    unite = {"min": "minute", "mn": "minute", "j": "jour", "km": "kilomètre"}[m.group(2).lower()]
    return f"{en_lettres(n, feminin=unite == 'minute')} {unite}{'s' if n > 1 else ''}"
