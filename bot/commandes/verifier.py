"""`python -m bot verifier`: validate every data file and cross-reference, report all problems."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from bot.config import Settings
from bot.connaissances.chargement import charger
from bot.dialogue.verification import verifier_dialogues
from bot.lecture.problemes import Probleme


def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `verifier`."""
    parser.add_argument("--sans-avertissements", action="store_true", help="n'afficher que les erreurs")


def verifier_tout(settings: Settings) -> list[Probleme]:
    """Return every problem of the knowledge base and of the dialogue flows."""
    chargement = charger(settings.dossier_connaissances)
    if not chargement.base.fiches:
        return list(chargement.problemes)
    return chargement.problemes + verifier_dialogues(settings.dossier_dialogues, chargement.base)


def main(args: argparse.Namespace, settings: Settings, sortie: TextIO = sys.stdout) -> int:
    """Print errors then warnings; exit 1 when there is any error."""
    problemes = verifier_tout(settings)
    erreurs = [p for p in problemes if p.gravite == "erreur"]
    avertissements = [p for p in problemes if p.gravite == "avertissement"]
    for p in erreurs:
        print(p, file=sortie)
    if not args.sans_avertissements:
        for p in avertissements:
            print(p, file=sortie)
    print(f"{len(erreurs)} erreur(s), {len(avertissements)} avertissement(s).", file=sortie)
    return 1 if erreurs else 0
