"""Slots from the message (bot.dialogue.remplissage) on the real dialogues."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogue.etat import FIN, Etat
from bot.dialogue.parcours import Parcours, charger_parcours
from bot.dialogue.remplissage import age_dit, remplir, reponse_dite

RACINE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def parcours() -> Parcours:
    """The real dialogue flows."""
    return charger_parcours(RACINE / "dialogues")


@pytest.mark.parametrize(
    ("texte", "age"),
    [("j'ai 23 ans", 23), ("mon fils 17an", 17), ("I am 58 years old", 58), ("3 enfants", None), ("20 ans et 30 ans", None)],
)
def test_age_dit(texte: str, age: int | None) -> None:
    assert age_dit(texte) == age


def test_reponse_dite(parcours: Parcours) -> None:
    argent = parcours.thematiques["argent"].etapes["besoin"]
    assert (b := reponse_dite(argent, "on a plus rien a manger")) is not None and b.id == "manger"
    assert reponse_dite(argent, "manger et payer la facture") is None  # two answers: the person chooses
    travail = parcours.thematiques["travail"].etapes["age"]
    assert (b := reponse_dite(travail, "j'ai 45 ans et plus de boulot")) is not None and b.id == "plus-26"


def test_remplir_saute_ce_qui_est_dit(parcours: Parcours) -> None:
    argent = parcours.thematiques["argent"]
    etat, suite = remplir(Etat(thematique="argent"), argent, "plus rien a manger")
    assert etat.reponse("besoin") == "manger" and suite == "quartier"
    etat, suite = remplir(Etat(thematique="argent", quartier="cailloux"), argent, "plus rien a manger")
    assert suite == FIN
    etat, suite = remplir(Etat(thematique="argent"), argent, "bonjour")
    assert etat.reponses == () and suite == "besoin"


def test_remplir_ne_choisit_jamais_un_bouton_de_danger(parcours: Parcours) -> None:
    """« Je dors dehors » or « Violences » open numbers: never pressed silently from a text."""
    logement = parcours.thematiques["logement"]
    etat, suite = remplir(Etat(thematique="logement"), logement, "je dors dehors dans la rue")
    assert etat.reponses == () and suite == "besoin"
