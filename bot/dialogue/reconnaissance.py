"""Free text from residents: clean it, and recognise when it names an offered button."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.francais.texte import replier

LONGUEUR_MAX = 1000
SEUIL_FLOU = 85
NOMBRE = re.compile(r"\b(\d{1,3})\b")


@dataclass(frozen=True)
class Candidat:
    """A button the text may name: its id, pictogram, the phrases that name it, an age range."""

    id: str
    pictogramme: str
    phrases: tuple[str, ...]
    age: tuple[int, int] | None = None
    exact: bool = field(default=False)


def nettoyer(texte: str) -> str:
    """Drop control characters, collapse spaces and cut to LONGUEUR_MAX characters."""
    sans = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c != "\u200d" else c for c in texte)
    return " ".join(sans.split())[:LONGUEUR_MAX]


def a_du_sens(texte: str) -> bool:
    """True when the text holds at least one letter or digit."""
    return any(c.isalnum() for c in texte)


def etranger(texte: str) -> bool:
    """True when most letters are not Latin (Arabic, Cyrillic, Chinese…)."""
    lettres = [c for c in texte if c.isalpha()]
    latines = [c for c in lettres if "LATIN" in unicodedata.name(c, "")]
    return bool(lettres) and len(latines) < len(lettres) / 2


def contient(texte: str, phrase: str) -> bool:
    """True when `phrase` appears in `texte` as whole words (both normalised)."""
    return bool(phrase) and f" {phrase} " in f" {texte} "


def reconnaitre(texte: str, candidats: list[Candidat]) -> str | None:
    """Return the id of the one button the text names, or None when none or several do."""
    brut = texte.strip()
    for c in candidats:
        if c.pictogramme and brut == c.pictogramme:
            return c.id
    bas = replier(texte)
    if not bas:
        return None
    for c in candidats:
        if any(bas == replier(p) for p in c.phrases):
            return c.id
    mots = bas.split()
    if len(mots) <= 4:
        proches = {c.id for c in candidats for p in c.phrases if len(replier(p)) >= 4 and fuzz.ratio(bas, replier(p)) >= SEUIL_FLOU}
        if len(proches) == 1:
            return proches.pop()
    trouves = {c.id for c in candidats if not c.exact and any(contient(bas, replier(p)) for p in c.phrases)}
    if len(trouves) == 1:
        return trouves.pop()
    if not trouves:
        nombres = [int(n) for n in NOMBRE.findall(bas)]
        if len(nombres) == 1:
            ages = {c.id for c in candidats if c.age and c.age[0] <= nombres[0] <= c.age[1]}
            if len(ages) == 1:
                return ages.pop()
    return None
