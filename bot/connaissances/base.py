"""The in-memory knowledge base: lookups by id, kind and quartier; no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.connaissances.apprentissage import Exemple
from bot.connaissances.lexique import FichierDangers, Lexique
from bot.connaissances.modeles import Droit, Fiche, Quartier, Structure, Urgence


@dataclass(frozen=True)
class Base:
    """Every fiche and quartier, indexed by id."""

    fiches: dict[str, Fiche]
    quartiers: dict[str, Quartier] = field(default_factory=dict)
    lexique: Lexique = field(default_factory=lambda: Lexique(version=1))
    dangers: FichierDangers | None = None
    corpus: tuple[Exemple, ...] = ()

    def fiche(self, identifiant: str) -> Fiche:
        """Return the fiche with this id (KeyError when unknown)."""
        return self.fiches[identifiant]

    def structures(self) -> list[Structure]:
        """Return the local structures and organisms."""
        return [f for f in self.fiches.values() if isinstance(f, Structure)]

    def droits(self) -> list[Droit]:
        """Return the national rights."""
        return [f for f in self.fiches.values() if isinstance(f, Droit)]

    def urgences(self) -> list[Urgence]:
        """Return the emergency numbers."""
        return [f for f in self.fiches.values() if isinstance(f, Urgence)]

    def centre_social(self, quartier: str | None) -> Structure | None:
        """Return the centre social (or espace de vie sociale) of a quartier, if known."""
        q = self.quartiers.get(quartier or "")
        if q is None or q.centre_social is None:
            return None
        fiche = self.fiches.get(q.centre_social)
        return fiche if isinstance(fiche, Structure) else None
