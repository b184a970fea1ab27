"""Tour → what the kiosk shows (`ecran`) and what the API returns (`tour_json`), through `Rendu` renderers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from functools import reduce
from typing import Any

from bot.dialogue import reponses as r
from bot.dialogue.services import BOUTONS_SERVICE, DANGER_OUI


@dataclass(frozen=True)
class CarteVue:
    """One card as shown: the engine's card, printable or not, and its spoken version."""

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
    confirmation: r.Choix | None = None

    def suivi_de(self, autre: Ecran) -> Ecran:
        """This part then `autre`: parts are joined, the later question wins (nothing spoken yet)."""
        return Ecran(
            self.urgences + autre.urgences,
            self.textes + autre.textes,
            self.cartes + autre.cartes,
            autre.question or self.question,
            self.choix + autre.choix,
            self.services + autre.services,
            confirmation=autre.confirmation or self.confirmation,
        )


@dataclass(frozen=True)
class RenduEcran:
    """Each response → the part of the screen it fills (service buttons kept apart from choices)."""

    imprimables: frozenset[str] = frozenset()
    audios: Mapping[str, str] | None = None

    def texte(self, x: r.Texte) -> Ecran:
        """A message line."""
        return Ecran(textes=(x,))

    def carte(self, x: r.Carte) -> Ecran:
        """A card, printable when its fiche is in the base, with its own spoken version."""
        audio = (self.audios or {}).get(x.fiche_id)
        return Ecran(cartes=(CarteVue(x, x.fiche_id in self.imprimables, audio),))

    def urgences(self, x: r.Urgences) -> Ecran:
        """The emergency numbers."""
        return Ecran(urgences=(x,))

    def choix(self, x: r.Choix) -> Ecran:
        """The question and its buttons, split into main choices and service buttons; « en danger ? » stays by the numbers."""
        if any(b.id == DANGER_OUI for b in x.boutons):
            return Ecran(confirmation=x)
        principaux = tuple(b for b in x.boutons if b.id not in BOUTONS_SERVICE)
        services = tuple(b for b in x.boutons if b.id in BOUTONS_SERVICE)
        return Ecran(question=x.question, choix=principaux, services=services)


def ecran(tour: r.Tour, imprimables: frozenset[str] = frozenset(), audios: Mapping[str, str] | None = None) -> Ecran:
    """Split a turn into the parts of one screen; the last question asked is the one shown."""
    parties = reduce(Ecran.suivi_de, tour.rendre(RenduEcran(imprimables, audios)), Ecran())
    return replace(parties, a_dire=tour.a_dire())


def _objet(genre: str, x: object, **en_plus: Any) -> dict[str, Any]:
    """A response as typed JSON: its type, its fields (nested ones as objects too) and what is added."""
    return {**asdict(x), "type": genre, **en_plus}  # type: ignore[call-overload]


class RenduJSON:
    """Each response → typed JSON for the API (the fields of the response types, plus « a_dire »)."""

    def texte(self, x: r.Texte) -> dict[str, Any]:
        """A message."""
        return _objet("texte", x, a_dire=x.a_dire())

    def carte(self, x: r.Carte) -> dict[str, Any]:
        """A card and its lines (« type_fiche » says structure, droit…)."""
        return _objet("carte", x, type_fiche=x.type, a_dire=x.a_dire())

    def urgences(self, x: r.Urgences) -> dict[str, Any]:
        """The emergency numbers."""
        return _objet("urgences", x, a_dire=x.a_dire())

    def choix(self, x: r.Choix) -> dict[str, Any]:
        """A question and its buttons."""
        return _objet("choix", x, a_dire=x.a_dire())


def tour_json(tour: r.Tour) -> list[dict[str, Any]]:
    """A whole turn as typed JSON."""
    return tour.rendre(RenduJSON())
