"""Rules on the knowledge base that the models alone cannot check: file names, plain résumés,
flagged gaps, freshness, cross-references, danger lexicon, opening hours.

Each rule returns `Probleme`s with file, line, field and, where it helps, a suggestion.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from bot.connaissances.horaires import HorairesIllisibles, lire_horaires
from bot.connaissances.lexique import FichierDangers
from bot.connaissances.modeles import DANGERS, Droit, Fiche, Quartier, Structure, Urgence
from bot.francais.regles import MOTS_PAR_PHRASE_MAX, PHRASES_PAR_RESUME_MAX
from bot.francais.texte import mots, phrases
from bot.lecture.problemes import Probleme, suggerer
from bot.lecture.yaml_lignes import Document

DOSSIERS = {"structures": "structure", "organismes": "organisme", "droits": "droit", "urgences": "urgence"}
COORDONNEES = ("adresse", "telephone", "horaires_accueil")
FRAICHEUR_JOURS = 365  # a fact not checked for a year is flagged for the editors
Lues = dict[str, tuple[Fiche, Document, str]]


def verifier_fiche(fiche: Fiche, doc: Document, fichier: str, chemin: Path, aujourd_hui: dt.date) -> list[Probleme]:
    """Check what the model alone cannot: file name, plain résumé, flagged gaps, freshness."""
    p: list[Probleme] = []
    if fiche.id != chemin.stem:
        p.append(Probleme(fichier, doc.ligne(("id",)), "id", f"l'id « {fiche.id} » doit être le nom du fichier « {chemin.stem} »"))
    attendu = DOSSIERS.get(chemin.parent.name)
    if attendu and fiche.type != attendu:
        p.append(
            Probleme(fichier, doc.ligne(("type",)), "type", f"une fiche du dossier {chemin.parent.name}/ doit avoir « type: {attendu} »")
        )
    liste = phrases(fiche.resume)
    if len(liste) > PHRASES_PAR_RESUME_MAX:
        p.append(Probleme(fichier, doc.ligne(("resume",)), "resume", f"{len(liste)} phrases : en garder {PHRASES_PAR_RESUME_MAX} au plus"))
    for ph in liste:
        if len(mots(ph)) > MOTS_PAR_PHRASE_MAX:
            p.append(
                Probleme(
                    fichier,
                    doc.ligne(("resume",)),
                    "resume",
                    f"phrase de {len(mots(ph))} mots (« {ph[:40]}… ») : {MOTS_PAR_PHRASE_MAX} mots au plus",
                )
            )
    if isinstance(fiche, Structure) and fiche.type == "structure":
        for champ in COORDONNEES:
            if getattr(fiche, champ) is None and champ not in fiche.a_verifier:
                ligne = doc.lignes.get((champ,)) or doc.lignes.get(("a_verifier",)) or doc.ligne(())
                p.append(Probleme(fichier, ligne, champ, f"« {champ} » est vide : l'ajouter à « a_verifier » (ne rien inventer)"))
    if fiche.a_verifier:
        p.append(
            Probleme(fichier, doc.ligne(("a_verifier",)), "a_verifier", f"à vérifier : {', '.join(fiche.a_verifier)}", "avertissement")
        )
    if (aujourd_hui - fiche.date_maj).days > FRAICHEUR_JOURS:
        p.append(
            Probleme(
                fichier,
                doc.ligne(("date_maj",)),
                "date_maj",
                f"dernière vérification le {fiche.date_maj.isoformat()}, il y a plus de 12 mois : revérifier les faits",
                "avertissement",
            )
        )
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


def verifier_references(
    fiches: dict[str, tuple[Fiche, Document, str]], quartiers: dict[str, Quartier], thematiques: set[str] | None, publics: set[str] | None
) -> list[Probleme]:
    """Check that every id, quartier and vocabulary value a fiche names exists."""
    p: list[Probleme] = []
    for fiche, doc, fichier in fiches.values():
        for chemin, ident in _references(fiche):
            if ident not in fiches:
                p.append(
                    Probleme(
                        fichier,
                        doc.ligne(chemin),
                        chemin[0] if isinstance(chemin[0], str) else None,
                        f"l'id « {ident} » n'existe pas",
                        suggestion=suggerer(ident, fiches),
                    )
                )
        for nom, connus in (("thematiques", thematiques), ("publics", publics)):
            if connus is None:
                continue
            for i, valeur in enumerate(getattr(fiche, nom)):
                if valeur not in connus:
                    p.append(
                        Probleme(
                            fichier,
                            doc.ligne((nom, i)),
                            nom,
                            f"la valeur « {valeur} » n'existe pas dans data·inclusion v1",
                            suggestion=suggerer(valeur, connus),
                        )
                    )
        if isinstance(fiche, Structure) and fiche.quartier and fiche.quartier not in quartiers:
            p.append(
                Probleme(
                    fichier,
                    doc.ligne(("quartier",)),
                    "quartier",
                    f"le quartier « {fiche.quartier} » n'existe pas dans quartiers.yaml",
                    suggestion=suggerer(fiche.quartier, quartiers),
                )
            )
        if isinstance(fiche, Urgence):
            for i, danger in enumerate(fiche.dangers):
                if danger not in DANGERS:
                    p.append(
                        Probleme(
                            fichier,
                            doc.ligne(("dangers", i)),
                            "dangers",
                            f"le danger « {danger} » n'existe pas ({', '.join(DANGERS)})",
                            suggestion=suggerer(danger, DANGERS),
                        )
                    )
        if isinstance(fiche, Droit):
            for i, ident in enumerate(fiche.ou_demander):
                cible = fiches.get(ident)
                if cible and not isinstance(cible[0], Structure):
                    p.append(
                        Probleme(
                            fichier, doc.ligne(("ou_demander", i)), "ou_demander", f"« {ident} » n'est pas une structure ni un organisme"
                        )
                    )
    return p


def verifier_dangers(dangers: FichierDangers, doc: Document, fichier: str, fiches: dict[str, Any]) -> list[Probleme]:
    """Check that every danger kind is listed and every number names an urgence fiche."""
    p: list[Probleme] = []
    for genre in dangers.ordre:
        if genre not in dangers.dangers:
            p.append(Probleme(fichier, doc.ligne(("ordre",)), "ordre", f"le danger « {genre} » n'a pas de motifs"))
    for genre, danger in dangers.dangers.items():
        for i, ident in enumerate(danger.fiches):
            if ident not in fiches:
                p.append(
                    Probleme(
                        fichier,
                        doc.ligne(("dangers", genre, "fiches", i)),
                        "fiches",
                        f"l'id « {ident} » n'existe pas",
                        suggestion=suggerer(ident, fiches),
                    )
                )
        for i, ident in enumerate(danger.numeros):
            cible = fiches.get(ident)
            if cible is None or not isinstance(cible[0], Urgence):
                p.append(
                    Probleme(
                        fichier,
                        doc.ligne(("dangers", genre, "numeros", i)),
                        "numeros",
                        f"« {ident} » n'est pas une fiche urgence",
                        suggestion=suggerer(ident, [k for k, v in fiches.items() if isinstance(v[0], Urgence)]),
                    )
                )
    return p


def verifier_horaires(fiches: Lues) -> list[Probleme]:
    """Every fiche's opening hours can be read."""
    problemes = []
    for fiche, doc, fichier in fiches.values():
        if isinstance(fiche, Structure) and fiche.horaires_accueil:
            try:
                lire_horaires(fiche.horaires_accueil)
            except HorairesIllisibles as exc:
                problemes.append(Probleme(fichier, doc.ligne(("horaires_accueil",)), "horaires_accueil", f"horaires illisibles : {exc}"))
    return problemes
