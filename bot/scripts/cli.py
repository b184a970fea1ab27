"""`python -m bot rejouer FICHIER.yaml [...] [--json]`: replay scripts and report (stable contract).

Exit codes: 0 all pass, 1 one fails, 2 unreadable script or data (message on stderr).
`--json` prints one object per conversation: exactly nom, reussi, etape_en_echec, raison.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.dialogue.moteur import construire_contexte
from bot.erreurs import DonneesInvalides
from bot.scripts.jeu import ResultatConversation, rejouer
from bot.scripts.lecture import ErreurScript, lire_script


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


def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `rejouer` (for bot/__main__.py's sub-command parser)."""
    parser.add_argument("fichiers", nargs="+", metavar="FICHIER.yaml", help="scripts de conversations à rejouer")
    parser.add_argument("--json", action="store_true", help="un tableau JSON : nom, reussi, etape_en_echec, raison")


def _usage(sortie: TextIO, message: str) -> int:
    """Print a usage error and return 2."""
    print(f"{message}\nUsage : python -m bot rejouer FICHIER.yaml [FICHIER.yaml …] [--json]", file=sortie)
    return 2


def main(argv: Sequence[str], settings: Settings) -> int:
    """Run `rejouer FICHIER.yaml [--json]` from raw arguments (the tests' entry); return 0, 1 or 2."""
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
