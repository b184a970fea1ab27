"""Telegram channel: a thin adapter from python-telegram-bot updates to the conversation engine.

    canal = CanalTelegram(contexte, depot, sel, voix, settings.expiration_session_s)
    application = construire_application(settings, canal)   # handlers, error handler, set-up hooks
    application.run_polling()   # or run_webhook(...), or `async with application:` in tests
    canal.fermer()

Every update becomes an `Entree`; `repondre` runs inside `depot.mettre_a_jour` (row-locked, in a
thread) so one resident's steps stay consistent across processes. Nothing the resident typed is
stored or logged: the state holds ids only, users are keyed by a salted hash.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram import BotCommand, Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters,
)

from bot.dialogue import reponses as r
from bot.canaux.telegram.envoi import avec_reessais
from bot.canaux.telegram.rendu import MessageTelegram, clavier, rendre_tour
from bot.config import Settings
from bot.dialogue.contexte import Contexte
from bot.dialogue.moteur import repondre
from bot.dialogue.etat import Etat, etat_initial
from bot.stockage.identite import cle_usager
from bot.stockage.sessions import VOIX_PAR_DEFAUT, DepotSessions, Modification, SessionLue
from bot.voix import ErreurVoix, VoixEnCache, duree_ogg_opus

log = logging.getLogger(__name__)

CANAL = "telegram"
COMMANDES_MOTEUR = ("start", "aide", "recommencer", "mediateur", "habitant")
COMMANDES = (
    ("start", "Commencer"),
    ("aide", "Comment ça marche"),
    ("recommencer", "Revenir au début"),
    ("voix", "Activer ou couper la voix"),
    ("oubli", "Effacer tout ce que vous savez de moi"),
    ("confidentialite", "Ce que Passerelle garde"),
    ("mediateur", "Mode médiateur : cartes détaillées"),
    ("habitant", "Mode habitant : cartes simples"),
)
OUBLI = "C'est fait : j'ai tout oublié."
SOUCI = "Désolé, un souci technique. Réessayez dans un moment. En danger : appelez le 17 ou le 112."
VOIX_OUI = "🔊 La voix est activée. Je lis mes réponses à voix haute."
VOIX_NON = "🔇 La voix est coupée. Écrivez /voix pour la remettre."
MEDIAS = {
    "vocal": "🎤 Je ne comprends pas encore les messages vocaux. Touchez un bouton, ou écrivez quelques mots.",
    "image": "🖼️ Je ne peux pas regarder les images ni les fichiers. Touchez un bouton, ou écrivez quelques mots.",
    "position": "📍 Merci. Je n'utilise pas votre position. Touchez un bouton pour choisir.",
    "autre": "Je ne peux pas lire ce message. Touchez un bouton, ou écrivez quelques mots.",
}
BOUTON_MENU = r.Bouton("menu", "🏠", "Menu")
PURGE_INTERVALLE_S = 3600.0
OUI = ("oui", "on", "1", "activer")
NON = ("non", "off", "0", "couper")

TourVoix = tuple[r.Tour, bool]
# PTB logs whole updates (the resident's text) at DEBUG; httpx logs URLs (with the token) at INFO.
JOURNAUX_BAVARDS = {"telegram": logging.INFO, "httpx": logging.WARNING}


def confidentialite(expiration_s: int) -> str:
    """What is stored, in plain short sentences."""
    heures = max(1, round(expiration_s / 3600))
    return "\n".join([
        "🔒 Ce que je garde :",
        "• l'étape de notre conversation (le thème, vos réponses aux boutons) ;",
        "• si vous voulez la voix ou non.",
        "Je ne garde pas vos messages. Je ne garde pas votre nom ni votre numéro.",
        "Votre compte est remplacé par un code secret.",
        f"Tout est effacé après {heures} heure{'s' if heures > 1 else ''} sans message.",
        "Pour tout effacer tout de suite, écrivez /oubli.",
    ])


def url_fichiers(url_api: str) -> str:
    """The file download base URL matching a Bot API base URL (…/bot → …/file/bot)."""
    base = url_api.rstrip("/")
    return base[: -len("bot")] + "file/bot" if base.endswith("/bot") else base + "/file/bot"


def genre_media(message: Message) -> str:
    """Which kind answer fits a non-text message."""
    if message.voice or message.audio or message.video_note:
        return "vocal"
    if message.photo or message.sticker or message.document or message.video or message.animation:
        return "image"
    if message.location or message.venue or message.contact:
        return "position"
    return "autre"


def _etat(actuelle: SessionLue | None) -> Etat:
    """The stored state, or a fresh one (absent, expired, or from an older version)."""
    if actuelle is None or not actuelle.etat:
        return etat_initial()
    try:
        return Etat.depuis_dict(actuelle.etat)
    except ValueError:
        log.warning("telegram.etat_illisible cle=%s : conversation reprise du début", actuelle.cle[:12], exc_info=True)
        return etat_initial()


class CanalTelegram:
    """The Telegram adapter: PTB handlers bound to the engine, the session store and the voice."""

    def __init__(
        self, contexte: Contexte, depot: DepotSessions, sel: bytes, voix: VoixEnCache | None, expiration_s: int,
    ) -> None:
        """Keep what the handlers need; nothing starts before `construire_application`."""
        self.contexte = contexte
        self.depot = depot
        self.sel = sel
        self.voix = voix
        self.expiration_s = expiration_s
        self._purge: asyncio.Task[None] | None = None

    def cle(self, update: Update) -> str:
        """The resident's pseudonymous key."""
        if update.effective_user is None:
            raise ValueError("mise à jour sans utilisateur")
        return cle_usager(self.sel, CANAL, update.effective_user.id)

    def tour(self, cle: str, entree: r.Entree) -> TourVoix:
        """Run the engine on the stored state inside one locked transaction (blocking: call in a thread)."""

        def appliquer(actuelle: SessionLue | None) -> tuple[dict[str, object], TourVoix]:
            """Read the state, answer, return the new state and the turn."""
            nouvel, tour = repondre(_etat(actuelle), entree, self.contexte)
            return nouvel.vers_dict(), (tour, actuelle.voix if actuelle else VOIX_PAR_DEFAUT)

        return self.depot.mettre_a_jour(cle, appliquer)

    # ------------------------------------------------------------------ sending

    async def envoyer(self, update: Update, messages: list[MessageTelegram], a_dire: str | None) -> None:
        """Send the messages in order, then one voice note of `a_dire` (when given and voice is available)."""
        chat = update.effective_chat
        if chat is None:
            raise ValueError("mise à jour sans conversation")
        bot = chat.get_bot()
        for message in messages:
            envoi = partial(bot.send_message, chat.id, message.texte, reply_markup=message.clavier)
            await avec_reessais(envoi, "sendMessage")
        if a_dire and self.voix is not None:
            await self.parler(update, a_dire)

    async def parler(self, update: Update, texte: str) -> None:
        """Send `texte` as one OGG/Opus voice note; on a speech failure, log it and keep the text only."""
        assert self.voix is not None and update.effective_chat is not None
        chat = update.effective_chat
        bot = chat.get_bot()
        if self.voix.en_cache(texte) is None:
            await avec_reessais(lambda: bot.send_chat_action(chat.id, "record_voice"), "sendChatAction")
        try:
            chemin = await self.voix.parler_async(texte)
            contenu = await asyncio.to_thread(chemin.read_bytes)
            duree = max(1, round(duree_ogg_opus(chemin)))
        except (ErreurVoix, OSError):
            log.warning("telegram.voix_indisponible update_id=%s", update.update_id, exc_info=True)
            return
        await avec_reessais(lambda: bot.send_voice(chat.id, voice=contenu, duration=duree), "sendVoice")

    async def jouer(self, update: Update, entree: r.Entree, filtre: Callable[[r.Tour], r.Tour] | None = None) -> None:
        """One engine turn: state update in a thread, then text messages, then the voice note."""
        tour, voix = await asyncio.to_thread(self.tour, self.cle(update), entree)
        if filtre is not None:
            tour = filtre(tour)
        log.info("telegram.tour update_id=%s reponses=%d urgence=%s",
                 update.update_id, len(tour.reponses), tour.urgence)
        await self.envoyer(update, rendre_tour(tour), tour.a_dire() if voix else None)

    # ------------------------------------------------------------------ handlers

    async def sur_commande(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start, /aide, /recommencer, /mediateur, /habitant: passed to the engine."""
        assert update.effective_message is not None and update.effective_message.text is not None
        nom = update.effective_message.text.split(maxsplit=1)[0].lstrip("/").split("@", 1)[0].lower()
        await self.jouer(update, r.Entree(commande=nom))

    async def sur_texte(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Free text (and unknown /commands): the engine checks danger, buttons, then needs."""
        assert update.effective_message is not None
        await self.jouer(update, r.Entree(texte=update.effective_message.text or ""))

    async def sur_bouton(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed button: acknowledge it, remove the old keyboard, answer the button id."""
        requete = update.callback_query
        assert requete is not None
        await avec_reessais(requete.answer, "answerCallbackQuery")
        if requete.message is not None:
            try:
                retrait = partial(requete.edit_message_reply_markup, reply_markup=None)
                await avec_reessais(retrait, "editMessageReplyMarkup")
            except BadRequest:
                log.info("telegram.clavier_non_retire update_id=%s", update.update_id, exc_info=True)
        if requete.data:
            await self.jouer(update, r.Entree(bouton=requete.data))

    async def sur_media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photo, sticker, voice, location, document…: a kind answer, then the current buttons."""
        assert update.effective_message is not None
        genre = genre_media(update.effective_message)
        log.info("telegram.media update_id=%s genre=%s", update.update_id, genre)

        def gentil(tour: r.Tour) -> r.Tour:
            """Replace the engine's « nothing received » by the kind answer for this kind of message."""
            autres = tuple(x for x in tour.reponses if not (isinstance(x, r.Texte) and x.cle == "vide"))
            return r.Tour((r.Texte(f"media-{genre}", MEDIAS[genre]),) + autres)

        await self.jouer(update, r.Entree(), gentil)

    async def sur_voix(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/voix: toggle voice notes (/voix oui, /voix non to choose)."""
        choix = (context.args or [""])[0].lower()
        demandee = True if choix in OUI else False if choix in NON else None

        def basculer(actuelle: SessionLue | None) -> Modification[bool]:
            """Keep the state; set the asked preference, or flip the current one (one locked transaction)."""
            voix = demandee if demandee is not None else not (actuelle.voix if actuelle else VOIX_PAR_DEFAUT)
            return Modification(actuelle.etat if actuelle else {}, voix, voix=voix)

        active = await asyncio.to_thread(self.depot.mettre_a_jour, self.cle(update), basculer)
        log.info("telegram.voix update_id=%s active=%s", update.update_id, active)
        texte = VOIX_OUI if active else VOIX_NON
        await self.envoyer(update, [MessageTelegram(texte)], texte if active else None)

    async def sur_oubli(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/oubli: erase everything stored about the resident."""
        supprimee = await asyncio.to_thread(self.depot.oublier, self.cle(update))
        log.info("telegram.oubli update_id=%s supprimee=%s", update.update_id, supprimee)
        await self.envoyer(update, [MessageTelegram(OUBLI)], None)

    async def sur_confidentialite(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/confidentialite: what is stored, in plain words (reads the voice preference, stores nothing)."""
        texte = confidentialite(self.expiration_s)
        preference = await asyncio.to_thread(self.depot.preferences, self.cle(update))
        await self.envoyer(update, [MessageTelegram(texte)], texte if preference.voix else None)

    async def sur_erreur(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one error handler: log with exc_info and update id (never the text), answer kindly."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("telegram.erreur update_id=%s erreur=%s", update_id, type(context.error).__name__,
                  exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        await self.envoyer(update, [MessageTelegram(SOUCI, clavier((BOUTON_MENU,)))], None)

    # ------------------------------------------------------------------ life cycle

    async def au_demarrage(self, application: Application) -> None:  # type: ignore[type-arg]
        """post_init: publish the command menu and start the periodic purge of expired sessions."""
        commandes = [BotCommand(nom, description) for nom, description in COMMANDES]
        await avec_reessais(lambda: application.bot.set_my_commands(commandes), "setMyCommands")
        self._purge = asyncio.create_task(self.purger_periodiquement(), name="passerelle-purge")
        log.info("telegram.demarre")

    async def a_l_arret(self, application: Application) -> None:  # type: ignore[type-arg]
        """post_stop: stop the purge task."""
        if self._purge is not None:
            self._purge.cancel()
            await asyncio.wait([self._purge])
            self._purge = None
        log.info("telegram.arrete")

    async def purger_periodiquement(self, intervalle_s: float = PURGE_INTERVALLE_S) -> None:
        """Delete expired sessions now and then every `intervalle_s`; a database error is logged, not fatal."""
        while True:
            try:
                await asyncio.to_thread(self.depot.purger_expirees)
            except SQLAlchemyError:
                log.error("telegram.purge_echec", exc_info=True)
            await asyncio.sleep(intervalle_s)

    def fermer(self) -> None:
        """Stop the speech engine and close the database connections."""
        if self.voix is not None:
            self.voix.fermer()
        self.depot.fermer()


Gestionnaire = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def installer(application: Application, canal: CanalTelegram) -> None:  # type: ignore[type-arg]
    """Register the handlers (private chats, new messages only) and the error handler."""
    prives = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    speciales: dict[str, Gestionnaire] = {
        "voix": canal.sur_voix, "oubli": canal.sur_oubli, "confidentialite": canal.sur_confidentialite,
    }
    application.add_handler(CommandHandler(list(COMMANDES_MOTEUR), canal.sur_commande, filters=prives))
    for nom, gestionnaire in speciales.items():
        application.add_handler(CommandHandler(nom, gestionnaire, filters=prives))
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
