"""The format of a conversation script (tests/conversations/*.yaml), as pydantic models.

A script is::

    version: 1
    conversations:
      - nom: travail-par-le-menu
        etapes:
          - choisit: Travail            # press the button of the last turn whose label contains it
          - usager: "je cherche du boulot"  # send typed text (« /mediateur » sends a command)
          - usager: {repete: "ab ", fois: 300}  # a long text, written as a repeated piece
          - attendu:                    # check the last turn of the bot
              contient: ["France Travail"]
              ne_contient_pas: ["erreur"]
              oriente_vers: [france-travail, fabrique-defi]
              urgence: false
              propose_au_moins: 2

Unknown keys are refused; every error has the French message of bot/scripts/messages.py.
A new optional key is one field (`langue: Texte | None = None`): the messages list it by
themselves. What the replay uses is `Script` / `ConversationScript` and the steps `Usager`,
`Choisit`, `Attendu`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from annotated_types import Ge, MinLen
from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Strict, StringConstraints, Tag, model_validator

from bot.scripts.messages import Message, ModeleScript, enumerer

GENRES_ETAPE = ("usager", "choisit", "attendu")  # the keys of a step: the tags of `EtapeLue`
SUIVI_D_UN_TEXTE = "« {champ} » doit être suivi d'un texte (entre guillemets s'il contient « : » ou « # »)"


def _en_liste(valeur: Any) -> Any:
    """A single text stands for a one-item list."""
    return [valeur] if isinstance(valeur, (str, int, float)) else valeur


def _date_en_texte(valeur: Any) -> Any:
    """A date typed by the resident (`usager: 2024-01-01`) is read as its text, as YAML wrote it."""
    return str(valeur) if isinstance(valeur, dt.date) else valeur


Texte = str  # a number written in the script is read as its text (coerce_numbers_to_str)
TexteTape = Annotated[str, BeforeValidator(_date_en_texte)]
Textes = Annotated[
    tuple[Texte, ...], BeforeValidator(_en_liste), Message('« {champ} » doit être une liste de textes, par exemple ["3919", "gratuit"]')
]


@dataclass(frozen=True)
class Usager:
    """The resident types a text (a « /commande » is sent as a command)."""

    texte: str


@dataclass(frozen=True)
class Choisit:
    """The resident presses the button of the last turn whose label contains `texte`."""

    texte: str


class Attendu(ModeleScript):
    """Checks on the last turn of the bot (at least one)."""

    BLOC: ClassVar[str] = "« attendu » doit contenir au moins une vérification parmi : {liste}"
    CLE_INCONNUE: ClassVar[str] = "vérification inconnue « {cle} » : choisir parmi {liste}"

    contient: Textes = ()
    ne_contient_pas: Textes = ()
    oriente_vers: Textes = ()
    urgence: Annotated[bool | None, Strict(), Message("« urgence » doit valoir true ou false")] = None
    doute: Annotated[bool | None, Strict(), Message("« doute » doit valoir true ou false")] = None
    propose_au_moins: Annotated[
        Annotated[int, Strict(), Ge(0)] | None, Message("« propose_au_moins » doit être un nombre entier (0 ou plus)")
    ] = None

    @model_validator(mode="after")
    def _au_moins_une(self) -> Attendu:
        """Refuse an empty `attendu:` block."""
        if not self.model_fields_set:
            raise ValueError(self.bloc())
        return self


Etape = Usager | Choisit | Attendu


class Repetition(BaseModel):
    """A long typed text written as a piece repeated `fois` times (any error: the message of `usager`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    repete: Texte
    fois: Annotated[int, Strict()]

    @property
    def texte(self) -> str:
        """The whole text."""
        return self.repete * self.fois


class EtapeUsager(ModeleScript):
    """`- usager: TEXTE` (or `{repete, fois}`)."""

    usager: Annotated[TexteTape | Repetition, Message(SUIVI_D_UN_TEXTE)]

    def etape(self) -> Etape:
        """The step to replay."""
        return Usager(self.usager if isinstance(self.usager, str) else self.usager.texte)


class EtapeChoisit(ModeleScript):
    """`- choisit: TEXTE`: (part of) a button label."""

    choisit: Annotated[
        TexteTape,
        StringConstraints(pattern=r"\S"),
        Message(SUIVI_D_UN_TEXTE, (("string_pattern_mismatch", "« choisit » doit donner (une partie de) l'étiquette du bouton"),)),
    ]

    def etape(self) -> Etape:
        """The step to replay."""
        return Choisit(self.choisit)


class EtapeAttendu(ModeleScript):
    """`- attendu: {…}`: checks on the last turn."""

    attendu: Attendu

    def etape(self) -> Etape:
        """The step to replay."""
        return self.attendu


def genre_etape(valeur: Any) -> str | None:
    """The kind of a step: its only key (None when it has not exactly one)."""
    return str(next(iter(valeur))) if isinstance(valeur, dict) and len(valeur) == 1 else None


EtapeLue = Annotated[
    Annotated[
        Annotated[EtapeUsager, Tag("usager")] | Annotated[EtapeChoisit, Tag("choisit")] | Annotated[EtapeAttendu, Tag("attendu")],
        Discriminator(genre_etape),
    ],
    Message(
        f"une étape est une seule ligne parmi : {', '.join(g + ':' for g in GENRES_ETAPE)}",
        (("union_tag_invalid", f"étape inconnue « {{tag}} » : écrire {enumerer([f'« {g}: »' for g in GENRES_ETAPE], 'ou')}"),),
    ),
]


class ModeleConversation(ModeleScript):
    """One `- nom: … etapes: …` block."""

    BLOC: ClassVar[str] = "une conversation est un bloc « - nom: … » suivi de « etapes: »"
    CLE_INCONNUE: ClassVar[str] = "clé inconnue « {cle} » : une conversation n'a que {champs}"

    nom: Annotated[
        str, Strict(), StringConstraints(strip_whitespace=True, min_length=1), Message("chaque conversation doit avoir un « nom »")
    ]
    etapes: Annotated[tuple[EtapeLue, ...], MinLen(1), Message("la conversation « {nom} » doit avoir une liste « etapes » non vide")]


class ModeleFichier(ModeleScript):
    """A whole script file."""

    BLOC: ClassVar[str] = "le fichier doit commencer par « version: 1 » puis « conversations: »"
    CLE_INCONNUE: ClassVar[str] = "clé inconnue « {cle} » : seules {champs} sont permises"

    version: Annotated[Literal[1], Message("il faut « version: 1 » en haut du fichier")]
    conversations: Annotated[
        tuple[ModeleConversation, ...], MinLen(1), Message("« conversations » doit être une liste non vide de « - nom: … »")
    ]


@dataclass(frozen=True)
class ConversationScript:
    """One scripted conversation: a name, its steps and their lines in the file."""

    nom: str
    etapes: tuple[Etape, ...]
    fichier: str = ""
    ligne: int | None = None
    lignes_etapes: tuple[int | None, ...] = ()

    @classmethod
    def depuis(
        cls, modele: ModeleConversation, fichier: str, ligne: int | None, lignes_etapes: tuple[int | None, ...]
    ) -> ConversationScript:
        """The conversation to replay, from its validated block and its lines."""
        return cls(modele.nom, tuple(e.etape() for e in modele.etapes), fichier, ligne, lignes_etapes)

    def ligne_etape(self, index: int) -> int | None:
        """Return the line of step `index` in the file."""
        return self.lignes_etapes[index] if index < len(self.lignes_etapes) else self.ligne


@dataclass(frozen=True)
class Script:
    """A whole script file, read and checked."""

    fichier: str
    conversations: tuple[ConversationScript, ...]
