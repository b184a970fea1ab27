"""Tour → what the kiosk templates show: urgent numbers, texts, cards, one question and its buttons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.dialogue import reponses as r

SERVICES = ("ne-sait-pas", "parler", "recommencer", "menu", "fiche")
BOUTON_URGENCE = "theme:urgence"


@dataclass(frozen=True)
class CarteVue:
    """One card as shown: the engine's card, its lines split for display, printable or not."""

    carte: r.Carte
    imprimable: bool
    audio: str | None = None


@dataclass(frozen=True)
class Ecran:
    """Everything one kiosk screen shows, in order."""

    urgences: tuple[r.Urgences, ...] = ()
    textes: tuple[r.Texte, ...] = ()
    cartes: tuple[CarteVue, ...] = ()
    question: str | None = None
    choix: tuple[r.Bouton, ...] = ()
    services: tuple[r.Bouton, ...] = ()
    a_dire: str = ""


def ecran(tour: r.Tour, imprimables: frozenset[str] = frozenset(), audios: dict[str, str] | None = None) -> Ecran:
    """Split a turn into the parts of one screen; the last Choix gives the question."""
    audios = audios or {}
    urgences = tuple(x for x in tour.reponses if isinstance(x, r.Urgences))
    textes = tuple(x for x in tour.reponses if isinstance(x, r.Texte))
    cartes = tuple(CarteVue(x, x.fiche_id in imprimables, audios.get(x.fiche_id))
                   for x in tour.reponses if isinstance(x, r.Carte))
    choix = [x for x in tour.reponses if isinstance(x, r.Choix)]
    question = next((c.question for c in reversed(choix) if c.question), None)
    boutons = [b for c in choix for b in c.boutons]
    principaux = tuple(b for b in boutons if b.id not in SERVICES)
    services = tuple(b for b in boutons if b.id in SERVICES)
    return Ecran(urgences, textes, cartes, question, principaux, services, tour.a_dire())


def reponse_json(rep: r.Reponse) -> dict[str, Any]:
    """One engine response as typed JSON for the API."""
    if isinstance(rep, r.Texte):
        return {"type": "texte", "cle": rep.cle, "texte": rep.texte, "a_dire": rep.a_dire()}
    if isinstance(rep, r.Carte):
        return {"type": "carte", "fiche_id": rep.fiche_id, "type_fiche": rep.type, "titre": rep.titre,
                "resume": rep.resume, "telephone": rep.telephone, "a_verifier": rep.a_verifier,
                "detaillee": rep.detaillee, "a_dire": rep.a_dire(),
                "lignes": [{"pictogramme": l.pictogramme, "libelle": l.libelle, "valeur": l.valeur} for l in rep.lignes]}
    if isinstance(rep, r.Urgences):
        return {"type": "urgences", "titre": rep.titre, "dangers": list(rep.dangers), "a_dire": rep.a_dire(),
                "numeros": [{"numero": n.numero, "libelle": n.libelle, "sms": n.sms} for n in rep.numeros]}
    return {"type": "choix", "question": rep.question, "a_dire": rep.a_dire(),
            "boutons": [{"id": b.id, "pictogramme": b.pictogramme, "libelle": b.libelle} for b in rep.boutons]}


def tour_json(tour: r.Tour) -> list[dict[str, Any]]:
    """A whole turn as typed JSON."""
    return [reponse_json(x) for x in tour.reponses]
