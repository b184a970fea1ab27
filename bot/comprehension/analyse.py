"""From a raw message to canonical words: SMS spellings, glued pronouns, synonyms, stop words."""

from __future__ import annotations

from functools import lru_cache

from bot.comprehension.normalisation import cle_phonetique, decouper, nettoyer
from bot.connaissances.base import Base
from bot.connaissances.lexique import Lexique

LONGUEUR_SYNONYME_MAX = 4
SYNONYME_FLOU_MIN = 5
TRANCHES_AGE = ((2, "bebe"), (15, "enfant"), (25, "jeune"), (59, None), (130, "vieux"))
MOTS_AN = frozenset({"an", "ans", "years", "year"})
ARTICLES_COLLES = frozenset("djlmnst")
ARTICLE_COLLE_RESTE_MIN = 3
ARTICLE_COLLE_PHONETIQUE_MIN = 6


class Analyseur:
    """Applies one lexicon to messages and to the knowledge base's own words alike."""

    def __init__(self, lexique: Lexique, vocabulaire: frozenset[str] = frozenset()) -> None:
        """Compile the lexicon; `vocabulaire` (the base's own words) lets glued articles be split."""
        self.sms = {nettoyer(k): nettoyer(v) for k, v in lexique.sms.items()}
        self.synonymes: dict[tuple[str, ...], tuple[str, ...]] = {}
        for canonique, variantes in lexique.synonymes.items():
            cible = tuple(nettoyer(canonique).split())
            for variante in [canonique, *variantes]:
                cle = tuple(self._decouper(variante))
                if cle and cle != cible:
                    self.synonymes.setdefault(cle, cible)
        self.mots_vides = frozenset(nettoyer(m) for m in lexique.mots_vides if " " not in m)
        self.synonymes_phonetiques: dict[str, tuple[str, ...]] = {}
        for cle, cible in self.synonymes.items():
            if len(cle) == 1 and len(cle[0]) >= SYNONYME_FLOU_MIN:
                self.synonymes_phonetiques.setdefault(cle_phonetique(cle[0]), cible)
        self.mots_courants = frozenset(w for cle in self.synonymes for w in cle) | self.mots_vides
        self.phonetique = lru_cache(maxsize=65536)(cle_phonetique)
        self.vocabulaire = vocabulaire | frozenset(w for cible in self.synonymes.values() for w in cible)
        self.cles_vocabulaire = frozenset(cle_phonetique(m) for m in self.vocabulaire if len(m) >= ARTICLE_COLLE_RESTE_MIN)

    def _decouper(self, texte: str) -> list[str]:
        """Split text into words, expanding SMS spellings only."""
        return decouper(texte, self.sms, frozenset())

    def mots(self, texte: str) -> list[str]:
        """Return the canonical words of a text, stop words included (danger patterns need them)."""
        jetons = decouper(texte, self.sms, self.mots_courants)
        sortie: list[str] = []
        i = 0
        while i < len(jetons):
            for n in range(min(LONGUEUR_SYNONYME_MAX, len(jetons) - i), 0, -1):
                cible = self.synonymes.get(tuple(jetons[i : i + n]))
                if cible is not None:
                    sortie.extend(cible)
                    i += n
                    break
            else:
                sortie.extend(self._mot_seul(jetons, i))
                i += 1
        return sortie

    def _article_colle(self, mot: str) -> list[str] | None:
        """Split "lapl", "dadieu", "maide" into article and known word; None when it is not that."""
        reste = mot[1:]
        if (
            len(reste) < ARTICLE_COLLE_RESTE_MIN
            or mot[0] not in ARTICLES_COLLES
            or mot in self.vocabulaire
            or mot in self.mots_courants
            or reste in self.mots_vides
        ):
            return None
        if reste in self.vocabulaire or (len(reste) >= ARTICLE_COLLE_PHONETIQUE_MIN and self.phonetique(reste) in self.cles_vocabulaire):
            return [mot[0], self.canonique(reste)]
        return None

    def _mot_seul(self, jetons: list[str], i: int) -> list[str]:
        """Map one word: an age ("70 ans") adds its age band, a misspelled synonym its canonical form."""
        mot = jetons[i]
        if mot.isdigit() and i + 1 < len(jetons) and jetons[i + 1] in MOTS_AN:
            tranche = next((nom for limite, nom in TRANCHES_AGE if int(mot) <= limite), None)
            return [mot, tranche] if tranche else [mot]
        if len(mot) >= SYNONYME_FLOU_MIN and mot not in self.mots_courants:
            cible = self.synonymes_phonetiques.get(self.phonetique(mot))
            if cible is not None:
                return list(cible)
        colle = self._article_colle(mot)
        if colle is not None:
            return colle
        return [mot]

    def mots_utiles(self, texte: str) -> list[str]:
        """Return the canonical words that say something of the need (stop words removed)."""
        return [m for m in self.mots(texte) if m not in self.mots_vides]

    def canonique(self, mot: str) -> str:
        """Return the canonical form of one word (its synonym target when it has one)."""
        cible = self.synonymes.get((mot,))
        return " ".join(cible) if cible else mot


def vocabulaire_de(base: Base) -> frozenset[str]:
    """Every word the base itself uses: names, lexicons and danger patterns (for glued articles)."""
    textes = [t for f in base.fiches.values() for t in (f.nom, f.nom_court or "", *f.mots_cles)]
    if base.dangers is not None:
        motifs = [m.motif for d in base.dangers.dangers.values() for m in d.motifs]
        textes += [alt for motif in motifs for alt in motif.replace("|", " ").split() if not alt.endswith("*")]
    return frozenset(m for t in textes for m in nettoyer(t).split() if len(m) >= ARTICLE_COLLE_RESTE_MIN)
