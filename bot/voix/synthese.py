"""Text to WAV: the `Speaker` protocol and its pyttsx3 + espeak-ng implementation.

pyttsx3 2.99 on Linux prints to stdout on every save, keeps espeak-ng's state
process-wide, cannot be interrupted once `runAndWait()` hangs and silently keeps
the previous voice when a name is unknown. `Pyttsx3Speaker` therefore drives it
from one dedicated worker *process* (spawned lazily, serialised by a lock, killed
and restarted on timeout) and checks the resolved voice is really French.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import tempfile
import threading
import time
import wave
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

logger = logging.getLogger(__name__)

TAILLE_ENTETE_WAV = 44
TEXTE_ECHAUFFEMENT = "Bonjour."


class ErreurVoix(Exception):
    """Speech could not be produced; callers catch this and send text only."""


class VoixIntrouvable(ErreurVoix):
    """The requested voice does not exist or is not a French voice."""


class ErreurSynthese(ErreurVoix):
    """The speech engine failed, timed out or produced no audio."""


@runtime_checkable
class Speaker(Protocol):
    """Anything that turns pronounceable French text into a WAV file."""

    @property
    def voix(self) -> str:
        """Requested voice name (part of the cache key)."""
        ...

    @property
    def debit(self) -> int:
        """Speech rate in words per minute (part of the cache key)."""
        ...

    @property
    def version(self) -> str:
        """Engine version string, available without starting the engine (part of the cache key)."""
        ...

    def synthetiser_wav(self, texte: str, destination: Path) -> Path:
        """Write `texte` as speech into the WAV file `destination` and return it."""
        ...

    def fermer(self) -> None:
        """Release the engine."""
        ...


def version_espeak_ng() -> str:
    """espeak-ng library version, read through ctypes without initialising the engine."""
    try:
        bibliotheque = ctypes.CDLL("libespeak-ng.so.1")
    except OSError as exc:
        raise ErreurSynthese("bibliothèque libespeak-ng.so.1 introuvable (apt install espeak-ng)") from exc
    info = bibliotheque.espeak_Info
    info.restype = ctypes.c_char_p
    info.argtypes = [ctypes.c_void_p]
    brut = info(None)
    return brut.decode("ascii", "replace") if brut else "inconnue"


def version_moteur() -> str:
    """Version string of the whole pyttsx3 + espeak-ng stack, e.g. "pyttsx3-2.99+espeak-ng-1.51"."""
    return f"pyttsx3-{metadata.version('pyttsx3')}+espeak-ng-{version_espeak_ng()}"


def attendre_fichier_stable(chemin: Path, delai_s: float, taille_min: int = TAILLE_ENTETE_WAV + 2) -> int:
    """Wait until `chemin` exists, is bigger than `taille_min` and stops growing; return its size."""
    limite = time.monotonic() + delai_s
    precedente = -1
    while True:
        taille = chemin.stat().st_size if chemin.exists() else -1
        if taille >= taille_min and taille == precedente:
            return taille
        if time.monotonic() > limite:
            raise ErreurSynthese(f"fichier audio absent ou vide après {delai_s:.1f} s (taille {taille})")
        precedente = taille
        time.sleep(0.005)


def _resoudre_voix(voix_disponibles: list[Any], nom: str) -> tuple[str, str]:
    """Find the espeak voice for `nom` (id, id suffix, name or language); return (id, variant)."""
    base, _, variante = nom.strip().partition("+")
    cle = base.casefold()
    for v in voix_disponibles:
        identifiant = str(v.id).casefold()
        langues = [str(lang).casefold() for lang in (v.languages or [])]
        if cle in (identifiant, identifiant.rsplit("/", 1)[-1], str(v.name).casefold(), *langues):
            if not any(lang.startswith("fr") for lang in langues):
                raise VoixIntrouvable(f"la voix {nom!r} existe mais n'est pas française ({v.id}, {langues})")
            return str(v.id), variante
    francaises = sorted(str(v.id) for v in voix_disponibles if any(str(l).startswith("fr") for l in v.languages or []))
    if not francaises:
        raise VoixIntrouvable("aucune voix française dans espeak-ng (installer espeak-ng-data)")
    raise VoixIntrouvable(f"voix {nom!r} introuvable ; voix françaises disponibles : {', '.join(francaises)}")


def _boucle_travailleur(conn: multiprocessing.connection.Connection, voix: str, debit: int) -> None:
    """Worker process body: own one pyttsx3 engine and answer synthesis requests over `conn`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    nul = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nul, 1)  # pyttsx3 prints "Audio saved to ..." on stdout: keep it off our console channel
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    try:
        import pyttsx3

        moteur = pyttsx3.init("espeak")
        erreurs: list[BaseException] = []
        moteur.connect("error", lambda name=None, exception=None: erreurs.append(exception))
        identifiant, variante = _resoudre_voix(moteur.getProperty("voices"), voix)
        moteur.setProperty("voice", identifiant + (f"+{variante}" if variante else ""))
        moteur.setProperty("rate", debit)
        with tempfile.TemporaryDirectory(prefix="passerelle-voix-") as dossier:
            essai = Path(dossier) / "echauffement.wav"
            moteur.save_to_file(TEXTE_ECHAUFFEMENT, str(essai))
            moteur.runAndWait()
            attendre_fichier_stable(essai, 10.0)
        if erreurs:
            raise VoixIntrouvable(f"pyttsx3 a refusé la voix {voix!r} : {erreurs[0]!r}")
        active = str(moteur.getProperty("voice") or "")
        if active.split("+")[0] != identifiant:
            raise VoixIntrouvable(f"espeak-ng a gardé la voix {active!r} au lieu de {identifiant!r}")
        conn.send(("pret", active))
    except VoixIntrouvable as exc:
        conn.send(("voix_introuvable", str(exc)))
        return
    except Exception as exc:
        logger.error("voix.travailleur.demarrage_echec", exc_info=True)
        conn.send(("erreur", f"{type(exc).__name__}: {exc}"))
        return
    _servir(conn, moteur, erreurs)


def _servir(conn: multiprocessing.connection.Connection, moteur: Any, erreurs: list[BaseException]) -> None:
    """Answer ("texte", "chemin") requests until the parent closes the pipe or sends None."""
    while True:
        try:
            demande = conn.recv()
        except EOFError:
            return
        if demande is None:
            return
        texte, chemin = demande
        erreurs.clear()
        try:
            moteur.save_to_file(texte, chemin)
            moteur.runAndWait()
            if erreurs:
                raise ErreurSynthese(f"pyttsx3 a signalé une erreur : {erreurs[0]!r}")
            taille = attendre_fichier_stable(Path(chemin), 10.0)
            conn.send(("ok", taille))
        except Exception as exc:
            logger.error("voix.travailleur.synthese_echec longueur=%d", len(texte), exc_info=True)
            conn.send(("erreur", f"{type(exc).__name__}: {exc}"))


class Pyttsx3Speaker:
    """pyttsx3 on espeak-ng's French voice, run in one lazily spawned worker process."""

    def __init__(self, voix: str = "fr", debit: int = 150, delai_s: float = 20.0, delai_demarrage_s: float = 60.0) -> None:
        """Remember the settings; the engine only starts on the first synthesis (or `demarrer()`)."""
        self._voix = voix
        self._debit = debit
        self._delai_s = delai_s
        self._delai_demarrage_s = delai_demarrage_s
        self._version = version_moteur()
        self._verrou = threading.Lock()
        self._processus: multiprocessing.process.BaseProcess | None = None
        self._conn: multiprocessing.connection.Connection | None = None
        self._voix_active: str | None = None
        self._demarrages = 0

    @property
    def voix(self) -> str:
        """Requested voice name."""
        return self._voix

    @property
    def debit(self) -> int:
        """Speech rate in words per minute."""
        return self._debit

    @property
    def version(self) -> str:
        """pyttsx3 + espeak-ng versions."""
        return self._version

    @property
    def voix_active(self) -> str | None:
        """espeak-ng identifier of the voice really in use (e.g. "roa/fr"), None before start."""
        return self._voix_active

    @property
    def demarrages(self) -> int:
        """How many worker processes were started (engine initialisations)."""
        return self._demarrages

    def demarrer(self) -> str:
        """Start the engine now and check the voice; return the active voice identifier."""
        with self._verrou:
            return self._demarrer_si_besoin()

    def _demarrer_si_besoin(self) -> str:
        """Spawn the worker if it is not running; caller holds the lock."""
        if self._processus is not None and self._processus.is_alive() and self._voix_active:
            return self._voix_active
        self._arreter()
        contexte = multiprocessing.get_context("spawn")
        parent, enfant = contexte.Pipe()
        processus = contexte.Process(
            target=_boucle_travailleur, args=(enfant, self._voix, self._debit), name="passerelle-voix", daemon=True
        )
        debut = time.monotonic()
        processus.start()
        enfant.close()
        self._processus, self._conn = processus, parent
        self._demarrages += 1
        reponse = self._attendre_reponse(self._delai_demarrage_s, "démarrage")
        if reponse[0] == "voix_introuvable":
            self._arreter()
            raise VoixIntrouvable(reponse[1])
        if reponse[0] != "pret":
            self._arreter()
            raise ErreurSynthese(f"le moteur vocal n'a pas démarré : {reponse[1]}")
        self._voix_active = str(reponse[1])
        logger.info("voix.moteur.demarre voix=%s debit=%d ms=%d", self._voix_active, self._debit, (time.monotonic() - debut) * 1000)
        return self._voix_active

    def _attendre_reponse(self, delai_s: float, etape: str) -> tuple[str, Any]:
        """Read one answer from the worker within `delai_s`, killing it on timeout or death."""
        conn = self._conn
        if conn is None:
            raise ErreurSynthese("moteur vocal non démarré")
        try:
            if not conn.poll(delai_s):
                self._arreter()
                raise ErreurSynthese(f"moteur vocal muet après {delai_s:.0f} s ({etape}) ; il a été arrêté")
            reponse: tuple[str, Any] = conn.recv()
        except (EOFError, OSError) as exc:
            self._arreter()
            raise ErreurSynthese(f"le processus du moteur vocal s'est arrêté ({etape})") from exc
        return reponse

    def synthetiser_wav(self, texte: str, destination: Path) -> Path:
        """Write `texte` as speech into `destination` (WAV, mono 22 kHz) and return it."""
        if not texte.strip():
            raise ErreurSynthese("rien à dire : texte vide après prononciation")
        with self._verrou:
            self._demarrer_si_besoin()
            assert self._conn is not None
            try:
                self._conn.send((texte, str(destination)))
            except (OSError, ValueError) as exc:
                self._arreter()
                raise ErreurSynthese("impossible de parler au moteur vocal") from exc
            reponse = self._attendre_reponse(self._delai_s, "synthèse")
        if reponse[0] != "ok":
            raise ErreurSynthese(f"échec de la synthèse : {reponse[1]}")
        attendre_fichier_stable(destination, self._delai_s)
        with wave.open(str(destination), "rb") as wav:
            if wav.getnframes() == 0:
                raise ErreurSynthese("la synthèse a produit un fichier WAV sans échantillons")
        return destination

    def _arreter(self) -> None:
        """Stop the worker process if any; caller holds the lock."""
        processus, conn = self._processus, self._conn
        self._processus, self._conn, self._voix_active = None, None, None
        if conn is not None:
            try:
                if processus is not None and processus.is_alive():
                    conn.send(None)
            except (OSError, ValueError):
                logger.info("voix.moteur.canal_ferme", exc_info=True)
            conn.close()
        if processus is not None:
            processus.join(timeout=2.0)
            if processus.is_alive():
                processus.kill()
                processus.join(timeout=2.0)
            logger.info("voix.moteur.arrete code=%s", processus.exitcode)

    def fermer(self) -> None:
        """Stop the worker process."""
        with self._verrou:
            self._arreter()

    def __enter__(self) -> Pyttsx3Speaker:
        """Use as a context manager that closes the engine."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the engine."""
        self.fermer()
