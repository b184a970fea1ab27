"""The term index of the orientation engine, with a fast approximate pre-selection.

Scoring every fiche exactly is cheap for the real base (36 fiches) but not for 10 000
services, so `preselectionner` first ranks fiches with vectorised sums (numpy): for each
message word, the best single-word term of each fiche, plus complete multi-word terms.
The engine then scores exactly only the few fiches this pre-selection keeps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

Correspondances = list[tuple[str, float]]


@dataclass(frozen=True)
class Terme:
    """One searchable expression of one fiche, already analysed into canonical words."""

    fiche: str
    mots: tuple[str, ...]
    texte: str
    poids: float


class IndexTermes:
    """Terms by word and by fiche, plus numpy postings for the pre-selection."""

    def __init__(self, termes: list[Terme], fiches: list[str]) -> None:
        """Build the postings of every word."""
        self.termes = termes
        self.fiches = fiches
        rang = {ident: i for i, ident in enumerate(fiches)}
        self.par_fiche: dict[str, list[int]] = defaultdict(list)
        simples: dict[str, dict[int, float]] = defaultdict(dict)
        multiples: dict[str, list[int]] = defaultdict(list)
        for n, terme in enumerate(termes):
            self.par_fiche[terme.fiche].append(n)
            f = rang[terme.fiche]
            if len(terme.mots) == 1:
                mot = terme.mots[0]
                simples[mot][f] = max(simples[mot].get(f, 0.0), terme.poids)
            else:
                for mot in terme.mots:
                    multiples[mot].append(n)
        self.simples = {
            m: (np.fromiter(d.keys(), np.int32, len(d)), np.fromiter(d.values(), np.float32, len(d))) for m, d in simples.items()
        }
        self.multiples = {m: np.array(ids, np.int32) for m, ids in multiples.items()}
        self.terme_fiche = np.array([rang[t.fiche] for t in termes], np.int32)
        self.terme_longueur = np.array([len(t.mots) for t in termes], np.float32)
        self.terme_poids = np.array([t.poids for t in termes], np.float32)
        self.mots = frozenset(simples) | frozenset(multiples)

    def preselectionner(self, par_position: list[Correspondances], nombre: int) -> list[str]:
        """Return the ids of the `nombre` fiches with the best approximate score (score > 0)."""
        total = np.zeros(len(self.fiches), np.float32)
        meilleur = np.zeros(len(self.fiches), np.float32)
        vus: dict[str, float] = {}
        for correspondances in par_position:
            meilleur.fill(0.0)
            for mot, similarite in correspondances:
                vus[mot] = max(vus.get(mot, 0.0), similarite)
                postings = self.simples.get(mot)
                if postings is not None:
                    idx, poids = postings
                    meilleur[idx] = np.maximum(meilleur[idx], poids * similarite)
            total += meilleur
        compte = np.zeros(len(self.termes), np.float32)
        qualite = np.zeros(len(self.termes), np.float32)
        for mot, similarite in vus.items():
            ids = self.multiples.get(mot)
            if ids is not None:
                compte[ids] += 1.0
                qualite[ids] += similarite
        complets = np.nonzero(compte >= self.terme_longueur)[0]
        if complets.size:
            apport = self.terme_poids[complets] * qualite[complets] / self.terme_longueur[complets]
            np.add.at(total, self.terme_fiche[complets], apport)
        positifs = np.nonzero(total > 0)[0]
        if positifs.size > nombre:
            positifs = positifs[np.argpartition(-total[positifs], nombre)[:nombre]]
        return [self.fiches[i] for i in positifs]
