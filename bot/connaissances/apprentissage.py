"""The danger detector's training corpus (connaissances/apprentissage/dangers/*.yaml): models and loading.

Each file holds messages of one label: a danger kind (`violences`, `suicide`, `enfance`,
`hebergement`, `medical`, `police`) or `aucun` (harmless, often with danger words). The corpus is
data like the fiches: editors add messages, `python -m bot verifier` checks the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from bot.connaissances.modeles import DANGERS, Modele
from bot.lecture.problemes import Probleme
from bot.lecture.validation import erreurs_pydantic
from bot.lecture.yaml_lignes import ErreurYaml, lire_yaml

AUCUN = "aucun"
ETIQUETTES = (*DANGERS, AUCUN)
DOSSIER = Path("apprentissage") / "dangers"


class FichierCorpus(Modele):
    """One corpus file: its label and its messages (one line each)."""

    version: Literal[1]
    danger: str = Field(description="Le genre de danger de tous ces messages, ou « aucun ».")
    messages: list[str] = Field(min_length=1)

    @field_validator("danger")
    @classmethod
    def _etiquette(cls, valeur: str) -> str:
        """Only known labels."""
        if valeur not in ETIQUETTES:
            raise ValueError(f"« {valeur} » inconnu : écrire un de {', '.join(ETIQUETTES)}")
        return valeur


@dataclass(frozen=True)
class Exemple:
    """One training message and its label."""

    texte: str
    etiquette: str


def charger_corpus(dossier: Path) -> tuple[tuple[Exemple, ...], list[Probleme]]:
    """Read every corpus file of the knowledge folder; report broken files and repeated messages."""
    problemes: list[Probleme] = []
    exemples: list[Exemple] = []
    vus: dict[str, str] = {}
    for chemin in sorted((dossier / DOSSIER).glob("*.yaml")):
        fichier = str(chemin.relative_to(dossier.parent)) if chemin.is_relative_to(dossier.parent) else str(chemin)
        try:
            doc = lire_yaml(chemin)
            corpus = FichierCorpus.model_validate(doc.donnees)
        except ErreurYaml as exc:
            problemes.append(Probleme(fichier, exc.ligne, exc.champ, exc.message))
            continue
        except ValidationError as exc:
            problemes.extend(erreurs_pydantic(exc, doc, fichier))
            continue
        for i, texte in enumerate(corpus.messages):
            cle = " ".join(texte.lower().split())
            if cle in vus:
                problemes.append(
                    Probleme(
                        fichier,
                        doc.ligne(("messages", i)),
                        "messages",
                        f"message déjà présent dans {vus[cle]} : le supprimer ici",
                        "avertissement",
                    )
                )
                continue
            vus[cle] = fichier
            exemples.append(Exemple(texte, corpus.danger))
    return tuple(exemples), problemes
