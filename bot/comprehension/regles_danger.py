"""Danger detection: runs first on every message, with its own lexicon (dangers.yaml).

A pattern is a sequence of word conditions matched in order with a bounded gap; a word
matches exactly, by prefix (`frapp*`), or by its French phonetic key, so "frape",
"frapé" and "frappée" all count. `sauf` patterns neutralise the words they cover
("frapper à la porte" raises no alarm).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.comprehension.analyse import Analyseur
from bot.comprehension.conditions import LONGUEUR_PHONETIQUE, PREFIXE_PHONETIQUE_MIN, Condition, IndexConditions
from bot.connaissances.lexique import FichierDangers


@dataclass(frozen=True)
class MotifCompile:
    """A compiled pattern: its conditions, the allowed gap and its required context words."""

    genre: str
    conditions: tuple[Condition, ...]
    ecart: int
    si: tuple[tuple[str, ...], ...]
    texte: str
    aussi: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Detection:
    """A danger found in a message: its kind and the words that revealed it."""

    genre: str
    motif: str
    mots: tuple[str, ...]


class DetecteurDanger:
    """Finds the kinds of danger a message signals, in the order of urgency."""

    def __init__(self, dangers: FichierDangers, analyseur: Analyseur) -> None:
        """Compile every pattern with the same word analysis as the messages."""
        self.analyseur = analyseur
        self.conditions: list[Condition] = []
        self.ordre = list(dangers.ordre)
        self.numeros = {g: list(d.numeros) for g, d in dangers.dangers.items()}
        self.fiches = {g: list(d.fiches) for g, d in dangers.dangers.items()}
        self.motifs = [
            self._compiler(g, m.motif, dangers.ecart if m.ecart is None else m.ecart, m.si, m.aussi)
            for g, d in dangers.dangers.items()
            for m in d.motifs
        ]
        self.seuil_indices = dangers.seuil_indices
        self.indices = {g: [(self._condition(cle), poids) for cle, poids in d.indices.items()] for g, d in dangers.dangers.items()}
        self.sauf = [self._compiler("sauf", m.motif, dangers.ecart if m.ecart is None else m.ecart, m.si, m.aussi) for m in dangers.sauf]
        self.index = IndexConditions(self.conditions)

    def _condition(self, alternatives: str) -> Condition:
        """Compile `a|b|pref*|=strict` into a condition, mapping words to their canonical form."""
        exacts: set[str] = set()
        stricts: set[str] = set()
        prefixes: list[str] = []
        for alt in alternatives.split("|"):
            if alt.startswith("="):
                stricts.add(alt[1:])
            elif alt.endswith("*"):
                prefixes.append(alt[:-1])
            else:
                exacts.update({alt, self.analyseur.canonique(alt)})
        cles = frozenset(self.analyseur.phonetique(e) for e in exacts if len(e) >= LONGUEUR_PHONETIQUE)
        cles_prefixes = tuple(self.analyseur.phonetique(p) for p in prefixes if len(p) >= PREFIXE_PHONETIQUE_MIN)
        condition = Condition(len(self.conditions), frozenset(exacts), tuple(prefixes), cles, cles_prefixes, frozenset(stricts))
        self.conditions.append(condition)
        return condition

    def _compiler(self, genre: str, motif: str, ecart: int, si: list[str], aussi: list[str]) -> MotifCompile:
        """Compile one pattern string and its context words."""
        conditions = tuple(self._condition(partie) for partie in motif.split())
        contexte = tuple(tuple(self.analyseur.mots(s)) for s in si)
        second = tuple(tuple(self.analyseur.mots(s)) for s in aussi)
        return MotifCompile(genre, conditions, ecart, contexte, motif, second)

    @staticmethod
    def _trouver(motif: MotifCompile, acceptees: list[frozenset[int]], interdits: set[int]) -> list[int] | None:
        """Return the positions matched by `motif`, given the conditions each word satisfies, or None."""

        def suite(k: int, depuis: int, limite: int) -> list[int] | None:
            if k == len(motif.conditions):
                return []
            numero = motif.conditions[k].numero
            for i in range(depuis, min(limite, len(acceptees))):
                if numero in acceptees[i] and i not in interdits:
                    reste = suite(k + 1, i + 1, i + 2 + motif.ecart)
                    if reste is not None:
                        return [i, *reste]
            return None

        return suite(0, 0, len(acceptees))

    @staticmethod
    def _present(contexte: tuple[tuple[str, ...], ...], mots: list[str]) -> bool:
        """True when there is no context, or one of its expressions is in the message."""
        if not contexte:
            return True
        texte = f" {' '.join(mots)} "
        return any(f" {' '.join(s)} " in texte or any(m.startswith(s[0]) for m in mots if len(s) == 1 and len(s[0]) > 3) for s in contexte)

    def _contexte(self, motif: MotifCompile, mots: list[str]) -> bool:
        """True when both contexts of the pattern (`si`, then `aussi`) are satisfied."""
        return self._present(motif.si, mots) and self._present(motif.aussi, mots)

    def _neutralises(self, mots: list[str], acceptees: list[frozenset[int]]) -> tuple[set[int], list[str]]:
        """The word positions covered by `sauf` patterns, and the texts of the patterns that matched."""
        interdits: set[int] = set()
        textes: list[str] = []
        for sauf in self.sauf:
            trouve = self._trouver(sauf, acceptees, interdits)
            if trouve and self._contexte(sauf, mots):
                interdits.update(range(trouve[0], trouve[-1] + 1))
                textes.append(sauf.texte)
        return interdits, textes

    def detecter(self, texte: str) -> list[Detection]:
        """Return the dangers a message signals: those found by patterns first, then by cue words, each by urgency."""
        return self.analyser(texte)[0]

    def analyser(self, texte: str) -> tuple[list[Detection], tuple[str, ...]]:
        """The dangers a message signals, and the `sauf` patterns it matches (« frapper à la porte »…)."""
        mots = self.analyseur.mots(texte)
        acceptees = [self.index.acceptees(m, self.analyseur.phonetique(m)) for m in mots]
        presentes = frozenset().union(*acceptees)
        interdits, exceptions = self._neutralises(mots, acceptees)
        trouves: dict[str, Detection] = {}
        for motif in self.motifs:
            if motif.genre in trouves or motif.conditions[0].numero not in presentes:
                continue
            positions = self._trouver(motif, acceptees, interdits)
            if positions is not None and self._contexte(motif, mots):
                trouves[motif.genre] = Detection(motif.genre, motif.texte, tuple(mots[i] for i in positions))
        libres = [a if i not in interdits else frozenset() for i, a in enumerate(acceptees)]
        par_indices: dict[str, Detection] = {}
        for genre, indices in self.indices.items():
            if genre not in trouves:
                detection = self._par_indices(genre, indices, libres, mots)
                if detection is not None:
                    par_indices[genre] = detection
        detections = [trouves[g] for g in self.ordre if g in trouves] + [par_indices[g] for g in self.ordre if g in par_indices]
        return detections, tuple(exceptions)

    def _par_indices(
        self, genre: str, indices: list[tuple[Condition, float]], libres: list[frozenset[int]], mots: list[str]
    ) -> Detection | None:
        """Add the weights of the cue words present (each cue once); a danger when the sum reaches the threshold."""
        total = 0.0
        vus: list[str] = []
        for condition, poids in indices:
            position = next((i for i, a in enumerate(libres) if condition.numero in a), None)
            if position is not None:
                total += poids
                vus.append(mots[position])
        return Detection(genre, f"indices {total:.1f}", tuple(vus)) if total >= self.seuil_indices else None

    def urgences(self, genres: tuple[str, ...]) -> list[str]:
        """Return the urgence fiche ids to show for these kinds of danger, without repeats."""
        return list(dict.fromkeys(i for g in genres for i in self.numeros.get(g, [])))

    def fiches_liees(self, genres: tuple[str, ...]) -> list[str]:
        """Return the local structures to offer after the numbers, without repeats."""
        return list(dict.fromkeys(i for g in genres for i in self.fiches.get(g, [])))
