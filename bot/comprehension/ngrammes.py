"""Character n-grams: the features of the danger model and the engine's second signal.

Words misspelled beyond what phonetic keys forgive, glued words and unusual wordings still share
many 3–5-character pieces with what they mean (« laspiral » and « La Spirale », « fabrik defi »
and « Fabrique Défi »). `SignalNgrammes` weighs those pieces by TF-IDF over the base's own texts
(names, résumé, description, residents' words; scikit-learn's `char_wb` n-grams, fitted at
start-up) and gives each fiche its cosine similarity with a message, by one sparse product.
The n-grams are made here exactly as sklearn makes them (tested), and remembered per word.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer

NGRAMMES = (3, 5)  # lengths of the engine's n-grams (shorter ones match everything)
DF_MAX = 0.5  # n-grams found in more than this share of the fiches say nothing of any
MEMO_NGRAMMES = 100_000  # words whose n-grams are remembered (they recur from one message to the next)
_NON_MOT = re.compile(r"[^\w]+")
_REPETITION = re.compile(r"(\w)\1{2,}")
Vecteur = npt.NDArray[np.float32]


def preparer(texte: str) -> str:
    """Fold a message for the character features: lower case, no diacritics (Latin or Arabic), words only."""
    decompose = unicodedata.normalize("NFKD", texte.lower().replace("’", "'"))
    sans = "".join(c for c in decompose if not unicodedata.combining(c))
    return _REPETITION.sub(r"\1", _NON_MOT.sub(" ", sans)).strip()


def ngrammes_mot(mot: str, debut: int, fin: int) -> list[str]:
    """sklearn's `char_wb` n-grams of one word: padded with spaces, a short word counted once."""
    borde = f" {mot} "
    sortie: list[str] = []
    for n in range(debut, fin + 1):
        decalage = 0
        sortie.append(borde[decalage : decalage + n])
        while decalage + n < len(borde):
            decalage += 1
            sortie.append(borde[decalage : decalage + n])
        if decalage == 0:
            break
    return sortie


@dataclass
class Ngrammeur:
    """The `char_wb` n-grams of a folded text, remembered per word."""

    debut: int
    fin: int
    _memo: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __call__(self, texte: str) -> list[str]:
        """All n-grams of the words of `texte` (already folded by `preparer`)."""
        jetons: list[str] = []
        for mot in texte.split():
            ngrammes = self._memo.get(mot)
            if ngrammes is None:
                ngrammes = ngrammes_mot(mot, self.debut, self.fin)
                if len(self._memo) < MEMO_NGRAMMES:
                    self._memo[mot] = ngrammes
            jetons += ngrammes
        return jetons


@dataclass(frozen=True)
class Bloc:
    """One family of features: its vocabulary, idf weights and the offset of its columns."""

    vocabulaire: dict[str, int]
    idf: Vecteur
    debut: int

    def valeurs(self, jetons: list[str]) -> tuple[list[int], list[float]]:
        """Columns and l2-normalised sublinear TF-IDF values of these tokens (unknown ones dropped)."""
        colonnes, poids = [], []
        for jeton, n in Counter(jetons).items():
            j = self.vocabulaire.get(jeton)
            if j is not None:
                colonnes.append(self.debut + j)
                poids.append((1.0 + math.log(n)) * float(self.idf[j]))
        norme = math.sqrt(sum(p * p for p in poids)) or 1.0
        return colonnes, [p / norme for p in poids]


class SignalNgrammes:
    """Cosine similarity of character n-gram TF-IDF between a message and every fiche's texts.

    A fiche may have several texts (its French text, its words in Arabic script): each is a row of
    its own, so that a message in one script is compared with the text in that script, and the
    fiche's similarity is its best row's.
    """

    def __init__(self, documents: Mapping[str, Sequence[str]]) -> None:
        """Fit the n-gram weights on the fiches' texts (several texts per fiche id)."""
        lignes = [(ident, prepare) for ident, textes in documents.items() for t in textes if (prepare := preparer(t))]
        self.ids = [ident for ident, _ in lignes]
        self.ngrammeur = Ngrammeur(*NGRAMMES)
        self.bloc: Bloc | None = None
        self.par_ngramme = None
        if len(lignes) > 1:
            vecteur = TfidfVectorizer(
                analyzer="char_wb", ngram_range=NGRAMMES, sublinear_tf=True, lowercase=False, max_df=DF_MAX, dtype=np.float32
            )
            matrice = vecteur.fit_transform([t for _, t in lignes])
            self.bloc = Bloc({k: int(v) for k, v in vecteur.vocabulary_.items()}, vecteur.idf_.astype(np.float32), 0)
            self.par_ngramme = matrice.T.tocsr()

    def similarites(self, texte: str) -> dict[str, float]:
        """The fiches that share weighted n-grams with the message, and their similarity in (0, 1]."""
        if self.bloc is None or self.par_ngramme is None:
            return {}
        colonnes, valeurs = self.bloc.valeurs(self.ngrammeur(preparer(texte)))
        if not colonnes:
            return {}
        scores = self.par_ngramme[colonnes].T @ np.asarray(valeurs, np.float32)
        meilleures: dict[str, float] = {}
        for i in np.nonzero(scores > 0)[0]:
            ident = self.ids[i]
            meilleures[ident] = max(meilleures.get(ident, 0.0), float(scores[i]))
        return meilleures
