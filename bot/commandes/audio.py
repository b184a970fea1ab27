"""`python -m bot audio --prechauffer`: synthesise every static text into the speech cache."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings
from bot.dialogue.contexte import construire_contexte, textes_statiques
from bot.voix import Pyttsx3Speaker, VoixEnCache, prechauffer


def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `audio`."""
    parser.add_argument("--prechauffer", action="store_true", help="synthétiser tous les textes fixes")


def main(args: argparse.Namespace, settings: Settings) -> int:
    """Warm the cache and print count, total duration and cache size."""
    if not args.prechauffer:
        print("Rien à faire : ajoutez --prechauffer.", file=sys.stderr)
        return 2
    contexte = construire_contexte(settings)
    voix = VoixEnCache(settings.dossier_cache_audio, Pyttsx3Speaker(settings.voix, settings.voix_debit))
    try:
        stats = prechauffer(textes_statiques(contexte), voix)
    finally:
        voix.fermer()
    print(
        f"{stats.count} textes ({stats.nouveaux} nouveaux, {stats.echecs} échecs), "
        f"{stats.duree_totale_s / 60:.1f} min d'audio, cache {stats.taille_cache_octets / 1e6:.1f} Mo"
    )
    return 1 if stats.echecs else 0
