"""Telegram adapter without the network: rendering of real engine turns, retries against the stand-in, CLI refusals."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from telegram import Bot
from telegram.error import BadRequest

from bot.canaux.telegram.application import url_fichiers
from bot.canaux.telegram.canal import MEDIAS, commandes_menu, confidentialite
from bot.canaux.telegram.envoi import avec_reessais
from bot.canaux.telegram.rendu import LIMITE_CALLBACK_DATA, clavier, decouper, rendre_tour
from bot.config import RACINE, Settings
from bot.dialogue import reponses as r
from bot.dialogue.cles import Cle
from bot.dialogue.contexte import Contexte, construire_contexte
from bot.dialogue.etat import etat_initial
from bot.dialogue.moteur import repondre
from bot.dialogue.parcours import charger_parcours
from bot.francais.lisibilite import rapport
from tests.botapi.serveur import ServeurBotApi

TEXTES = charger_parcours(RACINE / "dialogues").textes


@pytest.fixture(scope="module")
def contexte() -> Contexte:
    """The real knowledge base and dialogues."""
    return construire_contexte(Settings())


def _tours_de_tous_les_ecrans(contexte: Contexte) -> list[r.Tour]:
    """The menu, every theme's first screen and the screen after each of its buttons."""
    etat, tour = repondre(etat_initial(), r.Entree(commande="start"), contexte)
    tours = [tour]
    for bouton in tour.boutons:
        if not bouton.id.startswith("theme:"):
            continue
        etat_theme, tour_theme = repondre(etat, r.Entree(bouton=bouton.id), contexte)
        tours.append(tour_theme)
        for suivant in tour_theme.boutons:
            tours.append(repondre(etat_theme, r.Entree(bouton=suivant.id), contexte)[1])
    return tours


def test_claviers_portent_les_ids_jamais_les_libelles(contexte: Contexte) -> None:
    """Every keyboard of every reachable screen: callback_data = button id (≤ 64 bytes), label = pictogram + word."""
    tours = _tours_de_tous_les_ecrans(contexte)
    assert len(tours) > 10
    for tour in tours:
        messages = rendre_tour(tour)
        claviers = [m.clavier for m in messages if m.clavier is not None]
        assert len(claviers) == sum(1 for x in tour.reponses if isinstance(x, r.Choix) and x.boutons)
        touches = [t for c in claviers for rangee in c.inline_keyboard for t in rangee]
        assert [t.callback_data for t in touches] == [b.id for b in tour.boutons]
        assert [t.text for t in touches] == [b.etiquette for b in tour.boutons]
        assert all(len(str(t.callback_data).encode()) <= LIMITE_CALLBACK_DATA for t in touches)
        assert all(1 <= len(rangee) <= 2 for c in claviers for rangee in c.inline_keyboard)
        assert all(0 < len(m.texte) <= 4096 for m in messages)


def test_urgences_en_premier_avec_tous_les_numeros(contexte: Contexte) -> None:
    """A danger turn renders the emergency numbers as the first message, every number listed."""
    etat, _ = repondre(etat_initial(), r.Entree(commande="start"), contexte)
    _, tour = repondre(etat, r.Entree(texte="mon mari me frappe"), contexte)
    urgences = [x for x in tour.reponses if isinstance(x, r.Urgences)]
    assert urgences, "le moteur devait signaler un danger"
    premier = rendre_tour(tour)[0].texte
    assert "3919" in premier
    assert all(n.numero in premier for u in urgences for n in u.numeros)


def test_clavier_refuse_un_id_trop_long() -> None:
    """An id longer than Telegram's 64 bytes is a data bug: it fails loudly instead of being cut."""
    with pytest.raises(ValueError, match="trop long"):
        clavier((r.Bouton("x" * 65, "🏠", "Menu"),))


def test_decouper_respecte_la_limite() -> None:
    """Long texts are cut into pieces of at most 4096 UTF-16 units, nothing lost."""
    texte = ("ligne 😀 " * 40 + "\n") * 60
    morceaux = decouper(texte)
    assert len(morceaux) > 1
    assert "".join(morceaux) == texte
    assert all(len(m.encode("utf-16-le")) // 2 <= 4096 for m in morceaux)
    assert decouper("   ") == ["👇"]


def test_url_fichiers_et_confidentialite() -> None:
    """The file URL follows PTB's base_url form; the privacy text says what is kept and how to erase it."""
    assert url_fichiers("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert url_fichiers("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    texte = confidentialite(TEXTES, 24 * 3600)
    assert "24 heures" in texte and "/oubli" in texte and "Je ne garde pas vos messages" in texte
    assert "1 heure sans message" in confidentialite(TEXTES, 3600)
    commandes = commandes_menu(TEXTES)
    assert [c.command for c in commandes] == ["start", "aide", "recommencer", "voix", "oubli", "confidentialite", "mediateur", "habitant"]
    assert all(c.description for c in commandes)


async def test_reessais_sur_429_et_5xx_puis_echec_400(caplog: pytest.LogCaptureFixture) -> None:
    """The send helper waits on 429, retries 5xx, and lets a 400 through (not retried)."""
    caplog.set_level(logging.WARNING, logger="bot.canaux.telegram.envoi")
    with ServeurBotApi() as srv:
        srv.ajouter_utilisateur(77)
        async with Bot(srv.jeton, base_url=srv.url_base) as bot:
            srv.injecter_erreur("sendMessage", 429, retry_after=1)
            srv.injecter_erreur("sendMessage", 502, fois=2)
            message = await avec_reessais(lambda: bot.send_message(77, "bonjour"), "sendMessage")
            assert message.text == "bonjour"
            srv.injecter_erreur("sendMessage", 400)
            with pytest.raises(BadRequest):
                await avec_reessais(lambda: bot.send_message(77, "encore"), "sendMessage")
        statuts = [a["statut"] for a in srv.appels("sendMessage")]
    assert statuts == [429, 502, 502, 200, 400]
    assert [m["texte"] for m in srv.messages(77)] == ["bonjour"]
    assert any("telegram.limite" in rec.getMessage() for rec in caplog.records)
    assert sum("telegram.reseau" in rec.getMessage() for rec in caplog.records) == 2


def _lancer(env_extra: dict[str, str], *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot telegram` with a controlled environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PASSERELLE_", "DATABASE_URL"))}
    env.update({"PASSERELLE_DONNEES": str(tmp_path), **env_extra})
    return subprocess.run([sys.executable, "-m", "bot", "telegram", *args], cwd=RACINE, env=env, capture_output=True, text=True, timeout=60)


def test_sans_jeton_message_clair_et_code_2(tmp_path: Path) -> None:
    """No TELEGRAM_BOT_TOKEN: a French message on stderr and exit code 2."""
    resultat = _lancer({}, tmp_path=tmp_path)
    assert resultat.returncode == 2
    assert "TELEGRAM_BOT_TOKEN manquant" in resultat.stderr


def test_webhook_sans_secret_refuse(tmp_path: Path) -> None:
    """--webhook without TELEGRAM_WEBHOOK_SECRET: refused with exit code 2."""
    resultat = _lancer({"TELEGRAM_BOT_TOKEN": "1:abc"}, "--webhook", tmp_path=tmp_path)
    assert resultat.returncode == 2
    assert "TELEGRAM_WEBHOOK_SECRET manquant" in resultat.stderr


@pytest.mark.parametrize(
    "texte",
    [
        *(TEXTES(cle) for cle in (Cle.OUBLI_FAIT, Cle.SOUCI_TECHNIQUE, Cle.VOIX_ACTIVEE, Cle.VOIX_COUPEE)),
        *(TEXTES(cle) for cle in MEDIAS.values()),
        *confidentialite(TEXTES, 86400).split("\n"),
    ],
)
def test_textes_du_canal_en_langage_simple(texte: str) -> None:
    """The channel's own texts follow the same plain-language gate as the dialogues."""
    mesure = rapport(texte)
    assert mesure.plus_longue_phrase <= 15, texte
    assert mesure.nb_mots < 5 or mesure.score >= 60, (texte, mesure.score)
