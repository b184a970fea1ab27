"""Speech output: pronunciation rewriting, pyttsx3/espeak-ng synthesis, Opus encoding and disk cache."""

from bot.francais.nombres import en_lettres
from bot.voix.cache import VoixEnCache, cle_audio
from bot.voix.encodage import ErreurEncodage, InfosAudio, decrire_audio, duree_ogg_opus, encoder_opus, mesurer_volume
from bot.voix.prechauffage import StatsPrechauffage, prechauffer
from bot.voix.prononciation import prononcer
from bot.voix.synthese import ErreurSynthese, ErreurVoix, Pyttsx3Speaker, Speaker, VoixIntrouvable

__all__ = [
    "ErreurEncodage",
    "ErreurSynthese",
    "ErreurVoix",
    "InfosAudio",
    "Pyttsx3Speaker",
    "Speaker",
    "StatsPrechauffage",
    "VoixEnCache",
    "VoixIntrouvable",
    "cle_audio",
    "decrire_audio",
    "duree_ogg_opus",
    "en_lettres",
    "encoder_opus",
    "mesurer_volume",
    "prechauffer",
    "prononcer",
]
