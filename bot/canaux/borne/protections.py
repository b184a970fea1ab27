"""HTTP hygiene of the kiosk: French error messages, a body size limit and no-store headers."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CORPS_MAX = 64 * 1024
MESSAGES_HTTP = {
    400: "Requête invalide.",
    404: "Page introuvable.",
    405: "Méthode non permise pour cette adresse.",
    413: "Requête trop grosse.",
    422: "Données invalides.",
}
TYPES = {
    "missing": "champ obligatoire manquant",
    "string_type": "doit être du texte",
    "string_too_short": "ne doit pas être vide",
    "string_too_long": "trop long ({max_length} caractères au plus)",
    "dict_type": "doit être un objet JSON",
    "model_attributes_type": "doit être un objet JSON",
    "int_type": "doit être un nombre entier",
    "int_parsing": "doit être un nombre entier",
    "greater_than_equal": "trop petit ({ge} au moins)",
    "less_than_equal": "trop grand ({le} au plus)",
    "extra_forbidden": "champ inconnu",
}
ENTETES = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; media-src 'self'; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
}


def _champ(loc: tuple[Any, ...]) -> str:
    """The field path of an error, without the leading « body »."""
    parties = [str(p) for p in loc if p != "body"]
    return ".".join(parties)


def message_validation(erreurs: list[dict[str, Any]]) -> tuple[int, str]:
    """The status and one French sentence for pydantic errors (400 for unreadable JSON)."""
    if any(e.get("type") == "json_invalid" for e in erreurs):
        return 400, "Le corps de la requête n'est pas du JSON valide."
    if any(e.get("type") == "missing" and tuple(e.get("loc", ())) == ("body",) for e in erreurs):
        return 422, "Le corps de la requête est vide : envoyez un objet JSON."
    phrases = []
    for e in erreurs:
        champ = _champ(tuple(e.get("loc", ())))
        if e.get("type") == "value_error":
            quoi = str(e.get("ctx", {}).get("error", e.get("msg", "valeur invalide")))
        else:
            quoi = TYPES.get(str(e.get("type")), "valeur invalide").format(**e.get("ctx", {}))
        phrases.append(f"« {champ} » : {quoi}" if champ else quoi)
    return 422, "Données invalides : " + " ; ".join(phrases) + "."


def installer_erreurs(app: FastAPI) -> None:
    """Answer every client error with a JSON body holding a French message."""

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        """Pydantic errors → 400/422 with a French sentence."""
        statut, message = message_validation(list(exc.errors()))
        details = [{"champ": _champ(tuple(e.get("loc", ()))), "type": e.get("type")} for e in exc.errors()]
        return JSONResponse({"erreur": message, "details": details}, status_code=statut)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        """HTTP errors → the French message (ours, or a generic one by status)."""
        anglais = exc.detail == HTTPStatus(exc.status_code).phrase
        message = MESSAGES_HTTP.get(exc.status_code, "Erreur.") if anglais or not exc.detail else str(exc.detail)
        return JSONResponse({"erreur": message}, status_code=exc.status_code, headers=getattr(exc, "headers", None))


class IntergicielHTTP:
    """Base of the kiosk's ASGI middlewares: what they do not concern passes through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap `app`."""
        self.app = app

    def concerne(self, scope: Scope) -> bool:
        """True for the requests this middleware acts on (every HTTP request by default)."""
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hand HTTP requests it concerns to `http`, everything else to the app."""
        if scope["type"] == "http" and self.concerne(scope):
            await self.http(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one HTTP request (each middleware says how)."""
        raise NotImplementedError


class LimiteCorps(IntergicielHTTP):
    """ASGI middleware: refuse request bodies over `maximum` bytes with 413, before the app reads them."""

    def __init__(self, app: ASGIApp, maximum: int = CORPS_MAX) -> None:
        """Wrap `app`."""
        super().__init__(app)
        self.maximum = maximum

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then buffer the body up to the limit."""
        longueur = dict(scope["headers"]).get(b"content-length")
        if longueur is not None and (not longueur.isdigit() or int(longueur) > self.maximum):
            await _trop_gros(scope, receive, send, self.maximum)
            return
        morceaux: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            total += len(message.get("body", b""))
            if total > self.maximum:
                await _trop_gros(scope, receive, send, self.maximum)
                return
            morceaux.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        await self.app(scope, _rejouer(b"".join(morceaux), receive), send)


def _rejouer(corps: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the buffered body once, then waits on the real one."""
    donne = False

    async def recevoir() -> Message:
        """Return the body first, then whatever the client sends next (disconnect)."""
        nonlocal donne
        if not donne:
            donne = True
            return {"type": "http.request", "body": corps, "more_body": False}
        return await receive()

    return recevoir


async def _trop_gros(scope: Scope, receive: Receive, send: Send, maximum: int) -> None:
    """Send the 413 answer."""
    reponse = JSONResponse(
        {"erreur": f"Requête trop grosse : {maximum // 1024} Kio au plus."}, status_code=413, headers={"Connection": "close"}
    )
    await reponse(scope, receive, send)


class EntetesPrivees(IntergicielHTTP):
    """ASGI middleware: no caching and a strict content policy on everything but /static/."""

    def concerne(self, scope: Scope) -> bool:
        """Every page but the static files."""
        return not str(scope.get("path", "")).startswith("/static/")

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response start."""

        async def envoyer(message: Message) -> None:
            """Add the privacy headers."""
            if message["type"] == "http.response.start":
                entetes = [(k, v) for k, v in message.get("headers", []) if k.decode("latin-1").title() not in ENTETES]
                entetes += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in ENTETES.items()]
                message = {**message, "headers": entetes}
            await send(message)

        await self.app(scope, receive, envoyer)
