"""Disk cache of spoken replies: `VoixEnCache.obtenir(texte)` returns an OGG/Opus file."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import threading
import time
import uuid
from pathlib import Path

from bot.voix.encodage import FORMAT_AUDIO, encoder_opus
from bot.voix.prononciation import prononcer
from bot.voix.synthese import ErreurSynthese, ErreurVoix, Speaker

logger = logging.getLogger(__name__)

NOMBRE_VERROUS = 64


def cle_audio(texte_prononce: str, voix: str, debit: int, version: str, format_audio: str = FORMAT_AUDIO) -> str:
    """sha256 of everything that changes the audio: spoken text, voice, rate, engine and format."""
    empreinte = hashlib.sha256()
    for morceau in (texte_prononce, voix, str(debit), version, format_audio):
        empreinte.update(morceau.encode("utf-8"))
        empreinte.update(b"\x00")
    return empreinte.hexdigest()


class VoixEnCache:
    """Speak through `speaker`, keeping every OGG/Opus result on disk under `dossier`."""

    def __init__(self, dossier: Path, speaker: Speaker, delai_encodage_s: float = 30.0) -> None:
        """Use `dossier` for the cache; nothing is created or started until the first miss."""
        self.dossier = Path(dossier)  # the cache folder
        self._speaker = speaker
        self._delai_encodage_s = delai_encodage_s
        self._verrous = tuple(threading.Lock() for _ in range(NOMBRE_VERROUS))
        self._verrou_compteur = threading.Lock()
        self.syntheses = 0  # texts this object synthesised (cache misses that succeeded)

    def cle(self, texte: str) -> str:
        """Cache key of `texte` for this voice, rate and engine."""
        s = self._speaker
        return cle_audio(prononcer(texte), s.voix, s.debit, s.version)

    def chemin_cle(self, cle: str) -> Path:
        """Where the OGG file of a cache key lives (whether or not it exists yet)."""
        return self.dossier / cle[:2] / f"{cle}.ogg"

    def chemin(self, texte: str) -> Path:
        """Where the OGG file of `texte` lives (whether or not it exists yet)."""
        return self.chemin_cle(self.cle(texte))

    def en_cache(self, texte: str) -> Path | None:
        """The cached OGG of `texte`, or None; never synthesises."""
        chemin = self.chemin(texte)
        return chemin if _fichier_plein(chemin) else None

    def obtenir(self, texte: str) -> Path:
        """Return the OGG/Opus file for `texte`, synthesising and storing it on a miss."""
        texte_prononce = prononcer(texte)
        s = self._speaker
        cle = cle_audio(texte_prononce, s.voix, s.debit, s.version)
        chemin = self.chemin_cle(cle)
        if _fichier_plein(chemin):
            return chemin
        if not texte_prononce:
            logger.warning("voix.echec cle=%s raison=texte_vide longueur=%d", cle[:16], len(texte))
            raise ErreurSynthese("rien à dire : le texte ne contient que des pictogrammes ou des espaces")
        with self._verrous[int(cle[:4], 16) % NOMBRE_VERROUS]:
            if _fichier_plein(chemin):
                return chemin
            return self._produire(texte_prononce, cle, chemin)

    def _produire(self, texte_prononce: str, cle: str, chemin: Path) -> Path:
        """Synthesise, encode and atomically store one entry."""
        debut = time.perf_counter()
        temporaire = self.dossier / ".tmp"
        unique = f"{cle}-{uuid.uuid4().hex[:8]}"
        wav, ogg = temporaire / f"{unique}.wav", temporaire / f"{unique}.ogg"
        try:
            temporaire.mkdir(parents=True, exist_ok=True)
            chemin.parent.mkdir(parents=True, exist_ok=True)
            self._speaker.synthetiser_wav(texte_prononce, wav)
            milieu = time.perf_counter()
            encoder_opus(wav, ogg, self._delai_encodage_s)
            os.replace(ogg, chemin)
        except ErreurVoix:
            logger.warning("voix.echec cle=%s longueur=%d", cle[:16], len(texte_prononce), exc_info=True)
            raise
        except OSError as exc:
            logger.warning("voix.echec_disque cle=%s", cle[:16], exc_info=True)
            raise ErreurVoix(f"cache audio inutilisable ({self.dossier}) : {exc}") from exc
        finally:
            for reste in (wav, ogg):
                reste.unlink(missing_ok=True)
        with self._verrou_compteur:
            self.syntheses += 1
        logger.info(
            "voix.synthese cle=%s longueur=%d octets=%d synthese_ms=%d encodage_ms=%d",
            cle[:16],
            len(texte_prononce),
            chemin.stat().st_size,
            (milieu - debut) * 1000,
            (time.perf_counter() - milieu) * 1000,
        )
        return chemin

    async def parler_async(self, texte: str) -> Path:
        """`obtenir` for asyncio code: cache hits inline, misses in the default executor."""
        chemin = self.en_cache(texte)
        if chemin is not None:
            return chemin
        return await asyncio.get_running_loop().run_in_executor(None, self.obtenir, texte)

    def taille_octets(self) -> int:
        """Total size of the cached OGG files."""
        if not self.dossier.is_dir():
            return 0
        return sum(f.stat().st_size for f in self.dossier.glob("??/*.ogg"))

    def fermer(self) -> None:
        """Stop the speech engine (the cache stays on disk)."""
        self._speaker.fermer()


def _fichier_plein(chemin: Path) -> bool:
    """True when `chemin` is an existing non-empty file (one stat call)."""
    try:
        return chemin.stat().st_size > 0
    except FileNotFoundError:
        return False
