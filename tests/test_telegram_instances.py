"""Two real `python -m bot telegram --webhook` processes sharing one PostgreSQL database serve one resident consistently."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.canaux.telegram.rendu import rendre_tour
from bot.config import RACINE, Settings
from bot.dialogue import reponses as r
from bot.dialogue.contexte import Contexte, construire_contexte
from bot.dialogue.etat import Etat, etat_initial
from bot.dialogue.moteur import repondre
from bot.stockage.identite import cle_usager
from tests.botapi.serveur import ServeurBotApi, livrer_webhook
from tests.fixtures_db import _conninfo, raison_pg_injoignable, url_postgresql

UID = 5151
SECRET = "secret-de-test_123"
SEL = "sel-de-test-des-instances-telegram"
Message = dict[str, Any]


def port_libre() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def attendre_port(port: int, processus: subprocess.Popen[bytes], journal: Path, timeout: float = 60.0) -> None:
    """Wait until the webhook server of `processus` accepts connections."""
    fin = time.monotonic() + timeout
    while time.monotonic() < fin:
        if processus.poll() is not None:
            raise RuntimeError(f"le bot s'est arrêté (code {processus.returncode}) :\n{journal.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"le webhook du port {port} n'écoute pas :\n{journal.read_text()[-3000:]}")


@pytest.fixture
def url_pg() -> Iterator[str]:
    """A private PostgreSQL schema (skipped with the reason when PostgreSQL is unreachable)."""
    url = url_postgresql()
    raison = raison_pg_injoignable(url)
    if raison is not None:
        pytest.skip(f"test multi-instances impossible sans PostgreSQL : {raison}")
    schema = f"test_tg_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_conninfo(url), autocommit=True) as connexion:
        connexion.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_conninfo(url), autocommit=True) as connexion:
            connexion.execute(f'DROP SCHEMA "{schema}" CASCADE')


@dataclass
class Instance:
    """One bot process and its webhook URL."""

    processus: subprocess.Popen[bytes]
    url: str
    journal: Path


@pytest.fixture
def deux_instances(url_pg: str, tmp_path: Path) -> Iterator[tuple[ServeurBotApi, list[Instance]]]:
    """The stand-in and two webhook bot processes on the same database."""
    with ServeurBotApi() as srv:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PASSERELLE_", "DATABASE_URL"))}
        env.update(
            {
                "TELEGRAM_BOT_TOKEN": srv.jeton,
                "TELEGRAM_API_URL": srv.url_base,
                "DATABASE_URL": url_pg,
                "TELEGRAM_WEBHOOK_SECRET": SECRET,
                "PASSERELLE_SEL": SEL,
                "PASSERELLE_DONNEES": str(tmp_path),
            }
        )
        instances: list[Instance] = []
        try:
            for numero in (1, 2):
                port = port_libre()
                journal = tmp_path / f"bot{numero}.log"
                with open(journal, "wb") as sortie:
                    processus = subprocess.Popen(
                        [sys.executable, "-m", "bot", "telegram", "--webhook", "--port", str(port), "--sans-voix"],
                        cwd=RACINE,
                        env=env,
                        stdout=sortie,
                        stderr=subprocess.STDOUT,
                    )
                instances.append(Instance(processus, f"http://127.0.0.1:{port}/telegram", journal))
                attendre_port(port, processus, journal)
            yield srv, instances
            for instance in instances:
                instance.processus.send_signal(signal.SIGINT)
            for instance in instances:
                assert instance.processus.wait(timeout=10) == 0, instance.journal.read_text()[-3000:]
        finally:
            for instance in instances:
                if instance.processus.poll() is None:
                    instance.processus.kill()
                    instance.processus.wait()


@pytest.fixture(scope="module")
def contexte() -> Contexte:
    """The real knowledge base and dialogues."""
    return construire_contexte(Settings())


def a_un_clavier(message: Message) -> bool:
    """True for a bot message with an inline keyboard (the end of an engine turn without voice)."""
    return bool(message["message"].get("reply_markup", {}).get("inline_keyboard"))


def boutons(message: Message) -> list[str]:
    """The callback_data of a message's keyboard."""
    return [b["callback_data"] for rangee in message["message"]["reply_markup"]["inline_keyboard"] for b in rangee]


def livrer_et_attendre(srv: ServeurBotApi, instance: Instance, update: dict[str, Any]) -> list[Message]:
    """POST one update to an instance's webhook and collect its answer (until the keyboard)."""
    assert livrer_webhook(instance.url, SECRET, update) == 200
    recus: list[Message] = []
    while not recus or not a_un_clavier(recus[-1]):
        recus += srv.attendre_messages(UID, 1, timeout=30)
    return recus


def etat_en_base(url: str) -> tuple[Etat, int]:
    """The stored state and version of the resident (raw SQL)."""
    cle = cle_usager(SEL.encode(), "telegram", UID)
    moteur = create_engine(url)
    try:
        with moteur.connect() as connexion:
            etat, version = connexion.execute(text("SELECT etat, version FROM sessions_usagers WHERE cle = :c"), {"c": cle}).one()
    finally:
        moteur.dispose()
    return Etat.depuis_dict(json.loads(etat)), int(version)


def test_deux_instances_alternees_une_etape_par_appui(
    deux_instances: tuple[ServeurBotApi, list[Instance]], url_pg: str, contexte: Contexte
) -> None:
    """Updates alternately delivered to two processes: each press advances exactly one step, the DB agrees."""
    srv, instances = deux_instances
    assert livrer_webhook(instances[0].url, "mauvais-secret", srv.maj_texte(UID, "/start")) == 403
    etat, tour = repondre(etat_initial(), r.Entree(commande="start"), contexte)
    messages = livrer_et_attendre(srv, instances[0], srv.maj_texte(UID, "/start"))
    assert [m["texte"] for m in messages] == [m.texte for m in rendre_tour(tour)]
    appuis = 0
    for numero in range(1, 7):
        dernier = messages[-1]
        choix = next((i for i in boutons(dernier) if i.startswith(("theme:", "reponse:", "quartier:"))), None)
        if choix is None:
            break
        etat, tour = repondre(etat, r.Entree(bouton=choix), contexte)
        update = srv.maj_bouton(UID, choix, dernier["message_id"])
        messages = livrer_et_attendre(srv, instances[numero % 2], update)
        appuis += 1
        assert [m["texte"] for m in messages] == [m.texte for m in rendre_tour(tour)], f"appui {numero} : {choix}"
        assert etat_en_base(url_pg) == (etat, 1 + appuis)
    assert appuis >= 3
    assert len(srv.appels("answerCallbackQuery")) == appuis
    assert len(srv.messages(UID)) == len({m["message_id"] for m in srv.messages(UID)})


def test_deux_instances_en_meme_temps_rien_de_perdu(
    deux_instances: tuple[ServeurBotApi, list[Instance]], url_pg: str, contexte: Contexte
) -> None:
    """Two needs typed at the same time, one per process: both are kept in the state (no lost update)."""
    srv, instances = deux_instances
    livrer_et_attendre(srv, instances[0], srv.maj_texte(UID, "/start"))
    besoins = ["jcherche du taf", "je veux la caf"]
    fiches = [
        set(repondre(repondre(etat_initial(), r.Entree(commande="start"), contexte)[0], r.Entree(texte=b), contexte)[0].fiches)
        for b in besoins
    ]
    assert all(fiches) and not fiches[0] & fiches[1]
    updates = [srv.maj_texte(UID, b) for b in besoins]
    statuts: list[int] = []
    fils = [threading.Thread(target=lambda i=i: statuts.append(livrer_webhook(instances[i].url, SECRET, updates[i]))) for i in (0, 1)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=30)
    assert statuts == [200, 200]
    recus: list[Message] = []
    while sum(a_un_clavier(m) for m in recus) < 2:
        recus += srv.attendre_messages(UID, 1, timeout=30)
    etat, version = etat_en_base(url_pg)
    assert version == 3
    assert fiches[0] <= set(etat.orientation) and fiches[1] <= set(etat.orientation)
