"""`python -m bot console`: converse in the terminal with numbered choices or free text."""

from __future__ import annotations

import argparse

from bot.canaux import console
from bot.config import Settings


def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    """`console` takes no argument."""


def main(args: argparse.Namespace, settings: Settings) -> int:
    """Run the console channel on standard input and output."""
    return console.main(settings)
