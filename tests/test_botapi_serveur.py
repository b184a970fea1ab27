"""Tests du faux serveur Bot API (tests/botapi/serveur.py) avec le vrai python-telegram-bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import os
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from tests.botapi.serveur import ServeurBotApi, livrer_webhook, livrer_webhook_async

RACINE = Path(__file__).resolve().parent.parent
RESIDENT = 4242
CLAVIER = InlineKeyboardMarkup(
    [[InlineKeyboardButton("CAF", callback_data="service:caf"), InlineKeyboardButton("CCAS", callback_data="service:ccas")]]
)


@pytest.fixture
def serveur() -> Iterator[ServeurBotApi]:
    """Serveur démarré sur un port libre, arrêté proprement (sans thread résiduel)."""
    with ServeurBotApi() as srv:
        yield srv
    assert not [t for t in threading.enumerate() if t.name == f"botapi-{srv.port}"]


@pytest.fixture(scope="session")
def ogg(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Petit fichier OGG/Opus valide (1,5 s) produit par ffmpeg."""
    chemin = tmp_path_factory.mktemp("audio") / "sinus.ogg"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=1.5",
            "-c:a",
            "libopus",
            "-b:a",
            "24k",
            "-ar",
            "48000",
            "-ac",
            "1",
            str(chemin),
        ],
        check=True,
        timeout=60,
    )
    return chemin.read_bytes()


def port_libre() -> int:
    """Port TCP libre sur 127.0.0.1 (bind sur le port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def secondes(valeur: int | dtm.timedelta) -> float:
    """Durée en secondes (PTB 22 renvoie int ou timedelta selon PTB_TIMEDELTA)."""
    return valeur.total_seconds() if isinstance(valeur, dtm.timedelta) else float(valeur)


def nouveau_bot(srv: ServeurBotApi, jeton: str | None = None) -> Bot:
    """Vrai telegram.Bot pointé sur le faux serveur."""
    return Bot(jeton or srv.jeton, base_url=srv.url_base, base_file_url=srv.url_fichiers)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Gestionnaire trivial : renvoie le texte reçu."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"Écho : {update.effective_message.text}")


async def bouton(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Gestionnaire de bouton : répond à la requête et annonce le choix."""
    requete = update.callback_query
    assert requete is not None and requete.message is not None
    await requete.answer("Bien reçu")
    await requete.edit_message_reply_markup(reply_markup=None)
    await context.bot.send_message(requete.message.chat.id, f"Choix : {requete.data}")


@asynccontextmanager
async def application_en_polling(srv: ServeurBotApi) -> AsyncIterator[Application]:
    """Application PTB réelle (écho + boutons) en long-polling sur le faux serveur."""
    application = Application.builder().token(srv.jeton).base_url(srv.url_base).base_file_url(srv.url_fichiers).build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_handler(CallbackQueryHandler(bouton))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=5))
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


@pytest.mark.asyncio
async def test_get_me_renvoie_le_bot(serveur: ServeurBotApi) -> None:
    """getMe renvoie l'utilisateur bot dérivé du jeton."""
    async with nouveau_bot(serveur) as bot:
        moi = await bot.get_me()
    assert moi.is_bot
    assert moi.id == 123456789
    assert moi.username == "passerelle_calais_bot"
    assert serveur.appels("getMe")[0]["statut"] == 200


@pytest.mark.asyncio
async def test_jeton_inconnu_donne_invalid_token(serveur: ServeurBotApi) -> None:
    """Un autre jeton reçoit 401 → InvalidToken."""
    with pytest.raises(InvalidToken):
        async with nouveau_bot(serveur, "999:autre") as bot:
            await bot.get_me()


@pytest.mark.asyncio
async def test_send_message_aller_retour(serveur: ServeurBotApi) -> None:
    """sendMessage (HTML + clavier inline) : Message réaliste, visible dans messages()."""
    serveur.envoyer_texte(RESIDENT, "bonjour", prenom="Amina")
    async with nouveau_bot(serveur) as bot:
        envoye = await bot.send_message(RESIDENT, "Je peux vous aider pour la <b>CAF</b>.", parse_mode="HTML", reply_markup=CLAVIER)
    assert envoye.text == "Je peux vous aider pour la CAF."
    assert envoye.chat.first_name == "Amina"
    assert envoye.from_user is not None and envoye.from_user.is_bot
    assert envoye.reply_markup == CLAVIER
    assert envoye.message_id == 2  # 1 = message du résident
    recus = await serveur.attendre_messages_async(RESIDENT, 1, timeout=5)
    assert [m["texte"] for m in recus] == ["Je peux vous aider pour la CAF."]
    assert recus[0]["params"]["parse_mode"] == "HTML"
    assert recus[0]["params"]["text"] == "Je peux vous aider pour la <b>CAF</b>."
    assert recus[0]["message"]["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "service:ccas"
    assert serveur.messages(RESIDENT) == recus


@pytest.mark.asyncio
async def test_send_message_erreurs_comme_telegram(serveur: ServeurBotApi) -> None:
    """Texte vide, chat inconnu, HTML invalide, callback_data trop long, bot bloqué."""
    serveur.ajouter_utilisateur(RESIDENT)
    async with nouveau_bot(serveur) as bot:
        with pytest.raises(BadRequest, match="(?i)text is empty"):
            await bot.send_message(RESIDENT, "")
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.send_message(777, "coucou")
        with pytest.raises(BadRequest, match="(?i)can't parse entities"):
            await bot.send_message(RESIDENT, "Ligne 1<br>Ligne 2", parse_mode="HTML")
        with pytest.raises(BadRequest, match="(?i)reserved"):
            await bot.send_message(RESIDENT, "Fin de phrase.", parse_mode="MarkdownV2")
        with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
            trop_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 40)]])
            await bot.send_message(RESIDENT, "choix", reply_markup=trop_long)
        with pytest.raises(BadRequest, match="(?i)message is too long"):
            await bot.send_message(RESIDENT, "a" * 4097)
        serveur.bloquer(RESIDENT)
        with pytest.raises(Forbidden):
            await bot.send_message(RESIDENT, "coucou")
    assert serveur.messages(RESIDENT) == []
    assert {a["statut"] for a in serveur.appels("sendMessage")} == {400, 403}


@pytest.mark.asyncio
async def test_send_voice_multipart_octets_identiques(serveur: ServeurBotApi, ogg: bytes) -> None:
    """sendVoice : upload multipart, octets, légende et durée conservés ; getFile permet de le retélécharger."""
    serveur.ajouter_utilisateur(RESIDENT)
    async with nouveau_bot(serveur) as bot:
        envoye = await bot.send_voice(RESIDENT, voice=ogg, caption="Écoutez", duration=2)
        assert envoye.voice is not None
        assert envoye.voice.mime_type == "audio/ogg"
        assert envoye.voice.file_size == len(ogg)
        assert envoye.caption == "Écoutez"
        fichier = await bot.get_file(envoye.voice.file_id)
        retelecharge = bytes(await fichier.download_as_bytearray())
        sans_duree = await bot.send_voice(RESIDENT, voice=ogg)
    assert retelecharge == ogg
    assert sans_duree.voice is not None and secondes(sans_duree.voice.duration) == 2
    appel = serveur.appels("sendVoice")[0]
    assert appel["fichiers"]["voice"]["contenu"] == ogg
    assert appel["params"]["duration"] == 2
    recus = await serveur.attendre_messages_async(RESIDENT, 2, timeout=5)
    assert [m["voix"] for m in recus] == [ogg, ogg]
    assert recus[0]["texte"] == "Écoutez"
    assert recus[0]["message"]["voice"]["duration"] == 2


@pytest.mark.asyncio
async def test_polling_echo_avec_application(serveur: ServeurBotApi) -> None:
    """Une Application en long-polling reçoit un texte en file et l'écho revient."""
    async with application_en_polling(serveur):
        await serveur.attendre_long_poll_async(timeout=10)
        serveur.envoyer_texte(RESIDENT, "/start")
        serveur.envoyer_texte(RESIDENT, "j'ai besoin d'aide")
        recus = await serveur.attendre_messages_async(RESIDENT, 2, timeout=10)
    assert [m["texte"] for m in recus] == ["Écho : /start", "Écho : j'ai besoin d'aide"]
    assert recus[0]["params"]["chat_id"] == RESIDENT
    assert any(a["params"].get("timeout") == 5 for a in serveur.appels("getUpdates"))
    # L'arrêt de l'updater confirme les mises à jour : rien ne reste en file, rien n'est relivré.
    assert serveur.mises_a_jour_en_attente() == []
    assert len(serveur.messages(RESIDENT)) == 2


@pytest.mark.asyncio
async def test_bouton_callback_query(serveur: ServeurBotApi) -> None:
    """Appui sur un bouton : callback_query reçue, answerCallbackQuery et édition enregistrés."""
    async with application_en_polling(serveur) as application:
        serveur.envoyer_texte(RESIDENT, "bonjour")
        await serveur.attendre_messages_async(RESIDENT, 1, timeout=10)
        question = await application.bot.send_message(RESIDENT, "Quel service ?", reply_markup=CLAVIER)
        with pytest.raises(ValueError):
            serveur.appuyer_bouton(RESIDENT, "service:inconnu", question.message_id)
        serveur.appuyer_bouton(RESIDENT, "service:caf", question.message_id)
        recus = await serveur.attendre_messages_async(RESIDENT, 2, timeout=10)
    assert recus[-1]["texte"] == "Choix : service:caf"
    reponses = serveur.appels("answerCallbackQuery")
    assert len(reponses) == 1 and reponses[0]["statut"] == 200
    assert reponses[0]["params"]["text"] == "Bien reçu"
    etat = serveur.etat_message(RESIDENT, question.message_id)
    assert etat is not None and "reply_markup" not in etat and "edit_date" in etat


@pytest.mark.asyncio
async def test_429_retry_after_sur_bot_simple(serveur: ServeurBotApi) -> None:
    """Un 429 injecté (retry_after=1) lève RetryAfter ; l'appel suivant passe."""
    serveur.ajouter_utilisateur(RESIDENT)
    serveur.injecter_erreur("sendMessage", 429, retry_after=1)
    async with nouveau_bot(serveur) as bot:
        with pytest.raises(RetryAfter) as erreur:
            await bot.send_message(RESIDENT, "premier essai")
        await bot.send_message(RESIDENT, "second essai")
    assert secondes(erreur.value.retry_after) == 1
    appels = serveur.appels("sendMessage")
    assert appels[0]["reponse"] == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert [m["texte"] for m in serveur.messages(RESIDENT)] == ["second essai"]


@pytest.mark.asyncio
async def test_502_et_500_donnent_network_error(serveur: ServeurBotApi) -> None:
    """Un 502 injecté (deux fois) donne NetworkError (TelegramError), puis le service revient."""
    serveur.ajouter_utilisateur(RESIDENT)
    serveur.injecter_erreur("sendmessage", 502, fois=2)
    async with nouveau_bot(serveur) as bot:
        for _ in range(2):
            with pytest.raises(NetworkError, match="(?i)Bad Gateway"):
                await bot.send_message(RESIDENT, "essai")
        serveur.injecter_erreur("sendChatAction", 500)
        with pytest.raises(TelegramError):
            await bot.send_chat_action(RESIDENT, "typing")
        assert await bot.send_chat_action(RESIDENT, "typing")
        await bot.send_message(RESIDENT, "enfin")
    assert [a["statut"] for a in serveur.appels("sendMessage")] == [502, 502, 200]


@pytest.mark.asyncio
async def test_offset_confirme_et_long_polling_reveille(serveur: ServeurBotApi) -> None:
    """Sans offset les mises à jour sont relivrées ; avec offset elles sont oubliées ; le long-poll se réveille."""
    premier = serveur.envoyer_texte(RESIDENT, "un")
    second = serveur.envoyer_texte(RESIDENT, "deux")
    async with nouveau_bot(serveur) as bot:
        lot1 = await bot.get_updates(timeout=0)
        lot2 = await bot.get_updates(timeout=0)
        assert [u.update_id for u in lot1] == [u.update_id for u in lot2] == [premier, second]
        assert await bot.get_updates(offset=second + 1, timeout=0) == ()
        attente = asyncio.create_task(bot.get_updates(offset=second + 1, timeout=30))
        await serveur.attendre_long_poll_async(timeout=10)
        troisieme = serveur.envoyer_texte(RESIDENT, "trois")
        lot3 = await asyncio.wait_for(attente, timeout=20)
    assert [u.update_id for u in lot3] == [troisieme]
    assert lot3[0].message is not None and lot3[0].message.text == "trois"


@pytest.mark.asyncio
async def test_allowed_updates_filtre(serveur: ServeurBotApi) -> None:
    """allowed_updates écarte les types non demandés."""
    serveur.envoyer_texte(RESIDENT, "texte ignoré")
    async with nouveau_bot(serveur) as bot:
        await bot.send_message(RESIDENT, "Choisissez", reply_markup=CLAVIER)
        appui = serveur.appuyer_bouton(RESIDENT, "service:ccas", 2)
        lot = await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    assert [u.update_id for u in lot] == [appui]
    assert lot[0].callback_query is not None and lot[0].callback_query.data == "service:ccas"


@pytest.mark.asyncio
async def test_types_de_messages_entrants(serveur: ServeurBotApi, ogg: bytes) -> None:
    """Photo, autocollant, vocal (téléchargeable) et position sont décodés par PTB."""
    serveur.envoyer_photo(RESIDENT)
    serveur.envoyer_sticker(RESIDENT)
    serveur.envoyer_vocal(RESIDENT, ogg)
    serveur.envoyer_position(RESIDENT)
    async with nouveau_bot(serveur) as bot:
        photo, sticker, vocal, position = (u.message for u in await bot.get_updates(timeout=0))
        assert photo is not None and len(photo.photo) == 3
        assert sticker is not None and sticker.sticker is not None and sticker.sticker.emoji == "👍"
        assert vocal is not None and vocal.voice is not None
        assert secondes(vocal.voice.duration) == 2
        contenu = await (await vocal.voice.get_file()).download_as_bytearray()
        assert position is not None and position.location is not None
    assert bytes(contenu) == ogg
    assert round(position.location.latitude, 2) == 50.95


@pytest.mark.asyncio
async def test_commandes_action_edition_suppression(serveur: ServeurBotApi) -> None:
    """setMyCommands/getMyCommands, sendChatAction, editMessageText, deleteMessage."""
    serveur.ajouter_utilisateur(RESIDENT)
    async with nouveau_bot(serveur) as bot:
        assert await bot.set_my_commands([("start", "Commencer"), ("aide", "Obtenir de l'aide")])
        commandes = await bot.get_my_commands()
        assert [c.command for c in commandes] == ["start", "aide"]
        with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_INVALID"):
            await bot.set_my_commands([("Aide!", "x")])
        assert await bot.send_chat_action(RESIDENT, "record_voice")
        message = await bot.send_message(RESIDENT, "Version 1", reply_markup=CLAVIER)
        edite = await bot.edit_message_text("Version 2", chat_id=RESIDENT, message_id=message.message_id)
        assert not isinstance(edite, bool) and edite.text == "Version 2"
        with pytest.raises(BadRequest, match="(?i)not modified"):
            await bot.edit_message_text("Version 2", chat_id=RESIDENT, message_id=message.message_id)
        assert await bot.delete_message(RESIDENT, message.message_id)
        with pytest.raises(BadRequest, match="(?i)not found"):
            await bot.delete_message(RESIDENT, message.message_id)
        assert await bot.close()
        assert await bot.log_out()
    assert serveur.commandes() == [
        {"command": "start", "description": "Commencer"},
        {"command": "aide", "description": "Obtenir de l'aide"},
    ]
    assert serveur.etat_message(RESIDENT, message.message_id) is None
    assert serveur.appels("sendChatAction")[0]["params"]["action"] == "record_voice"


@pytest.mark.asyncio
async def test_webhook_livraison_et_secret(serveur: ServeurBotApi) -> None:
    """Mode webhook : setWebhook enregistré, livraison avec secret → écho ; mauvais secret → 403."""
    port = port_libre()
    application = Application.builder().token(serveur.jeton).base_url(serveur.url_base).base_file_url(serveur.url_fichiers).build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    url = f"http://127.0.0.1:{port}/crochet"
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="crochet", webhook_url=url, secret_token="s3cret-Calais"
        )
        try:
            assert serveur.webhook["url"] == url
            assert serveur.webhook["secret_token"] == "s3cret-Calais"
            with pytest.raises(Conflict):
                await application.bot.get_updates(timeout=0)
            refuse = await livrer_webhook_async(url, "mauvais", serveur.maj_texte(RESIDENT, "intrus"))
            statut = await livrer_webhook_async(url, "s3cret-Calais", serveur.maj_texte(RESIDENT, "salut"))
            recus = await serveur.attendre_messages_async(RESIDENT, 1, timeout=10)
        finally:
            await application.updater.stop()
            await application.stop()
    assert refuse == 403
    assert statut == 200
    assert [m["texte"] for m in recus] == ["Écho : salut"]


def test_usage_synchrone_et_livrer_webhook_sync(serveur: ServeurBotApi) -> None:
    """Depuis un test synchrone : httpx form-encodé + JSON, attendre_messages bloquant, livrer_webhook."""
    serveur.ajouter_utilisateur(RESIDENT)
    base = f"{serveur.url_base}{serveur.jeton}"
    fil = threading.Thread(target=lambda: httpx.post(f"{base}/sendMessage", json={"chat_id": str(RESIDENT), "text": "json"}, timeout=10))
    fil.start()
    recus = serveur.attendre_messages(RESIDENT, 1, timeout=10)
    fil.join(10)
    formulaire = httpx.post(f"{base}/sendMessage", data={"chat_id": RESIDENT, "text": "123"}, timeout=10).json()
    assert formulaire["result"]["text"] == "123"
    manquant = httpx.post(f"{base}/sendMessage", data={"text": "x"}, timeout=10)
    assert manquant.status_code == 400
    assert manquant.json() == {"ok": False, "error_code": 400, "description": "Bad Request: chat_id is empty"}
    assert httpx.post(f"{base}/methodeInconnue", timeout=10).status_code == 404
    assert [m["texte"] for m in recus] == ["json"]
    assert [m["texte"] for m in serveur.attendre_messages(RESIDENT, 1, timeout=10)] == ["123"]
    with pytest.raises(TimeoutError):
        serveur.attendre_messages(RESIDENT, 1, timeout=0.2)
    with pytest.raises(httpx.ConnectError):
        livrer_webhook(f"http://127.0.0.1:{port_libre()}/rien", "s", serveur.maj_texte(RESIDENT, "x"), timeout=5)


def test_arret_propre_pendant_un_long_poll() -> None:
    """arreter() libère un getUpdates en cours et le thread se termine."""
    srv = ServeurBotApi().demarrer()
    resultat: list[httpx.Response] = []
    client = threading.Thread(
        target=lambda: resultat.append(httpx.post(f"{srv.url_base}{srv.jeton}/getUpdates", data={"timeout": 60}, timeout=90))
    )
    client.start()
    srv.attendre_long_poll(timeout=10)
    srv.arreter()
    client.join(30)
    assert not client.is_alive()
    assert resultat and resultat[0].json() == {"ok": True, "result": []}
    assert not [t for t in threading.enumerate() if t.name == f"botapi-{srv.port}"]


def _lecteur_de_lignes(processus: subprocess.Popen[str]) -> queue.Queue[str]:
    """Lit la sortie du processus dans un thread (les lignes arrivent dans une file)."""
    lignes: queue.Queue[str] = queue.Queue()

    def lire() -> None:
        """Recopie chaque ligne de stdout dans la file jusqu'à la fin du flux."""
        assert processus.stdout is not None
        for ligne in processus.stdout:
            lignes.put(ligne.strip())

    threading.Thread(target=lire, name="lecteur-serveur-autonome", daemon=True).start()
    return lignes


def test_mode_autonome_et_api_de_controle() -> None:
    """python -m tests.botapi.serveur --port 0 affiche l'URL et se pilote par /_controle."""
    processus = subprocess.Popen(
        [sys.executable, "-m", "tests.botapi.serveur", "--port", "0"],
        cwd=RACINE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(RACINE)},
    )
    lignes = _lecteur_de_lignes(processus)
    try:
        url_base = lignes.get(timeout=30).removeprefix("url_base=")
        assert lignes.get(timeout=10).startswith("url_fichiers=http://127.0.0.1:")
        jeton = lignes.get(timeout=10).removeprefix("jeton=")
        controle = url_base.removesuffix("/bot") + "/_controle"
        moi = httpx.get(f"{url_base}{jeton}/getMe", timeout=10).json()
        assert moi["result"]["is_bot"] is True
        update_id = httpx.post(f"{controle}/texte", json={"user_id": 7, "texte": "salut"}, timeout=10).json()
        mises_a_jour = httpx.post(f"{url_base}{jeton}/getUpdates", data={"timeout": 0}, timeout=10).json()
        assert [u["update_id"] for u in mises_a_jour["result"]] == [update_id["result"]["update_id"]]
        httpx.post(f"{url_base}{jeton}/sendMessage", data={"chat_id": 7, "text": "bonjour"}, timeout=10)
        messages = httpx.get(f"{controle}/messages", params={"chat_id": 7}, timeout=10).json()
        assert [m["texte"] for m in messages["result"]] == ["bonjour"]
    finally:
        processus.terminate()
        code = processus.wait(30)
    assert code == 0
