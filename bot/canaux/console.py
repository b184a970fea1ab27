"""Console channel: numbered buttons, free text, /commands; also the manual test tool."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.dialogue import reponses as r
from bot.config import Settings
from bot.dialogue.contexte import Contexte, construire_contexte
from bot.dialogue.moteur import repondre
from bot.dialogue.etat import Etat, etat_initial

COMMANDES = {"/recommencer": "recommencer", "/mediateur": "mediateur", "/habitant": "habitant",
             "/aide": "aide", "/start": "start"}
QUITTER = ("/quitter", "/q")


def rendre(tour: r.Tour) -> str:
    """Render a turn as plain text, buttons numbered from 1."""
    lignes: list[str] = []
    n = 0
    for rep in tour.reponses:
        if isinstance(rep, r.Texte):
            lignes.append(rep.texte)
        elif isinstance(rep, r.Urgences):
            lignes.append(f"🆘 {rep.titre}")
            lignes += [f"   📞 {x.numero}{' (SMS)' if x.sms else ''} : {x.libelle}" for x in rep.numeros]
        elif isinstance(rep, r.Carte):
            lignes += ["", f"━━ {rep.titre} ━━", rep.resume]
            lignes += [f"  {l.pictogramme} {l.libelle} : {l.valeur}" if l.valeur else f"  {l.pictogramme} {l.libelle}" for l in rep.lignes]
        elif isinstance(rep, r.Choix):
            lignes += ["", rep.question] if rep.question else [""]
            for b in rep.boutons:
                n += 1
                lignes.append(f"  {n}. {b.etiquette}")
    return "\n".join(lignes)


def lire_entree(ligne: str, tour: r.Tour) -> r.Entree:
    """Turn a typed line into an input: a number presses a button, /x is a command."""
    texte = ligne.strip()
    if texte.lower() in COMMANDES:
        return r.Entree(commande=COMMANDES[texte.lower()])
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
            print("\nAu revoir.", file=sortie)
            return 0
        etat, tour = repondre(etat, lire_entree(ligne, tour), contexte)
        print(rendre(tour), file=sortie)


def main(settings: Settings, entree: TextIO = sys.stdin, sortie: TextIO = sys.stdout) -> int:
    """Build the context from the settings and run the console conversation."""
    return boucle(construire_contexte(settings), entree, sortie)
