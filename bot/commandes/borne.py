"""`python -m bot borne`: serve the touch kiosk (pages, audio and JSON API) with uvicorn."""

from __future__ import annotations

import argparse
import dataclasses
import sys

import uvicorn

from bot.canaux.borne import creer_app
from bot.config import Settings
from bot.dialogue.contexte import construire_contexte
from bot.voix import Pyttsx3Speaker, VoixEnCache


def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `borne`."""
    parser.add_argument("--hote", help="adresse d'écoute (PASSERELLE_BORNE_HOTE, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port d'écoute (PASSERELLE_BORNE_PORT, 8080)")
    parser.add_argument(
        "--inactivite",
        type=int,
        metavar="SECONDES",
        help="remise à zéro après ce temps sans toucher l'écran (PASSERELLE_BORNE_INACTIVITE, 90)",
    )


def reglages(args: argparse.Namespace, settings: Settings) -> Settings:
    """The settings with the command-line overrides applied."""
    if args.inactivite is not None and args.inactivite < 5:
        raise ValueError("--inactivite doit valoir au moins 5 secondes")
    return dataclasses.replace(
        settings,
        borne_hote=args.hote or settings.borne_hote,
        borne_port=args.port if args.port is not None else settings.borne_port,
        borne_inactivite_s=args.inactivite if args.inactivite is not None else settings.borne_inactivite_s,
    )


def main(args: argparse.Namespace, settings: Settings) -> int:
    """Run the kiosk server until interrupted; return the exit code."""
    try:
        settings = reglages(args, settings)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    contexte = construire_contexte(settings)
    voix = VoixEnCache(settings.dossier_cache_audio, Pyttsx3Speaker(voix=settings.voix, debit=settings.voix_debit))
    app = creer_app(settings, contexte, voix)
    print(
        f"Borne Passerelle : ouvrez http://{settings.borne_hote}:{settings.borne_port}/ "
        f"(remise à zéro après {settings.borne_inactivite_s} s sans toucher l'écran)",
        flush=True,
    )
    try:
        uvicorn.run(app, host=settings.borne_hote, port=settings.borne_port, log_level="info", access_log=False)
    finally:
        voix.fermer()
    return 0
