"""Typed models of the knowledge base: structures, organismes, droits, urgences, quartiers.

Field names follow the national data·inclusion v1 schema where one exists (`nom`,
`description`, `thematiques`, `publics`, `adresse`, `code_postal`, `commune`, `telephone`,
`courriel`, `horaires_accueil`, `conditions_acces`, `justificatifs`, `date_maj`,
`lien_source`); the others are ours and documented on each field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

IDENTIFIANT = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Identifiant = Annotated[str, Field(pattern=IDENTIFIANT, description="Identifiant en minuscules ASCII, mots séparés par des tirets.")]
TELEPHONE = re.compile(r"^(?:\d{2}(?: \d{2}){4}|\d{3,4}|\d{2} \d{2})$")
DANGERS = ("violences", "suicide", "enfance", "hebergement", "medical", "police")
CHAMPS_VERIFIABLES = frozenset(
    {
        "adresse",
        "code_postal",
        "commune",
        "telephone",
        "courriel",
        "horaires_accueil",
        "conditions_acces",
        "justificatifs",
        "lien_source",
        "site_web",
        "quartier",
        "description",
        "publics",
        "simulateur",
        "numeros",
    }
)


class Modele(BaseModel):
    """Base of every model: unknown keys are errors, values are stripped strings."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Source(Modele):
    """Where a fact comes from: a seed file and its lines, or a public page."""

    titre: str = Field(description="Titre du document ou de la page.")
    fichier: str | None = Field(None, description="Fichier de shared/seeds/ ou shared/donnees-ouvertes/.")
    lignes: str | None = Field(None, description="Lignes du fichier, par exemple « 364-368 ».")
    url: str | None = Field(None, description="Adresse de la page publique.")
    date: str | None = Field(None, description="Date de la source, telle qu'elle est connue.")
    champs: list[str] = Field(default_factory=list, description="Champs de la fiche que cette source justifie.")

    @model_validator(mode="after")
    def _fichier_ou_url(self) -> Source:
        """Require a file or a URL, so the fact can be checked."""
        if not self.fichier and not self.url:
            raise ValueError("une source doit donner un « fichier » ou une « url »")
        return self


class Numero(Modele):
    """A phone number with one plain line saying what it is for."""

    numero: str = Field(description="Le numéro, chiffres groupés comme on le compose.")
    libelle: str = Field(description="Une phrase simple : à quoi sert ce numéro.")
    sms: bool = Field(False, description="Vrai si on peut (ou doit) envoyer un SMS.")


class Fiche(Modele):
    """What every entry of the knowledge base has in common."""

    version: Literal[1] = Field(description="Version du format de fiche.")
    id: Identifiant
    type: str
    nom: str = Field(description="Nom officiel.")
    nom_court: str | None = Field(None, description="Nom court pour un bouton ou la voix.")
    description: str = Field(description="Description factuelle (data·inclusion).")
    resume: str = Field(description="En français simple : 3 phrases au plus, 12 mots au plus chacune.")
    que_faire: list[str] = Field(min_length=1, max_length=3, description="1 à 3 étapes concrètes.")
    thematiques: list[str] = Field(default_factory=list, description="Thématiques data·inclusion v1.")
    publics: list[str] = Field(default_factory=list, description="Publics data·inclusion v1.")
    langues: list[str] = Field(default_factory=lambda: ["fr"], description="Langues d'accueil connues.")
    mots_cles: list[str] = Field(default_factory=list, description="Mots des habitants : familiers, SMS, phonétiques, anglais.")
    sources: list[Source] = Field(min_length=1, description="D'où viennent les faits.")
    a_verifier: list[str] = Field(default_factory=list, description="Champs manquants ou incertains.")
    date_maj: dt.date = Field(description="Date de la dernière vérification des faits.")
    lien_source: str | None = Field(None, description="Page officielle de référence.")

    @field_validator("a_verifier")
    @classmethod
    def _champs_connus(cls, valeurs: list[str]) -> list[str]:
        """Accept only field names that can be checked."""
        for v in valeurs:
            if v not in CHAMPS_VERIFIABLES:
                raise ValueError(f"« {v} » n'est pas un champ vérifiable ({', '.join(sorted(CHAMPS_VERIFIABLES))})")
        return valeurs

    @property
    def titre(self) -> str:
        """The short name when there is one, else the full name."""
        return self.nom_court or self.nom


class Structure(Fiche):
    """A local place (or a national organism's local office) a resident can go to."""

    type: Literal["structure", "organisme"]
    quartier: Identifiant | None = Field(None, description="Quartier (id de quartiers.yaml) où elle se trouve.")
    adresse: str | None = None
    code_postal: str | None = Field(None, pattern=r"^\d{5}$")
    commune: str | None = None
    telephone: str | None = Field(None, description="Téléphone sourcé, chiffres groupés par deux.")
    courriel: str | None = None
    site_web: str | None = None
    horaires_accueil: str | None = Field(None, description="Horaires au format OpenStreetMap opening_hours.")
    conditions_acces: str | None = None
    justificatifs: list[str] = Field(default_factory=list, description="Ce qu'il faut apporter.")
    repli: list[Identifiant] = Field(default_factory=list, description="Qui contacter si les coordonnées manquent (ids).")
    liens: list[Identifiant] = Field(default_factory=list, description="Fiches liées (ids).")

    @field_validator("telephone")
    @classmethod
    def _telephone(cls, valeur: str | None) -> str | None:
        """Require phone numbers written as residents dial them."""
        if valeur is not None and not TELEPHONE.match(valeur):
            raise ValueError("écrire le numéro en chiffres groupés par deux (« 03 21 00 00 00 ») ou court (« 3230 »)")
        return valeur


class Droit(Fiche):
    """A national right (prestation) and where to ask for it."""

    type: Literal["droit"]
    conditions: list[str] = Field(min_length=1, description="Conditions simples, sans montant.")
    justificatifs: list[str] = Field(default_factory=list, description="Pièces à préparer.")
    ou_demander: list[Identifiant] = Field(min_length=1, description="Ids des structures où demander.")
    simulateur: str | None = Field(None, description="Simulateur ou page officielle.")
    liens: list[Identifiant] = Field(default_factory=list, description="Droits liés (ids).")


class Urgence(Fiche):
    """A national emergency or listening number."""

    type: Literal["urgence"]
    numeros: list[Numero] = Field(min_length=1)
    gratuit: bool | None = None
    anonyme: bool | None = None
    disponibilite: str | None = Field(None, description="Par exemple « 24 h/24, 7 j/7 ».")
    dangers: list[str] = Field(min_length=1, description="Types de danger couverts (voir danger.py).")


FicheQuelconque = Annotated[Structure | Droit | Urgence, Field(discriminator="type")]


class Quartier(Modele):
    """A neighbourhood of Calais and its centre social."""

    id: Identifiant
    nom: str
    variantes: list[str] = Field(default_factory=list, description="Façons de l'écrire ou de le dire.")
    prioritaire: bool = True
    centre_social: Identifiant | None = Field(None, description="Id de la structure de proximité.")
    sources: list[Source] = Field(default_factory=list)


class FichierQuartiers(Modele):
    """The quartiers.yaml file."""

    version: Literal[1]
    quartiers: list[Quartier] = Field(min_length=1)
