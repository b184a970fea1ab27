"""The kiosk web app: `creer_app(settings, contexte, voix)` builds the pages, the audio and the JSON API."""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Form, HTTPException, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from bot.canaux.borne.api import ID_MAX, routeur_api
from bot.canaux.borne.impression import feuille
from bot.canaux.borne.protections import EntetesPrivees, LimiteCorps, installer_erreurs
from bot.canaux.borne.rendu import Ecran, ecran
from bot.canaux.borne.sessions import SessionBorne, Sessions
from bot.canaux.borne.souci import FiletDeSecurite, PageSouci
from bot.config import Settings
from bot.dialogue import reponses as r
from bot.dialogue.cles import Cle
from bot.dialogue.contexte import Contexte
from bot.dialogue.moteur import repondre
from bot.dialogue.services import BOUTON_URGENCE, COMMANDES_MOTEUR
from bot.voix import ErreurVoix, VoixEnCache

logger = logging.getLogger(__name__)

ICI = Path(__file__).resolve().parent
COOKIE = "borne"
CLE_AUDIO = re.compile(r"^[0-9a-f]{64}$")
TEXTE_FORMULAIRE_MAX = 1000
COMMANDES_FORMULAIRE = COMMANDES_MOTEUR


def _fetch(request: Request) -> bool:
    """True when the page's script sent the form (it then replaces the page itself)."""
    return request.headers.get("x-borne") == "fetch"


def _suite(request: Request) -> Response:
    """After a form: 204 for the script, else a redirect to the current screen (no resubmission)."""
    return Response(status_code=204) if _fetch(request) else RedirectResponse("/", status_code=303)


def _poser_cookie(reponse: Response, session: SessionBorne) -> None:
    """Tie the browser to its server session with an opaque cookie."""
    reponse.set_cookie(COOKIE, session.cle, httponly=True, samesite="strict", path="/")


class Audio:
    """The speech of the kiosk: synthesised through the shared cache, served as /audio/<cle>.ogg."""

    def __init__(self, voix: VoixEnCache) -> None:
        """Use the shared speech cache."""
        self.voix = voix

    async def url(self, texte: str) -> str | None:
        """The URL of `texte` spoken, or None when speech fails (logged; the page stays usable)."""
        if not texte.strip():
            return None
        try:
            chemin = await self.voix.parler_async(texte)
        except ErreurVoix:
            logger.warning("borne.voix_indisponible longueur=%d", len(texte), exc_info=True)
            return None
        return f"/audio/{chemin.stem}.ogg"

    def chemin(self, cle: str) -> Path | None:
        """The cached file of a key, or None."""
        if not CLE_AUDIO.match(cle):
            return None
        chemin = self.voix.chemin_cle(cle)
        return chemin if chemin.is_file() else None


def page_souci(templates: Jinja2Templates, contexte: Contexte, inactivite_s: float) -> PageSouci:
    """The answers to an unexpected error: « souci technique », the emergency numbers, a way back to the start."""
    communs = contexte.parcours.communs
    html = templates.get_template("souci.html").render(
        secours=communs.secours, recommencer=communs.boutons["recommencer"], inactivite=inactivite_s
    )
    numeros = [n.model_dump() for n in communs.secours]
    return PageSouci(html, {"erreur": contexte.parcours.textes(Cle.SOUCI_TECHNIQUE), "numeros": numeros})


def creer_app(settings: Settings, contexte: Contexte, voix: VoixEnCache) -> FastAPI:
    """Build the kiosk app; its sessions live in this app object only."""
    app = FastAPI(
        title="Passerelle — borne",
        version="1",
        description="Borne tactile et API d'orientation de Passerelle.",
        docs_url="/api/docs",
        redoc_url=None,
    )
    sessions = Sessions(settings.borne_inactivite_s)
    audio = Audio(voix)
    textes = contexte.parcours.textes
    templates = Jinja2Templates(directory=str(ICI / "templates"))
    templates.env.globals["t"] = textes
    app.state.sessions = sessions
    app.mount("/static", StaticFiles(directory=str(ICI / "static")), name="static")
    app.include_router(routeur_api(contexte))
    installer_erreurs(app)
    app.add_middleware(LimiteCorps)
    app.add_middleware(FiletDeSecurite, souci=page_souci(templates, contexte, sessions.delai_s))
    app.add_middleware(EntetesPrivees)

    def session_de(request: Request) -> SessionBorne | None:
        """The live session of this browser, if any."""
        return sessions.obtenir(request.cookies.get(COOKIE))

    def avancer(session: SessionBorne, entree: r.Entree) -> None:
        """Feed one input to the engine and keep the new state and screen."""
        session.etat, session.tour = repondre(session.etat, entree, contexte)

    async def page(request: Request, gabarit: str, session: SessionBorne, nouvelle: bool, **donnees: object) -> HTMLResponse:
        """Render a kiosk page with the controls shared by every screen (the countdown is spoken too)."""
        reponse = templates.TemplateResponse(
            request,
            gabarit,
            {
                "session": session,
                "inactivite": sessions.delai_s,
                "mediateur": session.etat.mode == "mediateur",
                "bouton_urgence": BOUTON_URGENCE,
                "audio_compte": await audio.url(textes(Cle.BORNE_COMPTE_VOIX)),
                **donnees,
            },
        )
        if nouvelle:
            _poser_cookie(reponse, session)
        return reponse

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def accueil(request: Request) -> HTMLResponse:
        """The current screen of this browser's session (the home screen for a new one)."""
        session = session_de(request)
        nouvelle = session is None
        if session is None:
            session = sessions.creer()
        if session.tour is None:
            avancer(session, r.Entree(commande="start"))
        assert session.tour is not None
        cartes = session.tour.cartes
        urls = await asyncio.gather(audio.url(session.tour.a_dire()), *(audio.url(c.a_dire()) for c in cartes))
        audios = {c.fiche_id: u for c, u in zip(cartes, urls[1:]) if u}
        imprimables = frozenset(c.fiche_id for c in cartes if c.fiche_id in contexte.base.fiches)
        vue: Ecran = ecran(session.tour, imprimables, audios)
        return await page(request, "ecran.html", session, nouvelle, ecran=vue, audio=urls[0])

    @app.post("/repondre", include_in_schema=False)
    async def repondre_formulaire(
        request: Request,
        bouton: Annotated[str | None, Form(max_length=ID_MAX)] = None,
        texte: Annotated[str | None, Form(max_length=TEXTE_FORMULAIRE_MAX)] = None,
        commande: Annotated[str | None, Form(max_length=ID_MAX)] = None,
    ) -> Response:
        """A pressed button, a typed need or a mediator command; an expired session goes home."""
        session = session_de(request)
        if session is None:
            return _suite(request)
        if commande is not None and commande not in COMMANDES_FORMULAIRE:
            raise HTTPException(422, f"Commande inconnue : {commande[:40]!r}.")
        if session.tour is None:
            avancer(session, r.Entree(commande="start"))
        if bouton:
            avancer(session, r.Entree(bouton=bouton))
        elif commande:
            avancer(session, r.Entree(commande=commande))
        else:
            avancer(session, r.Entree(texte=texte or ""))
        return _suite(request)

    @app.post("/son", include_in_schema=False)
    async def son(request: Request) -> Response:
        """Turn the automatic reading on or off for this session."""
        session = session_de(request)
        if session is not None:
            session.son = not session.son
        return _suite(request)

    @app.post("/present", include_in_schema=False)
    async def present(request: Request) -> Response:
        """The person is still there (a touch): keep the session alive."""
        return Response(status_code=204 if session_de(request) is not None else 205)

    @app.post("/terminer", include_in_schema=False)
    async def terminer(request: Request) -> Response:
        """Forget this person now: delete the server session and the cookie."""
        sessions.supprimer(request.cookies.get(COOKIE))
        reponse = _suite(request)
        reponse.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return reponse

    @app.get("/fiche/{fiche_id}/imprimer", response_class=HTMLResponse, include_in_schema=False)
    async def imprimer(request: Request, fiche_id: str) -> Response:
        """The A6 sheet of a card shown in this session (elsewhere: back to the current screen)."""
        session = session_de(request)
        if session is None or fiche_id not in session.etat.orientation:
            return RedirectResponse("/", status_code=303)
        fiche = contexte.base.fiches.get(fiche_id)
        if fiche is None:
            raise HTTPException(404, "Fiche introuvable.")
        f = feuille(fiche, contexte.base, contexte.parcours.textes, session.etat.quartier)
        dire = textes(Cle.BORNE_IMPRIMER_VOIX, titre=f.carte.titre)
        return await page(request, "imprimer.html", session, False, feuille=f, audio=await audio.url(dire))

    @app.get("/audio/{cle}.ogg", include_in_schema=False)
    async def audio_ogg(cle: str) -> FileResponse:
        """A spoken screen from the shared speech cache."""
        chemin = audio.chemin(cle)
        if chemin is None:
            raise HTTPException(404, "Son introuvable.")
        return FileResponse(chemin, media_type="audio/ogg")

    return app
