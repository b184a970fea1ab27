"""What the engine needs, built once at start-up: base, flows and orientation engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.comprehension.recherche import Moteur
from bot.config import Settings
from bot.connaissances.base import Base
from bot.connaissances.chargement import charger_base
from bot.dialogue.cartes import carte
from bot.dialogue.parcours import Parcours, charger_parcours
from bot.dialogue.verification import verifier_dialogues
from bot.erreurs import DialoguesInvalides

MIDI = dt.datetime(2026, 1, 5, 12, 0)


@dataclass(frozen=True)
class Contexte:
    """The read-only world of the conversation engine."""

    base: Base
    parcours: Parcours
    moteur: Moteur


def construire_contexte(settings: Settings) -> Contexte:
    """Load the knowledge base and the dialogues, check them together, index the base."""
    base = charger_base(settings.dossier_connaissances)
    parcours = charger_parcours(settings.dossier_dialogues)
    erreurs = [p for p in verifier_dialogues(settings.dossier_dialogues, base) if p.gravite == "erreur"]
    if erreurs:
        raise DialoguesInvalides(erreurs)
    return Contexte(base, parcours, Moteur(base, settings.dossier_modeles))


def textes_statiques(contexte: Contexte) -> list[str]:
    """Every resident-facing text: messages (with their {variables}), button labels, card texts."""
    p = contexte.parcours
    textes = list(p.messages.values())
    boutons = [*p.communs.menu, *p.communs.quartiers, *p.communs.boutons.values()]
    boutons += [b for t in p.thematiques.values() for e in t.etapes.values() for b in e.boutons]
    textes += [b.libelle for b in boutons]
    for fiche in contexte.base.fiches.values():
        c = carte(fiche, contexte.base, p.textes, maintenant=MIDI)
        textes += [c.titre, c.resume]
        textes += [f"{l.libelle} : {l.valeur}" if l.valeur else l.libelle for l in c.lignes]
    return list(dict.fromkeys(t for t in textes if t))
