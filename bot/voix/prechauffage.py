"""Pre-synthesise every static text so residents never wait for the engine."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from bot.voix.cache import VoixEnCache
from bot.voix.encodage import duree_ogg_opus
from bot.voix.synthese import ErreurVoix

logger = logging.getLogger(__name__)

LARGEUR_BARRE = 30


@dataclass(frozen=True)
class StatsPrechauffage:
    """Outcome of a warm-up run."""

    count: int
    duree_totale_s: float
    taille_cache_octets: int
    echecs: int = 0
    nouveaux: int = 0


def barre_progression(fait: int, total: int, largeur: int = LARGEUR_BARRE) -> str:
    """A one-line text progress bar such as "[#####.....]  5/10  50 %"."""
    part = fait / total if total else 1.0
    pleins = round(part * largeur)
    return f"[{'#' * pleins}{'.' * (largeur - pleins)}] {fait}/{total} {round(part * 100):3d} %"


def prechauffer(textes: Iterable[str], voix: VoixEnCache, sortie: TextIO = sys.stderr) -> StatsPrechauffage:
    """Synthesise every distinct text into the cache, drawing a progress bar on `sortie`."""
    uniques = list(dict.fromkeys(t for t in textes if t.strip()))
    total = len(uniques)
    avant = voix.syntheses
    duree = 0.0
    echecs = 0
    sortie.write(barre_progression(0, total))
    sortie.flush()
    for rang, texte in enumerate(uniques, start=1):
        try:
            duree += duree_ogg_opus(voix.obtenir(texte))
        except ErreurVoix:
            echecs += 1
            logger.warning("voix.prechauffage.echec rang=%d cle=%s", rang, voix.cle(texte)[:16], exc_info=True)
        sortie.write("\r" + barre_progression(rang, total))
        sortie.flush()
    sortie.write("\n")
    stats = StatsPrechauffage(
        count=total - echecs,
        duree_totale_s=round(duree, 2),
        taille_cache_octets=voix.taille_octets(),
        echecs=echecs,
        nouveaux=voix.syntheses - avant,
    )
    logger.info(
        "voix.prechauffage textes=%d nouveaux=%d echecs=%d duree_s=%.1f octets=%d",
        stats.count,
        stats.nouveaux,
        stats.echecs,
        stats.duree_totale_s,
        stats.taille_cache_octets,
    )
    return stats
