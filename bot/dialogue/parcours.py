"""Models and loading of the conversation flows in dialogues/*.yaml.

`dialogues/communs.yaml` holds the shared messages, the menu, the quartiers, the buttons
offered at every step, the order of the emergency numbers and who to talk to.
`dialogues/parcours/<thematique>.yaml` holds one theme: its questions (steps with buttons),
the cards it ends on (rules on the answers) and its own messages.
`dialogues/textes/*.yaml` hold what the channels and the card wording say (ids in bot.dialogue.cles).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field, ValidationError, model_validator

from bot.connaissances.modeles import Identifiant, Modele
from bot.dialogue.textes import Textes
from bot.erreurs import DialoguesInvalides
from bot.lecture.problemes import Probleme
from bot.lecture.validation import erreurs_pydantic
from bot.lecture.yaml_lignes import Document, ErreurYaml, lire_yaml

FIN = "fin"
M = TypeVar("M", bound=Modele)
CARTES_MAX = 3  # cards shown at once: more is too much to read or hear in one turn
AUTRE_QUARTIER = "autre"


class BoutonSimple(Modele):
    """A button: pictogram, short label and words residents may type for it."""

    pictogramme: str = Field(description="Un emoji.")
    libelle: str = Field(description="Deux ou trois mots.")
    synonymes: list[str] = Field(default_factory=list, description="Mots tapés qui valent ce bouton.")


class BoutonChoix(BoutonSimple):
    """An answer button of a question."""

    id: Identifiant
    suite: str | None = Field(None, description="Étape suivante (id) ou « fin » ; sinon la suite de l'étape.")
    age: tuple[int, int] | None = Field(None, description="Âges (min, max) qui valent ce bouton quand on tape un nombre.")
    danger: str | None = Field(None, description="Genre de danger (dangers.yaml) : ses numéros sont montrés dès que ce bouton est touché.")


class Etape(Modele):
    """One question asked by buttons."""

    question: str = Field(description="Id du message posé.")
    cle: Identifiant | None = Field(None, description="Nom de la réponse gardée (l'id de l'étape sinon).")
    quartier: bool = Field(False, description="Vrai : les boutons sont les quartiers (sautée si déjà connu).")
    boutons: list[BoutonChoix] = Field(default_factory=list)
    suite: str = Field(FIN, description="Étape suivante par défaut (id) ou « fin ».")

    @model_validator(mode="after")
    def _boutons(self) -> Etape:
        """Require buttons unless the step asks the quartier."""
        if not self.quartier and not self.boutons:
            raise ValueError("une étape sans « quartier: true » doit avoir des « boutons »")
        return self


class RegleCartes(Modele):
    """Cards to show when the answers match `si` (a rule without `si` always matches)."""

    si: dict[str, list[str]] = Field(default_factory=dict, description="clé de réponse → ids de boutons acceptés.")
    fiches: list[Identifiant] = Field(min_length=1, max_length=CARTES_MAX)


class Thematique(Modele):
    """One theme of the menu and its flow."""

    version: Literal[1]
    thematique: Identifiant
    intro: str | None = Field(None, description="Id du message dit en premier.")
    urgences: list[Identifiant] = Field(default_factory=list, description="Fiches urgence montrées au premier écran.")
    debut: str | None = Field(None, description="Première étape (id) ; sans étape, les cartes tout de suite.")
    etapes: dict[str, Etape] = Field(default_factory=dict)
    cartes: list[RegleCartes] = Field(default_factory=list, description="Règles, la première qui convient gagne.")
    secours: bool = Field(False, description="Ajouter 17, 112 et 114 s'ils manquent aux fiches urgence.")
    centre_social: bool = Field(True, description="Ajouter le centre social du quartier s'il reste de la place.")
    messages: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _fin(self) -> Thematique:
        """Require a general rule last, and a start step that exists."""
        if self.cartes and self.cartes[-1].si:
            raise ValueError("la dernière règle de « cartes » doit être sans « si » (cartes générales)")
        if not self.cartes and not self.urgences:
            raise ValueError("il faut des « cartes » ou des « urgences »")
        if self.debut is not None and self.debut not in self.etapes:
            raise ValueError(f"l'étape de début « {self.debut} » n'existe pas dans « etapes »")
        return self


class BoutonMenu(BoutonSimple):
    """A big button of the menu, leading to a theme."""

    thematique: Identifiant


class BoutonQuartier(BoutonSimple):
    """A quartier the resident can pick (id of connaissances/quartiers.yaml, or « autre »)."""

    id: Identifiant


class NumeroSecours(Modele):
    """A number always shown in danger even when no urgence fiche is loaded."""

    numero: str
    libelle: str
    sms: bool = False


class Communs(Modele):
    """The dialogues/communs.yaml file."""

    version: Literal[1]
    messages: dict[str, str]
    menu: list[BoutonMenu] = Field(min_length=1)
    quartiers: list[BoutonQuartier] = Field(min_length=1)
    boutons: dict[str, BoutonSimple] = Field(description="Boutons de service : ne-sait-pas, parler, recommencer, menu, fiche.")
    urgences: list[Identifiant] = Field(min_length=1, description="Ordre des fiches urgence.")
    secours: list[NumeroSecours] = Field(min_length=1, description="Numéros de secours si aucune fiche urgence n'est chargée.")
    parler: list[Identifiant] = Field(default_factory=list, description="Fiches des médiateurs à proposer.")
    parler_sans_quartier: list[Identifiant] = Field(default_factory=list, description="Fiches si le quartier est inconnu.")


class FichierTextes(Modele):
    """A dialogues/textes/*.yaml file: messages said by the channels or the card wording."""

    version: Literal[1]
    messages: dict[str, str] = Field(min_length=1)


@dataclass(frozen=True)
class Parcours:
    """Every flow and message, with the parsed documents kept for line numbers."""

    communs: Communs
    thematiques: dict[str, Thematique]
    messages: dict[str, str]
    documents: dict[str, tuple[str, Document]] = field(default_factory=dict)

    @property
    def textes(self) -> Textes:
        """Every message by id."""
        return Textes(self.messages)

    def message(self, cle: str, **variables: str) -> str:
        """Return a message by id, with its {variables} filled (KeyError when unknown)."""
        return self.textes(cle, **variables)


def _lire(chemin: Path, dossier: Path, problemes: list[Probleme]) -> tuple[str, Document | None]:
    """Read one YAML file, recording its syntax problem."""
    nom = str(chemin.relative_to(dossier.parent)) if chemin.is_relative_to(dossier.parent) else str(chemin)
    try:
        return nom, lire_yaml(chemin)
    except ErreurYaml as exc:
        problemes.append(Probleme(nom, exc.ligne, exc.champ, exc.message))
        return nom, None


def _messages(
    source: dict[str, str], nom: str, doc: Document, cle: str, messages: dict[str, str], origines: dict[str, str], problemes: list[Probleme]
) -> None:
    """Merge a file's messages, refusing an id defined twice."""
    for ident, texte in source.items():
        if ident in messages:
            problemes.append(
                Probleme(nom, doc.ligne((cle, ident)), ident, f"le message « {ident} » est déjà défini dans {origines[ident]}")
            )
        messages[ident] = texte
        origines[ident] = nom


def _valides(dossier: Path, sous_dossier: str, modele: type[M], problemes: list[Probleme]) -> Iterator[tuple[Path, str, Document, M]]:
    """Each YAML file of a sub-folder that reads and validates, with its name and document; problems recorded."""
    for chemin in sorted((dossier / sous_dossier).glob("*.yaml")):
        nom, doc = _lire(chemin, dossier, problemes)
        if doc is None:
            continue
        try:
            yield chemin, nom, doc, modele.model_validate(doc.donnees)
        except ValidationError as exc:
            problemes.extend(erreurs_pydantic(exc, doc, nom))


def lire_parcours(dossier: Path) -> tuple[Parcours | None, list[Probleme]]:
    """Load dialogues/ collecting every problem; the Parcours is None when communs.yaml is unusable."""
    problemes: list[Probleme] = []
    messages: dict[str, str] = {}
    origines: dict[str, str] = {}
    documents: dict[str, tuple[str, Document]] = {}
    communs: Communs | None = None
    if not (dossier / "communs.yaml").is_file():
        problemes.append(
            Probleme(f"{dossier.name}/communs.yaml", None, None, "fichier manquant : il tient le menu et les messages communs")
        )
        doc = None
    else:
        nom, doc = _lire(dossier / "communs.yaml", dossier, problemes)
    if doc is not None:
        try:
            communs = Communs.model_validate(doc.donnees)
            documents["communs"] = (nom, doc)
            _messages(communs.messages, nom, doc, "messages", messages, origines, problemes)
        except ValidationError as exc:
            problemes.extend(erreurs_pydantic(exc, doc, nom))
    thematiques: dict[str, Thematique] = {}
    for chemin, nom, doc, theme in _valides(dossier, "parcours", Thematique, problemes):
        if theme.thematique != chemin.stem:
            problemes.append(
                Probleme(
                    nom, doc.ligne(("thematique",)), "thematique", f"« {theme.thematique} » doit être le nom du fichier « {chemin.stem} »"
                )
            )
        thematiques[theme.thematique] = theme
        documents[theme.thematique] = (nom, doc)
        _messages(theme.messages, nom, doc, "messages", messages, origines, problemes)
    for chemin, nom, doc, fichier in _valides(dossier, "textes", FichierTextes, problemes):
        documents[f"textes/{chemin.stem}"] = (nom, doc)
        _messages(fichier.messages, nom, doc, "messages", messages, origines, problemes)
    if communs is None:
        return None, problemes
    return Parcours(communs, thematiques, messages, documents), problemes


def charger_parcours(dossier: Path) -> Parcours:
    """Load dialogues/ for the running assistant; raise DialoguesInvalides on any error."""
    parcours, problemes = lire_parcours(dossier)
    erreurs = [p for p in problemes if p.gravite == "erreur"]
    if erreurs or parcours is None:
        raise DialoguesInvalides(erreurs or [Probleme(str(dossier), None, None, "dialogues illisibles")])
    return parcours
