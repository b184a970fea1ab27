"""Wire the Telegram channel into a python-telegram-bot Application: handlers, hooks, quiet logs.

canal = CanalTelegram(contexte, depot, sel, voix, settings.expiration_session_s)
application = construire_application(settings, canal)   # handlers, error handler, set-up hooks
application.run_polling()   # or run_webhook(...), or `async with application:` in tests
canal.fermer()
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.canaux.telegram.canal import CanalTelegram
from bot.config import Settings
from bot.dialogue.services import COMMANDES_CANAL, COMMANDES_MOTEUR

# PTB logs whole updates (the resident's text) at DEBUG; httpx logs URLs (with the token) at INFO.
JOURNAUX_BAVARDS = {"telegram": logging.INFO, "httpx": logging.WARNING}

Gestionnaire = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def url_fichiers(url_api: str) -> str:
    """The file download base URL matching a Bot API base URL (…/bot → …/file/bot)."""
    base = url_api.rstrip("/")
    return base[: -len("bot")] + "file/bot" if base.endswith("/bot") else base + "/file/bot"


def installer(application: Application, canal: CanalTelegram) -> None:  # type: ignore[type-arg]
    """Register the handlers (private chats, new messages only) and the error handler."""
    prives = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    speciales: dict[str, Gestionnaire] = {"voix": canal.sur_voix, "oubli": canal.sur_oubli, "confidentialite": canal.sur_confidentialite}
    application.add_handler(CommandHandler(list(COMMANDES_MOTEUR), canal.sur_commande, filters=prives))
    for nom in COMMANDES_CANAL:
        application.add_handler(CommandHandler(nom, speciales[nom], filters=prives))
    application.add_handler(MessageHandler(prives & filters.TEXT, canal.sur_texte))
    application.add_handler(CallbackQueryHandler(canal.sur_bouton))
    application.add_handler(MessageHandler(prives & ~filters.TEXT, canal.sur_media))
    application.add_error_handler(canal.sur_erreur)


def proteger_journaux() -> None:
    """Never let PTB log message texts (its DEBUG lines) nor httpx log the token (its INFO lines)."""
    for nom, niveau in JOURNAUX_BAVARDS.items():
        journal = logging.getLogger(nom)
        journal.setLevel(max(niveau, journal.level))


def construire_application(settings: Settings, canal: CanalTelegram) -> Application:  # type: ignore[type-arg]
    """Build the PTB Application against `settings.telegram_api_url`, with our handlers installed."""
    proteger_journaux()
    application = (
        Application.builder()
        .token(settings.telegram_token)
        .base_url(settings.telegram_api_url)
        .base_file_url(url_fichiers(settings.telegram_api_url))
        .post_init(canal.au_demarrage)
        .post_stop(canal.a_l_arret)
        .build()
    )
    installer(application, canal)
    return application
