"""Telegram channel: a thin adapter from python-telegram-bot updates to the conversation engine.

Every update becomes an `Entree`; `repondre` runs inside `depot.mettre_a_jour` (row-locked, in a
thread) so one resident's steps stay consistent across processes. Nothing the resident typed is
stored or logged: the state holds ids only, users are keyed by a salted hash. What the channel says
itself comes from dialogues/textes/canaux.yaml (`contexte.parcours.textes`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial

from sqlalchemy.exc import SQLAlchemyError
from telegram import BotCommand, Message, Update
from telegram.error import BadRequest
from telegram.ext import Application, ContextTypes

from bot.canaux.telegram.envoi import avec_reessais
from bot.canaux.telegram.rendu import MessageTelegram, clavier, rendre_tour
from bot.dialogue import reponses as r
from bot.dialogue.cles import Cle
from bot.dialogue.contexte import Contexte
from bot.dialogue.etat import Etat, etat_initial
from bot.dialogue.moteur import repondre
from bot.dialogue.services import BOUTON_MENU, MENU_COMMANDES
from bot.dialogue.textes import Textes
from bot.stockage.identite import cle_usager
from bot.stockage.sessions import VOIX_PAR_DEFAUT, DepotSessions, Modification, SessionLue
from bot.voix import ErreurVoix, VoixEnCache, duree_ogg_opus

log = logging.getLogger(__name__)

CANAL = "telegram"
# The answer to each kind of non-text message.
MEDIAS = {"vocal": Cle.MEDIA_VOCAL, "image": Cle.MEDIA_IMAGE, "position": Cle.MEDIA_POSITION, "autre": Cle.MEDIA_AUTRE}
PICTOGRAMME_MENU = "🏠"
PURGE_INTERVALLE_S = 3600.0
OUI = ("oui", "on", "1", "activer")
NON = ("non", "off", "0", "couper")

TourVoix = tuple[r.Tour, bool]


def commandes_menu(textes: Textes) -> list[BotCommand]:
    """The published command menu, in the order of services.MENU_COMMANDES, each with its description."""
    return [BotCommand(nom, textes(Cle(f"commande-{nom}"))) for nom in MENU_COMMANDES]


def confidentialite(textes: Textes, expiration_s: int) -> str:
    """What is stored, in plain short sentences, with the session lifetime in hours."""
    heures = max(1, round(expiration_s / 3600))
    duree = textes(Cle.DUREE_HEURES if heures > 1 else Cle.DUREE_HEURE, nombre=str(heures))
    return textes(Cle.CONFIDENTIALITE, duree=duree)


def bouton_menu(textes: Textes) -> r.Bouton:
    """The « Menu » button offered with the technical-trouble message."""
    return r.Bouton(BOUTON_MENU, PICTOGRAMME_MENU, textes(Cle.BOUTON_MENU))


def genre_media(message: Message) -> str:
    """Which kind of non-text message this is (a key of MEDIAS)."""
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

    def __init__(self, contexte: Contexte, depot: DepotSessions, sel: bytes, voix: VoixEnCache | None, expiration_s: int) -> None:
        """Keep what the handlers need; nothing starts before `construire_application`."""
        self.contexte = contexte
        self.depot = depot
        self.sel = sel
        self.voix = voix
        self.expiration_s = expiration_s
        self._purge: asyncio.Task[None] | None = None

    @property
    def textes(self) -> Textes:
        """What the channel says itself, by id."""
        return self.contexte.parcours.textes

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
        log.info("telegram.tour update_id=%s reponses=%d urgence=%s", update.update_id, len(tour.reponses), tour.urgence)
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
            autres = tuple(x for x in tour.reponses if not (isinstance(x, r.Texte) and x.cle == Cle.VIDE))
            return r.Tour((r.Texte(MEDIAS[genre], self.textes(MEDIAS[genre])),) + autres)

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
        texte = self.textes(Cle.VOIX_ACTIVEE if active else Cle.VOIX_COUPEE)
        await self.envoyer(update, [MessageTelegram(texte)], texte if active else None)

    async def sur_oubli(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/oubli: erase everything stored about the resident."""
        supprimee = await asyncio.to_thread(self.depot.oublier, self.cle(update))
        log.info("telegram.oubli update_id=%s supprimee=%s", update.update_id, supprimee)
        await self.envoyer(update, [MessageTelegram(self.textes(Cle.OUBLI_FAIT))], None)

    async def sur_confidentialite(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/confidentialite: what is stored, in plain words (reads the voice preference, stores nothing)."""
        texte = confidentialite(self.textes, self.expiration_s)
        preference = await asyncio.to_thread(self.depot.preferences, self.cle(update))
        await self.envoyer(update, [MessageTelegram(texte)], texte if preference.voix else None)

    async def sur_erreur(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one error handler: log with exc_info and update id (never the text), answer kindly."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("telegram.erreur update_id=%s erreur=%s", update_id, type(context.error).__name__, exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        await self.envoyer(update, [MessageTelegram(self.textes(Cle.SOUCI_TECHNIQUE), clavier((bouton_menu(self.textes),)))], None)

    # ------------------------------------------------------------------ life cycle

    async def au_demarrage(self, application: Application) -> None:  # type: ignore[type-arg]
        """post_init: publish the command menu and start the periodic purge of expired sessions."""
        commandes = commandes_menu(self.textes)
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
