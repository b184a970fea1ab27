"""Console channel: numbered buttons, free text, /commands; also the manual test tool."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.config import Settings
from bot.dialogue import reponses as r
from bot.dialogue.cles import Cle
from bot.dialogue.contexte import Contexte, construire_contexte
from bot.dialogue.etat import Etat, etat_initial
from bot.dialogue.moteur import repondre
from bot.dialogue.services import COMMANDES_MOTEUR

QUITTER = ("/quitter", "/q")


class RenduConsole:
    """Plain-text lines for each kind of response of one turn; buttons are numbered across the turn."""

    def __init__(self) -> None:
        """Start numbering buttons at 1."""
        self.numero = 0

    def texte(self, x: r.Texte) -> list[str]:
        """A message as one line."""
        return [x.texte]

    def urgences(self, x: r.Urgences) -> list[str]:
        """The title then one line per number."""
        return [f"🆘 {x.titre}"] + [f"   📞 {n.numero}{' (SMS)' if n.sms else ''} : {n.libelle}" for n in x.numeros]

    def carte(self, x: r.Carte) -> list[str]:
        """A framed title, the résumé, then the card's lines."""
        lignes = ["", f"━━ {x.titre} ━━", x.resume]
        return lignes + [f"  {l.pictogramme} {l.libelle} : {l.valeur}" if l.valeur else f"  {l.pictogramme} {l.libelle}" for l in x.lignes]

    def choix(self, x: r.Choix) -> list[str]:
        """The question, then each button with its number (the order of `tour.boutons`)."""
        lignes = ["", x.question] if x.question else [""]
        for bouton in x.boutons:
            self.numero += 1
            lignes.append(f"  {self.numero}. {bouton.etiquette}")
        return lignes


def rendre(tour: r.Tour) -> str:
    """Render a turn as plain text, buttons numbered from 1."""
    return "\n".join(ligne for lignes in tour.rendre(RenduConsole()) for ligne in lignes)


def lire_entree(ligne: str, tour: r.Tour) -> r.Entree:
    """Turn a typed line into an input: a number presses a button, /x is a command."""
    texte = ligne.strip()
    if texte.startswith("/") and texte[1:].lower() in COMMANDES_MOTEUR:
        return r.Entree(commande=texte[1:].lower())
    if texte.isdigit() and 1 <= int(texte) <= len(tour.boutons):
        return r.Entree(bouton=tour.boutons[int(texte) - 1].id)
    return r.Entree(texte=ligne.rstrip("\n"))


def boucle(contexte: Contexte, entree: TextIO, sortie: TextIO, etat: Etat | None = None) -> int:
    """Run the conversation until end of input or /quitter; return the exit code."""
    etat, tour = repondre(etat or etat_initial(), r.Entree(commande="start"), contexte)
    print(rendre(tour), file=sortie)
    while True:
        print("> ", end="", file=sortie, flush=True)
        ligne = entree.readline()
        if not ligne or ligne.strip().lower() in QUITTER:
            print("\n" + contexte.parcours.textes(Cle.CONSOLE_AU_REVOIR), file=sortie)
            return 0
        etat, tour = repondre(etat, lire_entree(ligne, tour), contexte)
        print(rendre(tour), file=sortie)


def main(settings: Settings, entree: TextIO = sys.stdin, sortie: TextIO = sys.stdout) -> int:
    """Build the context from the settings and run the console conversation."""
    return boucle(construire_contexte(settings), entree, sortie)
