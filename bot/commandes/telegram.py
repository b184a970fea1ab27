"""`python -m bot telegram`: run the Telegram bot (long polling, or `--webhook` behind a reverse proxy)."""

from __future__ import annotations

import argparse
import logging
import sys
from urllib.parse import urlsplit

from telegram import Update

from bot.canaux.telegram.application import construire_application
from bot.canaux.telegram.canal import CanalTelegram
from bot.config import Settings
from bot.dialogue.contexte import construire_contexte
from bot.stockage.identite import charger_sel
from bot.stockage.sessions import DepotSessions
from bot.voix import Pyttsx3Speaker, VoixEnCache

log = logging.getLogger(__name__)

CHEMIN_PAR_DEFAUT = "telegram"


def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `telegram`."""
    parser.add_argument("--webhook", action="store_true", help="recevoir les messages par webhook (TELEGRAM_WEBHOOK_SECRET obligatoire)")
    parser.add_argument("--port", type=int, default=None, help="port d'écoute du webhook (TELEGRAM_WEBHOOK_PORT)")
    parser.add_argument("--ecoute", default="127.0.0.1", help="adresse d'écoute du webhook (127.0.0.1)")
    parser.add_argument("--chemin", default=None, help="chemin du webhook (par défaut celui de TELEGRAM_WEBHOOK_URL, sinon « telegram »)")
    parser.add_argument("--sans-voix", action="store_true", help="ne jamais envoyer de note vocale")


def _chemin(args: argparse.Namespace, settings: Settings) -> str:
    """The webhook url_path: --chemin, else the path of TELEGRAM_WEBHOOK_URL, else « telegram »."""
    if args.chemin:
        return str(args.chemin).strip("/")
    chemin = urlsplit(settings.telegram_webhook_url).path.strip("/") if settings.telegram_webhook_url else ""
    return chemin or CHEMIN_PAR_DEFAUT


def _refus(settings: Settings, args: argparse.Namespace) -> str | None:
    """Why the bot cannot start with these settings, in French, or None."""
    if not settings.telegram_token:
        return (
            "TELEGRAM_BOT_TOKEN manquant : donnez le jeton du bot (obtenu auprès de @BotFather) "
            "dans la variable d'environnement TELEGRAM_BOT_TOKEN."
        )
    if args.webhook and not settings.telegram_webhook_secret:
        return (
            "TELEGRAM_WEBHOOK_SECRET manquant : le mode --webhook exige un secret "
            "(lettres, chiffres, _ et -) pour refuser les requêtes qui ne viennent pas de Telegram."
        )
    return None


def main(args: argparse.Namespace, settings: Settings) -> int:
    """Run the bot until SIGINT/SIGTERM; return the exit code (2 when it is not configured)."""
    refus = _refus(settings, args)
    if refus is not None:
        print(refus, file=sys.stderr)
        return 2
    contexte = construire_contexte(settings)
    sel = charger_sel(settings)
    depot = DepotSessions.depuis_settings(settings)
    voix = None if args.sans_voix else VoixEnCache(settings.dossier_cache_audio, Pyttsx3Speaker(settings.voix, settings.voix_debit))
    canal = CanalTelegram(contexte, depot, sel, voix, settings.expiration_session_s)
    application = construire_application(settings, canal)
    try:
        if args.webhook:
            port = args.port or settings.telegram_webhook_port
            chemin = _chemin(args, settings)
            log.info("telegram.webhook ecoute=%s port=%d chemin=/%s", args.ecoute, port, chemin)
            application.run_webhook(
                listen=args.ecoute,
                port=port,
                url_path=chemin,
                secret_token=settings.telegram_webhook_secret,
                webhook_url=settings.telegram_webhook_url or None,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            log.info("telegram.polling")
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    finally:
        canal.fermer()
    return 0
