"""Benchmark of the orientation engine: latency per message and batch throughput.

Prints p50/p99 latency on the real base and on a generated base of 10 000 services with
lexicons of realistic size, and messages per second through `chercher --json --lot`.
Run: .venv/bin/python -m bench.recherche
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.comprehension.recherche import Moteur
from bot.connaissances.base import Base
from bot.connaissances.chargement import charger_base
from bot.connaissances.modeles import Source, Structure

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = RACINE.parent / "shared" / "requetes-exemples.json"
MESSAGES_SECOURS = [
    "jcherche du taf",
    "aide pr paiyé le loyé",
    "la caf ma coupé l'apl",
    "I need food for my kids",
    "mon mari me frappe",
    "bonjour",
    "ou faire mes papiers",
    "mon fils a arreté l ecole",
]


def messages() -> list[str]:
    """Return realistic messages: the shared examples when present, else a small built-in set."""
    if EXEMPLES.exists():
        return [item["texte"] for item in json.loads(EXEMPLES.read_text(encoding="utf-8"))]
    return MESSAGES_SECOURS


def base_generee(reelle: Base, taille: int, graine: int = 20261121) -> Base:
    """Build a base of `taille` services whose lexicons mix real words of the real base."""
    hasard = random.Random(graine)
    vocabulaire = sorted(
        {m for f in reelle.fiches.values() for expr in f.mots_cles for m in expr.split()}
        | {m.strip(".,;:«»()").lower() for f in reelle.fiches.values() for m in f.description.split() if len(m) > 3}
    )
    source = Source(titre="Base générée pour le banc d'essai", url="https://example.invalid/bench")
    fiches = dict(reelle.fiches)
    for n in range(taille):
        mots_cles = [" ".join(hasard.sample(vocabulaire, hasard.choice((1, 1, 2, 2, 3)))) for _ in range(hasard.randint(15, 40))]
        ident = f"service-genere-{n:05d}"
        fiches[ident] = Structure(
            version=1,
            id=ident,
            type="structure",
            nom=f"Service {' '.join(hasard.sample(vocabulaire, 2))} {n}",
            description="Service généré.",
            resume="Un service généré.",
            que_faire=["Rien."],
            mots_cles=mots_cles,
            sources=[source],
            a_verifier=["adresse", "telephone", "horaires_accueil"],
            date_maj=dt.date(2026, 11, 21),
        )
    return Base(fiches, reelle.quartiers, reelle.lexique, reelle.dangers)


def premiere_passe(moteur: Moteur, textes: list[str]) -> list[float]:
    """Time each search of a fresh engine, every word seen for the first time (no cache)."""
    mesures = []
    for t in textes:
        debut = time.perf_counter()
        moteur.chercher(t)
        mesures.append((time.perf_counter() - debut) * 1000)
    return mesures


def latences(moteur: Moteur, textes: list[str], tours: int) -> list[float]:
    """Time each search in milliseconds, after one warm-up pass."""
    for t in textes:
        moteur.chercher(t)
    mesures = []
    for _ in range(tours):
        for t in textes:
            debut = time.perf_counter()
            moteur.chercher(t)
            mesures.append((time.perf_counter() - debut) * 1000)
    return mesures


def quantile(valeurs: list[float], q: float) -> float:
    """Return the q-quantile (0-1) of a list."""
    return statistics.quantiles(valeurs, n=100)[int(q * 100) - 1] if len(valeurs) > 1 else valeurs[0]


def debit_lot(textes: list[str], repetitions: int) -> tuple[float, float]:
    """Run the real CLI on a batch file; return (seconds, messages per second)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(textes * repetitions) + "\n")
    debut = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "chercher", "--json", "--lot", f.name], cwd=RACINE, check=True, capture_output=True)
    duree = time.perf_counter() - debut
    Path(f.name).unlink()
    return duree, len(textes) * repetitions / duree


def main() -> int:
    """Print the figures."""
    textes = messages()
    reelle = charger_base(RACINE / "connaissances")
    debut = time.perf_counter()
    moteur = Moteur(reelle)
    print(
        f"base réelle : {len(reelle.fiches)} fiches, {len(moteur.index.termes)} termes, index en {1000 * (time.perf_counter() - debut):.0f} ms"
    )
    m = premiere_passe(moteur, textes)
    print(f"  première passe (caches vides) : p50 {quantile(m, 0.5):.2f} ms, p99 {quantile(m, 0.99):.2f} ms, max {max(m):.2f} ms")
    m = latences(moteur, textes, 20)
    print(f"  latence par message : p50 {quantile(m, 0.5):.2f} ms, p99 {quantile(m, 0.99):.2f} ms, max {max(m):.2f} ms ({len(m)} mesures)")
    grande = base_generee(reelle, 10_000)
    debut = time.perf_counter()
    moteur = Moteur(grande)
    print(
        f"base générée : {len(grande.fiches)} fiches, {len(moteur.index.termes)} termes, {len(moteur.index.mots)} mots, index en {time.perf_counter() - debut:.1f} s"
    )
    m = latences(moteur, textes, 3)
    print(f"  latence par message : p50 {quantile(m, 0.5):.2f} ms, p99 {quantile(m, 0.99):.2f} ms, max {max(m):.2f} ms ({len(m)} mesures)")
    duree, debit = debit_lot(textes, 10)
    print(f"lot (processus compris) : {len(textes) * 10} messages en {duree:.2f} s, soit {debit:.0f} messages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
