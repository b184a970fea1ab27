"""Danger detection: runs first on every message, with its own lexicon (dangers.yaml).

A pattern is a sequence of word conditions matched in order with a bounded gap; a word
matches exactly, by prefix (`frapp*`), or by its French phonetic key, so "frape",
"frapé" and "frappée" all count. `sauf` patterns neutralise the words they cover
("frapper à la porte" raises no alarm).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from bot.analyse import Analyseur
from bot.lexique import FichierDangers

LONGUEUR_FLOUE = 6
MEMO_MAX = 200_000
LONGUEUR_PHONETIQUE = 3
PREFIXE_PHONETIQUE_MIN = 4


@dataclass(frozen=True)
class Condition:
    """One word of a pattern: exact words, prefixes, and their phonetic keys."""

    exacts: frozenset[str]
    prefixes: tuple[str, ...]
    cles: frozenset[str]
    cles_prefixes: tuple[str, ...]

    def accepte(self, mot: str, cle: str) -> bool:
        """True when `mot` (with phonetic key `cle`) satisfies this condition."""
        if mot in self.exacts or any(mot.startswith(p) for p in self.prefixes):
            return True
        if len(mot) >= LONGUEUR_PHONETIQUE and (cle in self.cles or any(cle.startswith(p) for p in self.cles_prefixes)):
            return True
        if len(mot) >= LONGUEUR_FLOUE:
            return any(len(e) >= LONGUEUR_FLOUE and Levenshtein.distance(mot, e, score_cutoff=1) <= 1 for e in self.exacts)
        return False


@dataclass(frozen=True)
class MotifCompile:
    """A compiled pattern: its conditions, the allowed gap and its required context words."""

    genre: str
    conditions: tuple[Condition, ...]
    ecart: int
    si: tuple[tuple[str, ...], ...]
    texte: str


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
        self.ordre = list(dangers.ordre)
        self.numeros = {g: list(d.numeros) for g, d in dangers.dangers.items()}
        self.motifs = [
            self._compiler(g, m.motif, dangers.ecart if m.ecart is None else m.ecart, m.si)
            for g, d in dangers.dangers.items() for m in d.motifs
        ]
        self._memo: dict[tuple[int, str], bool] = {}
        self.sauf = [self._compiler("sauf", m.motif, dangers.ecart if m.ecart is None else m.ecart, m.si) for m in dangers.sauf]

    def _condition(self, alternatives: str) -> Condition:
        """Compile `a|b|pref*` into a condition, mapping words to their canonical form."""
        exacts: set[str] = set()
        prefixes: list[str] = []
        for alt in alternatives.split("|"):
            if alt.endswith("*"):
                prefixes.append(alt[:-1])
            else:
                exacts.update({alt, self.analyseur.canonique(alt)})
        cles = frozenset(self.analyseur.phonetique(e) for e in exacts if len(e) >= LONGUEUR_PHONETIQUE)
        cles_prefixes = tuple(self.analyseur.phonetique(p) for p in prefixes if len(p) >= PREFIXE_PHONETIQUE_MIN)
        return Condition(frozenset(exacts), tuple(prefixes), cles, cles_prefixes)

    def _compiler(self, genre: str, motif: str, ecart: int, si: list[str]) -> MotifCompile:
        """Compile one pattern string."""
        conditions = tuple(self._condition(partie) for partie in motif.split())
        contexte = tuple(tuple(self.analyseur.mots(s)) for s in si)
        return MotifCompile(genre, conditions, ecart, contexte, motif)

    def _accepte(self, condition: Condition, mot: str, cle: str) -> bool:
        """Memoised `condition.accepte`: words recur across messages, conditions across patterns."""
        cle_memo = (id(condition), mot)
        resultat = self._memo.get(cle_memo)
        if resultat is None:
            resultat = condition.accepte(mot, cle)
            if len(self._memo) < MEMO_MAX:
                self._memo[cle_memo] = resultat
        return resultat

    def _trouver(self, motif: MotifCompile, mots: list[str], cles: list[str], interdits: set[int]) -> list[int] | None:
        """Return the positions matched by `motif` in `mots`, or None."""
        def suite(k: int, depuis: int, limite: int) -> list[int] | None:
            if k == len(motif.conditions):
                return []
            for i in range(depuis, min(limite, len(mots))):
                if i not in interdits and self._accepte(motif.conditions[k], mots[i], cles[i]):
                    reste = suite(k + 1, i + 1, i + 2 + motif.ecart)
                    if reste is not None:
                        return [i, *reste]
            return None
        return suite(0, 0, len(mots))

    @staticmethod
    def _contexte(motif: MotifCompile, mots: list[str]) -> bool:
        """True when the pattern has no context words or one of them is present."""
        if not motif.si:
            return True
        texte = f" {' '.join(mots)} "
        return any(f" {' '.join(s)} " in texte or any(m.startswith(s[0]) for m in mots if len(s) == 1 and len(s[0]) > 3) for s in motif.si)

    def detecter(self, texte: str) -> list[Detection]:
        """Return the dangers a message signals, most urgent kind first (empty when none)."""
        mots = self.analyseur.mots(texte)
        cles = [self.analyseur.phonetique(m) for m in mots]
        interdits: set[int] = set()
        for sauf in self.sauf:
            trouve = self._trouver(sauf, mots, cles, interdits)
            if trouve and self._contexte(sauf, mots):
                interdits.update(range(trouve[0], trouve[-1] + 1))
        trouves: dict[str, Detection] = {}
        for motif in self.motifs:
            if motif.genre in trouves:
                continue
            positions = self._trouver(motif, mots, cles, interdits)
            if positions is not None and self._contexte(motif, mots):
                trouves[motif.genre] = Detection(motif.genre, motif.texte, tuple(mots[i] for i in positions))
        return [trouves[g] for g in self.ordre if g in trouves]

    def urgences(self, detections: list[Detection]) -> list[str]:
        """Return the urgence fiche ids to show for these detections, without repeats."""
        ids: list[str] = []
        for d in detections:
            for ident in self.numeros.get(d.genre, []):
                if ident not in ids:
                    ids.append(ident)
        return ids
