"""Load and validate the knowledge base, collecting every problem instead of stopping (rules: verification)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from bot.connaissances.apprentissage import charger_corpus
from bot.connaissances.base import Base
from bot.connaissances.lexique import FichierDangers, Lexique
from bot.connaissances.modeles import Fiche, FicheQuelconque, FichierQuartiers, Quartier
from bot.connaissances.verification import DOSSIERS, verifier_dangers, verifier_fiche, verifier_horaires, verifier_references
from bot.erreurs import DonneesInvalides
from bot.lecture.problemes import Probleme, suggerer
from bot.lecture.validation import erreurs_pydantic
from bot.lecture.yaml_lignes import Document, ErreurYaml, lire_yaml

ADAPTATEUR_FICHE: TypeAdapter[Fiche] = TypeAdapter(FicheQuelconque)
M = TypeVar("M", bound=BaseModel)


@dataclass
class Chargement:
    """The result of loading: a base (possibly partial) and every problem found."""

    base: Base
    problemes: list[Probleme] = field(default_factory=list)

    @property
    def erreurs(self) -> list[Probleme]:
        """Return the blocking problems."""
        return [p for p in self.problemes if p.gravite == "erreur"]

    @property
    def avertissements(self) -> list[Probleme]:
        """Return the non-blocking problems."""
        return [p for p in self.problemes if p.gravite == "avertissement"]


def _vocabulaire(dossier: Path, nom: str, problemes: list[Probleme]) -> set[str] | None:
    """Read one data·inclusion vocabulary (list of {value, label}); report it when missing or broken."""
    chemin = dossier / "referentiels" / f"{nom}.json"
    try:
        return {entree["value"] for entree in json.loads(chemin.read_text(encoding="utf-8"))}
    except FileNotFoundError:
        message = "fichier manquant : le recopier depuis le schéma data·inclusion v1"
    except (ValueError, KeyError, TypeError) as exc:
        message = f"référentiel illisible ({exc}) : le recopier depuis le schéma data·inclusion v1"
    problemes.append(Probleme(_nom_relatif(chemin, dossier), None, None, message))
    return None


def _nom_relatif(chemin: Path, dossier: Path) -> str:
    """Name a file relative to the knowledge folder's parent, as editors see it."""
    try:
        return str(chemin.relative_to(dossier.parent))
    except ValueError:
        return str(chemin)


def _charger_fichier(
    dossier: Path, nom: str, modele: type[M], role: str, problemes: list[Probleme]
) -> tuple[M | None, Document | None, str]:
    """Read and validate one top-level YAML file of the knowledge folder, recording its problems."""
    chemin = dossier / nom
    fichier = _nom_relatif(chemin, dossier)
    if not chemin.exists():
        problemes.append(Probleme(fichier, None, None, f"fichier manquant : {role}"))
        return None, None, fichier
    try:
        doc = lire_yaml(chemin)
    except ErreurYaml as exc:
        problemes.append(Probleme(fichier, exc.ligne, exc.champ, exc.message))
        return None, None, fichier
    try:
        return modele.model_validate(doc.donnees), doc, fichier
    except ValidationError as exc:
        problemes.extend(erreurs_pydantic(exc, doc, fichier, DOSSIERS.values()))
        return None, None, fichier


def charger(dossier: Path, aujourd_hui: dt.date | None = None) -> Chargement:
    """Load every fiche of `dossier`, validate it and cross-check ids; never stop at the first problem."""
    jour = aujourd_hui or dt.date.today()
    problemes: list[Probleme] = []
    lues: dict[str, tuple[Fiche, Document, str]] = {}
    if not dossier.is_dir():
        problemes.append(Probleme(str(dossier), None, None, "dossier introuvable : vérifier PASSERELLE_CONNAISSANCES"))
        return Chargement(Base({}), problemes)
    for sous_dossier in DOSSIERS:
        for chemin in sorted((dossier / sous_dossier).glob("*.y*ml")):
            if chemin.suffix == ".yml":
                problemes.append(
                    Probleme(
                        _nom_relatif(chemin, dossier),
                        None,
                        None,
                        f"extension « .yml » : renommer en « {chemin.stem}.yaml » pour que la fiche soit lue",
                    )
                )
                continue
            fichier = _nom_relatif(chemin, dossier)
            try:
                doc = lire_yaml(chemin)
            except ErreurYaml as exc:
                problemes.append(Probleme(fichier, exc.ligne, exc.champ, exc.message))
                continue
            if not isinstance(doc.donnees, dict):
                problemes.append(Probleme(fichier, 1, None, "une fiche doit être une suite de lignes « champ: valeur »"))
                continue
            try:
                fiche = ADAPTATEUR_FICHE.validate_python(doc.donnees)
            except ValidationError as exc:
                problemes.extend(erreurs_pydantic(exc, doc, fichier, DOSSIERS.values()))
                continue
            if fiche.id in lues:
                problemes.append(
                    Probleme(fichier, doc.ligne(("id",)), "id", f"l'id « {fiche.id} » est déjà utilisé par {lues[fiche.id][2]}")
                )
                continue
            problemes.extend(verifier_fiche(fiche, doc, fichier, chemin, jour))
            lues[fiche.id] = (fiche, doc, fichier)
    fichier_quartiers, doc_q, fichier_q = _charger_fichier(
        dossier, "quartiers.yaml", FichierQuartiers, "il liste les quartiers et leur centre social", problemes
    )
    quartiers: dict[str, Quartier] = {}
    for i, q in enumerate(fichier_quartiers.quartiers if fichier_quartiers else []):
        if q.id in quartiers and doc_q is not None:
            problemes.append(
                Probleme(
                    fichier_q, doc_q.ligne(("quartiers", i, "id")), "id", f"le quartier « {q.id} » apparaît deux fois : garder un seul bloc"
                )
            )
            continue
        quartiers[q.id] = q
    lexique, _, _ = _charger_fichier(dossier, "lexique.yaml", Lexique, "il dit comment les habitants écrivent (SMS, synonymes)", problemes)
    dangers, doc_d, fichier_d = _charger_fichier(
        dossier, "dangers.yaml", FichierDangers, "il liste les mots qui signalent un danger", problemes
    )
    if dangers is not None and doc_d is not None:
        problemes.extend(verifier_dangers(dangers, doc_d, fichier_d, lues))
    thematiques, publics = _vocabulaire(dossier, "thematiques", problemes), _vocabulaire(dossier, "publics", problemes)
    problemes.extend(verifier_references(lues, quartiers, thematiques, publics))
    if doc_q is not None:
        for i, q in enumerate(fichier_quartiers.quartiers if fichier_quartiers else []):
            if q.centre_social and q.centre_social not in lues:
                problemes.append(
                    Probleme(
                        fichier_q,
                        doc_q.ligne(("quartiers", i, "centre_social")),
                        "centre_social",
                        f"l'id « {q.centre_social} » n'existe pas",
                        suggestion=suggerer(q.centre_social, lues),
                    )
                )
    corpus, problemes_corpus = charger_corpus(dossier)
    problemes.extend(problemes_corpus)
    base = Base({k: v[0] for k, v in lues.items()}, quartiers, lexique or Lexique(version=1), dangers, corpus)
    problemes.extend(verifier_horaires(lues))
    return Chargement(base, problemes)


def charger_base(dossier: Path) -> Base:
    """Load the base for the running assistant; raise DonneesInvalides on any error."""
    resultat = charger(dossier)
    if resultat.erreurs:
        raise DonneesInvalides(resultat.erreurs)
    return resultat.base
