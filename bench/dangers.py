"""Danger detection on every control set: recall and false alarms, per kind and per outcome.

    .venv/bin/python bench/dangers.py                 # every set of bench/, figures beside the first measure
    .venv/bin/python bench/dangers.py --premiere      # record the first measure of sets never measured
    .venv/bin/python bench/dangers.py --detail JEU    # list the misses and false alarms of one set

Blind protocol (bench/LISEZMOI.md): a new control set is measured once with `--premiere` BEFORE any
tuning on it; that figure is written to bench/mesures-dangers.yaml and never rewritten. Later runs
print it beside the current figure, so a reader sees how much was learned from the set itself.

Counting, for each set (items as in ../shared/requetes-exemples.yaml):
- danger items (categorie urgence): `urgence` = flagged as danger; `u+doute` = danger or doubt;
- harmless items (every other categorie): `fausses` = flagged as danger; `doute` = doubt;
- traps (`piege: true`, harmless with danger words): the same two rates on them alone;
- per kind (`genre`, or the kind of the first emergency fiche expected): recall of `urgence`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from bot.comprehension.recherche import Moteur  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.connaissances.chargement import charger_base  # noqa: E402

MESURES = RACINE / "bench" / "mesures-dangers.yaml"
GENRE_DE_FICHE = {
    "urgence-violences-femmes": "violences",
    "urgence-suicide": "suicide",
    "urgence-enfance": "enfance",
    "urgence-hebergement": "hebergement",
    "urgence-samu": "medical",
    "urgence-police": "police",
}


def jeux(motif: str) -> list[Path]:
    """The control sets of bench/ whose file name matches `motif` (the .yaml files)."""
    return sorted((RACINE / "bench").glob(f"{motif}.yaml"))


def _taux(n: int, total: int) -> float | None:
    """A rate, or None on an empty group."""
    return round(n / total, 3) if total else None


def mesurer(moteur: Moteur, items: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """Figures of one set, and the lines of its misses and false alarms."""
    compte: dict[str, int] = defaultdict(int)
    par_genre: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    detail: list[str] = []
    for item in items:
        o = moteur.chercher(item["texte"])
        danger = item.get("categorie") == "urgence"
        if danger:
            genre = item.get("genre") or GENRE_DE_FICHE.get((item.get("attendus") or [""])[0], "?")
            compte["dangers"] += 1
            compte["urgence"] += o.urgence
            compte["u_doute"] += o.urgence or o.doute
            par_genre[genre][0] += 1
            par_genre[genre][1] += o.urgence
            if not o.urgence:
                detail.append(f"{'DOUTE ' if o.doute else 'MANQUÉ'} [{genre}] {item['texte']}")
        else:
            groupe = "pieges" if item.get("piege") else "autres"
            compte[f"{groupe}"] += 1
            compte[f"{groupe}_fausses"] += o.urgence
            compte[f"{groupe}_doute"] += o.doute
            if o.urgence or o.doute:
                detail.append(f"{'ALERTE' if o.urgence else 'doute '} [{groupe}] {item['texte']}")
    inoffensifs = compte["pieges"] + compte["autres"]
    chiffres = {
        "dangers": compte["dangers"],
        "urgence": _taux(compte["urgence"], compte["dangers"]),
        "urgence_ou_doute": _taux(compte["u_doute"], compte["dangers"]),
        "inoffensifs": inoffensifs,
        "fausses_alertes": _taux(compte["pieges_fausses"] + compte["autres_fausses"], inoffensifs),
        "doute_inoffensifs": _taux(compte["pieges_doute"] + compte["autres_doute"], inoffensifs),
        "pieges": compte["pieges"],
        "fausses_alertes_pieges": _taux(compte["pieges_fausses"], compte["pieges"]),
        "doute_pieges": _taux(compte["pieges_doute"], compte["pieges"]),
        "par_genre": {g: _taux(ok, n) for g, (n, ok) in sorted(par_genre.items())},
    }
    return chiffres, detail


def _ligne(nom: str, c: dict[str, Any]) -> str:
    """One line of figures (a first measure may lack some: they print as « - »)."""

    def v(cle: str) -> str:
        return str(c.get(cle, "-"))

    genres = " ".join(f"{g}={x}" for g, x in c.get("par_genre", {}).items())
    return (
        f"{nom:<34} dangers={v('dangers'):<4} urgence={v('urgence')} u+doute={v('urgence_ou_doute')} | "
        f"inoffensifs={v('inoffensifs'):<4} fausses={v('fausses_alertes')} doute={v('doute_inoffensifs')} | "
        f"pièges={v('pieges'):<3} fausses={v('fausses_alertes_pieges')} doute={v('doute_pieges')} | {genres}"
    )


def main() -> int:
    """Measure every set; record first measures when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--premiere", action="store_true", help="noter la première mesure des jeux jamais mesurés")
    parser.add_argument("--detail", metavar="JEU", help="lister les manqués et les alertes d'un jeu (nom de fichier)")
    parser.add_argument("--jeux", default="*controle*", help="motif des noms de jeux à mesurer (*controle*)")
    args = parser.parse_args()
    settings = Settings.from_env()
    moteur = Moteur(charger_base(settings.dossier_connaissances), settings.dossier_modeles)
    premieres: dict[str, Any] = yaml.safe_load(MESURES.read_text(encoding="utf-8")) if MESURES.exists() else {}
    premieres = premieres or {}
    nouvelles = False
    for chemin in jeux(args.jeux):
        items = yaml.safe_load(chemin.read_text(encoding="utf-8"))
        chiffres, detail = mesurer(moteur, items)
        if args.premiere and chemin.name not in premieres:
            premieres[chemin.name] = {"date": dt.date.today().isoformat(), **chiffres}
            nouvelles = True
            print(f"première mesure notée : {chemin.name}")
        if chemin.name in premieres:
            print(_ligne(f"{chemin.stem} (1re mesure)", premieres[chemin.name]))
        print(_ligne(f"{chemin.stem} (maintenant)", chiffres))
        if args.detail and args.detail in chemin.name:
            print("\n".join(f"    {d}" for d in detail))
    if nouvelles:
        entete = "# Premières mesures des jeux de contrôle (bench/dangers.py --premiere) : jamais réécrites.\n"
        MESURES.write_text(entete + yaml.safe_dump(premieres, allow_unicode=True, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
