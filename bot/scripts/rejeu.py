"""Replay conversation scripts (tests/conversations/*.yaml) against the real engine.

`python -m bot rejouer FICHIER.yaml [...] [--json]`. A script is::

    version: 1
    conversations:
      - nom: travail-par-le-menu
        etapes:
          - choisit: Travail            # press the button of the last turn whose label contains it
          - usager: "je cherche du boulot"  # send typed text (« /mediateur » sends a command)
          - attendu:                    # check the last turn of the bot
              contient: ["France Travail"]
              ne_contient_pas: ["erreur"]
              oriente_vers: [france-travail, fabrique-defi]
              urgence: false
              propose_au_moins: 2

Every conversation starts fresh, after the greeting turn. Texts are compared without case or
accents. `etape_en_echec` is the 0-based index of the failing step in `etapes`.
`choisit` fails when no label contains the text, or when several do and none equals it.
Exit codes: 0 all pass, 1 one fails, 2 unreadable script or data (message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence, TextIO, Union

from bot.dialogue import reponses as r
from bot.config import Settings
from bot.dialogue.moteur import Contexte, construire_contexte, etat_initial, repondre
from bot.erreurs import DonneesInvalides
from bot.lecture.yaml_lignes import Document, ErreurYaml, lire_yaml

CLES_ATTENDU = ("contient", "ne_contient_pas", "oriente_vers", "urgence", "propose_au_moins")
GENRES_ETAPE = ("usager", "choisit", "attendu")
LONGUEUR_RESUME = 300


class ErreurScript(Exception):
    """A conversation script that cannot be read, with the line of the problem."""

    def __init__(self, message: str, fichier: str, ligne: int | None) -> None:
        lieu = f"{fichier}:{ligne}" if ligne else fichier
        super().__init__(f"{lieu}: {message}")
        self.message = message
        self.fichier = fichier
        self.ligne = ligne


@dataclass(frozen=True)
class Usager:
    """The resident types a text (a « /commande » is sent as a command)."""

    texte: str


@dataclass(frozen=True)
class Choisit:
    """The resident presses the button of the last turn whose label contains `texte`."""

    texte: str


@dataclass(frozen=True)
class Attendu:
    """Checks on the last turn of the bot."""

    contient: tuple[str, ...] = ()
    ne_contient_pas: tuple[str, ...] = ()
    oriente_vers: tuple[str, ...] = ()
    urgence: bool | None = None
    propose_au_moins: int | None = None


Etape = Union[Usager, Choisit, Attendu]


@dataclass(frozen=True)
class ConversationScript:
    """One scripted conversation: a name, its steps and their lines in the file."""

    nom: str
    etapes: tuple[Etape, ...]
    fichier: str = ""
    ligne: int | None = None
    lignes_etapes: tuple[int | None, ...] = ()

    def ligne_etape(self, index: int) -> int | None:
        """Return the line of step `index` in the file."""
        return self.lignes_etapes[index] if index < len(self.lignes_etapes) else self.ligne


@dataclass(frozen=True)
class Script:
    """A whole script file."""

    fichier: str
    conversations: tuple[ConversationScript, ...]


@dataclass(frozen=True)
class ResultatConversation:
    """The outcome of one conversation; `historique` is (what the resident did, what the bot said)."""

    nom: str
    reussi: bool
    etape_en_echec: int | None = None
    raison: str | None = None
    fichier: str = ""
    ligne: int | None = None
    historique: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def en_json(self) -> dict[str, Any]:
        """Return the public JSON object (exactly nom, reussi, etape_en_echec, raison)."""
        return {"nom": self.nom, "reussi": self.reussi, "etape_en_echec": self.etape_en_echec, "raison": self.raison}


class Echec(Exception):
    """A step whose expectation is not met (caught by the runner and turned into a result)."""


def normaliser(texte: str) -> str:
    """Lower-case, accent-free text with single spaces, to compare wordings."""
    texte = unicodedata.normalize("NFKD", texte.replace("’", "'").replace("œ", "oe").replace("Œ", "Oe"))
    return " ".join("".join(c for c in texte if not unicodedata.combining(c)).casefold().split())


# --- reading a script ------------------------------------------------------------------------


def _liste_textes(valeur: Any, cle: str, fichier: str, ligne: int | None) -> tuple[str, ...]:
    """Read a list of texts (a single text is accepted as a one-item list)."""
    if isinstance(valeur, (str, int, float)) and not isinstance(valeur, bool):
        return (str(valeur),)
    if isinstance(valeur, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in valeur):
        return tuple(str(v) for v in valeur)
    raise ErreurScript(f"« {cle} » doit être une liste de textes, par exemple [\"3919\", \"gratuit\"]", fichier, ligne)


def _attendu(valeur: Any, doc: Document, chemin: tuple[str | int, ...], fichier: str) -> Attendu:
    """Read an `attendu:` block."""
    ligne = doc.ligne(chemin)
    if not isinstance(valeur, dict) or not valeur:
        raise ErreurScript(f"« attendu » doit contenir au moins une vérification parmi : {', '.join(CLES_ATTENDU)}", fichier, ligne)
    for cle in valeur:
        if cle not in CLES_ATTENDU:
            raise ErreurScript(f"vérification inconnue « {cle} » : choisir parmi {', '.join(CLES_ATTENDU)}", fichier, doc.ligne(chemin + (cle,)))
    urgence = valeur.get("urgence")
    if urgence is not None and not isinstance(urgence, bool):
        raise ErreurScript("« urgence » doit valoir true ou false", fichier, doc.ligne(chemin + ("urgence",)))
    minimum = valeur.get("propose_au_moins")
    if minimum is not None and (isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0):
        raise ErreurScript("« propose_au_moins » doit être un nombre entier (0 ou plus)", fichier, doc.ligne(chemin + ("propose_au_moins",)))
    listes = {cle: _liste_textes(valeur[cle], cle, fichier, doc.ligne(chemin + (cle,)))
              for cle in ("contient", "ne_contient_pas", "oriente_vers") if cle in valeur}
    return Attendu(urgence=urgence, propose_au_moins=minimum, **listes)


def _etape(valeur: Any, doc: Document, chemin: tuple[str | int, ...], fichier: str) -> Etape:
    """Read one step: `usager:`, `choisit:` or `attendu:`."""
    ligne = doc.ligne(chemin)
    if not isinstance(valeur, dict) or len(valeur) != 1:
        raise ErreurScript(f"une étape est une seule ligne parmi : {', '.join(k + ':' for k in GENRES_ETAPE)}", fichier, ligne)
    genre, contenu = next(iter(valeur.items()))
    if genre == "attendu":
        return _attendu(contenu, doc, chemin + ("attendu",), fichier)
    if genre not in GENRES_ETAPE:
        raise ErreurScript(f"étape inconnue « {genre} » : écrire « usager: », « choisit: » ou « attendu: »", fichier, ligne)
    if genre == "usager" and isinstance(contenu, dict) and set(contenu) == {"repete", "fois"} and isinstance(contenu["fois"], int):
        return Usager(str(contenu["repete"]) * contenu["fois"])
    if contenu is None or isinstance(contenu, (dict, list, bool)):
        raise ErreurScript(f"« {genre} » doit être suivi d'un texte (entre guillemets s'il contient « : » ou « # »)", fichier, ligne)
    texte = str(contenu)
    if genre == "choisit":
        if not texte.strip():
            raise ErreurScript("« choisit » doit donner (une partie de) l'étiquette du bouton", fichier, ligne)
        return Choisit(texte)
    return Usager(texte)


def _conversation(valeur: Any, doc: Document, chemin: tuple[str | int, ...], fichier: str) -> ConversationScript:
    """Read one `{nom, etapes}` conversation."""
    ligne = doc.ligne(chemin)
    if not isinstance(valeur, dict):
        raise ErreurScript("une conversation est un bloc « - nom: … » suivi de « etapes: »", fichier, ligne)
    for cle in valeur:
        if cle not in ("nom", "etapes"):
            raise ErreurScript(f"clé inconnue « {cle} » : une conversation n'a que « nom » et « etapes »", fichier, doc.ligne(chemin + (cle,)))
    nom = valeur.get("nom")
    if not isinstance(nom, str) or not nom.strip():
        raise ErreurScript("chaque conversation doit avoir un « nom »", fichier, ligne)
    etapes = valeur.get("etapes")
    if not isinstance(etapes, list) or not etapes:
        raise ErreurScript(f"la conversation « {nom} » doit avoir une liste « etapes » non vide", fichier, doc.ligne(chemin + ("etapes",)))
    lues = tuple(_etape(e, doc, chemin + ("etapes", i), fichier) for i, e in enumerate(etapes))
    lignes = tuple(doc.ligne(chemin + ("etapes", i)) for i in range(len(etapes)))
    return ConversationScript(nom.strip(), lues, fichier, ligne, lignes)


def analyser_script(doc: Document, fichier: str) -> Script:
    """Turn a parsed YAML document into a Script; raise ErreurScript with a line on any problem."""
    donnees = doc.donnees
    if not isinstance(donnees, dict):
        raise ErreurScript("le fichier doit commencer par « version: 1 » puis « conversations: »", fichier, 1)
    for cle in donnees:
        if cle not in ("version", "conversations"):
            raise ErreurScript(f"clé inconnue « {cle} » : seules « version » et « conversations » sont permises", fichier, doc.ligne((cle,)))
    if donnees.get("version") != 1:
        raise ErreurScript("il faut « version: 1 » en haut du fichier", fichier, doc.ligne(("version",)) or 1)
    conversations = donnees.get("conversations")
    if not isinstance(conversations, list) or not conversations:
        raise ErreurScript("« conversations » doit être une liste non vide de « - nom: … »", fichier, doc.ligne(("conversations",)) or 1)
    lues = tuple(_conversation(c, doc, ("conversations", i), fichier) for i, c in enumerate(conversations))
    vus: dict[str, int | None] = {}
    for c in lues:
        if c.nom in vus:
            raise ErreurScript(f"le nom « {c.nom} » est déjà utilisé ligne {vus[c.nom]}", fichier, c.ligne)
        vus[c.nom] = c.ligne
    return Script(fichier, lues)


def lire_script(chemin: Path) -> Script:
    """Read and check one script file; raise ErreurScript (with its line) when unreadable."""
    fichier = str(chemin)
    if not chemin.is_file():
        raise ErreurScript("fichier introuvable", fichier, None)
    try:
        doc = lire_yaml(chemin)
    except ErreurYaml as exc:
        raise ErreurScript(exc.message, fichier, exc.ligne) from exc
    return analyser_script(doc, fichier)


# --- replaying -------------------------------------------------------------------------------


def texte_du_tour(tour: r.Tour) -> str:
    """Everything a turn says: texts, cards, emergency numbers, questions and button labels."""
    morceaux: list[str] = []
    for rep in tour.reponses:
        if isinstance(rep, r.Texte):
            morceaux.append(rep.texte)
        elif isinstance(rep, r.Carte):
            morceaux += [rep.titre, rep.resume] + [f"{l.libelle} {l.valeur}" for l in rep.lignes]
            morceaux += [rep.telephone] if rep.telephone else []
        elif isinstance(rep, r.Urgences):
            morceaux.append(rep.titre)
            morceaux += [f"{n.numero} {n.libelle}" for n in rep.numeros]
        elif isinstance(rep, r.Choix):
            morceaux += ([rep.question] if rep.question else []) + [b.libelle for b in rep.boutons]
    return "\n".join(m for m in morceaux if m)


def fiches_du_tour(tour: r.Tour) -> tuple[str, ...]:
    """The ids of the cards shown in a turn, in order."""
    return tuple(rep.fiche_id for rep in tour.reponses if isinstance(rep, r.Carte))


def _boutons(tour: r.Tour) -> str:
    """List a turn's button labels for a message."""
    return ", ".join(f"« {b.libelle} »" for b in tour.boutons) or "aucun"


def choisir_bouton(tour: r.Tour, texte: str) -> r.Bouton:
    """Return the one button whose label contains `texte` (an exact label wins a tie); raise Echec otherwise."""
    cherche = normaliser(texte)
    trouves = [b for b in tour.boutons if cherche in normaliser(b.libelle)]
    if len(trouves) > 1:
        exacts = [b for b in trouves if normaliser(b.libelle) == cherche]
        if len(exacts) == 1:
            return exacts[0]
        raise Echec(f"plusieurs boutons contiennent « {texte} » : {', '.join(f'« {b.libelle} »' for b in trouves)} ; préciser")
    if not trouves:
        raise Echec(f"aucun bouton ne contient « {texte} » ; boutons : {_boutons(tour)}")
    return trouves[0]


def verifier(attendu: Attendu, tour: r.Tour) -> None:
    """Check a turn against an `attendu:` block; raise Echec with the first unmet check."""
    texte = normaliser(texte_du_tour(tour))
    resume = texte_du_tour(tour).replace("\n", " / ")[:LONGUEUR_RESUME]
    for morceau in attendu.contient:
        if normaliser(morceau) not in texte:
            raise Echec(f"le tour ne contient pas « {morceau} » ; il dit : {resume}")
    for morceau in attendu.ne_contient_pas:
        if normaliser(morceau) in texte:
            raise Echec(f"le tour contient « {morceau} » alors qu'il ne devrait pas ; il dit : {resume}")
    if attendu.oriente_vers:
        montrees = fiches_du_tour(tour)
        if not set(attendu.oriente_vers) & set(montrees):
            raise Echec(f"aucune de ces fiches n'est montrée : {', '.join(attendu.oriente_vers)} ; "
                        f"fiches montrées : {', '.join(montrees) or 'aucune'}")
    if attendu.urgence is not None and tour.urgence != attendu.urgence:
        dit = "montre" if tour.urgence else "ne montre pas"
        raise Echec(f"le tour {dit} les numéros d'urgence (attendu : urgence {str(attendu.urgence).lower()}) ; il dit : {resume}")
    if attendu.propose_au_moins is not None and len(tour.boutons) < attendu.propose_au_moins:
        raise Echec(f"{len(tour.boutons)} bouton(s) proposé(s), au moins {attendu.propose_au_moins} attendu(s) ; boutons : {_boutons(tour)}")


def entree_usager(texte: str) -> r.Entree:
    """Turn a typed text into an input: « /mot » is the command « mot », as the channels do."""
    brut = texte.strip()
    if brut.startswith("/") and len(brut) > 1 and brut[1:].isalpha():
        return r.Entree(commande=brut[1:].lower())
    return r.Entree(texte=texte)


def jouer_conversation(script: ConversationScript, contexte: Contexte) -> ResultatConversation:
    """Play one conversation from a fresh state (after the greeting); engine exceptions propagate."""
    etat, tour = repondre(etat_initial(), r.Entree(commande="start"), contexte)
    historique: list[tuple[str, str]] = [("(accueil)", texte_du_tour(tour))]
    for index, etape in enumerate(script.etapes):
        try:
            if isinstance(etape, Attendu):
                verifier(etape, tour)
                continue
            if isinstance(etape, Choisit):
                bouton = choisir_bouton(tour, etape.texte)
                entree, dit = r.Entree(bouton=bouton.id), f"choisit « {bouton.libelle} »"
            else:
                entree, dit = entree_usager(etape.texte), f"usager : « {etape.texte[:80]} »"
        except Echec as echec:
            return ResultatConversation(script.nom, False, index, str(echec), script.fichier, script.ligne_etape(index), tuple(historique))
        etat, tour = repondre(etat, entree, contexte)
        historique.append((dit, texte_du_tour(tour)))
    return ResultatConversation(script.nom, True, None, None, script.fichier, script.ligne, tuple(historique))


def rejouer(document: Script, contexte: Contexte) -> list[ResultatConversation]:
    """Play every conversation of a script; a crash of the engine fails that conversation with its reason."""
    resultats = []
    for conv in document.conversations:
        try:
            resultats.append(jouer_conversation(conv, contexte))
        except Exception as exc:  # reported as the conversation's failure, with the exception type
            resultats.append(ResultatConversation(conv.nom, False, None, f"le moteur a planté : {type(exc).__name__}: {exc}",
                                                  conv.fichier, conv.ligne))
    return resultats


# --- command line ----------------------------------------------------------------------------


def rapport_lisible(resultats: Sequence[ResultatConversation], fichier: str) -> str:
    """Render results as a French report."""
    lignes = [f"Fichier {fichier} : {len(resultats)} conversation(s)"]
    for res in resultats:
        if res.reussi:
            lignes.append(f"  ✔ {res.nom}")
        else:
            ou = f"étape {res.etape_en_echec}, ligne {res.ligne}" if res.etape_en_echec is not None else f"ligne {res.ligne}"
            lignes.append(f"  ✘ {res.nom} ({ou}) : {res.raison}")
    return "\n".join(lignes)


def _usage(sortie: TextIO, message: str) -> int:
    """Print a usage error and return 2."""
    print(f"{message}\nUsage : python -m bot rejouer FICHIER.yaml [FICHIER.yaml …] [--json]", file=sortie)
    return 2


def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `rejouer` (for bot/__main__.py's sub-command parser)."""
    parser.add_argument("fichiers", nargs="+", metavar="FICHIER.yaml", help="scripts de conversations à rejouer")
    parser.add_argument("--json", action="store_true", help="un tableau JSON : nom, reussi, etape_en_echec, raison")


def main(argv: Sequence[str], settings: Settings) -> int:
    """Run `python -m bot rejouer FICHIER.yaml [--json]` from raw arguments; return 0, 1 or 2."""
    args = list(argv[1:] if argv and argv[0] == "rejouer" else argv)
    fichiers = [a for a in args if a != "--json"]
    inconnues = [a for a in fichiers if a.startswith("--")]
    if inconnues:
        return _usage(sys.stderr, f"option inconnue : {inconnues[0]}")
    if not fichiers:
        return _usage(sys.stderr, "il manque le fichier de conversations à rejouer")
    return executer(fichiers, "--json" in args, settings)


def executer(fichiers: Sequence[str], en_json: bool, settings: Settings) -> int:
    """Replay the scripts and print the report (JSON or French); return 0 all pass, 1 a failure, 2 unreadable."""
    try:
        scripts = [lire_script(Path(f)) for f in fichiers]
    except ErreurScript as exc:
        print(f"Fichier de conversations illisible : {exc}", file=sys.stderr)
        return 2
    try:
        contexte = construire_contexte(settings)
    except DonneesInvalides as exc:
        print(f"Données invalides : {exc}", file=sys.stderr)
        return 2
    tous: list[ResultatConversation] = []
    for script in scripts:
        resultats = rejouer(script, contexte)
        tous += resultats
        if not en_json:
            print(rapport_lisible(resultats, script.fichier))
    if en_json:
        print(json.dumps([res.en_json() for res in tous], ensure_ascii=False, indent=2))
    else:
        echecs = sum(not res.reussi for res in tous)
        print(f"Bilan : {len(tous) - echecs} réussie(s), {echecs} en échec.")
    return 1 if any(not res.reussi for res in tous) else 0
