"""Opening hours in OpenStreetMap `opening_hours` syntax: parse, evaluate, say it in French.

Supported subset: `24/7`; rules separated by `;`; day selectors as ranges and lists
(`Mo-Fr`, `Mo,We,Fr`, `Mo-We,Sa`); `PH` (French public holidays); times as
`09:00-12:00,13:30-17:00`; `off` / `closed`. A later rule replaces earlier ones for the days
it names, as in OSM. Anything else raises `HorairesIllisibles`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import format_time, get_day_names

JOURS_OSM = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
FUSEAU = ZoneInfo("Europe/Paris")
PLAGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
JOURS_CHERCHES = 8


class HorairesIllisibles(ValueError):
    """The opening_hours text uses syntax outside the supported subset."""


@dataclass(frozen=True)
class Plage:
    """One opening span within a day, in minutes since midnight (fin may be 1440)."""

    debut: int
    fin: int


@dataclass(frozen=True)
class Regle:
    """One rule: the weekdays (0=Monday) it names, whether it names public holidays, its spans."""

    jours: frozenset[int]
    feries: bool
    plages: tuple[Plage, ...]


@dataclass(frozen=True)
class Horaires:
    """Parsed opening hours."""

    regles: tuple[Regle, ...]
    toujours: bool = False

    def plages_du(self, jour: dt.date) -> tuple[Plage, ...]:
        """Return the opening spans of one calendar day."""
        if self.toujours:
            return (Plage(0, 1440),)
        ferie = jour in jours_feries(jour.year)
        plages: tuple[Plage, ...] = ()
        for regle in self.regles:
            if jour.weekday() in regle.jours or (ferie and regle.feries):
                plages = regle.plages
        return plages


def _paques(annee: int) -> dt.date:
    """Return Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = annee % 19, annee // 100, annee % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l) // 433
    mois = (h + l - 7 * m + 90) // 25
    return dt.date(annee, mois, (h + l - 7 * m + 33 * mois + 19) % 32)


def jours_feries(annee: int) -> frozenset[dt.date]:
    """Return the French public holidays of a year (metropolitan France)."""
    paques = _paques(annee)
    fixes = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    mobiles = [paques + dt.timedelta(days=n) for n in (1, 39, 50)]
    return frozenset([dt.date(annee, m, j) for m, j in fixes] + mobiles)


def _jours(selecteur: str) -> tuple[frozenset[int], bool]:
    """Parse a day selector such as `Mo-We,Fr,PH`."""
    jours: set[int] = set()
    feries = False
    for morceau in selecteur.split(","):
        if morceau == "PH":
            feries = True
        elif "-" in morceau:
            debut, _, fin = morceau.partition("-")
            if debut not in JOURS_OSM or fin not in JOURS_OSM:
                raise HorairesIllisibles(f"jours « {morceau} » illisibles (écrire Mo-Fr)")
            i, j = JOURS_OSM.index(debut), JOURS_OSM.index(fin)
            jours.update(range(i, j + 1) if i <= j else [*range(i, 7), *range(0, j + 1)])
        elif morceau in JOURS_OSM:
            jours.add(JOURS_OSM.index(morceau))
        else:
            raise HorairesIllisibles(f"jour « {morceau} » inconnu (Mo Tu We Th Fr Sa Su PH)")
    return frozenset(jours), feries


def _plages(texte: str) -> tuple[Plage, ...]:
    """Parse `09:00-12:00,13:30-17:00` or `off`."""
    if texte in ("off", "closed"):
        return ()
    plages = []
    for morceau in texte.split(","):
        m = PLAGE.match(morceau)
        if not m:
            raise HorairesIllisibles(f"plage « {morceau} » illisible (écrire 09:00-12:00)")
        h1, m1, h2, m2 = (int(x) for x in m.groups())
        debut, fin = h1 * 60 + m1, h2 * 60 + m2
        if h1 > 23 or m1 > 59 or m2 > 59 or fin > 1440 or fin <= debut:
            raise HorairesIllisibles(f"plage « {morceau} » impossible")
        plages.append(Plage(debut, fin))
    return tuple(sorted(plages, key=lambda p: p.debut))


def lire_horaires(texte: str) -> Horaires:
    """Parse an opening_hours text of the supported subset."""
    propre = texte.strip()
    if propre == "24/7":
        return Horaires((), toujours=True)
    regles = []
    for brut in propre.split(";"):
        regle = brut.strip()
        if not regle:
            continue
        selecteur, _, reste = regle.partition(" ")
        if not reste:
            if PLAGE.match(selecteur.split(",")[0]):
                regles.append(Regle(frozenset(range(7)), False, _plages(selecteur)))
                continue
            raise HorairesIllisibles(f"règle « {regle} » sans horaires")
        jours, feries = _jours(selecteur)
        regles.append(Regle(jours, feries, _plages(reste.replace(" ", ""))))
    if not regles:
        raise HorairesIllisibles("horaires vides")
    return Horaires(tuple(regles))


def heure(minutes: int) -> str:
    """Say a time of day in French: « 9 h », « 13 h 30 »."""
    if minutes >= 1440:
        return "minuit"
    moment = dt.time(minutes // 60, minutes % 60)
    motif = "H' h'" if moment.minute == 0 else "H' h 'mm"
    return format_time(moment, motif, locale="fr")


def nom_jour(jour: int) -> str:
    """Return the French name of a weekday (0 = Monday)."""
    return str(get_day_names("wide", locale="fr")[jour])


def a_paris(maintenant: dt.datetime | None) -> dt.datetime:
    """Return `maintenant` (or now) in Europe/Paris; naive datetimes are read as Paris time."""
    if maintenant is None:
        return dt.datetime.now(FUSEAU)
    if maintenant.tzinfo is None:
        return maintenant.replace(tzinfo=FUSEAU)
    return maintenant.astimezone(FUSEAU)


def etat_ouverture(horaires: Horaires, maintenant: dt.datetime | None = None) -> str:
    """Say whether it is open now, or when it opens next, e.g. « Fermé, ouvre lundi à 9 h »."""
    ici = a_paris(maintenant)
    minute = ici.hour * 60 + ici.minute
    for plage in horaires.plages_du(ici.date()):
        if plage.debut <= minute < plage.fin:
            if horaires.toujours:
                return "Ouvert maintenant, jour et nuit"
            return f"Ouvert maintenant, jusqu'à {heure(plage.fin)}"
    for n in range(JOURS_CHERCHES):
        jour = ici.date() + dt.timedelta(days=n)
        for plage in horaires.plages_du(jour):
            if n > 0 or plage.debut > minute:
                quand = "aujourd'hui" if n == 0 else "demain" if n == 1 else nom_jour(jour.weekday())
                return f"Fermé, ouvre {quand} à {heure(plage.debut)}"
    return "Fermé en ce moment"


def _jours_en_mots(jours: list[int]) -> str:
    """Say a sorted list of weekdays: « du lundi au vendredi », « lundi et jeudi »."""
    if len(jours) > 2 and jours == list(range(jours[0], jours[-1] + 1)):
        return f"du {nom_jour(jours[0])} au {nom_jour(jours[-1])}"
    noms = [nom_jour(j) for j in jours]
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


def decrire(horaires: Horaires) -> str:
    """Say the weekly hours in plain French, days with the same spans grouped."""
    if horaires.toujours:
        return "Tous les jours, jour et nuit"
    semaine = dt.date(2026, 1, 5)  # a Monday with no public holiday that week
    groupes: dict[tuple[Plage, ...], list[int]] = {}
    for j in range(7):
        plages = horaires.plages_du(semaine + dt.timedelta(days=j))
        if plages:
            groupes.setdefault(plages, []).append(j)
    morceaux = []
    for plages, jours in groupes.items():
        spans = " et ".join(f"{heure(p.debut)} à {heure(p.fin)}" for p in plages)
        morceaux.append(f"{_jours_en_mots(jours)}, {spans}")
    if not morceaux:
        return "Fermé"
    texte = " ; ".join(morceaux)
    return texte[0].upper() + texte[1:]
