"""Models of the shared search lexicon (lexique.yaml) and of the danger lexicon (dangers.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from bot.connaissances.modeles import DANGERS, Identifiant, Modele


class Lexique(Modele):
    """How residents write: SMS spellings, synonyms and words that say nothing of the need."""

    version: Literal[1]
    sms: dict[str, str] = Field(default_factory=dict, description="Écriture SMS → mots.")
    synonymes: dict[str, list[str]] = Field(default_factory=dict, description="Mot canonique → variantes.")
    mots_vides: list[str] = Field(default_factory=list, description="Mots ignorés par la recherche.")

    @field_validator("sms", mode="before")
    @classmethod
    def _cles_texte(cls, valeur: object) -> object:
        """Accept numbers as SMS keys ("1: un")."""
        if isinstance(valeur, dict):
            return {str(k): str(v) for k, v in valeur.items()}
        return valeur


class Motif(Modele):
    """A danger pattern: words in order, with at most `ecart` other words between two."""

    motif: str = Field(min_length=1)
    ecart: int | None = Field(None, ge=0, le=8)
    si: list[str] = Field(default_factory=list, description="Le motif ne compte que si l'un de ces mots est aussi présent.")
    aussi: list[str] = Field(default_factory=list, description="Et si l'un de ces mots-ci est présent aussi (deuxième contexte).")

    @model_validator(mode="before")
    @classmethod
    def _texte_seul(cls, valeur: object) -> object:
        """Accept a bare pattern string for `motif: "…"`."""
        return {"motif": valeur} if isinstance(valeur, str) else valeur


class TypeDanger(Modele):
    """One kind of danger: the emergency fiches to show and the patterns that reveal it."""

    numeros: list[Identifiant] = Field(min_length=1)
    fiches: list[Identifiant] = Field(default_factory=list, description="Structures locales à proposer après les numéros.")
    motifs: list[Motif] = Field(min_length=1)
    indices: dict[str, float] = Field(default_factory=dict, description="Mots (a|b|pref*) et leur poids : leur somme signale le danger.")

    @field_validator("indices")
    @classmethod
    def _un_mot_par_alternative(cls, valeurs: dict[str, float]) -> dict[str, float]:
        """Each alternative of a cue is one word (a space would never match)."""
        for cle in valeurs:
            for alternative in cle.split("|"):
                if " " in alternative.strip():
                    raise ValueError(f"« {alternative} » : une alternative d'indice est un seul mot (écrire « {alternative.split()[-1]} »)")
        return valeurs


class FichierDangers(Modele):
    """The dangers.yaml file."""

    version: Literal[1]
    ecart: int = Field(2, ge=0, le=8)
    ordre: list[str]
    dangers: dict[str, TypeDanger]
    sauf: list[Motif] = Field(default_factory=list, description="Motifs qui neutralisent les mots qu'ils couvrent.")
    seuil_indices: float = Field(2.0, gt=0, description="Somme des poids d'indices qui signale un danger.")

    @field_validator("ordre")
    @classmethod
    def _ordre_connu(cls, valeurs: list[str]) -> list[str]:
        """Only known danger kinds, each once."""
        if sorted(valeurs) != sorted(DANGERS):
            raise ValueError(f"« ordre » doit lister une fois chacun de : {', '.join(DANGERS)}")
        return valeurs

    @field_validator("dangers")
    @classmethod
    def _dangers_connus(cls, valeurs: dict[str, TypeDanger]) -> dict[str, TypeDanger]:
        """Only known danger kinds."""
        for cle in valeurs:
            if cle not in DANGERS:
                raise ValueError(f"danger « {cle} » inconnu ({', '.join(DANGERS)})")
        return valeurs
