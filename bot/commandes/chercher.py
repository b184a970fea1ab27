"""`python -m bot chercher`: orient one message or a batch (CLI contract kept stable)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.comprehension.recherche import Moteur, Orientation
from bot.config import Settings
from bot.connaissances.base import Base
from bot.connaissances.chargement import charger_base
from bot.connaissances.modeles import Droit, Structure, Urgence


def ajouter_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `chercher`."""
    parser.add_argument("texte", nargs="?", help="le message à orienter")
    parser.add_argument("--json", action="store_true", help="une ligne JSON par message")
    parser.add_argument("--lot", metavar="FICHIER", help="un message par ligne (« - » : entrée standard)")
    parser.add_argument("--expliquer", action="store_true", help="montrer quels mots ont trouvé quoi")
    parser.add_argument("--limite", type=int, default=5, help="nombre de résultats au plus (5)")


def vers_json(o: Orientation) -> str:
    """Render one orientation as the contract's JSON object."""
    return json.dumps(
        {"texte": o.texte, "urgence": o.urgence, "doute": o.doute, "resultats": [{"id": r.id, "score": r.score} for r in o.resultats]},
        ensure_ascii=False,
    )


def _contact(fiche: Structure, base: Base) -> str:
    """Say how to reach a structure, or who to call when it is not sourced."""
    morceaux = [x for x in (fiche.adresse, fiche.telephone and f"Tél. {fiche.telephone}") if x]
    if morceaux:
        return " — ".join(morceaux)
    replis = [base.fiches[r] for r in fiche.repli if r in base.fiches]
    aide = ", ".join(f"{r.titre} ({r.telephone})" if isinstance(r, Structure) and r.telephone else r.titre for r in replis)
    return "Adresse et téléphone à vérifier." + (f" En attendant : {aide}." if aide else "")


def en_clair(o: Orientation, base: Base, expliquer: bool) -> str:
    """Render one orientation as a person would read it."""
    lignes: list[str] = []
    if o.urgence:
        lignes.append("⚠️  DANGER : appelez tout de suite un de ces numéros.")
    elif o.doute:
        lignes.append("⚠️  DOUTE : la personne est peut-être en danger ; lui demander, numéros à portée de main.")
    if not o.resultats:
        lignes.append("Je n'ai rien trouvé pour ce message. Essayez d'autres mots, ou demandez au centre social.")
    for r in o.resultats:
        fiche = base.fiches[r.id]
        lignes.append(f"\n■ {fiche.nom}  ({r.score:.0f})")
        if isinstance(fiche, Urgence):
            lignes += [f"   ☎ {n.numero} : {n.libelle}" for n in fiche.numeros]
            continue
        lignes.append(f"   {fiche.resume}")
        lignes += [f"   → {etape}" for etape in fiche.que_faire]
        if isinstance(fiche, Structure):
            lignes.append(f"   {_contact(fiche, base)}")
        elif isinstance(fiche, Droit):
            lignes.append("   Où demander : " + ", ".join(base.fiches[i].titre for i in fiche.ou_demander if i in base.fiches))
        if expliquer:
            lignes.append(f"   (mots trouvés : {' ; '.join(r.mots)})")
    if expliquer:
        lignes += ["", *(f"· {e}" for e in o.explication)]
    return "\n".join(lignes)


def _messages(chemin: str, entree: TextIO) -> Iterable[str]:
    """Yield one message per line of a file or of standard input."""
    if chemin == "-":
        contenu = entree.buffer.read() if hasattr(entree, "buffer") else entree.read().encode("utf-8")
    else:
        contenu = Path(chemin).read_bytes()
    yield from contenu.decode("utf-8", errors="replace").splitlines()


def main(args: argparse.Namespace, settings: Settings, sortie: TextIO = sys.stdout, entree: TextIO = sys.stdin) -> int:
    """Run `chercher`; return the exit code."""
    if args.texte is None and args.lot is None:
        print("Donnez un message, ou --lot FICHIER.", file=sys.stderr)
        return 2
    moteur = Moteur(charger_base(settings.dossier_connaissances), settings.dossier_modeles)
    messages = _messages(args.lot, entree) if args.lot else [args.texte]
    for message in messages:
        orientation = moteur.chercher(message, limite=args.limite, expliquer=args.expliquer)
        print(
            vers_json(orientation) if args.json else en_clair(orientation, moteur.base, args.expliquer), file=sortie, flush=args.lot == "-"
        )
    return 0
