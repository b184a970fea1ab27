"""Orientation engine: from a resident's message to ranked fiche ids, danger first.

Every fiche contributes terms (its `mots_cles`, its name) analysed exactly like messages
(bot.comprehension.analyse). A message word matches a term word exactly, by French phonetic key, or
fuzzily (rapidfuzz, within the same first phonetic letter); a term counts when all its
words are found. A term weighs more when it is rare across the base (a word every fiche
has says little), central to its fiche (its words recur among the fiche's expressions,
BM25-style saturation) and found with its words close together in the message. A fiche's
score adds its best non-overlapping terms, plus a bonus for the quartier the resident
named. A second signal, the character n-gram similarity of the message with each fiche's text
(bot.comprehension.ngrammes), is added to that score, so that wordings the terms miss still reach
their fiche. Results under the relevance thresholds are dropped, so "bonjour" or "il fait
beau ?" return nothing. Danger detection (bot.comprehension.regles_danger) runs first and puts the urgence
fiches on top. For large bases a vectorised pre-selection (bot.comprehension.index) keeps the work
per message small.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.comprehension.analyse import Analyseur, vocabulaire_de
from bot.comprehension.danger import Verdict, Vigie
from bot.comprehension.index import Correspondances, IndexTermes, Terme
from bot.comprehension.modele_danger import obtenir
from bot.comprehension.ngrammes import SignalNgrammes
from bot.comprehension.normalisation import nettoyer
from bot.comprehension.regles_danger import DetecteurDanger
from bot.comprehension.sigles import epeler, sigles_de
from bot.config import DOSSIER_MODELES
from bot.connaissances.base import Base
from bot.connaissances.modeles import Fiche, Structure, Urgence
from bot.francais.texte import replier

# Tunable numbers of the ranking. Each trades recall (find the right fiche for odd wordings)
# against precision (no fiche for « bonjour »); bench/recherche.py and the control sets measure both.
MOTS_MAX = 120  # words of a message scored (work per message stays bounded)
FLOU_CLE_MIN = 6  # phonetic keys shorter than this get no fuzzy neighbours (too many false friends)
FLOU_CLE_LONGUE = 8  # from this length, two edits are forgiven instead of one
SIMILARITE_PHONETIQUE = 0.92  # weight of a word found by its phonetic key rather than exactly
SIMILARITE_PAR_ECART = {1: 0.85, 2: 0.75}  # weight of a word found one or two edits away
PRESELECTION = 40  # fiches scored exactly after the numpy pre-selection (speed on 10 000 services)
SATURATION = 0.8  # BM25-style saturation of a word repeated among a fiche's expressions
PENALITE_ECART = 0.25  # how much a term's words far apart in the message weigh less
BONUS_NOM = 1.4  # a fiche's own name counts more than its keywords
BONUS_MOTS = 0.35  # a term of several words counts more than one word
BONUS_QUARTIER = 1.0  # the structures of the quartier the resident named come first
SEUIL_PERTINENCE = 1.6  # below this raw score a fiche is not shown (out-of-scope messages get nothing)
ECHELLE_SCORE = 4.0  # raw score at which the 0-100 score reaches 50
CACHE_MOTS_MAX = 50_000  # words whose fuzzy neighbours are remembered
SCORE_FICHE_LIEE = 90.0  # score of the places shown right after the emergency numbers
POIDS_EXPRESSION_REDUITE = 0.6  # an expression reduced to one useful word weighs less
POIDS_NGRAMMES = 100.0  # points of the 0-100 score per unit of n-gram similarity (cosine in [0, 1])
SEUIL_NGRAMMES_SEUL = 0.3  # a fiche no term found is shown from this n-gram similarity only
SEUIL_NGRAMMES_AUTRE_ECRITURE = 0.15  # the same for a message mostly in another script (no term can match it)


@dataclass(frozen=True)
class Resultat:
    """One fiche found for a message, with its score (0-100) and the words that matched."""

    id: str
    score: float
    mots: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alerte:
    """What the conversation must show first: `danger` or `doute`, the kinds, the urgence fiches (by type), the related places."""

    niveau: Literal["danger", "doute"]
    genres: tuple[str, ...]
    urgences: tuple[str, ...]
    liees: tuple[str, ...]


@dataclass(frozen=True)
class Orientation:
    """The answer of the engine: danger flag and kinds, doubt, quartier mentioned, ranked results, the alert if any."""

    texte: str
    urgence: bool
    dangers: tuple[str, ...]
    resultats: tuple[Resultat, ...]
    quartier: str | None = None
    explication: tuple[str, ...] = ()
    alerte: Alerte | None = None
    doute: bool = False


def _mots_non_latins(texte: str) -> int:
    """Words written in another script (Arabic…), which the French analysis does not keep but the model reads."""
    if texte.isascii():
        return 0
    return sum(1 for mot in texte.split() if any(c.isalpha() and "LATIN" not in unicodedata.name(c, "") for c in mot))


def _saturer(frequence: int) -> float:
    """Weigh how often a word recurs among one fiche's expressions (BM25-style saturation, 1 for once)."""
    return frequence * (SATURATION + 1) / (frequence + SATURATION)


class Moteur:
    """Indexes a base once, then orients messages quickly."""

    def __init__(self, base: Base, dossier_modeles: Path | None = DOSSIER_MODELES) -> None:
        """Build the term index, the fuzzy vocabulary and the danger decision (rules and learned model).

        The model is read from `dossier_modeles` when its corpus has not changed, else trained
        (about half a minute) and cached there; None trains it in memory only.
        """
        self.base = base
        self.analyseur = Analyseur(base.lexique, vocabulaire_de(base))
        self.detecteur = DetecteurDanger(base.dangers, self.analyseur) if base.dangers else None
        modele = obtenir(base.corpus, self.analyseur.mots, dossier_modeles)
        self.vigie = Vigie(self.detecteur, modele)
        self.index = IndexTermes(self._termes(base), list(base.fiches))
        self.par_cle: dict[str, list[str]] = defaultdict(list)
        for mot in self.index.mots:
            self.par_cle[self.analyseur.phonetique(mot)].append(mot)
        self.cles_par_initiale: dict[str, list[str]] = defaultdict(list)
        for cle in self.par_cle:
            self.cles_par_initiale[cle[:1]].append(cle)
        self.quartiers = {
            tuple(self.analyseur.mots_utiles(v)): q.id
            for q in base.quartiers.values()
            for v in [q.nom, *q.variantes]
            if self.analyseur.mots_utiles(v)
        }
        self._cache: dict[str, Correspondances] = {}
        self.sigles = sigles_de(n for f in base.fiches.values() for n in (f.nom, f.nom_court or ""))
        self.ngrammes = SignalNgrammes({i: self._document(f) for i, f in base.fiches.items()})

    @staticmethod
    def _document(fiche: Fiche) -> list[str]:
        """The texts the n-gram signal reads: the names alone; names, résumé, description, words; words in other scripts."""
        autres = [m for m in fiche.mots_cles if _mots_non_latins(m)]
        latins = [m for m in fiche.mots_cles if not _mots_non_latins(m)]
        noms = [fiche.nom, fiche.nom_court or ""] * 2
        return [" ".join(noms), " ".join([*noms, fiche.resume, fiche.description, *latins]), " ".join(autres)]

    def _expressions(self, fiche: Fiche) -> list[tuple[str, float]]:
        """Return the fiche's searchable expressions with their bonus."""
        noms = [(fiche.nom, BONUS_NOM)] + ([(fiche.nom_court, BONUS_NOM)] if fiche.nom_court else [])
        return noms + [(m, 1.0) for m in fiche.mots_cles]

    def _termes(self, base: Base) -> list[Terme]:
        """Analyse every expression of every fiche and weight it by rarity."""
        brut: list[tuple[str, tuple[str, ...], str, float]] = []
        fiches_par_terme: dict[tuple[str, ...], set[str]] = defaultdict(set)
        analyses: dict[str, tuple[tuple[str, ...], bool]] = {}  # large bases repeat expressions: analyse each once
        for fiche in base.fiches.values():
            for texte, bonus in self._expressions(fiche):
                if texte not in analyses:
                    utiles = tuple(dict.fromkeys(self.analyseur.mots_utiles(texte)))
                    analyses[texte] = (utiles, len(utiles) == 1 and len(nettoyer(texte).split()) > 1)
                mots, reduit = analyses[texte]
                if mots:
                    brut.append((fiche.id, mots, texte, bonus * (POIDS_EXPRESSION_REDUITE if reduit else 1.0)))
                    fiches_par_terme[mots].add(fiche.id)
        total = max(len(base.fiches), 1)
        frequence: dict[tuple[str, str], int] = defaultdict(int)
        for ident, mots, _, _ in brut:
            for mot in mots:
                frequence[(ident, mot)] += 1
        vus: set[tuple[str, tuple[str, ...]]] = set()
        termes: list[Terme] = []
        for ident, mots, texte, bonus in brut:
            if (ident, mots) in vus:
                continue
            vus.add((ident, mots))
            rarete = math.log(1 + total / len(fiches_par_terme[mots]))
            centralite = sum(_saturer(frequence[(ident, m)]) for m in mots) / len(mots)
            termes.append(Terme(ident, mots, texte, rarete * bonus * centralite * (1 + BONUS_MOTS * (len(mots) - 1))))
        return termes

    def _correspondances(self, mot: str) -> Correspondances:
        """Return the indexed words close to `mot`, with a similarity in (0, 1]."""
        if mot in self._cache:
            return self._cache[mot]
        trouves: dict[str, float] = {}
        if mot in self.index.mots:
            trouves[mot] = 1.0
        if not mot.isdigit():
            cle = self.analyseur.phonetique(mot)
            for voisin in self.par_cle.get(cle, ()):
                trouves.setdefault(voisin, SIMILARITE_PHONETIQUE)
            if len(cle) >= FLOU_CLE_MIN:
                ecart_max = 2 if len(cle) >= FLOU_CLE_LONGUE else 1
                candidates = self.cles_par_initiale.get(cle[:1], [])
                for cle_voisine, ecart, _ in process.extract(cle, candidates, scorer=Levenshtein.distance, score_cutoff=ecart_max, limit=6):
                    for voisin in self.par_cle[cle_voisine] if ecart else ():
                        trouves.setdefault(voisin, SIMILARITE_PAR_ECART[int(ecart)])
        resultat = list(trouves.items())
        if len(self._cache) < CACHE_MOTS_MAX:
            self._cache[mot] = resultat
        return resultat

    def _quartier(self, mots: list[str]) -> str | None:
        """Return the quartier the message names, if any."""
        texte = f" {' '.join(mots)} "
        for variante, ident in sorted(self.quartiers.items(), key=lambda kv: -len(kv[0])):
            if f" {' '.join(variante)} " in texte:
                return ident
        return None

    def _termes_trouves(self, fiche: str, positions: dict[str, list[tuple[int, float]]]) -> list[tuple[float, frozenset[int], Terme]]:
        """Return the fiche's terms whose words are all in the message, with weight and positions."""
        trouves = []
        for n in self.index.par_fiche[fiche]:
            terme = self.index.termes[n]
            pris: list[int] = []
            qualite = 0.0
            for mot_terme in terme.mots:
                meilleurs = [p for p in positions.get(mot_terme, []) if p[0] not in pris]
                if not meilleurs:
                    break
                position, similarite = max(meilleurs, key=lambda p: p[1])
                pris.append(position)
                qualite += similarite
            else:
                ecart = max(pris) - min(pris) + 1 - len(pris)
                proximite = 1.0 / (1.0 + PENALITE_ECART * ecart)
                trouves.append((terme.poids * proximite * qualite / len(terme.mots), frozenset(pris), terme))
        return trouves

    @staticmethod
    def _score(termes: list[tuple[float, frozenset[int], Terme]]) -> tuple[float, tuple[str, ...]]:
        """Add the best non-overlapping terms of a fiche; return the raw score and their texts."""
        couvert: set[int] = set()
        total = 0.0
        textes: list[str] = []
        for poids, pris, terme in sorted(termes, key=lambda t: -t[0]):
            if pris & couvert:
                continue
            couvert |= pris
            total += poids
            textes.append(terme.texte)
        return total, tuple(textes)

    def _bonus_quartier(self, quartier: str | None, fiche: Fiche) -> float:
        """Favour the structures of the quartier the resident named."""
        if quartier is None or not isinstance(fiche, Structure):
            return 0.0
        centre = self.base.quartiers[quartier].centre_social if quartier in self.base.quartiers else None
        return BONUS_QUARTIER if fiche.quartier == quartier or fiche.id == centre else 0.0

    def _montrable(self, ident: str, textes: tuple[str, ...]) -> bool:
        """An urgence fiche found without danger is shown only when named ("115", "samu social")."""
        fiche = self.base.fiches[ident]
        if not isinstance(fiche, Urgence):
            return True
        noms = nettoyer(" ".join([fiche.nom, fiche.nom_court or "", *(n.numero for n in fiche.numeros)]))
        return any(nettoyer(t) in noms for t in textes)

    def _mots_du_danger(self, urgence: str, verdict: Verdict) -> tuple[str, ...]:
        """The words that made this urgence fiche appear (for --expliquer)."""
        numeros = self.detecteur.numeros if self.detecteur else {}
        trouves = next((d.mots for d in verdict.detections if urgence in numeros.get(d.genre, [])), ())
        return trouves or ("modèle",)

    def chercher(self, texte: str, limite: int = 5, expliquer: bool = False) -> Orientation:
        """Return the orientation for one message: urgences first when in danger, then relevant fiches."""
        tous = self.analyseur.mots(texte)
        utiles = [m for m in tous if m not in self.analyseur.mots_vides]
        autres = _mots_non_latins(texte)
        verdict = self.vigie.evaluer(texte, tous, len(utiles) + autres, expliquer)
        danger = verdict.niveau == "danger"
        urgences = self.detecteur.urgences(verdict.genres) if self.detecteur and danger else []
        liees = [i for i in (self.detecteur.fiches_liees(verdict.genres) if self.detecteur and danger else []) if i in self.base.fiches]
        epele = epeler(texte, self.sigles)
        if epele != replier(texte):  # an acronym spelled by ear: search it as written in capitals
            utiles = [m for m in self.analyseur.mots(epele) if m not in self.analyseur.mots_vides]
            texte_ngrammes = epele
        else:
            texte_ngrammes = texte
        mots = list(dict.fromkeys(utiles))[:MOTS_MAX]
        quartier = self._quartier(mots)
        par_position = [self._correspondances(m) for m in mots]
        positions: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, correspondances in enumerate(par_position):
            for voisin, similarite in correspondances:
                positions[voisin].append((i, similarite))
        similarites = self.ngrammes.similarites(texte_ngrammes)
        candidats = dict.fromkeys(self.index.preselectionner(par_position, PRESELECTION))
        seuil = SEUIL_NGRAMMES_AUTRE_ECRITURE if autres > len(utiles) else SEUIL_NGRAMMES_SEUL
        candidats.update(dict.fromkeys(sorted(i for i, x in similarites.items() if x >= seuil)))
        notes: list[tuple[float, str, tuple[str, ...], float, float]] = []
        for ident in candidats:
            if ident in urgences or ident in liees:
                continue
            brut, textes = self._score(self._termes_trouves(ident, positions))
            brut += self._bonus_quartier(quartier, self.base.fiches[ident]) if brut > 0 else 0.0
            termes = 100 * brut / (brut + ECHELLE_SCORE) if brut >= SEUIL_PERTINENCE else 0.0
            sim = similarites.get(ident, 0.0)
            if (termes or sim >= seuil) and self._montrable(ident, textes):
                notes.append((termes + POIDS_NGRAMMES * sim, ident, textes, termes, sim))
        notes.sort(key=lambda n: (-n[0], n[1]))
        resultats = [Resultat(u, 100.0, self._mots_du_danger(u, verdict)) for u in urgences]
        resultats += [Resultat(i, SCORE_FICHE_LIEE, ("danger",)) for i in liees]
        plafond = resultats[-1].score if resultats else 100.0
        for total, ident, textes, _, _ in notes:
            plafond = min(plafond, round(min(total, 100.0), 1))
            resultats.append(Resultat(ident, plafond, textes))
        explication: tuple[str, ...] = (f"danger : {verdict.niveau}" + (f" ({', '.join(verdict.genres)})" if verdict.genres else ""),)
        explication += verdict.raisons + (f"mots : {' '.join(mots)}",) + ((f"quartier : {quartier}",) if quartier else ())
        explication += tuple(
            f"{i} : termes {t:.1f} + n-grammes {POIDS_NGRAMMES * x:.1f} (similarité {x:.2f})" for _, i, _, t, x in notes[:limite]
        )
        retenus = tuple(resultats[:limite])
        return Orientation(
            texte,
            danger,
            verdict.genres if danger else (),
            retenus,
            quartier,
            explication,
            self._alerte(verdict, retenus),
            verdict.niveau == "doute",
        )

    def _alerte(self, verdict: Verdict, resultats: tuple[Resultat, ...]) -> Alerte | None:
        """What the conversation shows first: the verdict's danger or doubt, or an emergency fiche found by name."""
        if verdict.niveau != "aucun":
            urgences = tuple(self.detecteur.urgences(verdict.genres)) if self.detecteur else ()
            liees = tuple(i for i in (self.detecteur.fiches_liees(verdict.genres) if self.detecteur else []) if i in self.base.fiches)
            return Alerte(verdict.niveau, verdict.genres, urgences, liees if verdict.niveau == "danger" else ())
        premier = self.base.fiches[resultats[0].id] if resultats else None
        if not isinstance(premier, Urgence):
            return None
        return Alerte("danger", tuple(premier.dangers), (premier.id,), ())
