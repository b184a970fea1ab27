"""Private, persistent conversation sessions keyed by a pseudonymous hash (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from sqlalchemy import CursorResult, DateTime, Engine, Table, Text, create_engine, delete, event, select, text
from sqlalchemy.dialects.postgresql import insert as insert_postgresql
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import TypeDecorator
from sqlmodel import Column, Field, SQLModel, col

from bot.config import Settings

log = logging.getLogger(__name__)

R = TypeVar("R")

EXPIRATION_PAR_DEFAUT_S = Settings().expiration_session_s
LANGUE_PAR_DEFAUT = "fr"
VOIX_PAR_DEFAUT = True
_VERROU_CREATION_TABLES = 0x5A55E7E11E  # pg_advisory_xact_lock key serialising CREATE TABLE


class ConflitVersion(Exception):
    """Raised by `ecrire` when the stored version is not the expected one."""


class DateTimeUTC(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned as a timezone-aware UTC datetime."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes and convert to UTC (naive UTC for SQLite, which has no time zones)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetime sans fuseau horaire refusé")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class SessionUsager(SQLModel, table=True):
    """One resident's conversation session; holds no message text and no raw identifier."""

    __tablename__ = "sessions_usagers"
    if TYPE_CHECKING:
        __table__: ClassVar[Table]

    cle: str = Field(primary_key=True, max_length=64)
    etat: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    langue: str = Field(default=LANGUE_PAR_DEFAUT, max_length=16)
    voix: bool = Field(default=VOIX_PAR_DEFAUT)
    derniere_activite: datetime = Field(sa_column=Column(DateTimeUTC(), nullable=False, index=True))
    version: int = Field(default=0)


@dataclass(frozen=True)
class SessionLue:
    """A session as read from the store (the state is a fresh dict, free to mutate)."""

    cle: str
    etat: dict[str, Any]
    langue: str
    voix: bool
    derniere_activite: datetime
    version: int


@dataclass(frozen=True)
class Preference:
    """A resident's output preferences."""

    langue: str = LANGUE_PAR_DEFAUT
    voix: bool = VOIX_PAR_DEFAUT


@dataclass(frozen=True)
class Modification(Generic[R]):
    """What a `mettre_a_jour` function returns when it also changes the preferences."""

    etat: dict[str, Any]
    resultat: R
    langue: str | None = None
    voix: bool | None = None


FonctionMiseAJour = Callable[[SessionLue | None], tuple[dict[str, Any], R] | Modification[R]]


def horloge_utc() -> datetime:
    """The real clock, timezone-aware UTC."""
    return datetime.now(UTC)


def creer_moteur(url: str) -> Engine:
    """Build an engine: SQLite (WAL, BEGIN IMMEDIATE, parent folder created) or PostgreSQL (psycopg 3)."""
    adresse = make_url(url)
    if adresse.drivername in ("postgres", "postgresql"):
        adresse = adresse.set(drivername="postgresql+psycopg")
    dialecte = adresse.get_backend_name()
    if dialecte == "postgresql":
        return create_engine(adresse, pool_pre_ping=True)
    if dialecte != "sqlite":
        raise ValueError(f"base de données non prise en charge : {dialecte}")
    if adresse.database is None or adresse.database in ("", ":memory:"):
        raise ValueError("SQLite en mémoire non pris en charge : donner un fichier")
    Path(adresse.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    moteur = create_engine(adresse, connect_args={"check_same_thread": False, "timeout": 30})
    event.listen(moteur, "connect", _configurer_connexion_sqlite)
    event.listen(moteur, "begin", _commencer_sqlite_immediate)
    return moteur


def _configurer_connexion_sqlite(connexion_dbapi: Any, _enregistrement: Any) -> None:
    """Let SQLAlchemy drive transactions itself and switch the file to WAL."""
    connexion_dbapi.isolation_level = None
    curseur = connexion_dbapi.cursor()
    try:
        curseur.execute("PRAGMA journal_mode=WAL")
        curseur.execute("PRAGMA busy_timeout=30000")
    finally:
        curseur.close()


def _commencer_sqlite_immediate(connexion: Any) -> None:
    """Take the SQLite write lock at BEGIN so read-modify-write transactions serialise."""
    connexion.exec_driver_sql("BEGIN IMMEDIATE")


class DepotSessions:
    """Thread-safe session store; several processes may share one PostgreSQL database."""

    def __init__(self, url: str, expiration_s: int = EXPIRATION_PAR_DEFAUT_S, horloge: Callable[[], datetime] = horloge_utc) -> None:
        """Connect to `url` and create the table if missing."""
        if expiration_s <= 0:
            raise ValueError("expiration_s doit être strictement positif")
        self.moteur = creer_moteur(url)
        self.expiration = timedelta(seconds=expiration_s)
        self._horloge = horloge
        self._fabrique = sessionmaker(self.moteur, expire_on_commit=False)
        self._creer_tables()

    @classmethod
    def depuis_settings(cls, settings: Settings, horloge: Callable[[], datetime] = horloge_utc) -> DepotSessions:
        """Build the store from the application settings."""
        return cls(settings.url_base_de_donnees, settings.expiration_session_s, horloge)

    def _creer_tables(self) -> None:
        """Create our table once, even when several processes start together."""
        with self.moteur.begin() as connexion:
            if connexion.dialect.name == "postgresql":
                connexion.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _VERROU_CREATION_TABLES})
            SQLModel.metadata.create_all(connexion, tables=[SessionUsager.__table__])

    def fermer(self) -> None:
        """Close every pooled connection."""
        self.moteur.dispose()

    def __enter__(self) -> DepotSessions:
        """Use the store as a context manager."""
        return self

    def __exit__(self, *_exc: object) -> None:
        """Close the store."""
        self.fermer()

    def _maintenant(self) -> datetime:
        """Current time from the injected clock, checked to be timezone-aware."""
        maintenant = self._horloge()
        if maintenant.tzinfo is None:
            raise ValueError("l'horloge doit renvoyer une datetime avec fuseau horaire")
        return maintenant.astimezone(UTC)

    def _est_expiree(self, ligne: SessionUsager, maintenant: datetime) -> bool:
        """True when the session has been inactive for longer than the expiry."""
        return maintenant - ligne.derniere_activite > self.expiration

    def lire(self, cle: str) -> SessionLue | None:
        """Return the session, or None if absent or expired (an expired session is deleted)."""
        maintenant = self._maintenant()
        with self._fabrique.begin() as session:
            ligne = session.get(SessionUsager, cle)
            if ligne is None:
                return None
            if self._est_expiree(ligne, maintenant):
                session.execute(
                    delete(SessionUsager).where(
                        col(SessionUsager.cle) == cle, col(SessionUsager.derniere_activite) < maintenant - self.expiration
                    )
                )
                log.info("session_expiree cle=%s", cle[:12])
                return None
            return _vers_session_lue(ligne)

    def ecrire(
        self, cle: str, etat: dict[str, Any], langue: str | None = None, voix: bool | None = None, version_attendue: int | None = None
    ) -> SessionLue:
        """Store `etat`; with `version_attendue` (0 = must not exist) raise ConflitVersion on mismatch."""

        def remplacer(actuelle: SessionLue | None) -> Modification[None]:
            """Check the expected version then replace the state."""
            trouvee = 0 if actuelle is None else actuelle.version
            if version_attendue is not None and trouvee != version_attendue:
                raise ConflitVersion(f"version attendue {version_attendue}, trouvée {trouvee}")
            return Modification(etat, None, langue, voix)

        return self._transaction(cle, remplacer)[0]

    def mettre_a_jour(self, cle: str, fonction: FonctionMiseAJour[R]) -> R:
        """Atomically read (row-locked) the session, apply `fonction`, store its new state; return its result.

        `fonction` receives the current session (None if absent or expired) and returns
        `(nouvel_etat, resultat)` or a `Modification`; it must be quick and do no I/O (the row is locked).
        """
        return self._transaction(cle, fonction)[1]

    def _transaction(self, cle: str, fonction: FonctionMiseAJour[R]) -> tuple[SessionLue, R]:
        """Lock (or create and lock) the row, apply `fonction`, write the result in the same transaction."""
        maintenant = self._maintenant()
        with self._fabrique.begin() as session:
            ligne = self._verrouiller(session, cle, maintenant)
            actuelle = None
            if ligne.version > 0 and not self._est_expiree(ligne, maintenant):
                actuelle = _vers_session_lue(ligne)
            reponse = fonction(actuelle)
            modif = reponse if isinstance(reponse, Modification) else Modification(reponse[0], reponse[1])
            if not isinstance(modif.etat, dict):
                raise TypeError(f"l'état doit être un dict, reçu {type(modif.etat).__name__}")
            ligne.etat = json.dumps(modif.etat, ensure_ascii=False, separators=(",", ":"))
            ligne.langue = modif.langue or (actuelle.langue if actuelle else LANGUE_PAR_DEFAUT)
            voix = modif.voix if modif.voix is not None else (actuelle.voix if actuelle else VOIX_PAR_DEFAUT)
            ligne.voix = voix
            ligne.derniere_activite = maintenant
            ligne.version += 1
            session.flush()
            return _vers_session_lue(ligne), modif.resultat

    def _verrouiller(self, session: Session, cle: str, maintenant: datetime) -> SessionUsager:
        """Return the row locked for update, inserting a version-0 placeholder first if it is missing."""
        requete = select(SessionUsager).where(col(SessionUsager.cle) == cle).with_for_update()
        ligne = session.execute(requete).scalar_one_or_none()
        if ligne is not None:
            return ligne
        valeurs: dict[str, Any] = {
            "cle": cle,
            "etat": "{}",
            "langue": LANGUE_PAR_DEFAUT,
            "voix": VOIX_PAR_DEFAUT,
            "derniere_activite": maintenant,
            "version": 0,
        }
        if session.get_bind().dialect.name == "postgresql":
            # Waits for a concurrent uncommitted insert of the same key, then does nothing.
            session.execute(insert_postgresql(SessionUsager).values(**valeurs).on_conflict_do_nothing(index_elements=["cle"]))
        else:
            # SQLite: BEGIN IMMEDIATE already holds the database write lock, nobody can insert meanwhile.
            session.add(SessionUsager(**valeurs))
            session.flush()
        return session.execute(requete.execution_options(populate_existing=True)).scalar_one()

    def oublier(self, cle: str) -> bool:
        """Delete the session for good (/oubli); True if a row was deleted."""
        with self._fabrique.begin() as session:
            resultat = cast(CursorResult[Any], session.execute(delete(SessionUsager).where(col(SessionUsager.cle) == cle)))
            supprimees = resultat.rowcount
        log.info("session_oubliee cle=%s supprimee=%s", cle[:12], bool(supprimees))
        return bool(supprimees)

    def purger_expirees(self) -> int:
        """Delete every session inactive for longer than the expiry; return how many."""
        limite = self._maintenant() - self.expiration
        with self._fabrique.begin() as session:
            resultat = cast(CursorResult[Any], session.execute(delete(SessionUsager).where(col(SessionUsager.derniere_activite) < limite)))
            supprimees = resultat.rowcount
        log.info("sessions_purgees nombre=%d", supprimees)
        return int(supprimees)

    def preferences(self, cle: str) -> Preference:
        """Return the resident's preferences (defaults when there is no live session)."""
        session = self.lire(cle)
        return Preference() if session is None else Preference(session.langue, session.voix)

    def definir_voix(self, cle: str, voix: bool) -> Preference:
        """Turn voice replies on or off, keeping the conversation state."""
        return self._definir(cle, voix=voix)

    def definir_langue(self, cle: str, langue: str) -> Preference:
        """Set the reply language (e.g. "fr", "en", "ar"), keeping the conversation state."""
        if not langue or len(langue) > 16:
            raise ValueError(f"code de langue invalide : {langue!r}")
        return self._definir(cle, langue=langue)

    def _definir(self, cle: str, langue: str | None = None, voix: bool | None = None) -> Preference:
        """Change one preference inside a locked transaction."""

        def changer(actuelle: SessionLue | None) -> Modification[None]:
            """Keep the state, change the preference."""
            return Modification({} if actuelle is None else actuelle.etat, None, langue, voix)

        session = self._transaction(cle, changer)[0]
        return Preference(session.langue, session.voix)


def _vers_session_lue(ligne: SessionUsager) -> SessionLue:
    """Convert a row into an immutable snapshot with a decoded state."""
    etat = json.loads(ligne.etat)
    if not isinstance(etat, dict):
        raise ValueError(f"état stocké invalide pour la clé {ligne.cle[:12]}")
    return SessionLue(ligne.cle, etat, ligne.langue, ligne.voix, ligne.derniere_activite, ligne.version)
