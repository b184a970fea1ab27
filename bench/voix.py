"""Speech layer figures: cold synthesis + encoding per reply, cached delivery p50/p99, audio s per KB.

Run from the repository root: `.venv/bin/python -m bench.voix [--voix fr] [--debit 150] [--lookups 1000]`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bot.voix import Pyttsx3Speaker, VoixEnCache, duree_ogg_opus, prononcer

REPONSES_TYPES = (
    "Bonjour. Je suis Passerelle. Je vous aide à trouver de l'aide près de chez vous.",
    "CCAS de Calais. Aide alimentaire et aides d'urgence. Appelez le 03 21 46 20 40, du lundi au vendredi de 8h30 à 12h.",
    "Le RSA est versé par la CAF le 5 de chaque mois. Le montant pour une personne seule est de 607,75 €.",
    "En cas de violences, appelez le 3919. C'est gratuit et anonyme, 24h/24 et 7j/7.",
    "Je n'ai pas compris. Pouvez-vous dire autrement ? Vous pouvez aussi écrire « aide ».",
)


def _centile(valeurs: list[float], rang: float) -> float:
    """Nearest-rank percentile of `valeurs` (0 < rang <= 100)."""
    triees = sorted(valeurs)
    return triees[max(0, min(len(triees) - 1, round(rang / 100 * len(triees)) - 1))]


def main() -> None:
    """Measure and print the speech layer figures."""
    parseur = argparse.ArgumentParser(description=__doc__)
    parseur.add_argument("--voix", default="fr")
    parseur.add_argument("--debit", type=int, default=150)
    parseur.add_argument("--lookups", type=int, default=1000)
    args = parseur.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-voix-") as dossier:
        speaker = Pyttsx3Speaker(voix=args.voix, debit=args.debit)
        voix = VoixEnCache(Path(dossier), speaker)
        debut = time.perf_counter()
        active = speaker.demarrer()
        print(f"moteur : {speaker.version}, voix {active}, débit {args.debit}")
        print(f"démarrage du moteur (processus + init + échauffement) : {(time.perf_counter() - debut) * 1000:.0f} ms")

        print("\nsynthèse à froid + encodage OGG/Opus :")
        froids: list[float] = []
        duree_audio = 0.0
        octets = 0
        for texte in REPONSES_TYPES:
            debut = time.perf_counter()
            chemin = voix.obtenir(texte)
            ecoule = time.perf_counter() - debut
            froids.append(ecoule)
            duree = duree_ogg_opus(chemin)
            duree_audio += duree
            octets += chemin.stat().st_size
            print(f"  {ecoule * 1000:6.0f} ms  {len(texte):4d} car.  {duree:5.1f} s audio  {chemin.stat().st_size / 1024:5.1f} Ko")
        print(f"  moyenne {statistics.mean(froids) * 1000:.0f} ms, max {max(froids) * 1000:.0f} ms (cible < 1000 ms)")

        debut = time.perf_counter()
        for texte in REPONSES_TYPES * 20:
            prononcer(texte)
        print(f"\nprononcer() seul : {(time.perf_counter() - debut) / (len(REPONSES_TYPES) * 20) * 1e6:.0f} µs par réponse")

        chauds: list[float] = []
        for rang in range(args.lookups):
            texte = REPONSES_TYPES[rang % len(REPONSES_TYPES)]
            debut = time.perf_counter()
            voix.obtenir(texte)
            chauds.append(time.perf_counter() - debut)
        print(
            f"livraison depuis le cache ({args.lookups} appels) : p50 {_centile(chauds, 50) * 1000:.3f} ms, "
            f"p99 {_centile(chauds, 99) * 1000:.3f} ms, max {max(chauds) * 1000:.3f} ms (cible < 5 ms)"
        )
        print(f"\naudio : {duree_audio:.1f} s pour {octets / 1024:.1f} Ko → {duree_audio / (octets / 1024):.2f} s par Ko")
        print(f"synthèses effectuées : {voix.syntheses}, démarrages du moteur : {speaker.demarrages}")
        voix.fermer()


if __name__ == "__main__":
    main()
