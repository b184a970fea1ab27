"""Problems found in data files: file, line, field, a French message and a suggestion."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

Gravite = Literal["erreur", "avertissement"]


@dataclass(frozen=True)
class Probleme:
    """One problem in one data file, written for the person who edits it."""

    fichier: str
    ligne: int | None
    champ: str | None
    message: str
    gravite: Gravite = "erreur"
    suggestion: str | None = None

    def __str__(self) -> str:
        """Render as `fichier:ligne: [gravité] champ : message Vouliez-vous dire … ?`."""
        lieu = f"{self.fichier}:{self.ligne}" if self.ligne else self.fichier
        champ = f" {self.champ} :" if self.champ else ""
        conseil = f" Vouliez-vous dire « {self.suggestion} » ?" if self.suggestion else ""
        return f"{lieu}: [{self.gravite}]{champ} {self.message}{conseil}"


def suggerer(valeur: str, possibles: Iterable[str]) -> str | None:
    """Return the closest known value to `valeur`, if it is close enough to be a typo."""
    choix = list(possibles)
    if not choix:
        return None
    trouve = process.extractOne(valeur, choix, scorer=fuzz.WRatio, score_cutoff=70)
    return trouve[0] if trouve else None
