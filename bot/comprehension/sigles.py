"""Acronyms spelled out by ear: « cé cé a esse » is the CCAS, « pé èr e » the PRE.

People who cannot read an acronym say its letters; typed, that gives a run of letter names. A run
becomes the acronym only when it spells one the base knows (a fiche's short name or name in
capitals), so ordinary words that happen to be letter names (« a », « de », « elle ») stay words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.francais.texte import replier

# How French letter names are typed once folded (no accents): « cé » → « ce », « esse », « èl » → « el ».
NOMS_DE_LETTRES = {
    "a": "a", "ah": "a", "be": "b", "bai": "b", "ce": "c", "ci": "c", "de": "d", "e": "e", "eu": "e", "ef": "f", "effe": "f",
    "ge": "g", "j": "j", "ji": "j", "ache": "h", "ach": "h", "i": "i", "ka": "k", "el": "l", "elle": "l", "em": "m", "emme": "m",
    "en": "n", "enne": "n", "o": "o", "oh": "o", "pe": "p", "ku": "q", "er": "r", "erre": "r", "es": "s", "esse": "s", "te": "t",
    "u": "u", "ve": "v", "ix": "x", "igrec": "y", "zed": "z",
}  # fmt: skip
SIGLE = re.compile(r"\b[A-Z]{2,6}\b")
LETTRES_MIN = 2


def sigles_de(noms: Iterable[str]) -> frozenset[str]:
    """The acronyms written in capitals in these names (« CCAS », « MDS du Calaisis » → mds)."""
    return frozenset(m.lower() for nom in noms for m in SIGLE.findall(nom))


def epeler(texte: str, sigles: frozenset[str]) -> str:
    """The folded text with every run of letter names that spells a known acronym replaced by it."""
    mots = replier(texte).split()
    sortie: list[str] = []
    i = 0
    while i < len(mots):
        trouve = 0
        for fin in range(len(mots), i + LETTRES_MIN - 1, -1):
            run = mots[i:fin]
            if all(m in NOMS_DE_LETTRES or len(m) == 1 for m in run):
                lettres = "".join(NOMS_DE_LETTRES.get(m, m) for m in run)
                if lettres in sigles:
                    trouve = fin
                    break
        if trouve:
            sortie.append("".join(NOMS_DE_LETTRES.get(m, m) for m in mots[i:trouve]))
            i = trouve
        else:
            sortie.append(mots[i])
            i += 1
    return " ".join(sortie)
