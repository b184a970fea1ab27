"""Danger detection on the real dangers.yaml: misspelled and indirect forms, no false alarms."""

from pathlib import Path

import pytest

from bot.comprehension.analyse import Analyseur
from bot.comprehension.regles_danger import DetecteurDanger
from bot.connaissances.chargement import charger

RACINE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def detecteur() -> DetecteurDanger:
    base = charger(RACINE / "connaissances").base
    assert base.dangers is not None
    return DetecteurDanger(base.dangers, Analyseur(base.lexique))


@pytest.mark.parametrize(
    ("message", "genre"),
    [
        ("il me frape tous les soirs", "violences"),
        ("mon mari ma frappé hier soir", "violences"),
        ("mon copain me tape dessus quand il a bu", "violences"),
        ("my husband hits me", "violences"),
        ("mon ex me menace de mort", "violences"),
        ("le voisin frappe ses enfants", "enfance"),
        ("les petits d'en face sont tout seuls depuis hier", "enfance"),
        ("ma niece de 12 ans dit que son beau pere la touche", "enfance"),
        ("jveu mourir", "suicide"),
        ("j'ai envie d'en finir", "suicide"),
        ("je veux plus vivre", "suicide"),
        ("I want to kill myself", "suicide"),
        ("on a nul part ou dormir ce soir", "hebergement"),
        ("on dort dans la voiture avec les enfants", "hebergement"),
        ("je dors a la rue", "hebergement"),
        ("we have nowhere to sleep tonight", "hebergement"),
        ("mon pere respire mal il est tout bleu", "medical"),
        ("ma fille a avalé des médicaments", "medical"),
        ("mon voisin est tombé il bouge plus", "medical"),
        ("il a un couteau", "police"),
        ("my husband is hitting me again", "violences"),
        ("jarrive pa a respiré jsui asmatik jai plu de ventoline", "medical"),
        ("on squattait chez un pote, il nous a dégagés et il pleut", "hebergement"),
        ("ma petite soeur se fait frapper a la ceinture par mon daron", "enfance"),
        ("jai plu la force, ce soir jarrete tout", "suicide"),
    ],
)
def test_danger_detecte(detecteur: DetecteurDanger, message: str, genre: str) -> None:
    genres = [d.genre for d in detecteur.detecter(message)]
    assert genre in genres, (message, genres)


@pytest.mark.parametrize(
    "message",
    [
        "je vais frapper à quelle porte pour mon loyer ?",
        "je meurs de faim, y a des colis ?",
        "mon patron m'a mis à la porte",
        "j'ai mal au coeur depuis ce matin",
        "les enfants jouent dehors le mercredi",
        "il fait froid dehors",
        "je cherche du travail",
        "ce film d'horreur m'a trop fait peur hier soir",
        "on vient d'avoir notre deuxième enfant, est-ce qu'on touche quelque chose ?",
        "Adulte relais : une maman me signale que son fils de 8 ans est fatigué en classe",
        "fin du mois de la mort, plus rien dans les placards",
        "bonjour",
        "",
        "😀😀😀",
    ],
)
def test_pas_de_fausse_alerte(detecteur: DetecteurDanger, message: str) -> None:
    assert detecteur.detecter(message) == []


def test_les_numeros_suivent_l_ordre_d_urgence(detecteur: DetecteurDanger) -> None:
    detections = detecteur.detecter("mon mari frappe mes enfants")
    assert [d.genre for d in detections][0] == "enfance"
    genres = tuple(d.genre for d in detections)
    assert detecteur.urgences(genres)[:2] == ["urgence-enfance", "urgence-police"]
    assert "urgence-violences-femmes" in detecteur.urgences(genres)
