"""Tests of the console channel (bot/canaux/console.py) with scripted input and output."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.canaux.console import boucle, lire_entree, main, rendre
from bot.comprehension.recherche import Moteur
from bot.config import Settings
from bot.connaissances.chargement import charger
from bot.dialogue.contexte import Contexte
from bot.dialogue.etat import etat_initial
from bot.dialogue.moteur import repondre
from bot.dialogue.parcours import charger_parcours
from bot.dialogue.reponses import Entree

RACINE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ctx() -> Contexte:
    """The real context (knowledge base as far as it is written)."""
    base = charger(RACINE / "connaissances").base
    return Contexte(base, charger_parcours(RACINE / "dialogues"), Moteur(base))


def jouer(ctx: Contexte, script: str) -> tuple[int, str]:
    """Run the console on a script; return the exit code and everything printed."""
    sortie = io.StringIO()
    code = boucle(ctx, io.StringIO(script), sortie)
    return code, sortie.getvalue()


def test_boutons_numerotes_et_parcours(ctx: Contexte) -> None:
    code, texte = jouer(ctx, "1\n2\n3\n/quitter\n")
    assert code == 0
    assert "Bonjour, je suis Passerelle." in texte
    assert "  1. 💼 Travail" in texte and "  10. 🆘 Urgence" in texte
    assert "Quel âge avez-vous ?" in texte and "Dans quel quartier habitez-vous ?" in texte
    assert "━━ Cité de l'emploi ━━" in texte
    assert texte.rstrip().endswith("Au revoir.")


def test_texte_libre_commandes_et_fin_de_fichier(ctx: Contexte) -> None:
    code, texte = jouer(ctx, "/mediateur\nmaman seule\n/habitant\n/recommencer\n99\n")
    assert code == 0
    assert "Mode médiateur" in texte and "🗒️ Fiche" in texte
    assert "━━ Maison des femmes ━━" in texte and "Vérifié le : 21 novembre 2026" in texte
    assert "Mode habitant" in texte
    assert texte.count("Bonjour, je suis Passerelle.") == 2
    assert "Je n'ai pas compris" in texte  # « 99 » is not a button: searched as text


def test_urgence_affiche_les_numeros(ctx: Contexte) -> None:
    _, texte = jouer(ctx, "10\n")
    assert "🆘 Numéros d'urgence et d'écoute." in texte
    assert "📞 17 :" in texte and "📞 114 (SMS) :" in texte


def test_lire_entree(ctx: Contexte) -> None:
    _, tour = repondre(etat_initial(), Entree(commande="start"), ctx)
    assert lire_entree("3\n", tour) == Entree(bouton="theme:logement")
    assert lire_entree("/Mediateur", tour) == Entree(commande="mediateur")
    assert lire_entree("0", tour) == Entree(texte="0")
    assert lire_entree("j'ai faim\n", tour) == Entree(texte="j'ai faim")
    assert "  1. 💼 Travail" in rendre(tour)


def test_main_avec_les_reglages(tmp_path: Path) -> None:
    """main() builds the context from the settings: it runs once the knowledge base is complete."""
    sortie = io.StringIO()
    reglages = Settings(dossier_donnees=tmp_path)
    assert main(reglages, io.StringIO("1\n"), sortie) == 0
    assert "  1. 💼 Travail" in sortie.getvalue()
