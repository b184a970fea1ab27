"""Load and validate the knowledge base, collecting every problem instead of stopping."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from bot.connaissances.base import Base
from bot.connaissances.lexique import FichierDangers, Lexique
from bot.connaissances.modeles import DANGERS, Droit, Fiche, FicheQuelconque, FichierQuartiers, Quartier, Structure, Urgence
from bot.erreurs import DonneesInvalides
from bot.lecture.problemes import Probleme, suggerer
from bot.lecture.validation import erreurs_pydantic
from bot.lecture.yaml_lignes import Document, ErreurYaml, lire_yaml

DOSSIERS = {"structures": "structure", "organismes": "organisme", "droits": "droit", "urgences": "urgence"}
COORDONNEES = ("adresse", "telephone", "horaires_accueil")
ADAPTATEUR_FICHE: TypeAdapter[Fiche] = TypeAdapter(FicheQuelconque)
PHRASE = re.compile(r"[^.!?…]+[.!?…]*")
MOTS_MAX_RESUME = 12
PHRASES_MAX_RESUME = 3
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


def mots(phrase: str) -> list[str]:
    """Split a sentence into words (apostrophes and hyphens join, numbers count)."""
    return re.findall(r"[\w’'-]+", phrase)


def phrases(texte: str) -> list[str]:
    """Split a text into its sentences."""
    return [p.strip() for p in PHRASE.findall(texte) if mots(p)]


def _verifier_fiche(fiche: Fiche, doc: Document, fichier: str, chemin: Path, aujourd_hui: dt.date) -> list[Probleme]:
    """Check what the model alone cannot: file name, plain résumé, flagged gaps, freshness."""
    p: list[Probleme] = []
    if fiche.id != chemin.stem:
        p.append(Probleme(fichier, doc.ligne(("id",)), "id", f"l'id « {fiche.id} » doit être le nom du fichier « {chemin.stem} »"))
    attendu = DOSSIERS.get(chemin.parent.name)
    if attendu and fiche.type != attendu:
        p.append(Probleme(fichier, doc.ligne(("type",)), "type", f"une fiche du dossier {chemin.parent.name}/ doit avoir « type: {attendu} »"))
    liste = phrases(fiche.resume)
    if len(liste) > PHRASES_MAX_RESUME:
        p.append(Probleme(fichier, doc.ligne(("resume",)), "resume", f"{len(liste)} phrases : en garder {PHRASES_MAX_RESUME} au plus"))
    for ph in liste:
        if len(mots(ph)) > MOTS_MAX_RESUME:
            p.append(Probleme(fichier, doc.ligne(("resume",)), "resume", f"phrase de {len(mots(ph))} mots (« {ph[:40]}… ») : {MOTS_MAX_RESUME} mots au plus"))
    if isinstance(fiche, Structure) and fiche.type == "structure":
        for champ in COORDONNEES:
            if getattr(fiche, champ) is None and champ not in fiche.a_verifier:
                ligne = doc.lignes.get((champ,)) or doc.lignes.get(("a_verifier",)) or doc.ligne(())
                p.append(Probleme(fichier, ligne, champ,
                                  f"« {champ} » est vide : l'ajouter à « a_verifier » (ne rien inventer)"))
    if fiche.a_verifier:
        p.append(Probleme(fichier, doc.ligne(("a_verifier",)), "a_verifier",
                          f"à vérifier : {', '.join(fiche.a_verifier)}", "avertissement"))
    if (aujourd_hui - fiche.date_maj).days > 365:
        p.append(Probleme(fichier, doc.ligne(("date_maj",)), "date_maj",
                          f"dernière vérification le {fiche.date_maj.isoformat()}, il y a plus de 12 mois : revérifier les faits", "avertissement"))
    if fiche.date_maj > aujourd_hui:
        p.append(Probleme(fichier, doc.ligne(("date_maj",)), "date_maj", "date dans le futur : mettre la date de la vérification"))
    return p


def _references(fiche: Fiche) -> list[tuple[tuple[str | int, ...], str]]:
    """List (path, id) of every other fiche this fiche names."""
    refs: list[tuple[tuple[str | int, ...], str]] = []
    for nom in ("repli", "liens", "ou_demander"):
        for i, ident in enumerate(getattr(fiche, nom, []) or []):
            refs.append(((nom, i), ident))
    return refs


def _verifier_references(fiches: dict[str, tuple[Fiche, Document, str]], quartiers: dict[str, Quartier],
                         thematiques: set[str] | None, publics: set[str] | None) -> list[Probleme]:
    """Check that every id, quartier and vocabulary value a fiche names exists."""
    p: list[Probleme] = []
    for fiche, doc, fichier in fiches.values():
        for chemin, ident in _references(fiche):
            if ident not in fiches:
                p.append(Probleme(fichier, doc.ligne(chemin), chemin[0] if isinstance(chemin[0], str) else None,
                                  f"l'id « {ident} » n'existe pas", suggestion=suggerer(ident, fiches)))
        for nom, connus in (("thematiques", thematiques), ("publics", publics)):
            if connus is None:
                continue
            for i, valeur in enumerate(getattr(fiche, nom)):
                if valeur not in connus:
                    p.append(Probleme(fichier, doc.ligne((nom, i)), nom, f"la valeur « {valeur} » n'existe pas dans data·inclusion v1",
                                      suggestion=suggerer(valeur, connus)))
        if isinstance(fiche, Structure) and fiche.quartier and fiche.quartier not in quartiers:
            p.append(Probleme(fichier, doc.ligne(("quartier",)), "quartier", f"le quartier « {fiche.quartier} » n'existe pas dans quartiers.yaml",
                              suggestion=suggerer(fiche.quartier, quartiers)))
        if isinstance(fiche, Urgence):
            for i, danger in enumerate(fiche.dangers):
                if danger not in DANGERS:
                    p.append(Probleme(fichier, doc.ligne(("dangers", i)), "dangers", f"le danger « {danger} » n'existe pas ({', '.join(DANGERS)})",
                                      suggestion=suggerer(danger, DANGERS)))
        if isinstance(fiche, Droit):
            for i, ident in enumerate(fiche.ou_demander):
                cible = fiches.get(ident)
                if cible and not isinstance(cible[0], Structure):
                    p.append(Probleme(fichier, doc.ligne(("ou_demander", i)), "ou_demander", f"« {ident} » n'est pas une structure ni un organisme"))
    return p


def _charger_fichier(dossier: Path, nom: str, modele: type[M], role: str,
                     problemes: list[Probleme]) -> tuple[M | None, Document | None, str]:
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


def _verifier_dangers(dangers: FichierDangers, doc: Document, fichier: str, fiches: dict[str, Any]) -> list[Probleme]:
    """Check that every danger kind is listed and every number names an urgence fiche."""
    p: list[Probleme] = []
    for genre in dangers.ordre:
        if genre not in dangers.dangers:
            p.append(Probleme(fichier, doc.ligne(("ordre",)), "ordre", f"le danger « {genre} » n'a pas de motifs"))
    for genre, danger in dangers.dangers.items():
        for i, ident in enumerate(danger.fiches):
            if ident not in fiches:
                p.append(Probleme(fichier, doc.ligne(("dangers", genre, "fiches", i)), "fiches",
                                  f"l'id « {ident} » n'existe pas", suggestion=suggerer(ident, fiches)))
        for i, ident in enumerate(danger.numeros):
            cible = fiches.get(ident)
            if cible is None or not isinstance(cible[0], Urgence):
                p.append(Probleme(fichier, doc.ligne(("dangers", genre, "numeros", i)), "numeros",
                                  f"« {ident} » n'est pas une fiche urgence", suggestion=suggerer(ident, [k for k, v in fiches.items() if isinstance(v[0], Urgence)])))
    return p


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
                problemes.append(Probleme(_nom_relatif(chemin, dossier), None, None,
                                          f"extension « .yml » : renommer en « {chemin.stem}.yaml » pour que la fiche soit lue"))
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
                problemes.append(Probleme(fichier, doc.ligne(("id",)), "id", f"l'id « {fiche.id} » est déjà utilisé par {lues[fiche.id][2]}"))
                continue
            problemes.extend(_verifier_fiche(fiche, doc, fichier, chemin, jour))
            lues[fiche.id] = (fiche, doc, fichier)
    fichier_quartiers, doc_q, fichier_q = _charger_fichier(dossier, "quartiers.yaml", FichierQuartiers, "il liste les quartiers et leur centre social", problemes)
    quartiers: dict[str, Quartier] = {}
    for i, q in enumerate(fichier_quartiers.quartiers if fichier_quartiers else []):
        if q.id in quartiers and doc_q is not None:
            problemes.append(Probleme(fichier_q, doc_q.ligne(("quartiers", i, "id")), "id",
                                      f"le quartier « {q.id} » apparaît deux fois : garder un seul bloc"))
            continue
        quartiers[q.id] = q
    lexique, _, _ = _charger_fichier(dossier, "lexique.yaml", Lexique, "il dit comment les habitants écrivent (SMS, synonymes)", problemes)
    dangers, doc_d, fichier_d = _charger_fichier(dossier, "dangers.yaml", FichierDangers, "il liste les mots qui signalent un danger", problemes)
    if dangers is not None and doc_d is not None:
        problemes.extend(_verifier_dangers(dangers, doc_d, fichier_d, lues))
    thematiques, publics = _vocabulaire(dossier, "thematiques", problemes), _vocabulaire(dossier, "publics", problemes)
    problemes.extend(_verifier_references(lues, quartiers, thematiques, publics))
    if doc_q is not None:
        for i, q in enumerate(fichier_quartiers.quartiers if fichier_quartiers else []):
            if q.centre_social and q.centre_social not in lues:
                problemes.append(Probleme(fichier_q, doc_q.ligne(("quartiers", i, "centre_social")), "centre_social",
                                          f"l'id « {q.centre_social} » n'existe pas", suggestion=suggerer(q.centre_social, lues)))
    base = Base({k: v[0] for k, v in lues.items()}, quartiers, lexique or Lexique(version=1), dangers)
    return Chargement(base, problemes)


def charger_base(dossier: Path) -> Base:
    """Load the base for the running assistant; raise DonneesInvalides on any error."""
    resultat = charger(dossier)
    if resultat.erreurs:
        raise DonneesInvalides(resultat.erreurs)
    return resultat.base

