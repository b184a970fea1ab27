"""The kiosk's safety net: an unexpected error answers in simple French with the emergency numbers, never a bare 500."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from fastapi.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.canaux.borne.protections import IntergicielHTTP

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSouci:
    """The two prepared answers to an unexpected error: the HTML page and the API's JSON body."""

    html: str
    json: dict[str, object]


class FiletDeSecurite(IntergicielHTTP):
    """ASGI middleware: an exception escaping a route is logged (path only) and answered with status 500."""

    def __init__(self, app: ASGIApp, souci: PageSouci) -> None:
        """Wrap `app`; `souci` is rendered once, so answering cannot fail in turn."""
        super().__init__(app)
        self.souci = souci

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; on an unexpected exception before the answer started, send the French answer."""
        commence = False

        async def envoyer(message: Message) -> None:
            """Note when the answer has started (it can no longer be replaced)."""
            nonlocal commence
            if message["type"] == "http.response.start":
                commence = True
            await send(message)

        try:
            await self.app(scope, receive, envoyer)
        except Exception:
            chemin = str(scope.get("path", ""))
            logger.error("borne.erreur_inattendue chemin=%s", chemin, exc_info=True)
            if commence:
                raise
            await self._reponse(chemin)(scope, receive, send)

    def _reponse(self, chemin: str) -> HTMLResponse | JSONResponse:
        """JSON for the API, the HTML page for everything else."""
        if chemin == "/api" or chemin.startswith("/api/"):
            return JSONResponse(self.souci.json, status_code=500)
        return HTMLResponse(self.souci.html, status_code=500)
