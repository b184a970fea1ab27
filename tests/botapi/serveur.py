"""Serveur Bot API Telegram de substitution (127.0.0.1) pour les tests de bout en bout.

Le vrai python-telegram-bot s'y connecte via ``base_url=serveur.url_base`` et
``base_file_url=serveur.url_fichiers``. Le serveur tourne dans un thread (uvicorn +
starlette) ; les méthodes de pilotage (``envoyer_texte``, ``attendre_messages``...)
sont utilisables depuis le thread du test, synchrone ou asynchrone.

Usage autonome : ``python -m tests.botapi.serveur --port 8081`` (API de pilotage HTTP
sous ``/_controle/...``, voir README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import copy
import hashlib
import html
import json
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from types import FrameType, TracebackType
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

JETON_PAR_DEFAUT = "123456789:AAHpasserelle-jeton-de-test"
LATITUDE_CALAIS = 50.9513
LONGITUDE_CALAIS = 1.8587
PREMIER_UPDATE_ID = 700_000_001
LIMITE_TEXTE = 4096
LIMITE_LEGENDE = 1024
LIMITE_CALLBACK_DATA = 64

# Paramètres toujours transmis comme chaînes brutes (jamais décodés en JSON).
_CHAMPS_TEXTE = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "action",
        "inline_message_id",
        "ip_address",
        "language_code",
        "file_id",
        "voice",
        "photo",
        "sticker",
        "document",
        "audio",
        "video",
        "certificate",
        "title",
        "address",
        "business_connection_id",
        "message_effect_id",
        "emoji",
        "description",
        "short_description",
        "name",
    }
)
# Paramètres objets/listes : une chaîne reçue est décodée comme JSON.
_CHAMPS_JSON = frozenset(
    {"reply_markup", "commands", "scope", "allowed_updates", "entities", "caption_entities", "link_preview_options", "reply_parameters"}
)
_TYPES_PAR_DEFAUT = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
_ACTIONS_CHAT = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_BALISES_HTML = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span", "tg-spoiler", "tg-emoji", "blockquote"}
)
_RE_BALISE = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z_-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
_RESERVES_MD2 = frozenset("_*[]()~`>#+-=|{}.!")
_NOMS_ENTITES_MD2 = {"*": "Bold", "_": "Italic", "__": "Underline", "~": "Strikethrough", "||": "Spoiler", "[": "TextUrl"}
_RE_COMMANDE = re.compile(r"^[a-z0-9_]{1,32}$")
_RE_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_METHODES = (
    "getMe",
    "logOut",
    "close",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "sendMessage",
    "sendVoice",
    "sendChatAction",
    "getFile",
    "answerCallbackQuery",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
)
_METHODES_PAR_NOM = {nom.lower(): nom for nom in _METHODES}


class ErreurApi(Exception):
    """Erreur renvoyée au client comme le ferait Telegram ({"ok": false, ...})."""

    def __init__(self, code: int, description: str, parametres: dict[str, Any] | None = None) -> None:
        """Mémorise le code HTTP, la description et les éventuels ``parameters``."""
        super().__init__(description)
        self.code = code
        self.description = description
        self.parametres = parametres

    def corps(self) -> dict[str, Any]:
        """Corps JSON de la réponse d'erreur."""
        corps: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parametres:
            corps["parameters"] = dict(self.parametres)
        return corps


def _requete_invalide(detail: str) -> ErreurApi:
    """Erreur 400 « Bad Request: ... »."""
    return ErreurApi(400, f"Bad Request: {detail}")


def _erreur_entites(detail: str) -> ErreurApi:
    """Erreur 400 de parse_mode, libellée comme Telegram."""
    return _requete_invalide(f"can't parse entities: {detail}")


@dataclass(frozen=True)
class FichierRecu:
    """Partie fichier d'une requête multipart."""

    nom: str | None
    type_mime: str | None
    contenu: bytes


@dataclass(frozen=True)
class _FichierStocke:
    """Fichier connu du serveur (téléchargeable via getFile puis /file/bot...)."""

    file_id: str
    file_unique_id: str
    chemin: str
    contenu: bytes


@dataclass
class _ErreurInjectee:
    """Erreur programmée pour les prochains appels d'une méthode."""

    code: int
    retry_after: int | None
    restantes: int
    description: str | None


def _octets(texte: str, index: int) -> int:
    """Décalage en octets UTF-8 du caractère ``index`` (comme les messages de Telegram)."""
    return len(texte[:index].encode("utf-8"))


def _texte_html(texte: str) -> str:
    """Valide un texte parse_mode=HTML comme Telegram et renvoie le texte visible."""
    pile: list[tuple[str, int]] = []
    visible: list[str] = []
    i = 0
    while i < len(texte):
        if texte[i] != "<":
            j = texte.find("<", i)
            j = len(texte) if j < 0 else j
            visible.append(html.unescape(texte[i:j]))
            i = j
            continue
        m = _RE_BALISE.match(texte, i)
        if m is None:
            raise _erreur_entites(f"Unexpected end of name token at byte offset {_octets(texte, i)}")
        fermante, nom = m.group(1) == "/", m.group(2).lower()
        if nom not in _BALISES_HTML:
            genre = "end" if fermante else "start"
            raise _erreur_entites(f'Unsupported {genre} tag "{nom}" at byte offset {_octets(texte, i)}')
        if fermante:
            if not pile:
                raise _erreur_entites(f"Unexpected end tag at byte offset {_octets(texte, i)}")
            ouvert, _ = pile.pop()
            if ouvert != nom:
                raise _erreur_entites(f'Unmatched end tag at byte offset {_octets(texte, i)}, expected "</{ouvert}>", found "</{nom}>"')
        else:
            pile.append((nom, i))
        i = m.end()
    if pile:
        nom, _ = pile[-1]
        raise _erreur_entites(f'Can\'t find end tag corresponding to start tag "{nom}"')
    return "".join(visible)


def _fin_code_md2(texte: str, debut: int, delim: str) -> tuple[str, int]:
    """Lit un bloc `code`/```pre``` MarkdownV2 ; renvoie (contenu, index après le délimiteur)."""
    contenu: list[str] = []
    j = debut + len(delim)
    while j < len(texte) and not texte.startswith(delim, j):
        if texte[j] == "\\" and j + 1 < len(texte):
            contenu.append(texte[j + 1])
            j += 2
        else:
            contenu.append(texte[j])
            j += 1
    if j >= len(texte):
        nom = "Pre" if delim == "```" else "Code"
        raise _erreur_entites(f"Can't find end of {nom} entity at byte offset {_octets(texte, debut)}")
    brut = "".join(contenu)
    if delim == "```" and "\n" in brut:
        premiere, reste = brut.split("\n", 1)
        if premiere and " " not in premiere:
            brut = reste
    return brut, j + len(delim)


def _texte_markdown_v2(texte: str) -> str:
    """Valide un texte parse_mode=MarkdownV2 comme Telegram et renvoie le texte visible."""
    pile: list[tuple[str, int]] = []
    visible: list[str] = []
    i = 0
    while i < len(texte):
        c = texte[i]
        if c == "\\":
            if i + 1 >= len(texte):
                raise _erreur_entites(f"Can't parse escape sequence at byte offset {_octets(texte, i)}")
            visible.append(texte[i + 1])
            i += 2
        elif c == "`":
            contenu, i_suivant = _fin_code_md2(texte, i, "```" if texte.startswith("```", i) else "`")
            visible.append(contenu)
            i = i_suivant
        elif c in "*_~" or texte.startswith("||", i):
            marque = "__" if texte.startswith("__", i) else ("||" if c == "|" else c)
            if pile and pile[-1][0] == marque:
                pile.pop()
            elif any(m == marque for m, _ in pile):
                ouvert, pos = pile[-1]
                raise _erreur_entites(f"Can't find end of {_NOMS_ENTITES_MD2[ouvert]} entity at byte offset {_octets(texte, pos)}")
            else:
                pile.append((marque, i))
            i += len(marque)
        elif c == "[":
            pile.append(("[", i))
            i += 1
        elif c == "]" and pile and pile[-1][0] == "[":
            pile.pop()
            i += 1
            if texte.startswith("(", i):
                fin = texte.find(")", i)
                if fin < 0:
                    raise _erreur_entites(f"Can't find end of a URL at byte offset {_octets(texte, i)}")
                i = fin + 1
        elif c == ">" and (i == 0 or texte[i - 1] == "\n"):
            i += 1
        elif c in _RESERVES_MD2:
            raise _erreur_entites(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
        else:
            visible.append(c)
            i += 1
    if pile:
        marque, pos = pile[-1]
        raise _erreur_entites(f"Can't find end of {_NOMS_ENTITES_MD2[marque]} entity at byte offset {_octets(texte, pos)}")
    return "".join(visible)


def _texte_visible(texte: str, parse_mode: Any) -> str:
    """Applique parse_mode (HTML, MarkdownV2 validés ; autres laissés tels quels)."""
    mode = str(parse_mode or "").lower()
    if mode == "html":
        return _texte_html(texte)
    if mode == "markdownv2":
        return _texte_markdown_v2(texte)
    return texte


def _duree_ogg(contenu: bytes) -> int:
    """Durée (s) d'un flux Ogg/Opus d'après la granule de la dernière page, 0 sinon."""
    if not contenu.startswith(b"OggS") or b"OpusHead" not in contenu:
        return 0
    tete = contenu.index(b"OpusHead")
    pre_skip = int.from_bytes(contenu[tete + 10 : tete + 12], "little")
    derniere = contenu.rfind(b"OggS")
    granule = int.from_bytes(contenu[derniere + 6 : derniere + 14], "little")
    return max(1, round(max(0, granule - pre_skip) / 48_000))


def _decoder(nom: str, valeur: str) -> Any:
    """Décode une valeur de formulaire comme le fait Telegram (JSON sauf champs texte)."""
    if nom in _CHAMPS_TEXTE:
        return valeur
    try:
        return json.loads(valeur)
    except json.JSONDecodeError:
        return valeur


def _json_sur(valeur: Any) -> Any:
    """Copie sérialisable en JSON (octets en base64) pour l'API de pilotage HTTP."""
    if isinstance(valeur, bytes):
        return base64.b64encode(valeur).decode("ascii")
    if isinstance(valeur, dict):
        return {str(k): _json_sur(v) for k, v in valeur.items()}
    if isinstance(valeur, (list, tuple)):
        return [_json_sur(v) for v in valeur]
    return valeur


def _dans_une_boucle() -> bool:
    """Vrai si l'appelant s'exécute dans une boucle asyncio active."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def livrer_webhook(url: str, secret_token: str | None, update: dict[str, Any], timeout: float = 10.0) -> int:
    """POSTe une mise à jour au webhook d'un bot (en-tête X-Telegram-Bot-Api-Secret-Token) ; renvoie le statut HTTP."""
    entetes = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token else {}
    reponse = httpx.post(url, json=update, headers=entetes, timeout=timeout)
    return reponse.status_code


async def livrer_webhook_async(url: str, secret_token: str | None, update: dict[str, Any], timeout: float = 10.0) -> int:
    """Variante asynchrone de :func:`livrer_webhook` (à utiliser quand le bot tourne dans la même boucle)."""
    entetes = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token else {}
    async with httpx.AsyncClient(timeout=timeout) as client:
        reponse = await client.post(url, json=update, headers=entetes)
    return reponse.status_code


class ServeurBotApi:
    """Faux serveur Bot API Telegram, piloté depuis les tests (thread-safe)."""

    def __init__(
        self,
        jeton: str = JETON_PAR_DEFAUT,
        *,
        port: int = 0,
        nom_bot: str = "Passerelle",
        username_bot: str = "passerelle_calais_bot",
        chats_stricts: bool = True,
    ) -> None:
        """Prépare le serveur (``port=0`` : port libre choisi au démarrage)."""
        self._jeton = jeton
        self._port_demande = port
        self._chats_stricts = chats_stricts
        identifiant = jeton.split(":", 1)[0]
        self._bot: dict[str, Any] = {
            "id": int(identifiant) if identifiant.isdigit() else 123456789,
            "is_bot": True,
            "first_name": nom_bot,
            "username": username_bot,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self._cond = threading.Condition()
        self._file_attente: list[dict[str, Any]] = []
        self._prochain_update = PREMIER_UPDATE_ID
        self._types_autorises: frozenset[str] = _TYPES_PAR_DEFAUT
        self._utilisateurs: dict[int, dict[str, Any]] = {}
        self._bloques: set[int] = set()
        self._compteurs_messages: dict[int, int] = {}
        self._messages_courants: dict[tuple[int, int], dict[str, Any]] = {}
        self._messages_bot: dict[int, list[dict[str, Any]]] = {}
        self._curseurs: dict[int, int] = {}
        self._appels: list[dict[str, Any]] = []
        self._erreurs: dict[str, list[_ErreurInjectee]] = {}
        self._fichiers: dict[str, _FichierStocke] = {}
        self._fichiers_par_chemin: dict[str, _FichierStocke] = {}
        self._callbacks: dict[str, bool] = {}
        self._commandes: dict[str, list[dict[str, Any]]] = {}
        self._webhook: dict[str, Any] = {"url": ""}
        self._generation_polling = 0
        self._polls_en_attente = 0
        self._compteur = 0
        self._arret = False
        self._attentes: set[asyncio.Event] = set()
        self._boucle: asyncio.AbstractEventLoop | None = None
        self._serveur: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._erreur_thread: BaseException | None = None
        self._port = 0
        self._methodes: dict[str, Callable[[dict[str, Any], dict[str, FichierRecu]], Any]] = {
            "getMe": self._get_me,
            "logOut": self._vrai,
            "close": self._vrai,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendVoice": self._send_voice,
            "sendChatAction": self._send_chat_action,
            "getFile": self._get_file,
            "answerCallbackQuery": self._answer_callback_query,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
        }

    # ------------------------------------------------------------------ cycle de vie

    @property
    def url_base(self) -> str:
        """URL à passer à ``base_url`` (PTB y ajoute le jeton) : http://127.0.0.1:PORT/bot."""
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def url_fichiers(self) -> str:
        """URL à passer à ``base_file_url`` : http://127.0.0.1:PORT/file/bot."""
        return f"http://127.0.0.1:{self._port}/file/bot"

    @property
    def port(self) -> int:
        """Port TCP d'écoute (0 avant démarrage)."""
        return self._port

    @property
    def jeton(self) -> str:
        """Jeton du bot accepté par le serveur (les autres reçoivent 401)."""
        return self._jeton

    @property
    def bot(self) -> dict[str, Any]:
        """Objet User du bot (tel que renvoyé par getMe)."""
        return dict(self._bot)

    def demarrer(self, timeout: float = 10.0) -> ServeurBotApi:
        """Démarre le serveur dans un thread et attend qu'il accepte les connexions."""
        if self._thread is not None:
            raise RuntimeError("serveur déjà démarré")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self._port_demande))
        self._socket = sock
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._application(), log_level="warning", lifespan="off", access_log=False, timeout_graceful_shutdown=3, timeout_keep_alive=30
        )
        self._serveur = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._executer, name=f"botapi-{self._port}", daemon=True)
        self._thread.start()
        fin = time.monotonic() + timeout
        while not self._serveur.started:
            if not self._thread.is_alive():
                raise RuntimeError("le serveur Bot API n'a pas démarré") from self._erreur_thread
            if time.monotonic() > fin:
                raise TimeoutError("le serveur Bot API n'a pas démarré à temps")
            time.sleep(0.01)
        return self

    def arreter(self, timeout: float = 10.0) -> None:
        """Arrête le serveur (réveille les long-polls en cours) et attend la fin du thread."""
        if self._thread is None or self._serveur is None:
            return
        with self._cond:
            self._arret = True
            self._cond.notify_all()
        self._signaler()
        self._serveur.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise RuntimeError("le thread du serveur Bot API ne s'est pas arrêté")
        self._thread = None
        if self._erreur_thread is not None:
            raise RuntimeError("le serveur Bot API s'est arrêté sur une erreur") from self._erreur_thread

    def __enter__(self) -> ServeurBotApi:
        """Démarre le serveur (``with ServeurBotApi() as srv:``)."""
        return self.demarrer()

    def __exit__(self, type_exc: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None) -> None:
        """Arrête le serveur."""
        self.arreter()

    def _executer(self) -> None:
        """Corps du thread : boucle asyncio propre au serveur."""
        try:
            asyncio.run(self._servir())
        except BaseException as exc:
            self._erreur_thread = exc
            raise

    async def _servir(self) -> None:
        """Lance uvicorn sur la socket déjà liée."""
        assert self._serveur is not None and self._socket is not None
        self._boucle = asyncio.get_running_loop()
        try:
            await self._serveur.serve(sockets=[self._socket])
        finally:
            self._boucle = None

    def _application(self) -> Starlette:
        """Application ASGI : API bot, fichiers et pilotage."""
        return Starlette(
            routes=[
                Route("/bot{jeton}/{methode}", self._point_api, methods=["GET", "POST"]),
                Route("/file/bot{jeton}/{chemin:path}", self._point_fichier, methods=["GET"]),
                Route("/_controle/{action}", self._point_controle, methods=["GET", "POST"]),
            ]
        )

    # ------------------------------------------------------------------ notification

    def _signaler(self) -> None:
        """Réveille (depuis n'importe quel thread) les getUpdates en attente."""
        boucle = self._boucle
        if boucle is not None and not boucle.is_closed():
            boucle.call_soon_threadsafe(self._reveiller)

    def _reveiller(self) -> None:
        """Dans la boucle du serveur : débloque tous les long-polls."""
        for evenement in list(self._attentes):
            evenement.set()

    # ------------------------------------------------------------------ HTTP

    async def _lire_parametres(self, requete: Request) -> tuple[dict[str, Any], dict[str, FichierRecu]]:
        """Lit les paramètres (query, JSON, urlencoded ou multipart) et les fichiers envoyés."""
        params: dict[str, Any] = {k: _decoder(k, v) for k, v in requete.query_params.items()}
        fichiers: dict[str, FichierRecu] = {}
        type_contenu = requete.headers.get("content-type", "").lower()
        if type_contenu.startswith("application/json"):
            corps = await requete.body()
            if corps.strip():
                try:
                    donnees = json.loads(corps)
                except json.JSONDecodeError as exc:
                    raise _requete_invalide("can't parse JSON object") from exc
                if not isinstance(donnees, dict):
                    raise _requete_invalide("JSON object expected")
                params.update(donnees)
        elif type_contenu.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            async with requete.form(max_part_size=16 * 1024 * 1024) as formulaire:
                for cle, valeur in formulaire.multi_items():
                    if isinstance(valeur, UploadFile):
                        contenu = await valeur.read()
                        fichiers[cle] = FichierRecu(valeur.filename, valeur.content_type, contenu)
                    else:
                        params[cle] = _decoder(cle, valeur)
        for cle in _CHAMPS_JSON & params.keys():
            if isinstance(params[cle], str):
                try:
                    params[cle] = json.loads(params[cle])
                except json.JSONDecodeError as exc:
                    raise _requete_invalide(f"can't parse {cle} JSON object") from exc
        return params, fichiers

    async def _point_api(self, requete: Request) -> Response:
        """Point d'entrée /bot<jeton>/<méthode>."""
        nom_brut = requete.path_params["methode"]
        methode = _METHODES_PAR_NOM.get(nom_brut.lower(), nom_brut)
        params: dict[str, Any] = {}
        fichiers: dict[str, FichierRecu] = {}
        try:
            if requete.path_params["jeton"] != self._jeton:
                raise ErreurApi(401, "Unauthorized")
            params, fichiers = await self._lire_parametres(requete)
            if methode.lower() not in _METHODES_PAR_NOM:
                raise ErreurApi(404, "Not Found")
            self._consommer_erreur(methode)
            if methode == "getUpdates":
                resultat = await self._get_updates(params)
            else:
                with self._cond:
                    resultat = self._methodes[methode](params, fichiers)
                    self._cond.notify_all()
            corps: dict[str, Any] = {"ok": True, "result": resultat}
            statut = 200
        except ErreurApi as erreur:
            corps, statut = erreur.corps(), erreur.code
        self._enregistrer(methode, params, fichiers, statut, corps)
        return JSONResponse(corps, status_code=statut)

    async def _point_fichier(self, requete: Request) -> Response:
        """Téléchargement /file/bot<jeton>/<chemin> d'un fichier obtenu par getFile."""
        with self._cond:
            fichier = self._fichiers_par_chemin.get(requete.path_params["chemin"])
        if requete.path_params["jeton"] != self._jeton or fichier is None:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, status_code=404)
        return Response(fichier.contenu, media_type="application/octet-stream")

    async def _point_controle(self, requete: Request) -> Response:
        """API de pilotage HTTP (mode autonome) : /_controle/<action>."""
        action = requete.path_params["action"]
        donnees: dict[str, Any] = dict(requete.query_params)
        if requete.method == "POST" and (await requete.body()).strip():
            donnees.update(await requete.json())
        user_id = int(donnees.get("user_id", 0))
        if action == "texte":
            resultat: Any = {"update_id": self.envoyer_texte(user_id, str(donnees["texte"]))}
        elif action == "bouton":
            resultat = {"update_id": self.appuyer_bouton(user_id, str(donnees["callback_data"]), int(donnees["message_id"]))}
        elif action in ("photo", "sticker", "vocal", "position"):
            envoi = {
                "photo": self.envoyer_photo,
                "sticker": self.envoyer_sticker,
                "vocal": self.envoyer_vocal,
                "position": self.envoyer_position,
            }[action]
            resultat = {"update_id": envoi(user_id)}
        elif action == "messages":
            resultat = self.messages(int(donnees["chat_id"]))
        elif action == "appels":
            resultat = self.appels(donnees.get("methode"))
        elif action == "erreur":
            retry = donnees.get("retry_after")
            self.injecter_erreur(
                str(donnees["methode"]), int(donnees["code"]), None if retry is None else int(retry), int(donnees.get("fois", 1))
            )
            resultat = True
        else:
            return JSONResponse({"ok": False, "description": f"action inconnue : {action}"}, status_code=404)
        return JSONResponse({"ok": True, "result": _json_sur(resultat)})

    def _enregistrer(
        self, methode: str, params: dict[str, Any], fichiers: dict[str, FichierRecu], statut: int, reponse: dict[str, Any]
    ) -> None:
        """Mémorise un appel d'API (méthode, paramètres, fichiers, réponse)."""
        appel = {
            "methode": methode,
            "params": params,
            "fichiers": {cle: {"nom": f.nom, "type_mime": f.type_mime, "contenu": f.contenu} for cle, f in fichiers.items()},
            "statut": statut,
            "reponse": reponse,
            "horodatage": time.time(),
        }
        with self._cond:
            self._appels.append(appel)
            self._cond.notify_all()

    def _consommer_erreur(self, methode: str) -> None:
        """Lève l'erreur injectée pour cette méthode, s'il en reste."""
        with self._cond:
            file = self._erreurs.get(methode.lower())
            if not file:
                return
            erreur = file[0]
            erreur.restantes -= 1
            if erreur.restantes <= 0:
                file.pop(0)
        if erreur.code == 429:
            delai = erreur.retry_after if erreur.retry_after is not None else 1
            raise ErreurApi(429, erreur.description or f"Too Many Requests: retry after {delai}", {"retry_after": delai})
        if erreur.description is not None:
            description = erreur.description
        elif erreur.code == 400:
            description = "Bad Request: injected error"
        elif erreur.code == 403:
            description = "Forbidden: bot was blocked by the user"
        else:
            description = HTTPStatus(erreur.code).phrase
        raise ErreurApi(erreur.code, description)

    # ------------------------------------------------------------------ utilitaires d'état (verrou tenu)

    def _nouvel_update_id(self) -> int:
        """Alloue un update_id croissant."""
        with self._cond:
            update_id = self._prochain_update
            self._prochain_update += 1
            return update_id

    def _nouveau_message_id(self, chat_id: int) -> int:
        """Alloue un message_id croissant dans le chat (partagé bot/utilisateur)."""
        with self._cond:
            suivant = self._compteurs_messages.get(chat_id, 0) + 1
            self._compteurs_messages[chat_id] = suivant
            return suivant

    def _nouveau_numero(self) -> int:
        """Compteur interne (identifiants de fichiers, callbacks)."""
        with self._cond:
            self._compteur += 1
            return self._compteur

    def _inscrire(self, user_id: int, prenom: str | None) -> dict[str, Any]:
        """Enregistre (ou met à jour) un résident et renvoie son objet User."""
        with self._cond:
            utilisateur = self._utilisateurs.get(user_id)
            if utilisateur is None or prenom is not None:
                utilisateur = {"id": user_id, "is_bot": False, "first_name": prenom or "Résident", "language_code": "fr"}
                self._utilisateurs[user_id] = utilisateur
            return dict(utilisateur)

    def _chat(self, chat_id: int) -> dict[str, Any]:
        """Objet Chat privé du résident."""
        with self._cond:
            utilisateur = self._utilisateurs.get(chat_id, {"first_name": "Résident"})
            return {"id": chat_id, "type": "private", "first_name": utilisateur["first_name"]}

    def _stocker_fichier(self, contenu: bytes, dossier: str, extension: str, prefixe: str) -> _FichierStocke:
        """Rend un contenu téléchargeable (file_id, file_unique_id, chemin)."""
        numero = self._nouveau_numero()
        empreinte = hashlib.sha256(contenu + numero.to_bytes(8, "big")).digest()
        file_id = prefixe + base64.urlsafe_b64encode(empreinte).decode("ascii").rstrip("=")
        unique = "AgAD" + base64.urlsafe_b64encode(empreinte[:9]).decode("ascii")
        fichier = _FichierStocke(file_id, unique, f"{dossier}/file_{numero}.{extension}", contenu)
        with self._cond:
            self._fichiers[file_id] = fichier
            self._fichiers_par_chemin[fichier.chemin] = fichier
        return fichier

    def _message_utilisateur(self, user_id: int, prenom: str | None, contenu: dict[str, Any]) -> dict[str, Any]:
        """Crée (et mémorise) un message envoyé par un résident."""
        utilisateur = self._inscrire(user_id, prenom)
        message = {
            "message_id": self._nouveau_message_id(user_id),
            "from": utilisateur,
            "chat": self._chat(user_id),
            "date": int(time.time()),
            **contenu,
        }
        with self._cond:
            self._messages_courants[(user_id, message["message_id"])] = message
        return copy.deepcopy(message)

    # ------------------------------------------------------------------ fabrication des mises à jour

    def maj_texte(self, user_id: int, texte: str, *, prenom: str | None = None) -> dict[str, Any]:
        """Fabrique (sans la mettre en file) une mise à jour « message texte » d'un résident."""
        contenu: dict[str, Any] = {"text": texte}
        if texte.startswith("/"):
            commande = texte.split(maxsplit=1)[0] if texte.strip() else texte
            contenu["entities"] = [{"type": "bot_command", "offset": 0, "length": len(commande.encode("utf-16-le")) // 2}]
        return {"update_id": self._nouvel_update_id(), "message": self._message_utilisateur(user_id, prenom, contenu)}

    def maj_bouton(self, user_id: int, callback_data: str, message_id: int, *, verifier: bool = True) -> dict[str, Any]:
        """Fabrique une mise à jour callback_query (appui sur un bouton d'un message du bot)."""
        with self._cond:
            message = self._messages_courants.get((user_id, message_id))
            if message is None:
                raise ValueError(f"aucun message {message_id} dans le chat {user_id}")
            boutons = [b.get("callback_data") for rangee in message.get("reply_markup", {}).get("inline_keyboard", []) for b in rangee]
            if verifier and callback_data not in boutons:
                raise ValueError(f"le message {message_id} n'a pas de bouton {callback_data!r} (boutons : {boutons})")
            message = copy.deepcopy(message)
        identifiant = str(4_000_000_000_000_000_000 + self._nouveau_numero())
        with self._cond:
            self._callbacks[identifiant] = False
        requete = {
            "id": identifiant,
            "from": self._inscrire(user_id, None),
            "message": message,
            "chat_instance": str(-8_000_000_000_000_000_000 + user_id),
            "data": callback_data,
        }
        return {"update_id": self._nouvel_update_id(), "callback_query": requete}

    def maj_photo(self, user_id: int, *, legende: str | None = None, prenom: str | None = None) -> dict[str, Any]:
        """Fabrique une mise à jour « photo » (trois tailles, file_ids factices téléchargeables)."""
        tailles = []
        for largeur, hauteur in ((90, 67), (320, 240), (1280, 960)):
            contenu = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(largeur)
            fichier = self._stocker_fichier(contenu, "photos", "jpg", "AgACAgQAAxkBAAI")
            tailles.append(
                {
                    "file_id": fichier.file_id,
                    "file_unique_id": fichier.file_unique_id,
                    "width": largeur,
                    "height": hauteur,
                    "file_size": len(contenu),
                }
            )
        contenu_message: dict[str, Any] = {"photo": tailles}
        if legende is not None:
            contenu_message["caption"] = legende
        return {"update_id": self._nouvel_update_id(), "message": self._message_utilisateur(user_id, prenom, contenu_message)}

    def maj_sticker(self, user_id: int, *, prenom: str | None = None) -> dict[str, Any]:
        """Fabrique une mise à jour « autocollant »."""
        contenu = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(32)
        fichier = self._stocker_fichier(contenu, "stickers", "webp", "CAACAgIAAxkBAAI")
        sticker = {
            "file_id": fichier.file_id,
            "file_unique_id": fichier.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
            "set_name": "Passerelle_tests",
            "file_size": len(contenu),
        }
        return {"update_id": self._nouvel_update_id(), "message": self._message_utilisateur(user_id, prenom, {"sticker": sticker})}

    def maj_vocal(
        self, user_id: int, contenu: bytes | None = None, *, duree: int | None = None, prenom: str | None = None
    ) -> dict[str, Any]:
        """Fabrique une mise à jour « message vocal » ; ``contenu`` (OGG/Opus) est téléchargeable via getFile."""
        octets = contenu if contenu is not None else b"OggS" + bytes(60)
        fichier = self._stocker_fichier(octets, "voice", "oga", "AwACAgQAAxkBAAI")
        vocal = {
            "file_id": fichier.file_id,
            "file_unique_id": fichier.file_unique_id,
            "duration": duree if duree is not None else (_duree_ogg(octets) or 2),
            "mime_type": "audio/ogg",
            "file_size": len(octets),
        }
        return {"update_id": self._nouvel_update_id(), "message": self._message_utilisateur(user_id, prenom, {"voice": vocal})}

    def maj_position(
        self, user_id: int, latitude: float = LATITUDE_CALAIS, longitude: float = LONGITUDE_CALAIS, *, prenom: str | None = None
    ) -> dict[str, Any]:
        """Fabrique une mise à jour « position partagée » (Calais par défaut)."""
        position = {"latitude": latitude, "longitude": longitude}
        return {"update_id": self._nouvel_update_id(), "message": self._message_utilisateur(user_id, prenom, {"location": position})}

    # ------------------------------------------------------------------ pilotage : entrées

    def mettre_en_file(self, update: dict[str, Any]) -> int:
        """Met une mise à jour (dict) en file pour getUpdates ; renvoie son update_id."""
        with self._cond:
            self._file_attente.append(copy.deepcopy(update))
            self._file_attente.sort(key=lambda u: u["update_id"])
        self._signaler()
        return int(update["update_id"])

    def envoyer_texte(self, user_id: int, texte: str, *, prenom: str | None = None) -> int:
        """Le résident ``user_id`` écrit ``texte`` au bot ; renvoie l'update_id."""
        return self.mettre_en_file(self.maj_texte(user_id, texte, prenom=prenom))

    def appuyer_bouton(self, user_id: int, callback_data: str, message_id: int, *, verifier: bool = True) -> int:
        """Le résident appuie sur le bouton ``callback_data`` du message ``message_id`` du bot."""
        return self.mettre_en_file(self.maj_bouton(user_id, callback_data, message_id, verifier=verifier))

    def envoyer_photo(self, user_id: int, *, legende: str | None = None) -> int:
        """Le résident envoie une photo."""
        return self.mettre_en_file(self.maj_photo(user_id, legende=legende))

    def envoyer_sticker(self, user_id: int) -> int:
        """Le résident envoie un autocollant."""
        return self.mettre_en_file(self.maj_sticker(user_id))

    def envoyer_vocal(self, user_id: int, contenu: bytes | None = None, *, duree: int | None = None) -> int:
        """Le résident envoie un message vocal (octets OGG optionnels, récupérables par getFile)."""
        return self.mettre_en_file(self.maj_vocal(user_id, contenu, duree=duree))

    def envoyer_position(self, user_id: int, latitude: float = LATITUDE_CALAIS, longitude: float = LONGITUDE_CALAIS) -> int:
        """Le résident partage sa position."""
        return self.mettre_en_file(self.maj_position(user_id, latitude, longitude))

    def ajouter_utilisateur(self, user_id: int, prenom: str = "Résident") -> None:
        """Déclare un résident sans message (pour qu'un envoi proactif du bot ne donne pas « chat not found »)."""
        self._inscrire(user_id, prenom)

    def bloquer(self, user_id: int, bloque: bool = True) -> None:
        """Simule un résident qui a bloqué le bot (403 Forbidden sur les envois)."""
        with self._cond:
            if bloque:
                self._bloques.add(user_id)
            else:
                self._bloques.discard(user_id)

    def injecter_erreur(
        self, methode: str, code: int, retry_after: int | None = None, fois: int = 1, *, description: str | None = None
    ) -> None:
        """Les ``fois`` prochains appels de ``methode`` répondent ``code`` (429 : parameters.retry_after)."""
        if fois < 1:
            raise ValueError("fois doit être >= 1")
        with self._cond:
            self._erreurs.setdefault(methode.lower(), []).append(_ErreurInjectee(code, retry_after, fois, description))

    # ------------------------------------------------------------------ pilotage : observations

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """Messages du bot dans ce chat (sendMessage/sendVoice réussis) : methode, params, message, message_id, texte, voix."""
        with self._cond:
            return copy.deepcopy(self._messages_bot.get(chat_id, []))

    def curseur(self, chat_id: int) -> int:
        """Position courante du curseur d'``attendre_messages`` pour ce chat."""
        with self._cond:
            return self._curseurs.get(chat_id, 0)

    def _prendre(self, chat_id: int, n: int, depuis: int | None) -> list[dict[str, Any]] | None:
        """Si au moins n messages sont arrivés depuis le curseur, les renvoie et avance le curseur."""
        with self._cond:
            debut = self._curseurs.get(chat_id, 0) if depuis is None else depuis
            liste = self._messages_bot.get(chat_id, [])
            if len(liste) - debut < n:
                return None
            self._curseurs[chat_id] = len(liste)
            return copy.deepcopy(liste[debut:])

    def _expiration(self, chat_id: int, n: int, timeout: float) -> TimeoutError:
        """Erreur explicite quand les messages attendus ne sont pas venus."""
        with self._cond:
            recus = [m["texte"] for m in self._messages_bot.get(chat_id, [])[self._curseurs.get(chat_id, 0) :]]
            erreurs = [(a["methode"], a["reponse"].get("description")) for a in self._appels if a["statut"] != 200]
        return TimeoutError(
            f"{n} message(s) attendu(s) dans le chat {chat_id} en {timeout} s ; nouveaux reçus : {recus} ; "
            f"appels en erreur : {erreurs[-5:]}"
        )

    def attendre_messages(self, chat_id: int, n: int = 1, timeout: float = 10.0, *, depuis: int | None = None) -> list[dict[str, Any]]:
        """Attend >= n nouveaux messages du bot (depuis le curseur ou ``depuis``), les renvoie tous et avance le curseur."""
        if _dans_une_boucle():
            raise RuntimeError("appel bloquant dans une boucle asyncio : utilisez attendre_messages_async")
        fin = time.monotonic() + timeout
        with self._cond:
            while (resultat := self._prendre(chat_id, n, depuis)) is None:
                restant = fin - time.monotonic()
                if restant <= 0:
                    raise self._expiration(chat_id, n, timeout)
                self._cond.wait(restant)
            return resultat

    async def attendre_messages_async(
        self, chat_id: int, n: int = 1, timeout: float = 10.0, *, depuis: int | None = None
    ) -> list[dict[str, Any]]:
        """Variante asynchrone (non bloquante pour la boucle) de :meth:`attendre_messages`."""
        fin = time.monotonic() + timeout
        while (resultat := self._prendre(chat_id, n, depuis)) is None:
            if time.monotonic() >= fin:
                raise self._expiration(chat_id, n, timeout)
            await asyncio.sleep(0.02)
        return resultat

    def appels(self, methode: str | None = None) -> list[dict[str, Any]]:
        """Appels d'API reçus (methode, params, fichiers, statut, reponse), filtrés par méthode si donnée."""
        with self._cond:
            choisis = [a for a in self._appels if methode is None or a["methode"].lower() == methode.lower()]
            return copy.deepcopy(choisis)

    async def attendre_appel_async(self, methode: str, n: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Attend qu'au moins n appels de ``methode`` aient été reçus ; les renvoie tous."""
        fin = time.monotonic() + timeout
        while len(trouves := self.appels(methode)) < n:
            if time.monotonic() >= fin:
                raise TimeoutError(f"{n} appel(s) {methode} attendu(s), {len(trouves)} reçu(s)")
            await asyncio.sleep(0.02)
        return trouves

    def attendre_appel(self, methode: str, n: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Variante synchrone de :meth:`attendre_appel_async`."""
        if _dans_une_boucle():
            raise RuntimeError("appel bloquant dans une boucle asyncio : utilisez attendre_appel_async")
        fin = time.monotonic() + timeout
        with self._cond:
            while len(trouves := self.appels(methode)) < n:
                restant = fin - time.monotonic()
                if restant <= 0:
                    raise TimeoutError(f"{n} appel(s) {methode} attendu(s), {len(trouves)} reçu(s)")
                self._cond.wait(restant)
            return trouves

    @property
    def polls_en_attente(self) -> int:
        """Nombre de getUpdates actuellement suspendus en long-polling."""
        with self._cond:
            return self._polls_en_attente

    async def attendre_long_poll_async(self, timeout: float = 10.0) -> None:
        """Attend qu'un getUpdates soit suspendu en long-polling (le bot écoute)."""
        fin = time.monotonic() + timeout
        while self.polls_en_attente < 1:
            if time.monotonic() >= fin:
                raise TimeoutError("aucun getUpdates en attente")
            await asyncio.sleep(0.02)

    def attendre_long_poll(self, timeout: float = 10.0) -> None:
        """Variante synchrone de :meth:`attendre_long_poll_async`."""
        if _dans_une_boucle():
            raise RuntimeError("appel bloquant dans une boucle asyncio : utilisez attendre_long_poll_async")
        fin = time.monotonic() + timeout
        while self.polls_en_attente < 1:
            if time.monotonic() >= fin:
                raise TimeoutError("aucun getUpdates en attente")
            time.sleep(0.02)

    def etat_message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """État courant d'un message (après éditions) ; None s'il n'existe pas ou a été supprimé."""
        with self._cond:
            message = self._messages_courants.get((chat_id, message_id))
            return copy.deepcopy(message) if message is not None else None

    def mises_a_jour_en_attente(self) -> list[dict[str, Any]]:
        """Mises à jour en file, non encore confirmées par un offset."""
        with self._cond:
            return copy.deepcopy(self._file_attente)

    @property
    def webhook(self) -> dict[str, Any]:
        """Dernier webhook enregistré par setWebhook (url vide si aucun)."""
        with self._cond:
            return copy.deepcopy(self._webhook)

    def commandes(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        """Commandes enregistrées par setMyCommands pour ce scope/langue."""
        with self._cond:
            return copy.deepcopy(self._commandes.get(self._cle_commandes(scope, language_code), []))

    # ------------------------------------------------------------------ méthodes de l'API

    def _vrai(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> bool:
        """close / logOut : renvoient true."""
        return True

    def _get_me(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> dict[str, Any]:
        """getMe."""
        return dict(self._bot)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """getUpdates : long-polling réel jusqu'à ``timeout`` s, confirmation par ``offset``."""
        offset = int(params.get("offset") or 0)
        limite = min(100, max(1, int(params.get("limit") or 100)))
        attente = max(0.0, float(params.get("timeout") or 0))
        autorises = params.get("allowed_updates")
        with self._cond:
            if self._webhook["url"]:
                raise ErreurApi(
                    409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
                )
            if autorises is not None:
                self._types_autorises = frozenset(autorises) if autorises else _TYPES_PAR_DEFAUT
            self._confirmer(offset)
            self._generation_polling += 1
            generation = self._generation_polling
            prets = self._selectionner(limite)
        self._reveiller()  # une requête plus ancienne encore en attente reçoit un 409
        boucle = asyncio.get_running_loop()
        fin = boucle.time() + attente
        while not prets:
            restant = fin - boucle.time()
            with self._cond:
                arret = self._arret
            if restant <= 0 or arret:
                break
            evenement = asyncio.Event()
            minuterie = boucle.call_later(restant, evenement.set)
            self._attentes.add(evenement)
            with self._cond:
                self._polls_en_attente += 1
            try:
                await evenement.wait()
            finally:
                minuterie.cancel()
                self._attentes.discard(evenement)
                with self._cond:
                    self._polls_en_attente -= 1
            with self._cond:
                if generation != self._generation_polling:
                    raise ErreurApi(
                        409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
                    )
                prets = self._selectionner(limite)
        return prets

    def _confirmer(self, offset: int) -> None:
        """Oublie les mises à jour confirmées par ``offset`` (négatif : garde les -offset dernières)."""
        if offset > 0:
            self._file_attente = [u for u in self._file_attente if u["update_id"] >= offset]
        elif offset < 0:
            self._file_attente = self._file_attente[offset:]

    def _selectionner(self, limite: int) -> list[dict[str, Any]]:
        """Écarte les types non autorisés et renvoie au plus ``limite`` mises à jour."""
        self._file_attente = [u for u in self._file_attente if any(cle in self._types_autorises for cle in u if cle != "update_id")]
        return copy.deepcopy(self._file_attente[:limite])

    def _set_webhook(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> bool:
        """setWebhook : mémorise l'URL, le secret et les options."""
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if url and not url.startswith(("http://", "https://")):
            raise _requete_invalide("bad webhook: An HTTPS URL must be provided for webhook")
        if secret is not None and not _RE_SECRET.match(str(secret)):
            raise _requete_invalide("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._file_attente.clear()
        self._webhook = {
            "url": url,
            "secret_token": secret,
            "allowed_updates": params.get("allowed_updates"),
            "max_connections": params.get("max_connections", 40),
            "ip_address": params.get("ip_address"),
            "certificat": "certificate" in fichiers,
        }
        if params.get("allowed_updates") is not None:
            self._types_autorises = frozenset(params["allowed_updates"]) or _TYPES_PAR_DEFAUT
        return True

    def _delete_webhook(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> bool:
        """deleteWebhook (drop_pending_updates vide la file)."""
        self._webhook = {"url": ""}
        if params.get("drop_pending_updates"):
            self._file_attente.clear()
        return True

    def _get_webhook_info(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> dict[str, Any]:
        """getWebhookInfo."""
        info: dict[str, Any] = {
            "url": self._webhook["url"],
            "has_custom_certificate": bool(self._webhook.get("certificat")),
            "pending_update_count": len(self._file_attente),
        }
        if self._webhook["url"]:
            info["max_connections"] = self._webhook.get("max_connections", 40)
            if self._webhook.get("allowed_updates") is not None:
                info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    def _chat_id(self, params: dict[str, Any]) -> int:
        """Valide chat_id (présent, connu, non bloqué)."""
        brut = params.get("chat_id")
        if brut is None or brut == "":
            raise _requete_invalide("chat_id is empty")
        if isinstance(brut, bool) or not isinstance(brut, (int, str)) or not str(brut).lstrip("-").isdigit():
            raise _requete_invalide("chat not found")
        chat_id = int(brut)
        if self._chats_stricts and chat_id not in self._utilisateurs:
            raise _requete_invalide("chat not found")
        if chat_id in self._bloques:
            raise ErreurApi(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _message_id(self, params: dict[str, Any]) -> int:
        """Valide message_id."""
        brut = params.get("message_id")
        if brut is None or brut == "":
            raise _requete_invalide("message identifier is not specified")
        if isinstance(brut, bool) or not str(brut).isdigit():
            raise _requete_invalide("MESSAGE_ID_INVALID")
        return int(brut)

    @staticmethod
    def _clavier(params: dict[str, Any]) -> dict[str, Any] | None:
        """Valide reply_markup ; renvoie le clavier inline à renvoyer dans le Message (ou None)."""
        balisage = params.get("reply_markup")
        if balisage is None:
            return None
        if not isinstance(balisage, dict):
            raise _requete_invalide("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in balisage:
            return None
        rangees = balisage["inline_keyboard"]
        if not isinstance(rangees, list) or not all(isinstance(r, list) for r in rangees):
            raise _requete_invalide('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
        actions = (
            "callback_data",
            "url",
            "web_app",
            "login_url",
            "switch_inline_query",
            "switch_inline_query_current_chat",
            "switch_inline_query_chosen_chat",
            "copy_text",
            "callback_game",
            "pay",
        )
        for rangee in rangees:
            for bouton in rangee:
                if not isinstance(bouton, dict) or not bouton.get("text"):
                    raise _requete_invalide("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
                if not any(a in bouton for a in actions):
                    raise _requete_invalide("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
                donnees = bouton.get("callback_data")
                if donnees is not None and not 1 <= len(str(donnees).encode("utf-8")) <= LIMITE_CALLBACK_DATA:
                    raise _requete_invalide("BUTTON_DATA_INVALID")
        return {"inline_keyboard": copy.deepcopy(rangees)}

    def _nouveau_message_bot(
        self,
        methode: str,
        chat_id: int,
        params: dict[str, Any],
        contenu: dict[str, Any],
        clavier: dict[str, Any] | None,
        texte: str | None,
        voix: bytes | None,
    ) -> dict[str, Any]:
        """Crée, mémorise et renvoie un Message envoyé par le bot."""
        message: dict[str, Any] = {
            "message_id": self._nouveau_message_id(chat_id),
            "from": dict(self._bot),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            **contenu,
        }
        if clavier is not None:
            message["reply_markup"] = clavier
        self._messages_courants[(chat_id, message["message_id"])] = message
        self._messages_bot.setdefault(chat_id, []).append(
            {
                "methode": methode,
                "params": copy.deepcopy(params),
                "message": copy.deepcopy(message),
                "message_id": message["message_id"],
                "texte": texte,
                "voix": voix,
            }
        )
        return copy.deepcopy(message)

    def _send_message(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> dict[str, Any]:
        """sendMessage."""
        chat_id = self._chat_id(params)
        texte = params.get("text")
        if texte is None or str(texte).strip() == "":
            raise _requete_invalide("message text is empty")
        visible = _texte_visible(str(texte), params.get("parse_mode"))
        if not visible.strip():
            raise _requete_invalide("text must be non-empty")
        if len(visible.encode("utf-16-le")) // 2 > LIMITE_TEXTE:
            raise _requete_invalide("message is too long")
        clavier = self._clavier(params)
        return self._nouveau_message_bot("sendMessage", chat_id, params, {"text": visible}, clavier, visible, None)

    def _send_voice(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> dict[str, Any]:
        """sendVoice (upload multipart, attach:// ou file_id déjà connu)."""
        chat_id = self._chat_id(params)
        valeur = params.get("voice")
        if "voice" in fichiers:
            contenu = fichiers["voice"].contenu
        elif isinstance(valeur, str) and valeur.startswith("attach://") and valeur[9:] in fichiers:
            contenu = fichiers[valeur[9:]].contenu
        elif isinstance(valeur, str) and valeur in self._fichiers:
            contenu = self._fichiers[valeur].contenu
        elif valeur:
            raise _requete_invalide("wrong file identifier/HTTP URL specified")
        else:
            raise _requete_invalide("there is no voice in the request")
        if not contenu:
            raise _requete_invalide("file must be non-empty")
        legende = params.get("caption")
        contenu_message: dict[str, Any] = {}
        if legende:
            legende = _texte_visible(str(legende), params.get("parse_mode"))
            if len(legende.encode("utf-16-le")) // 2 > LIMITE_LEGENDE:
                raise _requete_invalide("message caption is too long")
            contenu_message["caption"] = legende
        duree = params.get("duration")
        fichier = self._stocker_fichier(contenu, "voice", "oga", "AwACAgQAAxkDAAI")
        contenu_message["voice"] = {
            "file_id": fichier.file_id,
            "file_unique_id": fichier.file_unique_id,
            "duration": int(float(duree)) if duree not in (None, "") else _duree_ogg(contenu),
            "mime_type": "audio/ogg",
            "file_size": len(contenu),
        }
        clavier = self._clavier(params)
        return self._nouveau_message_bot("sendVoice", chat_id, params, contenu_message, clavier, legende or None, contenu)

    def _send_chat_action(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> bool:
        """sendChatAction."""
        self._chat_id(params)
        if params.get("action") not in _ACTIONS_CHAT:
            raise _requete_invalide("wrong parameter action in request")
        return True

    def _get_file(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> dict[str, Any]:
        """getFile : chemin téléchargeable sous url_fichiers."""
        fichier = self._fichiers.get(str(params.get("file_id") or ""))
        if fichier is None:
            raise _requete_invalide("invalid file_id")
        return {
            "file_id": fichier.file_id,
            "file_unique_id": fichier.file_unique_id,
            "file_size": len(fichier.contenu),
            "file_path": fichier.chemin,
        }

    def _answer_callback_query(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> bool:
        """answerCallbackQuery (une seule réponse par requête, comme Telegram)."""
        identifiant = str(params.get("callback_query_id") or "")
        if self._callbacks.get(identifiant, True):
            raise _requete_invalide("query is too old and response timeout expired or query ID is invalid")
        texte = params.get("text")
        if texte is not None and len(str(texte)) > 200:
            raise _requete_invalide("MESSAGE_TOO_LONG")
        self._callbacks[identifiant] = True
        return True

    def _message_a_editer(self, params: dict[str, Any]) -> dict[str, Any]:
        """Retrouve le message du bot visé par une édition."""
        if params.get("inline_message_id"):
            raise _requete_invalide("MESSAGE_ID_INVALID")
        chat_id = self._chat_id(params)
        message = self._messages_courants.get((chat_id, self._message_id(params)))
        if message is None:
            raise _requete_invalide("message to edit not found")
        if not message["from"].get("is_bot"):
            raise _requete_invalide("message can't be edited")
        return message

    def _appliquer_edition(self, message: dict[str, Any], nouveau: dict[str, Any]) -> dict[str, Any]:
        """Applique une édition (refusée si rien ne change, comme Telegram)."""
        avant = {k: message.get(k) for k in nouveau}
        if avant == nouveau:
            raise _requete_invalide(
                "message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message"
            )
        for cle, valeur in nouveau.items():
            if valeur is None:
                message.pop(cle, None)
            else:
                message[cle] = valeur
        message["edit_date"] = int(time.time())
        return copy.deepcopy(message)

    def _edit_message_text(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> dict[str, Any]:
        """editMessageText."""
        message = self._message_a_editer(params)
        texte = params.get("text")
        if texte is None or str(texte).strip() == "":
            raise _requete_invalide("text must be non-empty")
        if "text" not in message:
            raise _requete_invalide("there is no text in the message to edit")
        visible = _texte_visible(str(texte), params.get("parse_mode"))
        if len(visible.encode("utf-16-le")) // 2 > LIMITE_TEXTE:
            raise _requete_invalide("MESSAGE_TOO_LONG")
        return self._appliquer_edition(message, {"text": visible, "reply_markup": self._clavier(params)})

    def _edit_message_reply_markup(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> dict[str, Any]:
        """editMessageReplyMarkup (sans reply_markup : retire le clavier)."""
        message = self._message_a_editer(params)
        return self._appliquer_edition(message, {"reply_markup": self._clavier(params)})

    def _delete_message(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> bool:
        """deleteMessage."""
        chat_id = self._chat_id(params)
        cle = (chat_id, self._message_id(params))
        if cle not in self._messages_courants:
            raise _requete_invalide("message to delete not found")
        del self._messages_courants[cle]
        return True

    @staticmethod
    def _cle_commandes(scope: Any, language_code: Any) -> str:
        """Clé de stockage des commandes par (scope, langue)."""
        portee = scope if isinstance(scope, dict) else {"type": "default"}
        return json.dumps([portee, str(language_code or "")], sort_keys=True)

    def _set_my_commands(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> bool:
        """setMyCommands (commande : [a-z0-9_]{1,32}, description 1..256)."""
        commandes = params.get("commands")
        if not isinstance(commandes, list):
            raise _requete_invalide("can't parse commands JSON object")
        if len(commandes) > 100:
            raise _requete_invalide("BOT_COMMANDS_TOO_MUCH")
        for commande in commandes:
            if not isinstance(commande, dict) or not _RE_COMMANDE.match(str(commande.get("command", ""))):
                raise _requete_invalide("BOT_COMMAND_INVALID")
            if not 1 <= len(str(commande.get("description", ""))) <= 256:
                raise _requete_invalide("BOT_COMMAND_DESCRIPTION_INVALID")
        cle = self._cle_commandes(params.get("scope"), params.get("language_code"))
        self._commandes[cle] = [{"command": c["command"], "description": c["description"]} for c in commandes]
        return True

    def _get_my_commands(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> list[dict[str, Any]]:
        """getMyCommands."""
        cle = self._cle_commandes(params.get("scope"), params.get("language_code"))
        return copy.deepcopy(self._commandes.get(cle, []))

    def _delete_my_commands(self, params: dict[str, Any], fichiers: dict[str, FichierRecu]) -> bool:
        """deleteMyCommands."""
        self._commandes.pop(self._cle_commandes(params.get("scope"), params.get("language_code")), None)
        return True


def principal(arguments: list[str] | None = None) -> int:
    """Point d'entrée autonome : ``python -m tests.botapi.serveur --port P``."""
    analyseur = argparse.ArgumentParser(description="Faux serveur Bot API Telegram (tests Passerelle)")
    analyseur.add_argument("--port", type=int, default=0, help="port d'écoute (0 : port libre)")
    analyseur.add_argument("--jeton", default=JETON_PAR_DEFAUT, help="jeton du bot accepté")
    analyseur.add_argument("--chats-libres", action="store_true", help="accepter les chat_id jamais vus")
    options = analyseur.parse_args(arguments)
    fin = threading.Event()

    def sur_signal(numero: int, cadre: FrameType | None) -> None:
        """Demande l'arrêt sur SIGTERM/SIGINT."""
        fin.set()

    signal.signal(signal.SIGTERM, sur_signal)
    signal.signal(signal.SIGINT, sur_signal)
    serveur = ServeurBotApi(options.jeton, port=options.port, chats_stricts=not options.chats_libres)
    with serveur:
        print(f"url_base={serveur.url_base}", flush=True)
        print(f"url_fichiers={serveur.url_fichiers}", flush=True)
        print(f"jeton={serveur.jeton}", flush=True)
        print(f"controle=http://127.0.0.1:{serveur.port}/_controle/", flush=True)
        while not fin.wait(0.5):
            continue
    return 0


if __name__ == "__main__":
    sys.exit(principal())
