"""Opening hours said in plain words for cards: « Du lundi au vendredi, 9 h à 12 h », « Fermé, ouvre demain à 9 h »."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_time, get_day_names

from bot.connaissances.horaires import Horaires, Plage, a_paris
from bot.dialogue.cles import Cle
from bot.dialogue.textes import Textes

JOURS_CHERCHES = 8  # how far ahead « ouvre … » looks for the next opening (a week and a day)
SEMAINE_TYPE = dt.date(2026, 1, 5)  # a Monday with no public holiday that week


def heure(minutes: int, textes: Textes) -> str:
    """Say a time of day in French: « 9 h », « 13 h 30 »."""
    if minutes >= 1440:
        return textes(Cle.HORAIRES_MINUIT)
    moment = dt.time(minutes // 60, minutes % 60)
    motif = "H' h'" if moment.minute == 0 else "H' h 'mm"
    return format_time(moment, motif, locale="fr")


def nom_jour(jour: int) -> str:
    """Return the French name of a weekday (0 = Monday)."""
    return str(get_day_names("wide", locale="fr")[jour])


def etat_ouverture(horaires: Horaires, textes: Textes, maintenant: dt.datetime | None = None) -> str:
    """Say whether it is open now, or when it opens next, e.g. « Fermé, ouvre lundi à 9 h »."""
    ici = a_paris(maintenant)
    minute = ici.hour * 60 + ici.minute
    for plage in horaires.plages_du(ici.date()):
        if plage.debut <= minute < plage.fin:
            if horaires.toujours:
                return textes(Cle.HORAIRES_TOUJOURS_OUVERT)
            return textes(Cle.HORAIRES_OUVERT_JUSQUA, heure=heure(plage.fin, textes))
    for n in range(JOURS_CHERCHES):
        jour = ici.date() + dt.timedelta(days=n)
        for plage in horaires.plages_du(jour):
            if n > 0 or plage.debut > minute:
                quand = textes(Cle.HORAIRES_AUJOURDHUI) if n == 0 else textes(Cle.HORAIRES_DEMAIN) if n == 1 else nom_jour(jour.weekday())
                return textes(Cle.HORAIRES_FERME_OUVRE, quand=quand, heure=heure(plage.debut, textes))
    return textes(Cle.HORAIRES_FERME_MAINTENANT)


def liste(mots: list[str]) -> str:
    """Join words the French way: « a, b et c »."""
    return mots[0] if len(mots) == 1 else ", ".join(mots[:-1]) + " et " + mots[-1]


def _jours_en_mots(jours: list[int], textes: Textes) -> str:
    """Say a sorted list of weekdays: « du lundi au vendredi », « lundi et jeudi »."""
    if len(jours) > 2 and jours == list(range(jours[0], jours[-1] + 1)):
        return textes(Cle.HORAIRES_DU_AU, debut=nom_jour(jours[0]), fin=nom_jour(jours[-1]))
    return liste([nom_jour(j) for j in jours])


def decrire(horaires: Horaires, textes: Textes) -> str:
    """Say the weekly hours in plain French, days with the same spans grouped."""
    if horaires.toujours:
        return textes(Cle.HORAIRES_JOUR_ET_NUIT)
    groupes: dict[tuple[Plage, ...], list[int]] = {}
    for j in range(7):
        plages = horaires.plages_du(SEMAINE_TYPE + dt.timedelta(days=j))
        if plages:
            groupes.setdefault(plages, []).append(j)
    morceaux = []
    for plages, jours in groupes.items():
        spans = " et ".join(textes(Cle.HORAIRES_PLAGE, debut=heure(p.debut, textes), fin=heure(p.fin, textes)) for p in plages)
        morceaux.append(f"{_jours_en_mots(jours, textes)}, {spans}")
    if not morceaux:
        return textes(Cle.HORAIRES_FERME)
    texte = " ; ".join(morceaux)
    return texte[0].upper() + texte[1:]
