"""Which pattern conditions a word satisfies, found by lookups instead of testing each condition.

A condition accepts a word when the word is one of its exact words, starts with one of its
prefixes, shares the French phonetic key of an exact word (or starts with the key of a
prefix), or — for long words — is one edit away from a long exact word. The index answers
"which conditions accept this word?" with a few dictionary lookups and one rapidfuzz call,
and remembers the answer for each word.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

LONGUEUR_FLOUE = 6
LONGUEUR_PHONETIQUE = 3
PREFIXE_PHONETIQUE_MIN = 4
CLE_MIN = 2
MEMO_MAX = 200_000


@dataclass(frozen=True)
class Condition:
    """One word of a pattern: its number, exact words, prefixes, their phonetic keys, and strict words (no fuzziness)."""

    numero: int
    exacts: frozenset[str]
    prefixes: tuple[str, ...]
    cles: frozenset[str]
    cles_prefixes: tuple[str, ...]
    stricts: frozenset[str] = frozenset()


class IndexConditions:
    """Inverted index from words (and keys, prefixes) to the conditions that accept them."""

    def __init__(self, conditions: list[Condition]) -> None:
        """Index every condition's exact words, prefixes, keys and long words."""
        self.par_exact: dict[str, set[int]] = defaultdict(set)
        self.par_prefixe: dict[str, set[int]] = defaultdict(set)
        self.par_cle: dict[str, set[int]] = defaultdict(set)
        self.par_cle_prefixe: dict[str, set[int]] = defaultdict(set)
        self.par_long: dict[str, set[int]] = defaultdict(set)
        for c in conditions:
            for e in c.stricts:
                self.par_exact[e].add(c.numero)
            for e in c.exacts:
                self.par_exact[e].add(c.numero)
                if len(e) >= LONGUEUR_FLOUE:
                    self.par_long[e].add(c.numero)
            for p in c.prefixes:
                self.par_prefixe[p].add(c.numero)
            for k in c.cles:
                self.par_cle[k].add(c.numero)
            for k in c.cles_prefixes:
                self.par_cle_prefixe[k].add(c.numero)
        self.longs = list(self.par_long)
        self._memo: dict[str, frozenset[int]] = {}

    def _calculer(self, mot: str, cle: str) -> frozenset[int]:
        """Return the numbers of the conditions that accept `mot` (phonetic key `cle`)."""
        ids = set(self.par_exact.get(mot, ()))
        for n in range(1, len(mot) + 1):
            ids |= self.par_prefixe.get(mot[:n], set())
        if len(mot) >= LONGUEUR_PHONETIQUE and len(cle) >= CLE_MIN:
            ids |= self.par_cle.get(cle, set())
            for n in range(1, len(cle) + 1):
                ids |= self.par_cle_prefixe.get(cle[:n], set())
        if len(mot) >= LONGUEUR_FLOUE:
            for voisin, _, _ in process.extract(mot, self.longs, scorer=Levenshtein.distance, score_cutoff=1, limit=None):
                ids |= self.par_long[voisin]
        return frozenset(ids)

    def acceptees(self, mot: str, cle: str) -> frozenset[int]:
        """Memoised `_calculer`: words recur from one message to the next."""
        resultat = self._memo.get(mot)
        if resultat is None:
            resultat = self._calculer(mot, cle)
            if len(self._memo) < MEMO_MAX:
                self._memo[mot] = resultat
        return resultat
