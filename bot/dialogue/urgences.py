"""Emergency numbers in a turn: the numbers of a danger, of a kind, and the short safety block of a doubt."""

from __future__ import annotations

from bot.comprehension.recherche import Alerte
from bot.connaissances.modeles import Urgence
from bot.dialogue import reponses as r
from bot.dialogue.cartes import numeros
from bot.dialogue.cles import Cle
from bot.dialogue.contexte import Contexte
from bot.dialogue.services import DANGER_NON, DANGER_OUI

NUMEROS_DOUTE = 4  # numbers in the safety block of a doubt: enough to choose, few enough to hear


def urgences(ctx: Contexte, ids: list[str], dangers: tuple[str, ...], titre: str, secours: bool) -> r.Urgences:
    """Emergency numbers: those of the detected dangers first, then the others, no duplicates."""
    fiches = [f for f in (ctx.base.fiches.get(i) for i in ids) if isinstance(f, Urgence)]
    premiers = [f for f in fiches if set(f.dangers) & set(dangers)]
    liste = [n for f in premiers for n in numeros(f)]
    autres = [n for f in fiches if f not in premiers for n in numeros(f)]
    if secours:
        connus = {n.numero for n in liste + autres}
        liste += [r.Numero(s.numero, s.libelle, s.sms) for s in ctx.parcours.communs.secours if s.numero not in connus]
    vus: dict[str, r.Numero] = {}
    for n in liste + autres:
        vus.setdefault(n.numero, n)
    return r.Urgences(ctx.parcours.message(titre), tuple(vus.values()), dangers)


def urgences_du_genre(genre: str, ctx: Contexte) -> r.Urgences:
    """The numbers of one kind of danger (a button such as « Violences » or « Je dors dehors »)."""
    ids = ctx.moteur.detecteur.urgences((genre,)) if ctx.moteur.detecteur else []
    return urgences(ctx, ids, (genre,), Cle.DANGER_TITRE, False)


def doute(alerte: Alerte, ctx: Contexte) -> list[r.Reponse]:
    """A short safety block: the 3–4 numbers that fit best, then « are you in danger now? » with two buttons."""
    fiches = [f for f in (ctx.base.fiches.get(i) for i in alerte.urgences) if isinstance(f, Urgence)]
    par_fiche = [numeros(f) for f in fiches] or [tuple(r.Numero(s.numero, s.libelle, s.sms) for s in ctx.parcours.communs.secours)]
    choisis: dict[str, r.Numero] = {}
    for rang in range(max(len(n) for n in par_fiche)):
        for liste in par_fiche:
            if rang < len(liste) and len(choisis) < NUMEROS_DOUTE:
                choisis.setdefault(liste[rang].numero, liste[rang])
    boutons = tuple(
        r.Bouton(c, ctx.parcours.communs.boutons[c].pictogramme, ctx.parcours.communs.boutons[c].libelle) for c in (DANGER_OUI, DANGER_NON)
    )
    return [
        r.Urgences(ctx.parcours.message(Cle.DOUTE_TITRE), tuple(choisis.values()), alerte.genres, doute=True),
        r.Choix(boutons, ctx.parcours.message(Cle.DOUTE_QUESTION)),
    ]
