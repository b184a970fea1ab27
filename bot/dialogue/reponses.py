"""Channel-neutral inputs and outputs of the conversation engine.

Channels (console, Telegram, kiosk) turn their events into an `Entree` and render the
`Reponse` objects the engine returns; they never decide what to say. Buttons carry ids,
never their visible labels.

Rendering follows one protocol: a channel writes a `Rendu[T]` (one method per response type)
and calls `reponse.rendre(rendu)` or `rendre_tour(tour, rendu)`; no channel tests types itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, Literal, Protocol, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


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


class _Rendable:
    """A response a channel renders by calling the method of its `Rendu` named by `genre`."""

    genre: ClassVar[str]

    def rendre(self, rendu: Rendu[T]) -> T:
        """Render with a channel's renderer (`rendu.texte(self)`, `rendu.carte(self)`…)."""
        methode: Callable[[_Rendable], T] = getattr(rendu, self.genre)
        return methode(self)


@dataclass(frozen=True)
class Texte(_Rendable):
    """A message: its id in dialogues/ and its rendered French text."""

    genre: ClassVar[str] = "texte"

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
class Carte(_Rendable):
    """A structure, right or emergency card, already worded for the resident (or mediator)."""

    genre: ClassVar[str] = "carte"

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
class Urgences(_Rendable):
    """Emergency numbers shown first, before anything else."""

    genre: ClassVar[str] = "urgences"

    titre: str
    numeros: tuple[Numero, ...]
    dangers: tuple[str, ...] = ()
    doute: bool = False

    def a_dire(self) -> str:
        """The text to speak: the title then each number and its line."""
        return " ".join([self.titre] + [_phrase(f"{n.numero} : {n.libelle}") for n in self.numeros])


@dataclass(frozen=True)
class Choix(_Rendable):
    """Buttons offered to the resident, with the question they answer."""

    genre: ClassVar[str] = "choix"

    boutons: tuple[Bouton, ...]
    question: str | None = None

    def a_dire(self) -> str:
        """The text to speak: the question then the labels."""
        libelles = ", ".join(b.libelle for b in self.boutons)
        return f"{self.question} {libelles}." if self.question else f"{libelles}."


Reponse = Texte | Carte | Urgences | Choix


class Rendu(Protocol[T_co]):
    """How a channel shows each kind of response (the visitor of `Reponse`)."""

    def texte(self, x: Texte) -> T_co:
        """Show a message."""

    def carte(self, x: Carte) -> T_co:
        """Show a card."""

    def urgences(self, x: Urgences) -> T_co:
        """Show emergency numbers."""

    def choix(self, x: Choix) -> T_co:
        """Show a question and its buttons."""


Mode = Literal["habitant", "mediateur"]


@dataclass(frozen=True)
class Tour:
    """Everything the engine answers to one input, in order."""

    reponses: tuple[Reponse, ...] = field(default_factory=tuple)

    @property
    def urgence(self) -> bool:
        """True when this turn shows emergency numbers for a danger (not for a mere doubt)."""
        return any(isinstance(r, Urgences) and not r.doute for r in self.reponses)

    @property
    def doute(self) -> bool:
        """True when this turn asks « are you in danger now? » with a few numbers."""
        return any(isinstance(r, Urgences) and r.doute for r in self.reponses)

    @property
    def cartes(self) -> tuple[Carte, ...]:
        """The cards of this turn, in order."""
        return tuple(r for r in self.reponses if isinstance(r, Carte))

    def rendre(self, rendu: Rendu[T]) -> list[T]:
        """Render every response of the turn, in order, with one channel's renderer."""
        return [r.rendre(rendu) for r in self.reponses]

    @property
    def boutons(self) -> tuple[Bouton, ...]:
        """Every button offered in this turn."""
        return tuple(b for r in self.reponses if isinstance(r, Choix) for b in r.boutons)

    def a_dire(self) -> str:
        """The whole turn as one text to speak."""
        return " ".join(r.a_dire() for r in self.reponses)
