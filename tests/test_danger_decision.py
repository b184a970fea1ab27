"""The three danger outcomes (danger, doute, aucun): the decision rule, the real model, the engine and `chercher`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.comprehension import danger as d
from bot.comprehension import modele_danger as md
from bot.comprehension.recherche import Moteur
from bot.comprehension.regles_danger import Detection
from bot.connaissances.apprentissage import AUCUN, Exemple
from bot.connaissances.chargement import charger_base
from bot.connaissances.modeles import DANGERS

RACINE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def moteur() -> Moteur:
    """The real engine: real base, real rules, real learned model (cached under var/modeles)."""
    return Moteur(charger_base(RACINE / "connaissances"))


def _probas(genre: str, danger: float) -> dict[str, float]:
    """Model probabilities putting `danger` on one kind and the rest on « aucun »."""
    return {**{g: 0.0 for g in DANGERS}, genre: danger, AUCUN: 1.0 - danger}


MOTIF = Detection("violences", "mari frapp*", ("mari", "frappe"))
INDICES = Detection("suicide", "indices 2.0", ("pont", "fin"))


@pytest.mark.parametrize("genre", DANGERS)
def test_trois_issues_par_genre(genre: str) -> None:
    """For every kind: a sure model is danger, an unsure one is doubt, a low one is nothing."""
    sur = d.decider((), _probas(genre, 0.99))
    assert (sur.niveau, sur.genres[:1]) == ("danger", (genre,))
    incertain = d.decider((), _probas(genre, (d.SEUIL_DOUTE + d.SEUIL_DANGER) / 2))
    assert (incertain.niveau, incertain.genres[:1]) == ("doute", (genre,))
    assert d.decider((), _probas(genre, d.SEUIL_DOUTE / 2)).niveau == "aucun"


def test_regles_et_modele_se_combinent() -> None:
    """A pattern is a danger unless the model finds it very unlikely (then a doubt); cue words alone are a doubt."""
    assert d.decider((MOTIF,), _probas("violences", 0.5)).niveau == "danger"
    assert d.decider((MOTIF,), None).niveau == "danger"
    veto = d.decider((MOTIF,), _probas("violences", d.VETO / 2))
    assert (veto.niveau, veto.genres) == ("doute", ("violences",))
    assert d.decider((INDICES,), _probas("suicide", 0.0)).niveau == "doute"
    assert d.decider((), None).niveau == "aucun"


def test_le_second_genre_proche_est_nomme() -> None:
    """Two close kinds are both named, the likelier first."""
    probas = {**{g: 0.0 for g in DANGERS}, "violences": 0.55, "enfance": 0.42, AUCUN: 0.03}
    assert d.decider((), probas).genres == ("violences", "enfance")


@pytest.mark.parametrize(
    ("message", "genre"),
    [
        ("il me frappe quand il rentre et j'ai peur ce soir", "violences"),
        ("je vais sauter du pont ce soir", "suicide"),
        ("le bébé des voisins hurle depuis des heures, personne ne répond", "enfance"),
        ("on a nulle part où dormir ce soir avec les petits", "hebergement"),
        ("mon père est tombé, il respire plus", "medical"),
        ("quelqu'un essaie de forcer ma porte avec un couteau", "police"),
        ("my husband hits me and i am scared to go home", "violences"),
        ("I don't want to live anymore", "suicide"),
        ("زوجي يضربني كل يوم", "violences"),
    ],
)
def test_dangers_francais_anglais_arabe(moteur: Moteur, message: str, genre: str) -> None:
    """Clear dangers, in French, English and Arabic script, are dangers of the right kind."""
    o = moteur.chercher(message)
    assert o.urgence and not o.doute, o.explication
    assert genre in o.dangers, o.explication


@pytest.mark.parametrize(
    "message",
    [
        "bonjour",
        "merci",
        "je cherche du travail",
        "aide pour remplir le dossier CAF",
        "c'est où le CCAS ?",
        "quelqu'un frappe à la porte du CCAS ?",
        "mon fils regarde des films de guerre",
    ],
)
def test_messages_ordinaires_sans_alerte(moteur: Moteur, message: str) -> None:
    """Ordinary messages, some with a danger word, raise no alarm."""
    o = moteur.chercher(message)
    assert not o.urgence, o.explication


def test_chercher_json_ajoute_doute() -> None:
    """`chercher --json` keeps its keys and adds « doute »; « urgence » is only for danger."""
    sortie = subprocess.run(
        [sys.executable, "-m", "bot", "chercher", "--json", "--lot", "-"],
        cwd=RACINE,
        check=True,
        input="mon mari me frappe\nje cherche du travail\n",
        capture_output=True,
        text=True,
    ).stdout
    lignes = [json.loads(x) for x in sortie.splitlines()]
    assert [set(x) for x in lignes] == [{"texte", "urgence", "doute", "resultats"}] * 2
    assert (lignes[0]["urgence"], lignes[0]["doute"]) == (True, False)
    assert lignes[0]["resultats"][0]["id"] == "urgence-violences-femmes"
    assert (lignes[1]["urgence"], lignes[1]["doute"]) == (False, False)


def test_expliquer_dit_la_regle_et_le_modele() -> None:
    """`--expliquer` names the rule that matched and the model's score and features."""
    sortie = subprocess.run(
        [sys.executable, "-m", "bot", "chercher", "--expliquer", "mon mari me frappe"],
        cwd=RACINE,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "danger : danger (violences" in sortie
    assert "règle violences" in sortie and "modèle : danger" in sortie


PETIT_CORPUS = [
    Exemple(t, e)
    for t, e in [
        ("il me frappe", "violences"),
        ("mon mari me tape", "violences"),
        ("il me bat le soir", "violences"),
        ("je veux mourir", "suicide"),
        ("je vais me tuer", "suicide"),
        ("envie d'en finir", "suicide"),
        ("je cherche du travail", AUCUN),
        ("aide pour la caf", AUCUN),
        ("bonjour merci", AUCUN),
        ("frapper à la porte", AUCUN),
    ]
]


def test_modele_reproductible_et_fidele_a_sklearn(tmp_path: Path) -> None:
    """Same corpus, same model; the numpy inference equals sklearn's predict_proba; the cache file round-trips."""
    mots = str.split
    un, deux = md.entrainer(PETIT_CORPUS, mots), md.entrainer(PETIT_CORPUS, mots)
    assert np.array_equal(un.coefficients, deux.coefficients) and un.empreinte == deux.empreinte
    md.sauver(un, tmp_path / "m.npz")
    relu = md.lire(tmp_path / "m.npz")
    textes = [e.texte for e in PETIT_CORPUS]
    v_car, v_mots = TfidfVectorizer(**md.CARACTERES), TfidfVectorizer(**md.MOTS)
    x = hstack([v_car.fit_transform([md.preparer(t) for t in textes]), v_mots.fit_transform(textes)]).tocsr()
    reference = LogisticRegression(C=md.REGULARISATION, max_iter=md.ITERATIONS_MAX)
    reference.fit(x, [e.etiquette for e in PETIT_CORPUS], sample_weight=md.poids([e.etiquette for e in PETIT_CORPUS]))
    for message in ["il me frappe encore", "je cherche la caf", "mourir"]:
        attendu = reference.predict_proba(hstack([v_car.transform([md.preparer(message)]), v_mots.transform([message])]).tocsr())[0]
        obtenu = relu.probabilites(message, message.split())
        assert [obtenu[str(c)] for c in reference.classes_] == pytest.approx(list(attendu), abs=1e-6)


def test_modele_garde_en_cache(tmp_path: Path) -> None:
    """The model is trained once per corpus: the second call reads the cached file."""
    premier = md.obtenir(PETIT_CORPUS, str.split, tmp_path)
    fichiers = list(tmp_path.glob("dangers-*.npz"))
    assert premier is not None and len(fichiers) == 1
    second = md.obtenir(PETIT_CORPUS, str.split, tmp_path)
    assert second is not None and np.array_equal(premier.coefficients, second.coefficients)
    assert md.obtenir([], str.split, tmp_path) is None
