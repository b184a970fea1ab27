"""The learned part of danger detection: a linear model over character n-grams and words.

Trained with scikit-learn (TF-IDF of character 2–5-grams of the folded text, which keeps Arabic
letters, plus TF-IDF of word 1–2-grams of the canonical words of bot.comprehension.analyse, then a
multinomial logistic regression) on the corpus of connaissances/apprentissage/dangers/. The same
corpus always gives the same model (deterministic solver, no random state).

At run time the model is plain numpy: vocabularies, idf weights and coefficients, stored in one
`.npz` file (no pickle) named by the corpus fingerprint, so a changed corpus retrains once and a
copy of the data folder never runs foreign code. `probabilites` reproduces sklearn's
`predict_proba` exactly (tested) in a fraction of a millisecond per message.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import sklearn
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.comprehension.ngrammes import Bloc, Ngrammeur, preparer
from bot.connaissances.apprentissage import AUCUN, Exemple

log = logging.getLogger(__name__)

VERSION = 2  # bump when the features or the training change: cached models are then rebuilt
CARACTERES: dict[str, Any] = {
    "analyzer": "char_wb",
    "ngram_range": (2, 5),
    "min_df": 2,
    "sublinear_tf": True,
    "lowercase": False,
    "dtype": np.float32,
}
MOTS: dict[str, Any] = {
    "analyzer": "word",
    "ngram_range": (1, 2),
    "min_df": 2,
    "sublinear_tf": True,
    "token_pattern": r"\S+",
    "lowercase": False,
    "dtype": np.float32,
}
# Inverse regularisation: higher fits the corpus closer (more recall on its phrasings), lower
# generalises smoother; 10 was best in 5-fold cross-validation on the corpus (bench/dangers.py).
REGULARISATION = 10.0
ITERATIONS_MAX = 5000
EXPLICATION_MAX = 6
Analyseur = Callable[[str], list[str]]


def empreinte(exemples: Sequence[Exemple]) -> str:
    """A fingerprint of the corpus and of the training recipe (the cache file name)."""
    h = hashlib.sha256(f"{VERSION}|{sklearn.__version__}|{CARACTERES}|{MOTS}|{REGULARISATION}".encode())
    for e in exemples:
        h.update(f"{e.etiquette}\t{e.texte}\n".encode())
    return h.hexdigest()[:24]


@dataclass(frozen=True)
class ModeleDanger:
    """A trained model: two feature blocks and the coefficients of each label."""

    etiquettes: tuple[str, ...]
    caracteres: Bloc
    mots: Bloc
    coefficients: npt.NDArray[np.float64]
    constantes: npt.NDArray[np.float64]
    noms: tuple[str, ...]
    empreinte: str
    analyse_mots: Analyseur = field(default_factory=lambda: _analyse(MOTS), repr=False, compare=False)
    ngrammeur: Ngrammeur = field(default_factory=lambda: Ngrammeur(*CARACTERES["ngram_range"]), repr=False, compare=False)

    def _colonnes(self, texte: str, mots: Sequence[str]) -> tuple[list[int], list[float]]:
        """The non-zero features of a message (its canonical words given by the caller)."""
        c1, v1 = self.caracteres.valeurs(self.ngrammeur(preparer(texte)))
        c2, v2 = self.mots.valeurs(self.analyse_mots(" ".join(mots)))
        return c1 + c2, v1 + v2

    def probabilites(self, texte: str, mots: Sequence[str]) -> dict[str, float]:
        """The probability of each label for one message."""
        colonnes, valeurs = self._colonnes(texte, mots)
        scores = self.constantes.copy()
        if colonnes:
            scores += np.asarray(valeurs) @ self.coefficients[colonnes]
        scores -= scores.max()
        exp = np.exp(scores)
        return dict(zip(self.etiquettes, (float(p) for p in exp / exp.sum()), strict=True))

    def expliquer(self, texte: str, mots: Sequence[str], etiquette: str) -> list[tuple[str, float]]:
        """The features that push most towards `etiquette` rather than « aucun », strongest first."""
        colonnes, valeurs = self._colonnes(texte, mots)
        k, a = self.etiquettes.index(etiquette), self.etiquettes.index(AUCUN)
        apports = [
            (self.noms[c], v * float(self.coefficients[c, k] - self.coefficients[c, a])) for c, v in zip(colonnes, valeurs, strict=True)
        ]
        return sorted((x for x in apports if x[1] > 0), key=lambda x: -x[1])[:EXPLICATION_MAX]


def _analyse(parametres: dict[str, Any]) -> Analyseur:
    """The tokenizer sklearn uses for these parameters (the same at training and at run time)."""
    analyse: Analyseur = TfidfVectorizer(**parametres).build_analyzer()
    return analyse


def poids(etiquettes: Sequence[str]) -> npt.NDArray[np.float64]:
    """Example weights: danger kinds balanced among themselves, and « aucun » weighing as much as all of them.

    Real traffic is mostly harmless: giving the harmless half of the corpus half the weight keeps
    greetings and ordinary needs from looking like danger, while each kind still counts the same.
    """
    comptes = Counter(etiquettes)
    dangers = {k: n for k, n in comptes.items() if k != AUCUN}
    total = sum(dangers.values())
    par_genre = {k: total / (len(dangers) * n) for k, n in dangers.items()}
    par_genre[AUCUN] = total / comptes[AUCUN] if comptes[AUCUN] else 1.0
    return np.array([par_genre[e] for e in etiquettes])


def entrainer(exemples: Sequence[Exemple], mots_de: Callable[[str], list[str]]) -> ModeleDanger:
    """Fit the vectorisers and the logistic regression on the corpus."""
    textes = [e.texte for e in exemples]
    etiquettes = [e.etiquette for e in exemples]
    v_car = TfidfVectorizer(**CARACTERES)
    v_mots = TfidfVectorizer(**MOTS)
    x_car = v_car.fit_transform([preparer(t) for t in textes])
    x_mots = v_mots.fit_transform([" ".join(mots_de(t)) for t in textes])
    regression = LogisticRegression(C=REGULARISATION, max_iter=ITERATIONS_MAX)
    regression.fit(hstack([x_car, x_mots]).tocsr(), etiquettes, sample_weight=poids(etiquettes))
    n_car = len(v_car.vocabulary_)
    noms = tuple(v_car.get_feature_names_out()) + tuple(v_mots.get_feature_names_out())
    return ModeleDanger(
        tuple(str(c) for c in regression.classes_),
        Bloc({k: int(v) for k, v in v_car.vocabulary_.items()}, v_car.idf_.astype(np.float32), 0),
        Bloc({k: int(v) for k, v in v_mots.vocabulary_.items()}, v_mots.idf_.astype(np.float32), n_car),
        regression.coef_.T.astype(np.float64),
        regression.intercept_.astype(np.float64),
        noms,
        empreinte(exemples),
    )


def sauver(modele: ModeleDanger, chemin: Path) -> None:
    """Write the model as one .npz (atomically: a half-written file is never read)."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    entete = json.dumps(
        {
            "etiquettes": modele.etiquettes,
            "empreinte": modele.empreinte,
            "car": modele.caracteres.vocabulaire,
            "mots": modele.mots.vocabulaire,
            "debut_mots": modele.mots.debut,
        }
    )
    fd, provisoire = tempfile.mkstemp(dir=chemin.parent, suffix=".npz")
    os.close(fd)
    try:
        np.savez_compressed(
            provisoire,
            entete=np.array(entete),
            idf_car=modele.caracteres.idf,
            idf_mots=modele.mots.idf,
            coefficients=modele.coefficients,
            constantes=modele.constantes,
            noms=np.array(modele.noms),
        )
        os.replace(provisoire, chemin)
    finally:
        if os.path.exists(provisoire):
            os.unlink(provisoire)


def lire(chemin: Path) -> ModeleDanger:
    """Read a model written by `sauver` (no pickle)."""
    with np.load(chemin, allow_pickle=False) as z:
        entete = json.loads(str(z["entete"]))
        return ModeleDanger(
            tuple(entete["etiquettes"]),
            Bloc(entete["car"], z["idf_car"], 0),
            Bloc(entete["mots"], z["idf_mots"], int(entete["debut_mots"])),
            z["coefficients"],
            z["constantes"],
            tuple(str(n) for n in z["noms"]),
            str(entete["empreinte"]),
        )


def obtenir(exemples: Sequence[Exemple], mots_de: Callable[[str], list[str]], dossier: Path | None) -> ModeleDanger | None:
    """The model of this corpus: read from the cache folder, or trained (then cached); None without a corpus."""
    if not exemples or len({e.etiquette for e in exemples}) < 2:
        return None
    chemin = dossier / f"dangers-{empreinte(exemples)}.npz" if dossier is not None else None
    if chemin is not None and chemin.is_file():
        try:
            return lire(chemin)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("danger.modele_illisible fichier=%s erreur=%s : nouvel apprentissage", chemin.name, type(exc).__name__)
    log.info("danger.apprentissage exemples=%d", len(exemples))
    modele = entrainer(exemples, mots_de)
    if chemin is not None:
        try:
            sauver(modele, chemin)
        except OSError as exc:
            log.warning("danger.modele_non_garde dossier=%s erreur=%s : il sera réappris au prochain démarrage", dossier, exc)
    return modele
