"""`python -m bot rejouer FICHIER.yaml [--json]`: replay conversation scripts (stable contract)."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.scripts.cli import ajouter_arguments, executer

__all__ = ["ajouter_arguments", "main"]


def main(args: argparse.Namespace, settings: Settings) -> int:
    """Replay the scripts; 0 all pass, 1 a failure, 2 unreadable file or data."""
    return executer(args.fichiers, args.json, settings)
