"""Cross-checks of dialogues/ against the knowledge base, in the style of Rasa's validator.

Errors: YAML or schema problems, a fiche or message id that does not exist (in a flow, or used
by the code: bot.dialogue.cles), a step no path reaches, a button leading nowhere, a quartier unknown to quartiers.yaml.
Warnings: unused messages, sentences longer than 12 words.
"""

from __future__ import annotations

import string
from pathlib import Path

from bot.connaissances.base import Base
from bot.connaissances.modeles import DANGERS, Urgence
from bot.dialogue.cles import VARIABLES, Cle
from bot.dialogue.parcours import AUTRE_QUARTIER, FIN, Parcours, Thematique, lire_parcours
from bot.dialogue.services import BOUTONS_COMMUNS
from bot.francais.regles import MOTS_PAR_PHRASE_MAX
from bot.francais.texte import mots, phrases
from bot.lecture.problemes import Gravite, Probleme, suggerer

Lieu = tuple[str, int | None]


def _lieu(p: Parcours, cle: str, chemin: tuple[str | int, ...]) -> Lieu:
    """Return the file and line of a path in a dialogues document."""
    nom, doc = p.documents[cle]
    return nom, doc.ligne(chemin)


def _usages(p: Parcours) -> dict[str, Lieu]:
    """Every message id used, with where it is used."""
    usages: dict[str, Lieu] = {str(m): (p.documents["communs"][0], None) for m in Cle}
    for t in p.thematiques.values():
        if t.intro:
            usages.setdefault(t.intro, _lieu(p, t.thematique, ("intro",)))
        for nom, etape in t.etapes.items():
            usages.setdefault(etape.question, _lieu(p, t.thematique, ("etapes", nom, "question")))
    return usages


def _messages(p: Parcours) -> list[Probleme]:
    """Used messages exist, defined ones are used, variables are known, sentences are short."""
    problemes = []
    usages = _usages(p)
    for cle, (fichier, ligne) in usages.items():
        if cle not in p.messages:
            problemes.append(
                Probleme(fichier, ligne, cle, f"le message « {cle} » n'est défini nulle part", suggestion=suggerer(cle, p.messages))
            )
    origines = {m: src for src, t in p.thematiques.items() for m in t.messages} | {m: "communs" for m in p.communs.messages}
    for source, (_, doc) in p.documents.items():
        if source.startswith("textes/"):
            origines |= {str(m): source for m in doc.donnees.get("messages", {})}
    for cle, texte in p.messages.items():
        fichier, ligne = _lieu(p, origines[cle], ("messages", cle))
        if cle not in usages:
            problemes.append(Probleme(fichier, ligne, cle, f"le message « {cle} » n'est jamais utilisé", "avertissement"))
        noms = {champ for _, champ, _, _ in string.Formatter().parse(texte) if champ is not None}
        for inconnu in sorted(noms - VARIABLES.get(cle, frozenset())):
            problemes.append(Probleme(fichier, ligne, cle, f"la variable « {{{inconnu}}} » n'est pas fournie par le moteur"))
        for phrase in phrases(texte):
            if len(mots(phrase)) > MOTS_PAR_PHRASE_MAX:
                problemes.append(
                    Probleme(fichier, ligne, cle, f"phrase de {len(mots(phrase))} mots : {MOTS_PAR_PHRASE_MAX} au plus", "avertissement")
                )
    return problemes


def _fiche(p: Parcours, base: Base, ident: str, lieu: Lieu, urgence: bool = False) -> list[Probleme]:
    """Check that one fiche id exists (and is an urgence fiche when required)."""
    fichier, ligne = lieu
    if ident not in base.fiches:
        return [Probleme(fichier, ligne, None, f"la fiche « {ident} » n'existe pas", suggestion=suggerer(ident, base.fiches))]
    if urgence and not isinstance(base.fiches[ident], Urgence):
        return [Probleme(fichier, ligne, None, f"« {ident} » n'est pas une fiche urgence")]
    return []


def _fiches(p: Parcours, base: Base) -> list[Probleme]:
    """Every fiche id a flow names exists."""
    problemes = []
    c = p.communs
    for champ, ids, urgence in (
        ("urgences", c.urgences, True),
        ("parler", c.parler, False),
        ("parler_sans_quartier", c.parler_sans_quartier, False),
    ):
        for i, ident in enumerate(ids):
            problemes += _fiche(p, base, ident, _lieu(p, "communs", (champ, i)), urgence)
    for t in p.thematiques.values():
        for i, ident in enumerate(t.urgences):
            problemes += _fiche(p, base, ident, _lieu(p, t.thematique, ("urgences", i)), True)
        for n, regle in enumerate(t.cartes):
            for i, ident in enumerate(regle.fiches):
                problemes += _fiche(p, base, ident, _lieu(p, t.thematique, ("cartes", n, "fiches", i)))
    return problemes


def _etapes(p: Parcours, t: Thematique) -> list[Probleme]:
    """Every step is reachable, every button leads somewhere, every rule names real answers."""
    problemes = []
    cibles = set(t.etapes) | {FIN}
    atteintes: set[str] = set()
    a_voir = [t.debut] if t.debut else []
    while a_voir:
        nom = a_voir.pop()
        if nom in atteintes or nom not in t.etapes:
            continue
        atteintes.add(nom)
        etape = t.etapes[nom]
        a_voir += [etape.suite] + [b.suite for b in etape.boutons if b.suite]
    for nom, etape in t.etapes.items():
        fichier, ligne = _lieu(p, t.thematique, ("etapes", nom))
        if nom not in atteintes:
            problemes.append(Probleme(fichier, ligne, nom, f"l'étape « {nom} » n'est atteinte par aucun chemin depuis « debut »"))
        suites: list[tuple[tuple[str | int, ...], str]] = [(("etapes", nom, "suite"), etape.suite)]
        suites += [(("etapes", nom, "boutons", i, "suite"), b.suite) for i, b in enumerate(etape.boutons) if b.suite]
        for chemin, suite in suites:
            if suite not in cibles:
                problemes.append(
                    Probleme(
                        fichier,
                        _lieu(p, t.thematique, chemin)[1],
                        "suite",
                        f"le bouton mène à « {suite} », qui n'existe pas",
                        suggestion=suggerer(suite, cibles),
                    )
                )
        for i, b in enumerate(etape.boutons):
            if b.danger is not None and b.danger not in DANGERS:
                problemes.append(
                    Probleme(
                        fichier,
                        _lieu(p, t.thematique, ("etapes", nom, "boutons", i, "danger"))[1],
                        "danger",
                        f"le danger « {b.danger} » n'existe pas ({', '.join(DANGERS)})",
                        suggestion=suggerer(b.danger, DANGERS),
                    )
                )
        ids = [b.id for b in etape.boutons]
        for double in sorted({i for i in ids if ids.count(i) > 1}):
            problemes.append(Probleme(fichier, ligne, nom, f"le bouton « {double} » apparaît deux fois"))
    reponses = {e.cle or n: {b.id for b in e.boutons} for n, e in t.etapes.items()}
    for n, regle in enumerate(t.cartes):
        fichier, ligne = _lieu(p, t.thematique, ("cartes", n, "si"))
        for cle, valeurs in regle.si.items():
            if cle not in reponses:
                problemes.append(
                    Probleme(fichier, ligne, cle, f"aucune étape ne pose la question « {cle} »", suggestion=suggerer(cle, reponses))
                )
                continue
            for v in valeurs:
                if v not in reponses[cle]:
                    problemes.append(
                        Probleme(
                            fichier, ligne, cle, f"la question « {cle} » n'a pas de bouton « {v} »", suggestion=suggerer(v, reponses[cle])
                        )
                    )
    return problemes


def _menu(p: Parcours) -> list[Probleme]:
    """Every menu button opens a theme, every theme is in the menu, service buttons exist."""
    problemes = []
    au_menu = {b.thematique for b in p.communs.menu}
    for i, b in enumerate(p.communs.menu):
        if b.thematique not in p.thematiques:
            fichier, ligne = _lieu(p, "communs", ("menu", i))
            problemes.append(
                Probleme(
                    fichier,
                    ligne,
                    "thematique",
                    f"pas de fichier parcours/{b.thematique}.yaml pour ce bouton",
                    suggestion=suggerer(b.thematique, p.thematiques),
                )
            )
    for ident in sorted(set(p.thematiques) - au_menu):
        fichier, ligne = _lieu(p, ident, ("thematique",))
        problemes.append(Probleme(fichier, ligne, "thematique", "ce parcours n'a pas de bouton dans le menu de communs.yaml"))
    for ident in BOUTONS_COMMUNS:
        if ident not in p.communs.boutons:
            fichier, ligne = _lieu(p, "communs", ("boutons",))
            problemes.append(Probleme(fichier, ligne, "boutons", f"le bouton « {ident} » manque"))
    for t in p.thematiques.values():
        problemes += _etapes(p, t)
    return problemes


def _quartiers(p: Parcours, base: Base) -> list[Probleme]:
    """Every quartier button names a quartier of quartiers.yaml (or « autre »)."""
    problemes = []
    ids = [b.id for b in p.communs.quartiers]
    if AUTRE_QUARTIER not in ids:
        fichier, ligne = _lieu(p, "communs", ("quartiers",))
        problemes.append(Probleme(fichier, ligne, "quartiers", f"il faut un bouton « {AUTRE_QUARTIER} » (Autre quartier)"))
    for i, ident in enumerate(ids):
        if ident == AUTRE_QUARTIER or ident in base.quartiers:
            continue
        fichier, ligne = _lieu(p, "communs", ("quartiers", i))
        gravite: Gravite = "erreur" if base.quartiers else "avertissement"
        problemes.append(
            Probleme(
                fichier,
                ligne,
                "quartiers",
                f"le quartier « {ident} » n'est pas dans quartiers.yaml",
                gravite,
                suggerer(ident, base.quartiers),
            )
        )
    return problemes


def verifier_dialogues(dossier_dialogues: Path, base: Base) -> list[Probleme]:
    """Load dialogues/ and check it against the base; return every problem found."""
    parcours, problemes = lire_parcours(dossier_dialogues)
    if parcours is None:
        return problemes
    return problemes + _messages(parcours) + _fiches(parcours, base) + _menu(parcours) + _quartiers(parcours, base)
