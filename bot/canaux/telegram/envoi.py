"""Send to the Bot API without losing messages: wait on 429 (RetryAfter), back off on network errors."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)

T = TypeVar("T")

TENTATIVES = 6
ATTENTE_RESEAU_S = 0.5
ATTENTE_RESEAU_MAX_S = 8.0
MARGE_LIMITE_S = 0.1


def secondes_a_attendre(erreur: RetryAfter) -> float:
    """The wait asked by a 429, in seconds (PTB returns an int or a timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        valeur = erreur.retry_after
    return valeur.total_seconds() if isinstance(valeur, dt.timedelta) else float(valeur)


async def avec_reessais(action: Callable[[], Awaitable[T]], methode: str, tentatives: int = TENTATIVES) -> T:
    """Run one Bot API call, retrying on RetryAfter and network/5xx errors; re-raise after `tentatives`."""
    for essai in range(1, tentatives + 1):
        try:
            return await action()
        except RetryAfter as erreur:
            if essai == tentatives:
                raise
            attente = secondes_a_attendre(erreur) + MARGE_LIMITE_S
            log.warning("telegram.limite methode=%s essai=%d attente_s=%.1f", methode, essai, attente)
        except BadRequest:
            raise
        except NetworkError as erreur:
            if essai == tentatives:
                raise
            attente = min(ATTENTE_RESEAU_S * 2 ** (essai - 1), ATTENTE_RESEAU_MAX_S)
            log.warning(
                "telegram.reseau methode=%s essai=%d attente_s=%.1f erreur=%s : %s", methode, essai, attente, type(erreur).__name__, erreur
            )
        await asyncio.sleep(attente)
    raise AssertionError("inaccessible : la dernière tentative renvoie ou lève")
