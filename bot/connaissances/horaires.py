"""Opening hours in OpenStreetMap `opening_hours` syntax: parse and evaluate (bot.dialogue.horaires says them).

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

JOURS_OSM = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
FUSEAU = ZoneInfo("Europe/Paris")
PLAGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


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


def a_paris(maintenant: dt.datetime | None) -> dt.datetime:
    """Return `maintenant` (or now) in Europe/Paris; naive datetimes are read as Paris time."""
    if maintenant is None:
        return dt.datetime.now(FUSEAU)
    if maintenant.tzinfo is None:
        return maintenant.replace(tzinfo=FUSEAU)
    return maintenant.astimezone(FUSEAU)
