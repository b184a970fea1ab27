"""`python -m bot lancer`: the kiosk, plus the Telegram bot in a child process when a token is set."""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys

from bot.commandes import borne
from bot.config import Settings

logger = logging.getLogger(__name__)
ARRET_TELEGRAM_S = 15


def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    """Same options as `borne`."""
    borne.ajouter_arguments(parser)


def _demarrer_telegram() -> subprocess.Popen[bytes]:
    """Start `python -m bot telegram` beside the kiosk (same environment)."""
    print("Bot Telegram : démarrage (TELEGRAM_BOT_TOKEN est défini).", flush=True)
    return subprocess.Popen([sys.executable, "-m", "bot", "telegram"])


def _arreter(processus: subprocess.Popen[bytes]) -> None:
    """Stop the Telegram child cleanly, then firmly if it does not stop."""
    processus.terminate()
    try:
        processus.wait(timeout=ARRET_TELEGRAM_S)
    except subprocess.TimeoutExpired:
        logger.warning("lancer.telegram_force_arret pid=%d", processus.pid)
        processus.kill()
        processus.wait()


def main(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the kiosk until interrupted; run the Telegram bot too when configured."""
    telegram = _demarrer_telegram() if settings.telegram_token else None
    if telegram is None:
        print("Bot Telegram : non lancé (définir TELEGRAM_BOT_TOKEN pour l'activer).", flush=True)
    try:
        return borne.main(args, settings)
    finally:
        if telegram is not None:
            _arreter(telegram)
