"""Outils des tests de la borne : vrai serveur uvicorn dans un fil, vrai Chromium, axe-core local."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import uvicorn

from bot.canaux.borne import creer_app
from bot.comprehension.recherche import Moteur, Orientation
from bot.config import RACINE, Settings
from bot.dialogue.contexte import Contexte, construire_contexte
from bot.voix import Pyttsx3Speaker, VoixEnCache

CHROMIUM = Path("/usr/bin/chromium")
AXE = RACINE / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
CAPTURES = RACINE / "test-results" / "borne"
ARGS_CHROMIUM = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
URL_AXE = "/__tests__/axe.min.js"


def port_libre() -> int:
    """Un port TCP libre sur 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServeurBorne:
    """La vraie application de la borne servie par uvicorn dans un fil, sur un port libre."""

    def __init__(self, settings: Settings, contexte: Contexte, voix: VoixEnCache) -> None:
        """Prépare le serveur (démarré par `with`)."""
        self.port = port_libre()
        self.app = creer_app(settings, contexte, voix)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False)
        self.serveur = uvicorn.Server(config)
        self.fil = threading.Thread(target=self.serveur.run, name=f"borne-{self.port}", daemon=True)

    @property
    def url(self) -> str:
        """L'adresse de base."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServeurBorne:
        """Démarre et attend que le serveur écoute."""
        self.fil.start()
        limite = time.monotonic() + 30
        while not self.serveur.started:
            if not self.fil.is_alive() or time.monotonic() > limite:
                raise RuntimeError("le serveur de la borne n'a pas démarré")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        """Arrête le serveur et attend la fin du fil."""
        self.serveur.should_exit = True
        self.fil.join(timeout=30)


@pytest.fixture(scope="session")
def reglages_borne(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Les réglages, avec un dossier de données temporaire (seul le cache audio y est écrit)."""
    return dataclasses.replace(Settings.from_env(), dossier_donnees=tmp_path_factory.mktemp("donnees-borne"))


@pytest.fixture(scope="session")
def contexte_borne(reglages_borne: Settings) -> Contexte:
    """Le vrai contexte du moteur (connaissances et dialogues du dépôt)."""
    return construire_contexte(reglages_borne)


@pytest.fixture(scope="session")
def voix_borne(reglages_borne: Settings) -> Iterator[VoixEnCache]:
    """La vraie voix (pyttsx3 + espeak-ng), avec son cache sur disque."""
    voix = VoixEnCache(reglages_borne.dossier_cache_audio, Pyttsx3Speaker(voix=reglages_borne.voix, debit=reglages_borne.voix_debit))
    yield voix
    voix.fermer()


@pytest.fixture(scope="session")
def serveur(reglages_borne: Settings, contexte_borne: Contexte, voix_borne: VoixEnCache) -> Iterator[ServeurBorne]:
    """Serveur de la borne, inactivité longue (les parcours ne sont pas interrompus)."""
    with ServeurBorne(dataclasses.replace(reglages_borne, borne_inactivite_s=600), contexte_borne, voix_borne) as srv:
        yield srv


@pytest.fixture(scope="session")
def serveur_court(reglages_borne: Settings, contexte_borne: Contexte, voix_borne: VoixEnCache) -> Iterator[ServeurBorne]:
    """Serveur de la borne remis à zéro après 4 s sans toucher l'écran."""
    with ServeurBorne(dataclasses.replace(reglages_borne, borne_inactivite_s=4), contexte_borne, voix_borne) as srv:
        yield srv


class MoteurEnPanne:
    """Un moteur d'orientation qui tombe en panne à chaque recherche (un bogue imprévu)."""

    def chercher(self, texte: str, limite: int = 5) -> Orientation:
        """Lève toujours, sans reprendre le texte de la personne."""
        raise RuntimeError("panne de test du moteur")


URL_PANNE = "/__tests__/panne"


def panne() -> None:
    """Une page réservée aux tests, qui lève une erreur imprévue."""
    raise RuntimeError("panne de test de la page")


@pytest.fixture(scope="session")
def serveur_en_panne(reglages_borne: Settings, contexte_borne: Contexte, voix_borne: VoixEnCache) -> Iterator[ServeurBorne]:
    """Serveur de la borne dont le moteur d'orientation lève, plus une page de test qui lève."""
    contexte = dataclasses.replace(contexte_borne, moteur=cast(Moteur, MoteurEnPanne()))
    srv = ServeurBorne(dataclasses.replace(reglages_borne, borne_inactivite_s=600), contexte, voix_borne)
    srv.app.add_api_route(URL_PANNE, panne, methods=["GET"], include_in_schema=False)
    srv.app.add_api_route("/api" + URL_PANNE, panne, methods=["GET"], include_in_schema=False)
    with srv:
        yield srv


@pytest.fixture(scope="module")
def navigateur() -> Iterator[Any]:
    """Le Chromium de Debian piloté par Playwright (jamais `playwright install`).

    Portée « module » : Playwright synchrone garde une boucle asyncio ouverte dans le fil
    principal tant qu'il tourne ; il doit s'arrêter avant les tests asyncio des autres modules.
    """
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium absent : installez le paquet Debian « chromium » pour les tests de la borne")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        navigateur = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS_CHROMIUM)
        yield navigateur
        navigateur.close()


@pytest.fixture(scope="session")
def captures() -> Path:
    """Le dossier des captures d'écran à relire (gitignoré)."""
    CAPTURES.mkdir(parents=True, exist_ok=True)
    print(f"\nCaptures de la borne : {CAPTURES}")
    return CAPTURES


def nouvelle_page(navigateur: Any, url: str, javascript: bool = True) -> Any:
    """Un nouveau contexte tactile (écran de borne portrait) et sa page, axe-core servi localement."""
    contexte = navigateur.new_context(
        viewport={"width": 1080, "height": 1920}, has_touch=True, java_script_enabled=javascript, locale="fr-FR"
    )
    contexte.route(url + URL_AXE, lambda route: route.fulfill(path=str(AXE), content_type="application/javascript"))
    page = contexte.new_page()
    page.set_default_timeout(30_000)
    return page


def violations_axe(page: Any) -> list[dict[str, Any]]:
    """Les violations graves ou critiques trouvées par axe-core sur la page."""
    if not AXE.exists():
        raise RuntimeError(f"axe-core absent : npm install --prefix {RACINE / '.venv' / 'npm'} axe-core@4")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=URL_AXE)
    resultat = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " cibles: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    return [v for v in resultat if v["impact"] in ("serious", "critical")]
