"""WAV to OGG/Opus (Telegram voice-note format) with ffmpeg, and small audio inspection helpers."""

from __future__ import annotations

import json
import logging
import re
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bot.voix.synthese import ErreurVoix

logger = logging.getLogger(__name__)

FREQUENCE_OPUS = 48000
DEBIT_OPUS_KBPS = 24
FORMAT_AUDIO = f"ogg-opus-mono-{FREQUENCE_OPUS}-{DEBIT_OPUS_KBPS}k-voip"


class ErreurEncodage(ErreurVoix):
    """ffmpeg/ffprobe is missing, failed or timed out."""


@dataclass(frozen=True)
class InfosAudio:
    """What ffprobe says about an audio file."""

    codec: str
    canaux: int
    frequence: int
    duree_s: float


def _executer(commande: list[str], delai_s: float) -> subprocess.CompletedProcess[str]:
    """Run an ffmpeg-family command with a timeout, turning every failure into ErreurEncodage."""
    try:
        resultat = subprocess.run(commande, capture_output=True, text=True, timeout=delai_s, check=False, stdin=subprocess.DEVNULL)
    except FileNotFoundError as exc:
        raise ErreurEncodage(f"{commande[0]} introuvable (apt install ffmpeg)") from exc
    except subprocess.TimeoutExpired as exc:
        raise ErreurEncodage(f"{commande[0]} n'a pas fini en {delai_s:.0f} s") from exc
    if resultat.returncode != 0:
        fin = " | ".join(resultat.stderr.strip().splitlines()[-3:])
        raise ErreurEncodage(f"{commande[0]} a échoué (code {resultat.returncode}) : {fin}")
    return resultat


def encoder_opus(source: Path, destination: Path, delai_s: float = 30.0) -> Path:
    """Encode `source` into `destination` as OGG/Opus, mono, 48 kHz, ~24 kb/s; return it."""
    _executer(
        [
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(source),
            "-map_metadata",
            "-1",
            "-ac",
            "1",
            "-ar",
            str(FREQUENCE_OPUS),
            "-c:a",
            "libopus",
            "-b:a",
            f"{DEBIT_OPUS_KBPS}k",
            "-application",
            "voip",
            "-f",
            "ogg",
            str(destination),
        ],
        delai_s,
    )
    if not destination.is_file() or destination.stat().st_size == 0:
        raise ErreurEncodage("ffmpeg n'a produit aucun fichier")
    return destination


def decrire_audio(chemin: Path, delai_s: float = 15.0) -> InfosAudio:
    """Codec, channels, sample rate and duration of the first audio stream (ffprobe)."""
    resultat = _executer(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "a:0",
            "-show_entries",
            "stream=codec_name,channels,sample_rate:format=duration",
            "-of",
            "json",
            str(chemin),
        ],
        delai_s,
    )
    donnees = json.loads(resultat.stdout)
    flux = donnees["streams"][0]
    return InfosAudio(
        codec=str(flux["codec_name"]),
        canaux=int(flux["channels"]),
        frequence=int(flux["sample_rate"]),
        duree_s=float(donnees["format"]["duration"]),
    )


def mesurer_volume(chemin: Path, delai_s: float = 15.0) -> tuple[float, float]:
    """Mean and max volume in dBFS (ffmpeg volumedetect); silence is about -91 dB."""
    resultat = _executer(["ffmpeg", "-nostdin", "-hide_banner", "-i", str(chemin), "-af", "volumedetect", "-f", "null", "-"], delai_s)
    moyen = re.search(r"mean_volume:\s*(-?[\d.]+|-inf) dB", resultat.stderr)
    maximum = re.search(r"max_volume:\s*(-?[\d.]+|-inf) dB", resultat.stderr)
    if not moyen or not maximum:
        raise ErreurEncodage("volumedetect n'a rien mesuré")
    return float(moyen.group(1)), float(maximum.group(1))


def duree_ogg_opus(chemin: Path) -> float:
    """Duration in seconds read from the last Ogg page's granule position (no subprocess)."""
    donnees = chemin.read_bytes()
    entete = donnees.find(b"OpusHead")
    derniere_page = donnees.rfind(b"OggS")
    if entete < 0 or derniere_page < 0 or len(donnees) < derniere_page + 14:
        raise ErreurEncodage(f"{chemin.name} n'est pas un fichier OGG/Opus")
    pre_skip: int = struct.unpack_from("<H", donnees, entete + 10)[0]
    granule: int = struct.unpack_from("<q", donnees, derniere_page + 6)[0]
    return max(0.0, (granule - pre_skip) / FREQUENCE_OPUS)
