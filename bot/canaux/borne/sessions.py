"""Kiosk sessions kept in server memory only, keyed by an opaque random cookie, reset after inactivity."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.dialogue import reponses as r
from bot.dialogue.etat import Etat, etat_initial

SESSIONS_MAX = 500


@dataclass
class SessionBorne:
    """One person at the kiosk: the conversation state, the last screen and the sound setting."""

    cle: str
    etat: Etat = field(default_factory=etat_initial)
    tour: r.Tour | None = None
    son: bool = True
    dernier: float = 0.0


class Sessions:
    """In-memory sessions; a session unused for `delai_s` seconds is forgotten."""

    def __init__(self, delai_s: float, horloge: Callable[[], float] = time.monotonic, maximum: int = SESSIONS_MAX) -> None:
        """Keep at most `maximum` sessions, each for `delai_s` seconds after its last use."""
        self._delai_s = delai_s
        self._horloge = horloge
        self._maximum = maximum
        self._sessions: dict[str, SessionBorne] = {}
        self._verrou = threading.Lock()

    @property
    def delai_s(self) -> float:
        """Inactivity delay before a reset, in seconds."""
        return self._delai_s

    def __len__(self) -> int:
        """Number of live sessions (expired ones are purged first)."""
        with self._verrou:
            self._purger()
            return len(self._sessions)

    def _purger(self) -> None:
        """Forget expired sessions, then the oldest ones above the maximum (lock held)."""
        limite = self._horloge() - self._delai_s
        for cle in [c for c, s in self._sessions.items() if s.dernier < limite]:
            del self._sessions[cle]
        while len(self._sessions) >= self._maximum:
            plus_vieille = min(self._sessions.values(), key=lambda s: s.dernier)
            del self._sessions[plus_vieille.cle]

    def creer(self) -> SessionBorne:
        """Start a new session with a fresh random key."""
        session = SessionBorne(cle=secrets.token_urlsafe(32), dernier=self._horloge())
        with self._verrou:
            self._purger()
            self._sessions[session.cle] = session
        return session

    def obtenir(self, cle: str | None) -> SessionBorne | None:
        """The live session of `cle`, touched; None when unknown or expired."""
        if not cle:
            return None
        with self._verrou:
            self._purger()
            session = self._sessions.get(cle)
            if session is not None:
                session.dernier = self._horloge()
            return session

    def supprimer(self, cle: str | None) -> bool:
        """Forget a session now; True when it existed."""
        with self._verrou:
            return self._sessions.pop(cle or "", None) is not None
