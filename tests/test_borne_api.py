"""L'API JSON et le HTTP de la borne, contre le vrai serveur uvicorn (httpx), plus les sessions en mémoire."""

from __future__ import annotations

import html
import json
import logging
from typing import Any

import httpx
import pytest

from bot.canaux.borne.sessions import Sessions
from bot.commandes.chercher import vers_json
from bot.dialogue.cles import Cle
from bot.dialogue.contexte import Contexte
from tests.borne_outils import URL_PANNE, ServeurBorne, contexte_borne, reglages_borne, serveur, serveur_en_panne, voix_borne  # noqa: F401  (fixtures)

JSON = {"content-type": "application/json"}


@pytest.fixture
def client(serveur: ServeurBorne) -> Any:
    """Un client HTTP vers le vrai serveur."""
    with httpx.Client(base_url=serveur.url, timeout=60) as c:
        yield c


@pytest.mark.parametrize("texte", ["j'ai plus rien à manger", "je veux mourir", "carte vitale perdue", "zzzz"])
def test_chercher_comme_la_cli(client: httpx.Client, contexte_borne: Contexte, texte: str) -> None:
    """`/api/chercher` rend exactement l'objet de `python -m bot chercher --json`."""
    rep = client.post("/api/chercher", json={"texte": texte})
    assert rep.status_code == 200
    assert rep.json() == json.loads(vers_json(contexte_borne.moteur.chercher(texte, limite=5)))


def test_chercher_urgence(client: httpx.Client) -> None:
    """Un danger est signalé."""
    corps = client.post("/api/chercher", json={"texte": "mon mari me frappe"}).json()
    assert corps["urgence"] is True and corps["resultats"]


def test_repondre_jusqu_a_une_carte(client: httpx.Client) -> None:
    """On renvoie l'état reçu à chaque tour ; trois boutons mènent aux cartes."""
    corps = client.post("/api/repondre", json={"etat": None}).json()
    assert [r["type"] for r in corps["reponses"]] == ["texte", "choix"]
    for bouton in ("theme:travail", "reponse:moins-26", "quartier:beau-marais"):
        choix = [b["id"] for r in corps["reponses"] if r["type"] == "choix" for b in r["boutons"]]
        assert bouton in choix
        rep = client.post("/api/repondre", json={"etat": corps["etat"], "bouton": bouton})
        assert rep.status_code == 200
        corps = rep.json()
    cartes = [r for r in corps["reponses"] if r["type"] == "carte"]
    assert cartes and all(c["titre"] and c["lignes"] and c["a_dire"] for c in cartes)
    assert corps["etat"]["fiches"] == [c["fiche_id"] for c in cartes]


def test_repondre_danger_d_abord(client: httpx.Client) -> None:
    """Un texte de danger met les numéros en premier."""
    corps = client.post("/api/repondre", json={"etat": None, "texte": "je veux en finir avec la vie"}).json()
    assert corps["urgence"] is True
    assert corps["reponses"][0]["type"] == "urgences"
    assert "3114" in [n["numero"] for n in corps["reponses"][0]["numeros"]]


def test_openapi(client: httpx.Client) -> None:
    """Le schéma OpenAPI décrit les deux routes et la limite du texte."""
    schema = client.get("/openapi.json").json()
    assert {"/api/chercher", "/api/repondre"} <= set(schema["paths"])
    assert schema["components"]["schemas"]["DemandeChercher"]["properties"]["texte"]["maxLength"] == 5000


MAUVAIS = [
    ("/api/chercher", b"", None),
    ("/api/chercher", b"{", 400),
    ("/api/chercher", b'{"texte": "a"', 400),
    ("/api/chercher", b"[]", 422),
    ("/api/chercher", b"null", 422),
    ("/api/chercher", b"42", 422),
    ("/api/chercher", b'{"texte": 5}', 422),
    ("/api/chercher", b'{"texte": ""}', 422),
    ("/api/chercher", b'{"texte": null}', 422),
    ("/api/chercher", b'{"texte": ["a"]}', 422),
    ("/api/chercher", b'{"texte": "bonjour", "limite": "beaucoup"}', 422),
    ("/api/chercher", b'{"texte": "bonjour", "limite": 0}', 422),
    ("/api/chercher", b'{"texte": "bonjour", "pirate": 1}', 422),
    ("/api/chercher", json.dumps({"texte": "a" * 5001}).encode(), 422),
    ("/api/chercher", json.dumps({"texte": "a" * 1_000_000}).encode(), 413),
    ("/api/chercher", b"\xff\xfe\x00garbage", 400),
    ("/api/repondre", b"", None),
    ("/api/repondre", b"{]", 400),
    ("/api/repondre", b'{"etat": "x"}', 422),
    ("/api/repondre", b'{"etat": {"version": 9}}', 422),
    ("/api/repondre", b'{"etat": {"version": 1, "mode": "pirate"}}', 422),
    ("/api/repondre", b'{"etat": {"version": 1, "reponses": 5}}', 422),
    ("/api/repondre", b'{"etat": {"version": 1, "reponses": [[1]]}}', 422),
    ("/api/repondre", b'{"etat": {"version": 1, "thematique": ["x"]}}', 422),
    ("/api/repondre", b'{"etat": {"version": 1, "quartier": 5}}', 422),
    ("/api/repondre", b'{"etat": {"version": "1"}}', 422),
    ("/api/repondre", b'{"etat": null, "bouton": "menu", "texte": "x"}', 422),
    ("/api/repondre", b'{"etat": null, "bouton": ["x"]}', 422),
    ("/api/repondre", b'{"etat": null, "commande": 3}', 422),
    ("/api/repondre", json.dumps({"etat": None, "texte": "é" * 5001}).encode(), 422),
]


@pytest.mark.parametrize(("chemin", "corps", "attendu"), MAUVAIS)
def test_mauvaises_entrees(client: httpx.Client, chemin: str, corps: bytes, attendu: int | None) -> None:
    """Une mauvaise entrée donne un 4xx clair, en français, jamais un 500."""
    rep = client.post(chemin, content=corps, headers=JSON)
    assert 400 <= rep.status_code < 500, rep.text
    if attendu is not None:
        assert rep.status_code == attendu, rep.text
    message = rep.json()["erreur"]
    assert isinstance(message, str) and len(message) > 10
    assert any(mot in message.lower() for mot in ("requête", "données", "etat", "json", "champ")), message


def test_corps_sans_longueur_trop_gros(client: httpx.Client) -> None:
    """Un corps envoyé par morceaux (sans Content-Length) est aussi limité (413)."""

    def morceaux() -> Any:
        """Un million d'octets en 100 morceaux."""
        for _ in range(100):
            yield b"a" * 10_000

    rep = client.post("/api/chercher", content=morceaux(), headers=JSON)
    assert rep.status_code == 413 and "trop grosse" in rep.json()["erreur"]


ETATS_BIZARRES = [
    {"version": 1, "etape": "n-importe", "thematique": "travail"},
    {"version": 1, "etape": "age", "thematique": "inconnu", "quartier": "nulle-part"},
    {"version": 1, "etape": "fin", "fiches": ["pas-une-fiche"], "orientation": ["pas-une-fiche"], "mode": "mediateur"},
    {"version": 1, "etape": "parler-quartier", "reponses": [["age", "moins-26"], ["x", "y"]]},
]


@pytest.mark.parametrize("etat", ETATS_BIZARRES)
@pytest.mark.parametrize(
    "entree",
    [
        {"bouton": "fiche"},
        {"bouton": "ne-sait-pas"},
        {"bouton": "quartier:autre"},
        {"texte": "j'ai faim"},
        {"commande": "aide"},
        {"bouton": "reponse:moins-26"},
    ],
)
def test_etats_bizarres_sans_erreur_serveur(client: httpx.Client, etat: dict[str, Any], entree: dict[str, str]) -> None:
    """Un état bien formé mais incohérent ne fait jamais tomber le serveur."""
    rep = client.post("/api/repondre", json={"etat": etat, **entree})
    assert rep.status_code == 200, rep.text
    assert rep.json()["reponses"]


def test_page_privee(client: httpx.Client) -> None:
    """Les pages ne sont jamais mises en cache ; le cookie est opaque, HttpOnly et SameSite=Strict."""
    rep = client.get("/")
    assert rep.status_code == 200
    assert rep.headers["cache-control"] == "no-store"
    cookie = rep.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    valeur = rep.cookies["borne"]
    assert len(valeur) >= 40
    assert client.post("/api/chercher", json={"texte": "faim"}).headers["cache-control"] == "no-store"


def test_audio_du_cache(client: httpx.Client) -> None:
    """Le son de l'écran vient du cache partagé, en audio/ogg ; une clé inconnue ou mal formée donne 404."""
    page = client.get("/").text
    debut = page.index('id="voix" src="') + len('id="voix" src="')
    src = page[debut : page.index('"', debut)]
    rep = client.get(src)
    assert rep.status_code == 200 and rep.headers["content-type"] == "audio/ogg"
    assert rep.content[:4] == b"OggS"
    assert client.get("/audio/" + "0" * 64 + ".ogg").status_code == 404
    assert client.get("/audio/..%2F..%2Fetc%2Fpasswd.ogg").status_code == 404


def test_formulaire_sans_session_revient_a_l_accueil(serveur: ServeurBorne) -> None:
    """Un bouton touché après l'oubli de la session ne s'applique pas : retour à l'accueil."""
    with httpx.Client(base_url=serveur.url) as c:
        rep = c.post("/repondre", data={"bouton": "theme:travail"})
        assert rep.status_code == 303 and rep.headers["location"] == "/"
        assert c.post("/repondre", data={"commande": "rm -rf"}).status_code == 303


def test_formulaire_refuse_une_commande_inconnue(client: httpx.Client) -> None:
    """Le formulaire de la borne n'accepte que les commandes connues."""
    client.get("/")
    assert client.post("/repondre", data={"commande": "pirate"}).status_code == 422
    assert client.post("/repondre", data={"texte": "x" * 2000}).status_code == 422
    assert client.post("/repondre", data={"bouton": "theme:travail"}).status_code == 303


def test_sessions_oubliees_apres_inactivite() -> None:
    """Une session inutilisée pendant le délai est oubliée ; l'usage la prolonge ; `supprimer` l'efface."""
    maintenant = [1000.0]
    sessions = Sessions(90, horloge=lambda: maintenant[0])
    a, b = sessions.creer(), sessions.creer()
    assert a.cle != b.cle and len(sessions) == 2
    maintenant[0] += 60
    assert sessions.obtenir(a.cle) is a
    maintenant[0] += 60
    assert sessions.obtenir(b.cle) is None
    assert sessions.obtenir(a.cle) is a
    assert sessions.supprimer(a.cle) and sessions.obtenir(a.cle) is None
    assert sessions.obtenir(None) is None and sessions.obtenir("") is None


def test_sessions_bornees() -> None:
    """Au-delà du maximum, les plus anciennes sessions sont oubliées."""
    maintenant = [0.0]
    sessions = Sessions(1000, horloge=lambda: maintenant[0], maximum=3)
    cles = []
    for _ in range(5):
        maintenant[0] += 1
        cles.append(sessions.creer().cle)
    assert len(sessions) <= 3
    assert sessions.obtenir(cles[0]) is None and sessions.obtenir(cles[-1]) is not None


SECRET = "mon-secret-de-test-4242"


def secours_attendus(contexte: Contexte) -> list[dict[str, Any]]:
    """Les numéros de secours de dialogues/communs.yaml, comme l'API les donne."""
    return [{"numero": n.numero, "libelle": n.libelle, "sms": n.sms} for n in contexte.parcours.communs.secours]


def verifier_journal(caplog: pytest.LogCaptureFixture, chemin: str) -> None:
    """L'erreur est journalisée avec sa trace et le chemin, jamais le corps de la requête."""
    erreurs = [x for x in caplog.records if x.name == "bot.canaux.borne.souci" and x.levelno == logging.ERROR]
    assert erreurs and all(x.exc_info for x in erreurs)
    assert any(chemin in x.getMessage() for x in erreurs)
    assert SECRET not in caplog.text


@pytest.mark.parametrize("chemin", ["/api/chercher", "/api/repondre"])
def test_souci_api_en_json(serveur_en_panne: ServeurBorne, contexte_borne: Contexte, caplog: pytest.LogCaptureFixture, chemin: str) -> None:
    """Une erreur imprévue dans l'API : 500, le souci en français et les numéros de secours, en JSON."""
    caplog.set_level(logging.ERROR, logger="bot.canaux.borne.souci")
    with httpx.Client(base_url=serveur_en_panne.url, timeout=60) as c:
        rep = c.post(chemin, json={"texte": SECRET, **({"etat": None} if chemin == "/api/repondre" else {})})
    assert rep.status_code == 500, rep.text
    assert rep.headers["content-type"].startswith("application/json")
    assert rep.headers["cache-control"] == "no-store"
    assert rep.json() == {"erreur": contexte_borne.parcours.textes(Cle.SOUCI_TECHNIQUE), "numeros": secours_attendus(contexte_borne)}
    verifier_journal(caplog, chemin)


def verifier_page_souci(rep: httpx.Response, contexte: Contexte) -> None:
    """La page du souci : 500, en HTML, le message simple, chaque numéro de secours et de quoi recommencer."""
    assert rep.status_code == 500, rep.text
    assert rep.headers["content-type"].startswith("text/html")
    assert rep.headers["cache-control"] == "no-store"
    page = html.unescape(rep.text)
    assert "Internal Server Error" not in page
    assert contexte.parcours.textes(Cle.SOUCI_TECHNIQUE) in page
    for n in contexte.parcours.communs.secours:
        assert f'<span class="numero">{n.numero}</span>' in page and n.libelle in page
    assert 'action="/terminer"' in page and contexte.parcours.communs.boutons["recommencer"].libelle in page


@pytest.mark.parametrize("script", [False, True])
def test_souci_formulaire_en_html(
    serveur_en_panne: ServeurBorne, contexte_borne: Contexte, caplog: pytest.LogCaptureFixture, script: bool
) -> None:
    """Une erreur imprévue derrière un formulaire de la borne : la page du souci, avec ou sans le script."""
    caplog.set_level(logging.ERROR, logger="bot.canaux.borne.souci")
    with httpx.Client(base_url=serveur_en_panne.url, timeout=60) as c:
        assert c.get("/").status_code == 200
        rep = c.post("/repondre", data={"texte": SECRET}, headers={"x-borne": "fetch"} if script else {})
        verifier_page_souci(rep, contexte_borne)
        assert c.get("/").status_code == 200
    verifier_journal(caplog, "/repondre")


def test_souci_page_de_test(serveur_en_panne: ServeurBorne, contexte_borne: Contexte, caplog: pytest.LogCaptureFixture) -> None:
    """Une page qui lève répond par la page du souci ; la même sous /api/ répond en JSON."""
    caplog.set_level(logging.ERROR, logger="bot.canaux.borne.souci")
    with httpx.Client(base_url=serveur_en_panne.url, timeout=60) as c:
        verifier_page_souci(c.get(URL_PANNE), contexte_borne)
        rep = c.get("/api" + URL_PANNE)
    assert rep.status_code == 500 and rep.json()["numeros"] == secours_attendus(contexte_borne)
    verifier_journal(caplog, URL_PANNE)
