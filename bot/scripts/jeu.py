"""Replay conversation scripts against the real engine.

Every conversation starts fresh, after the greeting turn. Texts are compared without case or
accents (’ read as ', œ as oe). `etape_en_echec` is the 0-based index of the failing step.
`choisit` fails when no label contains the text, or when several do and none equals it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from bot.dialogue import reponses as r
from bot.dialogue.moteur import Contexte, etat_initial, repondre
from bot.francais.texte import sans_accents
from bot.scripts.modeles import Attendu, Choisit, ConversationScript, Script, Usager

LONGUEUR_RESUME = 300
APOSTROPHES_LIGATURES = str.maketrans({"’": "'", "œ": "oe", "Œ": "Oe"})


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
    """Lower-case, accent-free text with single spaces, to compare wordings (… ﬁ ² read plainly)."""
    plat = sans_accents(unicodedata.normalize("NFKC", texte.translate(APOSTROPHES_LIGATURES)))
    return " ".join(plat.casefold().split())


class LectureDuTour:
    """The `Rendu` of the scripts: what each response says, as pieces of text."""

    def texte(self, x: r.Texte) -> list[str]:
        """A message."""
        return [x.texte]

    def carte(self, x: r.Carte) -> list[str]:
        """A card: title, résumé, each line, its phone number."""
        return [x.titre, x.resume] + [f"{l.libelle} {l.valeur}" for l in x.lignes] + ([x.telephone] if x.telephone else [])

    def urgences(self, x: r.Urgences) -> list[str]:
        """Emergency numbers: the title, then each number and its line."""
        return [x.titre] + [f"{n.numero} {n.libelle}" for n in x.numeros]

    def choix(self, x: r.Choix) -> list[str]:
        """The question and the button labels."""
        return ([x.question] if x.question else []) + [b.libelle for b in x.boutons]


def texte_du_tour(tour: r.Tour) -> str:
    """Everything a turn says: texts, cards, emergency numbers, questions and button labels."""
    return "\n".join(m for morceaux in tour.rendre(LectureDuTour()) for m in morceaux if m)


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
    dit = texte_du_tour(tour)
    texte, resume = normaliser(dit), dit.replace("\n", " / ")[:LONGUEUR_RESUME]
    for morceau in attendu.contient:
        if normaliser(morceau) not in texte:
            raise Echec(f"le tour ne contient pas « {morceau} » ; il dit : {resume}")
    for morceau in attendu.ne_contient_pas:
        if normaliser(morceau) in texte:
            raise Echec(f"le tour contient « {morceau} » alors qu'il ne devrait pas ; il dit : {resume}")
    if attendu.oriente_vers:
        montrees = tuple(carte.fiche_id for carte in tour.cartes)
        if not set(attendu.oriente_vers) & set(montrees):
            raise Echec(
                f"aucune de ces fiches n'est montrée : {', '.join(attendu.oriente_vers)} ; "
                f"fiches montrées : {', '.join(montrees) or 'aucune'}"
            )
    if attendu.doute is not None and tour.doute != attendu.doute:
        pose = "demande" if tour.doute else "ne demande pas"
        raise Echec(f"le tour {pose} « en danger maintenant ? » (attendu : doute {str(attendu.doute).lower()}) ; il dit : {resume}")
    if attendu.urgence is not None and tour.urgence != attendu.urgence:
        montre = "montre" if tour.urgence else "ne montre pas"
        raise Echec(f"le tour {montre} les numéros d'urgence (attendu : urgence {str(attendu.urgence).lower()}) ; il dit : {resume}")
    if attendu.propose_au_moins is not None and len(tour.boutons) < attendu.propose_au_moins:
        raise Echec(
            f"{len(tour.boutons)} bouton(s) proposé(s), au moins {attendu.propose_au_moins} attendu(s) ; boutons : {_boutons(tour)}"
        )


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
            match etape:
                case Attendu():
                    verifier(etape, tour)
                    continue
                case Choisit(texte=texte):
                    bouton = choisir_bouton(tour, texte)
                    entree, fait = r.Entree(bouton=bouton.id), f"choisit « {bouton.libelle} »"
                case Usager(texte=texte):
                    entree, fait = entree_usager(texte), f"usager : « {texte[:80]} »"
        except Echec as echec:
            return ResultatConversation(script.nom, False, index, str(echec), script.fichier, script.ligne_etape(index), tuple(historique))
        etat, tour = repondre(etat, entree, contexte)
        historique.append((fait, texte_du_tour(tour)))
    return ResultatConversation(script.nom, True, None, None, script.fichier, script.ligne, tuple(historique))


def rejouer(document: Script, contexte: Contexte) -> list[ResultatConversation]:
    """Play every conversation of a script; a crash of the engine fails that conversation with its reason."""
    resultats = []
    for conv in document.conversations:
        try:
            resultats.append(jouer_conversation(conv, contexte))
        except Exception as exc:  # reported as the conversation's failure, with the exception type
            resultats.append(
                ResultatConversation(conv.nom, False, None, f"le moteur a planté : {type(exc).__name__}: {exc}", conv.fichier, conv.ligne)
            )
    return resultats
