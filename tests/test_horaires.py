"""Tests of bot/horaires.py: OSM opening_hours parsing and French wording, at Paris time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.connaissances.horaires import Horaires, HorairesIllisibles, jours_feries, lire_horaires
from bot.dialogue import horaires as dire
from bot.dialogue.parcours import charger_parcours

TEXTES = charger_parcours(Path(__file__).resolve().parent.parent / "dialogues").textes


def etat_ouverture(horaires: Horaires, maintenant: dt.datetime | None = None) -> str:
    """Open now or when, worded with the real texts of dialogues/."""
    return dire.etat_ouverture(horaires, TEXTES, maintenant)


def decrire(horaires: Horaires) -> str:
    """The weekly hours, worded with the real texts of dialogues/."""
    return dire.decrire(horaires, TEXTES)


def heure(minutes: int) -> str:
    """A time of day, worded with the real texts of dialogues/."""
    return dire.heure(minutes, TEXTES)


PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC
CLASSIQUE = "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; PH off"


def paris(*args: int) -> dt.datetime:
    """A Paris-time datetime."""
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("moment", "attendu"),
    [
        (paris(2026, 11, 23, 10, 0), "Ouvert maintenant, jusqu'à 12 h"),
        (paris(2026, 11, 23, 12, 30), "Fermé, ouvre aujourd'hui à 13 h 30"),
        (paris(2026, 11, 23, 16, 59), "Ouvert maintenant, jusqu'à 17 h"),
        (paris(2026, 11, 23, 17, 0), "Fermé, ouvre demain à 9 h"),
        (paris(2026, 11, 21, 14, 0), "Fermé, ouvre lundi à 9 h"),
        (paris(2026, 11, 22, 8, 0), "Fermé, ouvre demain à 9 h"),
        (paris(2026, 11, 20, 18, 0), "Fermé, ouvre demain à 9 h"),
        (paris(2026, 11, 10, 18, 0), "Fermé, ouvre jeudi à 9 h"),  # 11 novembre, férié
    ],
)
def test_etat_ouverture(moment: dt.datetime, attendu: str) -> None:
    assert etat_ouverture(lire_horaires(CLASSIQUE), moment) == attendu


def test_heure_d_ete_et_d_hiver() -> None:
    h = lire_horaires(CLASSIQUE)
    # 30 mars 2026 (lundi) : heure d'été, 07:30 UTC = 09:30 à Paris.
    assert etat_ouverture(h, dt.datetime(2026, 3, 30, 7, 30, tzinfo=UTC)).startswith("Ouvert")
    # 5 janvier 2026 (lundi) : heure d'hiver, 07:30 UTC = 08:30 à Paris.
    assert etat_ouverture(h, dt.datetime(2026, 1, 5, 7, 30, tzinfo=UTC)) == "Fermé, ouvre aujourd'hui à 9 h"
    # 26 octobre 2026 (lundi, après le passage à l'heure d'hiver) : 10:30 UTC = 11:30 à Paris.
    assert etat_ouverture(h, dt.datetime(2026, 10, 26, 10, 30, tzinfo=UTC)) == "Ouvert maintenant, jusqu'à 12 h"


def test_datetime_sans_fuseau_lu_a_paris() -> None:
    assert etat_ouverture(lire_horaires(CLASSIQUE), dt.datetime(2026, 11, 23, 9, 0)) == "Ouvert maintenant, jusqu'à 12 h"


def test_maintenant_par_defaut() -> None:
    assert etat_ouverture(lire_horaires("24/7")) == "Ouvert maintenant, jour et nuit"


def test_listes_et_plages_de_jours() -> None:
    h = lire_horaires("Mo,We,Fr 14:00-16:00; Sa-Su off")
    assert etat_ouverture(h, paris(2026, 11, 23, 17, 0)) == "Fermé, ouvre mercredi à 14 h"
    assert etat_ouverture(h, paris(2026, 11, 25, 15, 0)) == "Ouvert maintenant, jusqu'à 16 h"
    assert decrire(h) == "Lundi, mercredi et vendredi, 14 h à 16 h"
    boucle = lire_horaires("Sa-Mo 10:00-11:00")
    assert etat_ouverture(boucle, paris(2026, 11, 23, 10, 30)).startswith("Ouvert")
    assert etat_ouverture(boucle, paris(2026, 11, 24, 10, 30)) == "Fermé, ouvre samedi à 10 h"


def test_regle_suivante_remplace() -> None:
    h = lire_horaires("Mo-Fr 09:00-17:00; We off")
    assert etat_ouverture(h, paris(2026, 11, 25, 10, 0)) == "Fermé, ouvre demain à 9 h"


def test_decrire() -> None:
    assert decrire(lire_horaires(CLASSIQUE)) == "Du lundi au vendredi, 9 h à 12 h et 13 h 30 à 17 h ; samedi, 9 h à 12 h"
    assert decrire(lire_horaires("24/7")) == "Tous les jours, jour et nuit"


def test_jamais_ouvert() -> None:
    assert etat_ouverture(lire_horaires("Mo-Su off"), paris(2026, 11, 23, 10, 0)) == "Fermé en ce moment"


def test_heure_en_francais() -> None:
    assert heure(9 * 60) == "9 h"
    assert heure(13 * 60 + 30) == "13 h 30"
    assert heure(1440) == "minuit"


def test_jours_feries_2026() -> None:
    feries = jours_feries(2026)
    for jour in (dt.date(2026, 4, 6), dt.date(2026, 5, 14), dt.date(2026, 5, 25), dt.date(2026, 7, 14), dt.date(2026, 12, 25)):
        assert jour in feries
    assert dt.date(2026, 4, 5) not in feries
    assert len(feries) == 11


@pytest.mark.parametrize("texte", ["Mo-Fr 9h-12h", "Xx 09:00-10:00", "Mo-Fr 12:00-09:00", "Mo-Fr", "", "Mo 25:00-26:00"])
def test_horaires_illisibles(texte: str) -> None:
    with pytest.raises(HorairesIllisibles):
        lire_horaires(texte)
