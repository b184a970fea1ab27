"""`python -m bot <commande>`: builds what the command needs from the settings and runs it."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from bot.config import Settings
from bot.erreurs import DonneesInvalides

COMMANDES = {
    "chercher": ("bot.commandes.chercher", "oriente un message (ou un lot) vers les bonnes fiches"),
    "verifier": ("bot.commandes.verifier", "vérifie toutes les données (connaissances et dialogues)"),
    "console": ("bot.commandes.console", "converse dans le terminal (choix numérotés ou texte libre)"),
    "rejouer": ("bot.commandes.rejouer", "rejoue des scripts de conversation YAML et dit s'ils passent"),
    "telegram": ("bot.commandes.telegram", "lance le bot Telegram (long polling ou --webhook)"),
    "borne": ("bot.commandes.borne", "sert la borne tactile des centres sociaux"),
    "audio": ("bot.commandes.audio", "prépare les fichiers audio (--prechauffer)"),
    "lancer": ("bot.commandes.lancer", "lance la borne, et le bot Telegram si TELEGRAM_BOT_TOKEN est défini"),
}


def construire_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one sub-command per module."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Passerelle : l'assistant d'accès aux droits.")
    sous = parser.add_subparsers(dest="commande", required=True)
    for nom, (_, aide) in COMMANDES.items():
        sous.add_parser(nom, help=aide, description=aide)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command."""
    for flux in (sys.stdout, sys.stderr):
        if hasattr(flux, "reconfigure"):
            flux.reconfigure(encoding="utf-8", errors="replace")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s", stream=sys.stderr)
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] not in COMMANDES:
        construire_parser().parse_args(arguments)
        return 2
    commande = arguments[0]
    module = importlib.import_module(COMMANDES[commande][0])
    sous_parser = argparse.ArgumentParser(prog=f"python -m bot {commande}", description=COMMANDES[commande][1])
    module.ajouter_arguments(sous_parser)
    args = sous_parser.parse_args(arguments[1:])
    try:
        return int(module.main(args, Settings.from_env()))
    except DonneesInvalides as exc:
        print(f"Les données ne sont pas valides : {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
