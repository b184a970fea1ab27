"""End to end: the real PTB Application (in-process, and `python -m bot telegram`) against the Bot API stand-in."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from telegram.ext import Application

from bot.canaux.telegram.application import construire_application
from bot.canaux.telegram.canal import CanalTelegram
from bot.canaux.telegram.rendu import rendre_tour
from bot.config import RACINE, Settings
from bot.dialogue import reponses as r
from bot.dialogue.cles import Cle
from bot.dialogue.contexte import Contexte, construire_contexte
from bot.dialogue.etat import Etat, etat_initial
from bot.dialogue.moteur import repondre
from bot.dialogue.parcours import charger_parcours
from bot.stockage.identite import charger_sel, cle_usager
from bot.stockage.sessions import DepotSessions
from bot.voix import Pyttsx3Speaker, VoixEnCache
from tests.botapi.serveur import ServeurBotApi
from tests.fixtures_db import compter_sessions, url_base, vider_base_en_texte  # noqa: F401  (pytest fixture)

UID = 4242
TEXTES = charger_parcours(RACINE / "dialogues").textes
Message = dict[str, Any]
Fin = Callable[[Message], bool]


def a_un_clavier(message: Message) -> bool:
    """True for a bot message carrying an inline keyboard (the end of an engine turn without voice)."""
    return bool(message["message"].get("reply_markup", {}).get("inline_keyboard"))


def est_vocal(message: Message) -> bool:
    """True for a voice note (the end of a turn when voice is on)."""
    return message["methode"] == "sendVoice"


def boutons(message: Message) -> list[str]:
    """The callback_data of a message's keyboard."""
    return [b["callback_data"] for rangee in message["message"].get("reply_markup", {}).get("inline_keyboard", []) for b in rangee]


def dernier_clavier(messages: list[Message]) -> Message:
    """The last message of a turn that has a keyboard."""
    return [m for m in messages if a_un_clavier(m)][-1]


async def attendre_fin(srv: ServeurBotApi, uid: int, fin: Fin, timeout: float = 60.0) -> list[Message]:
    """Collect the bot's new messages until one satisfies `fin` (the end of the turn)."""
    recus: list[Message] = []
    limite = time.monotonic() + timeout
    while not recus or not fin(recus[-1]):
        recus += await srv.attendre_messages_async(uid, 1, timeout=max(0.1, limite - time.monotonic()))
    return recus


def etat_en_base(url: str, cle: str) -> Etat:
    """The conversation state stored for `cle`, read with raw SQL."""
    moteur = create_engine(url)
    try:
        with moteur.connect() as connexion:
            brut = connexion.execute(text("SELECT etat FROM sessions_usagers WHERE cle = :c"), {"c": cle}).scalar_one()
    finally:
        moteur.dispose()
    return Etat.depuis_dict(json.loads(brut))


@dataclass
class Banc:
    """A running Application wired to the stand-in, with its adapter and settings."""

    srv: ServeurBotApi
    settings: Settings
    canal: CanalTelegram
    application: Application  # type: ignore[type-arg]

    @property
    def fin(self) -> Fin:
        """End of an engine turn: the voice note when voice is available, else the keyboard."""
        return est_vocal if self.canal.voix is not None else a_un_clavier

    async def tour(self, action: Callable[[], int], fin: Fin | None = None, uid: int = UID) -> list[Message]:
        """Do one resident action and return every bot message of the answer."""
        action()
        return await attendre_fin(self.srv, uid, fin or self.fin)

    def cle(self, uid: int = UID) -> str:
        """The resident's key in the store."""
        return cle_usager(charger_sel(self.settings), "telegram", uid)


async def demarrer(srv: ServeurBotApi, settings: Settings, contexte: Contexte, voix: VoixEnCache | None) -> Banc:
    """Start the real Application (long polling against the stand-in), as run_polling would."""
    canal = CanalTelegram(contexte, DepotSessions.depuis_settings(settings), charger_sel(settings), voix, settings.expiration_session_s)
    application = construire_application(settings, canal)
    await application.initialize()
    await canal.au_demarrage(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(timeout=1)
    return Banc(srv, settings, canal, application)


async def arreter(banc: Banc) -> None:
    """Stop the Application and close the store (the shared voice engine stays up)."""
    assert banc.application.updater is not None
    await banc.application.updater.stop()
    await banc.application.stop()
    await banc.canal.a_l_arret(banc.application)
    await banc.application.shutdown()
    banc.canal.depot.fermer()


@pytest.fixture(scope="module")
def contexte() -> Contexte:
    """The real knowledge base and dialogues, loaded once."""
    return construire_contexte(Settings())


@pytest.fixture(scope="module")
def voix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoixEnCache]:
    """One real espeak-ng voice engine (pyttsx3 worker) and audio cache for the module."""
    cache = VoixEnCache(tmp_path_factory.mktemp("cache-audio"), Pyttsx3Speaker("fr", 150))
    yield cache
    cache.fermer()


@pytest.fixture
def srv() -> Iterator[ServeurBotApi]:
    """A fresh Bot API stand-in."""
    with ServeurBotApi() as serveur:
        yield serveur


def _settings(srv: ServeurBotApi, url: str, dossier: Path) -> Settings:
    """Settings pointing at the stand-in and the given database."""
    return Settings(telegram_token=srv.jeton, telegram_api_url=srv.url_base, database_url=url, dossier_donnees=dossier)


@pytest.fixture
async def banc(srv: ServeurBotApi, url_base: str, tmp_path: Path, contexte: Contexte) -> AsyncIterator[Banc]:  # noqa: F811
    """Text-only bot (no voice engine) on SQLite and on PostgreSQL."""
    b = await demarrer(srv, _settings(srv, url_base, tmp_path), contexte, None)
    yield b
    await arreter(b)


@pytest.fixture
async def banc_sqlite(srv: ServeurBotApi, tmp_path: Path, contexte: Contexte) -> AsyncIterator[Banc]:
    """Text-only bot on a SQLite file."""
    url = f"sqlite:///{tmp_path / 'passerelle.sqlite3'}"
    b = await demarrer(srv, _settings(srv, url, tmp_path), contexte, None)
    yield b
    await arreter(b)


@pytest.fixture
async def banc_voix(srv: ServeurBotApi, tmp_path: Path, contexte: Contexte, voix: VoixEnCache) -> AsyncIterator[Banc]:
    """Bot with the real voice engine, on a SQLite file."""
    url = f"sqlite:///{tmp_path / 'passerelle.sqlite3'}"
    b = await demarrer(srv, _settings(srv, url, tmp_path), contexte, voix)
    yield b
    await arreter(b)


def attendu(contexte: Contexte, entrees: list[r.Entree]) -> tuple[Etat, r.Tour]:
    """What the pure engine answers to the same inputs from a fresh state."""
    etat, tour = etat_initial(), r.Tour()
    for entree in entrees:
        etat, tour = repondre(etat, entree, contexte)
    return etat, tour


def textes(messages: list[Message]) -> list[str]:
    """The texts of the sendMessage messages."""
    return [m["texte"] for m in messages if m["methode"] == "sendMessage"]


# ---------------------------------------------------------------------------- core path


async def test_start_affiche_le_menu_avec_des_ids(banc: Banc, contexte: Contexte) -> None:
    """/start → the welcome and the menu keyboard (≥ 6 buttons, callback_data = ids); commands published."""
    messages = await banc.tour(lambda: banc.srv.envoyer_texte(UID, "/start"))
    _, tour = attendu(contexte, [r.Entree(commande="start")])
    menu = dernier_clavier(messages)
    ids = boutons(menu)
    assert len(ids) >= 6
    assert ids == [b.id for b in tour.boutons]
    assert sum(i.startswith("theme:") for i in ids) >= 6
    etiquettes = [b["text"] for rangee in menu["message"]["reply_markup"]["inline_keyboard"] for b in rangee]
    assert etiquettes == [b.etiquette for b in tour.boutons]
    assert textes(messages) == [m.texte for m in rendre_tour(tour)]
    assert {c["command"] for c in banc.srv.commandes()} >= {
        "start",
        "aide",
        "recommencer",
        "voix",
        "oubli",
        "confidentialite",
        "mediateur",
        "habitant",
    }
    assert all(c["description"] for c in banc.srv.commandes())


async def test_bouton_pose_la_question_suivante(banc: Banc, contexte: Contexte) -> None:
    """A pressed button is acknowledged, its keyboard removed, and the next question comes with new ids."""
    menu = dernier_clavier(await banc.tour(lambda: banc.srv.envoyer_texte(UID, "/start")))
    theme = next(i for i in boutons(menu) if i.startswith("theme:"))
    messages = await banc.tour(lambda: banc.srv.appuyer_bouton(UID, theme, menu["message_id"]))
    _, tour = attendu(contexte, [r.Entree(commande="start"), r.Entree(bouton=theme)])
    assert textes(messages) == [m.texte for m in rendre_tour(tour)]
    suivant = boutons(dernier_clavier(messages))
    assert suivant == [b.id for b in tour.boutons]
    assert any(i.startswith(("reponse:", "quartier:")) for i in suivant), suivant
    assert len(banc.srv.appels("answerCallbackQuery")) == 1
    ancien = banc.srv.etat_message(UID, menu["message_id"])
    assert ancien is not None and not ancien.get("reply_markup", {}).get("inline_keyboard")


async def test_besoin_mal_ecrit_donne_la_carte(banc_sqlite: Banc, contexte: Contexte) -> None:
    """« jcherche du taf » → the Fabrique Défi or France Travail card."""
    await banc_sqlite.tour(lambda: banc_sqlite.srv.envoyer_texte(UID, "/start"))
    messages = await banc_sqlite.tour(lambda: banc_sqlite.srv.envoyer_texte(UID, "jcherche du taf"))
    titres = {contexte.base.fiches[i].titre for i in ("fabrique-defi", "france-travail") if i in contexte.base.fiches}
    assert titres, "fiches fabrique-defi / france-travail absentes de la base"
    assert any(t in m for m in textes(messages) for t in titres), textes(messages)


async def test_danger_au_milieu_d_un_parcours(banc: Banc) -> None:
    """In the middle of a parcours, « mon mari me frape » → 3919 in the very first message after it."""
    menu = dernier_clavier(await banc.tour(lambda: banc.srv.envoyer_texte(UID, "/start")))
    question = await banc.tour(lambda: banc.srv.appuyer_bouton(UID, "theme:logement", menu["message_id"]))
    assert boutons(dernier_clavier(question))
    messages = await banc.tour(lambda: banc.srv.envoyer_texte(UID, "mon mari me frape"))
    assert "3919" in messages[0]["texte"]


async def test_reprise_apres_redemarrage(
    srv: ServeurBotApi,
    url_base: str,
    tmp_path: Path,  # noqa: F811
    contexte: Contexte,
) -> None:
    """The Application restarted on the same database resumes the conversation where it was."""
    settings = _settings(srv, url_base, tmp_path)
    premier = await demarrer(srv, settings, contexte, None)
    try:
        menu = dernier_clavier(await premier.tour(lambda: srv.envoyer_texte(UID, "/start")))
        question = dernier_clavier(await premier.tour(lambda: srv.appuyer_bouton(UID, "theme:travail", menu["message_id"])))
    finally:
        await arreter(premier)
    avant = etat_en_base(url_base, premier.cle())
    assert avant.thematique == "travail"
    second = await demarrer(srv, settings, contexte, None)
    try:
        choix = boutons(question)[0]
        messages = await second.tour(lambda: srv.appuyer_bouton(UID, choix, question["message_id"]))
    finally:
        await arreter(second)
    etat, tour = attendu(contexte, [r.Entree(commande="start"), r.Entree(bouton="theme:travail"), r.Entree(bouton=choix)])
    assert textes(messages) == [m.texte for m in rendre_tour(tour)]
    assert etat_en_base(url_base, second.cle()) == etat


async def test_oubli_efface_la_ligne(banc: Banc) -> None:
    """/oubli → « C'est fait : j'ai tout oublié. » and the row is gone (raw SQL)."""
    await banc.tour(lambda: banc.srv.envoyer_texte(UID, "/start"))
    assert compter_sessions(banc.settings.url_base_de_donnees) == 1
    messages = await banc.tour(lambda: banc.srv.envoyer_texte(UID, "/oubli"), fin=lambda m: True)
    assert [m["texte"] for m in messages] == [TEXTES(Cle.OUBLI_FAIT)]
    assert compter_sessions(banc.settings.url_base_de_donnees) == 0


async def test_confidentialite_ne_stocke_rien(banc: Banc) -> None:
    """/confidentialite explains what is kept and stores nothing; /voix non then /voix oui set the preference."""
    messages = await banc.tour(lambda: banc.srv.envoyer_texte(UID, "/confidentialite"), fin=lambda m: True)
    assert "Je ne garde pas vos messages" in messages[0]["texte"] and "/oubli" in messages[0]["texte"]
    assert compter_sessions(banc.settings.url_base_de_donnees) == 0
    non = await banc.tour(lambda: banc.srv.envoyer_texte(UID, "/voix non"), fin=lambda m: True)
    assert [m["texte"] for m in non] == [TEXTES(Cle.VOIX_COUPEE)]
    assert banc.canal.depot.preferences(banc.cle()).voix is False
    oui = await banc.tour(lambda: banc.srv.envoyer_texte(UID, "/voix oui"), fin=lambda m: True)
    assert [m["texte"] for m in oui] == [TEXTES(Cle.VOIX_ACTIVEE)]
    assert banc.canal.depot.preferences(banc.cle()).voix is True


async def test_rien_de_ce_qui_est_tape_en_base(banc: Banc) -> None:
    """After a scripted conversation, no typed text, name or raw Telegram id is anywhere in the database."""
    tapes = [
        "/start",
        "jcherche du taf",
        "j'ai plus rien à manger",
        "mon mari me frape",
        "Zéphyrine 0612345678",
        "/aide",
        "Calais Beau-Marais rue des Pâquerettes",
    ]
    for texte in tapes:
        await banc.tour(lambda t=texte: banc.srv.envoyer_texte(UID, t, prenom="Zéphyrine"))
    vidage = vider_base_en_texte(banc.settings.url_base_de_donnees)
    assert "sessions_usagers" in vidage and banc.cle() in vidage
    for texte in tapes[1:] + ["Zéphyrine", "0612345678", str(UID)]:
        assert texte not in vidage, texte
    assert "frap" not in vidage and "taf" not in vidage


# ---------------------------------------------------------------------------- robustness


async def test_429_le_message_arrive_quand_meme(banc_sqlite: Banc, caplog: pytest.LogCaptureFixture) -> None:
    """A 429 (retry_after=1) on sendMessage: waited, retried, every message delivered, event logged."""
    caplog.set_level(logging.INFO)
    banc_sqlite.srv.injecter_erreur("sendMessage", 429, retry_after=1)
    messages = await banc_sqlite.tour(lambda: banc_sqlite.srv.envoyer_texte(UID, "/start"))
    assert len(boutons(dernier_clavier(messages))) >= 6
    assert [a["statut"] for a in banc_sqlite.srv.appels("sendMessage")].count(429) == 1
    assert any("telegram.limite" in rec.getMessage() for rec in caplog.records)


async def test_5xx_rien_de_perdu_et_journalise(banc_sqlite: Banc, contexte: Contexte, caplog: pytest.LogCaptureFixture) -> None:
    """Two 5xx on sendMessage: retried, nothing lost, the error logged."""
    caplog.set_level(logging.INFO)
    banc_sqlite.srv.injecter_erreur("sendMessage", 500, fois=2)
    messages = await banc_sqlite.tour(lambda: banc_sqlite.srv.envoyer_texte(UID, "/start"))
    _, tour = attendu(contexte, [r.Entree(commande="start")])
    assert textes(messages) == [m.texte for m in rendre_tour(tour)]
    assert [a["statut"] for a in banc_sqlite.srv.appels("sendMessage")].count(500) == 2
    assert sum("telegram.reseau" in rec.getMessage() for rec in caplog.records) == 2


async def test_erreur_repond_gentiment_sans_journaliser_le_texte(banc_sqlite: Banc, caplog: pytest.LogCaptureFixture) -> None:
    """A failure inside a turn (Telegram refuses a message): the resident gets the kind answer and a menu
    button; the error is logged with exc_info and the update id, never the resident's text."""
    caplog.set_level(logging.DEBUG)
    secret = "mon voisin Barnabé me menace rue Royale"
    banc_sqlite.srv.injecter_erreur("sendMessage", 400, description="Bad Request: injected failure")
    update_id = banc_sqlite.srv.envoyer_texte(UID, secret)
    messages = await attendre_fin(banc_sqlite.srv, UID, a_un_clavier)
    assert messages[-1]["texte"] == TEXTES(Cle.SOUCI_TECHNIQUE)
    assert boutons(messages[-1]) == ["menu"]
    erreurs = [rec for rec in caplog.records if "telegram.erreur" in rec.getMessage()]
    assert erreurs and erreurs[0].exc_info is not None and f"update_id={update_id}" in erreurs[0].getMessage()
    assert caplog.records and "Barnab" not in caplog.text
    assert banc_sqlite.srv.jeton not in caplog.text
    suite = await banc_sqlite.tour(lambda: banc_sqlite.srv.appuyer_bouton(UID, "menu", messages[-1]["message_id"]))
    assert len(boutons(dernier_clavier(suite))) >= 6


@pytest.mark.parametrize("texte", ["\x00\x00abc\x00", "a" * 5000, "😀😀😀🙏", "\u202e\ufeff\u0007", "/inconnue x"])
async def test_saisies_bizarres_ont_une_reponse(banc_sqlite: Banc, texte: str) -> None:
    """NUL bytes, 5000 characters, emoji only, control characters, unknown command: always an answer with buttons."""
    messages = await banc_sqlite.tour(lambda: banc_sqlite.srv.envoyer_texte(UID, texte))
    assert boutons(dernier_clavier(messages))
    assert all(m["texte"] for m in messages)


@pytest.mark.parametrize("genre", ["photo", "sticker", "vocal", "position"])
async def test_medias_reponse_gentille(banc_sqlite: Banc, genre: str) -> None:
    """Photo, sticker, voice message, location → a kind answer first, then the buttons."""
    envoi = {
        "photo": banc_sqlite.srv.envoyer_photo,
        "sticker": banc_sqlite.srv.envoyer_sticker,
        "vocal": banc_sqlite.srv.envoyer_vocal,
        "position": banc_sqlite.srv.envoyer_position,
    }[genre]
    messages = await banc_sqlite.tour(lambda: envoi(UID))
    attendu = {"photo": Cle.MEDIA_IMAGE, "sticker": Cle.MEDIA_IMAGE, "vocal": Cle.MEDIA_VOCAL, "position": Cle.MEDIA_POSITION}[genre]
    attendu_texte = TEXTES(attendu)
    assert attendu_texte in textes(messages)
    assert len(boutons(dernier_clavier(messages))) >= 6


# ---------------------------------------------------------------------------- voice


def _verifier_ogg_opus(contenu: bytes, dossier: Path) -> None:
    """ffprobe: opus codec, > 1 s; ffmpeg volumedetect: not silent."""
    chemin = dossier / "note.ogg"
    chemin.write_bytes(contenu)
    sonde = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", str(chemin)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    infos = json.loads(sonde.stdout)
    assert infos["streams"][0]["codec_name"] == "opus"
    assert float(infos["format"]["duration"]) > 1.0
    volume = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-i", str(chemin), "-af", "volumedetect", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    maximum = re.search(r"max_volume:\s*(-?[\d.]+) dB", volume.stderr)
    assert maximum is not None and float(maximum.group(1)) > -40.0


async def test_note_vocale_ogg_opus_apres_les_textes(banc_voix: Banc, tmp_path: Path) -> None:
    """Voice is on by default: after the text messages, one valid, audible OGG/Opus voice note."""
    messages = await banc_voix.tour(lambda: banc_voix.srv.envoyer_texte(UID, "/start"))
    vocaux = [m for m in messages if est_vocal(m)]
    assert len(vocaux) == 1 and messages[-1] is vocaux[0]
    assert all(m["methode"] == "sendMessage" for m in messages[:-1])
    _verifier_ogg_opus(vocaux[0]["voix"], tmp_path)


async def test_voix_se_coupe_et_se_remet(banc_voix: Banc) -> None:
    """/voix turns voice notes off (a turn then has none) and /voix turns them back on."""
    await banc_voix.tour(lambda: banc_voix.srv.envoyer_texte(UID, "/start"))
    coupe = await banc_voix.tour(lambda: banc_voix.srv.envoyer_texte(UID, "/voix"), fin=lambda m: True)
    assert [m["texte"] for m in coupe] == [TEXTES(Cle.VOIX_COUPEE)]
    sans_voix = await banc_voix.tour(lambda: banc_voix.srv.envoyer_texte(UID, "/aide"), fin=a_un_clavier)
    remise = await banc_voix.tour(lambda: banc_voix.srv.envoyer_texte(UID, "/voix"))
    assert not any(est_vocal(m) for m in sans_voix)
    assert remise[0]["texte"] == TEXTES(Cle.VOIX_ACTIVEE), "aucune note vocale ne doit arriver entre /aide et /voix"
    assert [m["methode"] for m in remise] == ["sendMessage", "sendVoice"]


# ---------------------------------------------------------------------------- the real command


def _environnement(srv: ServeurBotApi, dossier: Path, **extra: str) -> dict[str, str]:
    """Environment of a `python -m bot telegram` subprocess pointing at the stand-in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PASSERELLE_", "DATABASE_URL"))}
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": srv.jeton,
            "TELEGRAM_API_URL": srv.url_base,
            "PASSERELLE_DONNEES": str(dossier),
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return env


def test_sous_processus_polling_voix_et_arret_propre(srv: ServeurBotApi, tmp_path: Path) -> None:
    """`python -m bot telegram` (long polling): menu, button, voice note; SIGINT → exit code 0 within 10 s."""
    journal = tmp_path / "bot.log"
    with open(journal, "w", encoding="utf-8") as sortie:
        processus = subprocess.Popen(
            [sys.executable, "-m", "bot", "telegram"],
            cwd=RACINE,
            stdout=sortie,
            stderr=subprocess.STDOUT,
            env=_environnement(srv, tmp_path),
        )
        try:
            srv.envoyer_texte(UID, "/start")
            messages = srv.attendre_messages(UID, 3, timeout=60)
            while not est_vocal(messages[-1]):
                messages += srv.attendre_messages(UID, 1, timeout=60)
            menu = dernier_clavier(messages)
            assert len(boutons(menu)) >= 6
            _verifier_ogg_opus(messages[-1]["voix"], tmp_path)
            srv.appuyer_bouton(UID, "theme:travail", menu["message_id"])
            suite = srv.attendre_messages(UID, 1, timeout=60)
            while not est_vocal(suite[-1]):
                suite += srv.attendre_messages(UID, 1, timeout=60)
            assert any(i.startswith(("reponse:", "quartier:")) for i in boutons(dernier_clavier(suite)))
            processus.send_signal(signal.SIGINT)
            code = processus.wait(timeout=10)
        finally:
            if processus.poll() is None:
                processus.kill()
                processus.wait()
    sortie_texte = journal.read_text(encoding="utf-8")
    assert code == 0, sortie_texte[-3000:]
    assert srv.jeton not in sortie_texte
    assert "telegram.tour" in sortie_texte
