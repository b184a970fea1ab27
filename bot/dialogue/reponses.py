"""Channel-neutral inputs and outputs of the conversation engine.

Channels (console, Telegram, kiosk) turn their events into an `Entree` and render the
`Reponse` objects the engine returns; they never decide what to say. Buttons carry ids,
never their visible labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Union


def _phrase(texte: str) -> str:
    """End a spoken line with a period unless it already ends with punctuation."""
    return texte if texte.endswith((".", "!", "?", "…")) else texte + "."


@dataclass(frozen=True)
class Entree:
    """What the resident did: typed text, a pressed button (by id) or a command."""

    texte: str | None = None
    bouton: str | None = None
    commande: str | None = None
    maintenant: dt.datetime | None = None


@dataclass(frozen=True)
class Bouton:
    """A choice: id sent back when pressed, a pictogram and a short label."""

    id: str
    pictogramme: str
    libelle: str

    @property
    def etiquette(self) -> str:
        """The visible label: pictogram then word."""
        return f"{self.pictogramme} {self.libelle}".strip()


@dataclass(frozen=True)
class Texte:
    """A message: its id in dialogues/ and its rendered French text."""

    cle: str
    texte: str

    def a_dire(self) -> str:
        """The text to speak."""
        return self.texte


@dataclass(frozen=True)
class LigneCarte:
    """One line of a card: a pictogram, a label and a value (empty value = section title)."""

    pictogramme: str
    libelle: str
    valeur: str


@dataclass(frozen=True)
class Carte:
    """A structure, right or emergency card, already worded for the resident (or mediator)."""

    fiche_id: str
    type: str
    titre: str
    resume: str
    lignes: tuple[LigneCarte, ...] = ()
    telephone: str | None = None
    a_verifier: bool = False
    detaillee: bool = False

    def a_dire(self) -> str:
        """The text to speak: title, résumé, then each line."""
        morceaux = [_phrase(self.titre), self.resume]
        morceaux += [_phrase(f"{l.libelle} : {l.valeur}" if l.valeur else l.libelle) for l in self.lignes]
        return " ".join(m for m in morceaux if m)


@dataclass(frozen=True)
class Numero:
    """An emergency number with one plain line."""

    numero: str
    libelle: str
    sms: bool = False


@dataclass(frozen=True)
class Urgences:
    """Emergency numbers shown first, before anything else."""

    titre: str
    numeros: tuple[Numero, ...]
    dangers: tuple[str, ...] = ()

    def a_dire(self) -> str:
        """The text to speak: the title then each number and its line."""
        return " ".join([self.titre] + [_phrase(f"{n.numero} : {n.libelle}") for n in self.numeros])


@dataclass(frozen=True)
class Choix:
    """Buttons offered to the resident, with the question they answer."""

    boutons: tuple[Bouton, ...]
    question: str | None = None

    def a_dire(self) -> str:
        """The text to speak: the question then the labels."""
        libelles = ", ".join(b.libelle for b in self.boutons)
        return f"{self.question} {libelles}." if self.question else f"{libelles}."


Reponse = Union[Texte, Carte, Urgences, Choix]
Mode = Literal["habitant", "mediateur"]


@dataclass(frozen=True)
class Tour:
    """Everything the engine answers to one input, in order."""

    reponses: tuple[Reponse, ...] = field(default_factory=tuple)

    @property
    def urgence(self) -> bool:
        """True when this turn shows emergency numbers."""
        return any(isinstance(r, Urgences) for r in self.reponses)

    @property
    def boutons(self) -> tuple[Bouton, ...]:
        """Every button offered in this turn."""
        return tuple(b for r in self.reponses if isinstance(r, Choix) for b in r.boutons)

    def a_dire(self) -> str:
        """The whole turn as one text to speak."""
        return " ".join(r.a_dire() for r in self.reponses)
