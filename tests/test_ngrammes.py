"""The engine's second signal (character n-grams) and acronyms spelled by ear, on the real base."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.comprehension.ngrammes import NGRAMMES, SignalNgrammes, ngrammes_mot, preparer
from bot.comprehension.recherche import Moteur
from bot.comprehension.sigles import epeler, sigles_de
from bot.connaissances.chargement import charger

RACINE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def moteur() -> Moteur:
    """The engine on the real knowledge base."""
    return Moteur(charger(RACINE / "connaissances").base)


def test_ngrammes_comme_sklearn() -> None:
    """Our n-grams are exactly sklearn's `char_wb` ones (the weights were fitted with sklearn)."""
    analyse = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMMES, lowercase=False).build_analyzer()
    for mot in ("a", "caf", "laspiral", "مساعدة", "coluche"):
        assert ngrammes_mot(mot, *NGRAMMES) == analyse(mot), mot


def test_similarite_comme_sklearn() -> None:
    """The similarity is sklearn's cosine of TF-IDF vectors; a fiche takes its best text."""
    documents = {"a": ["la spirale educateurs de rue", "نادي الشباب"], "b": ["fabrique defi emploi formation"], "c": ["caisse allocations"]}
    signal = SignalNgrammes(documents)
    vecteur = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMMES, sublinear_tf=True, lowercase=False, max_df=0.5)
    lignes = [t for textes in documents.values() for t in textes]
    matrice = vecteur.fit_transform([preparer(t) for t in lignes])
    attendu = (matrice @ vecteur.transform([preparer("laspiral educatrice")]).T).toarray().ravel()
    assert signal.similarites("laspiral educatrice")["a"] == pytest.approx(float(np.max(attendu[:2])), rel=1e-4)
    assert signal.similarites("نادي")["a"] > 0
    assert signal.similarites("zzzz") == {}


@pytest.mark.parametrize(
    ("message", "fiche"),
    [
        ("laspiral", "la-spirale"),
        ("fabrik defi", "fabrique-defi"),
        ("sas kolus", "sas-coluche"),
        ("cé cé a esse", "ccas"),
        ("c ou la cé pé a em", "cpam"),
        ("franse servisse c koi", "france-services"),
        ("relai petite enfanse horaires", "relais-petite-enfance"),
    ],
)
def test_noms_avec_fautes(moteur: Moteur, message: str, fiche: str) -> None:
    """A structure's name spelled by ear, glued or as letters is found, alone or with « c ou », « horaires »…"""
    assert fiche in [r.id for r in moteur.chercher(message).resultats[:3]]


def test_expliquer_montre_les_deux_signaux(moteur: Moteur) -> None:
    o = moteur.chercher("laspiral", expliquer=True)
    assert any(x.startswith("la-spirale : termes") and "n-grammes" in x for x in o.explication)


def test_epeler() -> None:
    sigles = sigles_de(["CCAS", "PRE", "MDS du Calaisis", "CAF"])
    assert sigles == {"ccas", "pre", "mds", "caf"}
    assert epeler("c ou le cé cé a esse", sigles) == "c ou le ccas"
    assert epeler("pé èr e", sigles) == "pre"
    assert epeler("je vais a de elle", sigles) == "je vais a de elle"  # letter names that spell nothing known stay words
