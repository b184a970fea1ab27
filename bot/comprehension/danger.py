"""The one danger decision on a message: `danger`, `doute` or `aucun`, with the kinds involved.

Two signals are combined:

* the **rules** of connaissances/dangers.yaml (bot.comprehension.regles_danger): precise and
  explainable patterns (« mari … frappe ») and weighted cue words;
* the **learned model** (bot.comprehension.modele_danger), which generalises to wordings no rule
  names (fear of going home, a bridge, a baby who will not stop crying) and to English, darija and
  Arabic script.

Decision (thresholds named below, measured by bench/dangers.py):

* `danger` — a pattern matched and the model does not find it very unlikely, or the model is sure;
* `doute` — a pattern the model finds very unlikely (« frapper à la porte » slipping through), cue
  words only, or a model probability in the uncertain band: the first reply still carries the
  numbers and asks « Êtes-vous en danger maintenant ? »;
* `aucun` — nothing of the above.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.comprehension.modele_danger import ModeleDanger
from bot.comprehension.regles_danger import DetecteurDanger, Detection
from bot.connaissances.apprentissage import AUCUN

Niveau = Literal["danger", "doute", "aucun"]
# Model probability of « some danger » from which it decides alone: above, recall on indirect
# dangers; below, false alarms on harmless messages full of danger words.
SEUIL_DANGER = 0.9
# From this probability the model is unsure: the numbers are shown and the person is asked.
SEUIL_DOUTE = 0.6
# Under this probability a matched pattern is not trusted alone (it becomes a doubt).
VETO = 0.01
# A second kind is named when its probability reaches this share of the first one's.
PART_GENRE = 0.35
# Below this many useful words the model has too little to read (« il fait beau ? »): its
# verdict goes down one level (danger → doute, doute → aucun). Short dangers are the rules' job.
MOTS_MODELE_MIN = 3


@dataclass(frozen=True)
class Verdict:
    """The danger decision: level, kinds (most likely first), model probability and why."""

    niveau: Niveau
    genres: tuple[str, ...] = ()
    probabilite: float | None = None
    detections: tuple[Detection, ...] = ()
    raisons: tuple[str, ...] = ()


AUCUN_DANGER = Verdict("aucun")


class Vigie:
    """Decides danger for every message, from the rules and the model (either may be missing)."""

    def __init__(self, regles: DetecteurDanger | None, modele: ModeleDanger | None) -> None:
        """Keep both signals."""
        self.regles = regles
        self.modele = modele

    def evaluer(self, texte: str, mots: list[str], utiles: int, expliquer: bool = False) -> Verdict:
        """Decide danger for one message: `mots` its canonical words, `utiles` how many say something; `expliquer` adds reasons."""
        trouvees, exceptions = self.regles.analyser(texte) if self.regles else ([], ())
        detections = tuple(trouvees)
        raisons = [f"règle {d.genre} : {' '.join(d.mots)} (« {d.motif} »)" for d in detections]
        raisons += [f"exception « {e} » : le modèle compte moins" for e in exceptions]
        probabilites = self.modele.probabilites(texte, mots) if self.modele is not None else None
        if expliquer and self.modele is not None and probabilites is not None:
            genres = _genres_modele(probabilites)
            if genres:
                indices = ", ".join(f"{n} ({v:+.2f})" for n, v in self.modele.expliquer(texte, mots, genres[0]))
                danger = 1.0 - probabilites.get(AUCUN, 0.0)
                raisons.append(f"modèle : danger {danger:.2f}, {genres[0]} {probabilites[genres[0]]:.2f} ; {indices}")
        prudence = bool(exceptions) or utiles < MOTS_MODELE_MIN
        if prudence and probabilites is not None:
            raisons.append("message court ou exception : le modèle seul descend d'un niveau")
        return decider(detections, probabilites, tuple(raisons), prudence)


def _genres_modele(probabilites: dict[str, float]) -> tuple[str, ...]:
    """The kinds the model sees, most likely first (the first, and the close ones)."""
    dangers = sorted(((p, g) for g, p in probabilites.items() if g != AUCUN), reverse=True)
    if not dangers:
        return ()
    premier = dangers[0][0]
    return tuple(g for p, g in dangers if p >= premier * PART_GENRE)


def decider(
    detections: tuple[Detection, ...], probabilites: dict[str, float] | None, raisons: tuple[str, ...] = (), prudence: bool = False
) -> Verdict:
    """The three outcomes from what the rules found and what the model estimates (None: no model).

    With `prudence` (a short message, or one a `sauf` pattern explains), the model alone counts one
    level lower: sure becomes a doubt, a doubt becomes nothing.
    """
    motifs = [d for d in detections if not d.motif.startswith("indices")]
    probabilite = 1.0 - probabilites.get(AUCUN, 0.0) if probabilites is not None else None
    genres_modele = _genres_modele(probabilites) if probabilites is not None else ()
    genres_regles = tuple(dict.fromkeys(d.genre for d in detections))
    if motifs and (probabilite is None or probabilite >= VETO):
        niveau: Niveau = "danger"
        genres = tuple(dict.fromkeys(d.genre for d in motifs)) + genres_modele
    elif probabilite is not None and probabilite >= SEUIL_DANGER and not prudence:
        niveau, genres = "danger", genres_modele + genres_regles
    elif detections or (probabilite is not None and probabilite >= (SEUIL_DANGER if prudence else SEUIL_DOUTE)):
        niveau, genres = "doute", genres_regles + genres_modele
    else:
        return Verdict("aucun", (), probabilite, detections, raisons)
    return Verdict(niveau, tuple(dict.fromkeys(genres)), probabilite, detections, raisons)
