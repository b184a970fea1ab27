"""Slots from the message: the answers to a theme's questions that the text already gives.

A resident who writes « j'ai 23 ans je cherche du travail » has answered « Quel âge avez-vous ? »;
one who writes « on a plus rien à manger » has answered « Pour quoi avez-vous besoin d'argent ? ».
`remplir` records those answers, so that no question is asked whose answer was already given.
"""

from __future__ import annotations

import re

from bot.dialogue.etat import FIN, Etat
from bot.dialogue.parcours import BoutonChoix, Etape, RegleCartes, Thematique
from bot.dialogue.reconnaissance import contient
from bot.francais.texte import replier

# « 23 ans », « 17an », « 58 years », « 30yo »: an age said with its unit (a bare number may be a count).
AGE = re.compile(r"\b(\d{1,3}) ?(?:ans?|years?|yrs?|yo)\b")


def age_dit(texte: str) -> int | None:
    """The one age the text states (« j'ai 23 ans »), or None when there is none or several."""
    ages = {int(n) for n in AGE.findall(replier(texte))}
    return ages.pop() if len(ages) == 1 else None


def reponse_dite(etape: Etape, texte: str) -> BoutonChoix | None:
    """The one answer button of a question that the text names or whose age range it states."""
    bas = replier(texte)
    nommes = [b for b in etape.boutons if any(contient(bas, replier(p)) for p in (b.libelle, *b.synonymes))]
    if len(nommes) == 1:
        return nommes[0]
    age = age_dit(texte)
    if not nommes and age is not None:
        par_age = [b for b in etape.boutons if b.age and b.age[0] <= age <= b.age[1]]
        if len(par_age) == 1:
            return par_age[0]
    return None


def regle_des_reponses(etat: Etat, theme: Thematique) -> RegleCartes | None:
    """The first card rule of the theme that the answers match (the last rule matches all)."""
    return next((g for g in theme.cartes if all(etat.reponse(c) in v for c, v in g.si.items())), None)


def remplir(etat: Etat, theme: Thematique, texte: str, depuis: str | None = None) -> tuple[Etat, str]:
    """Record the answers the text gives, from step `depuis` (the theme's first by default).

    Returns the state and the first step still to ask (« fin » when none is left). A button that
    opens a danger's numbers is never chosen silently: the step is left for the person to answer.
    Quartier steps are left to the caller (they are skipped when the quartier is known).
    """
    suite = depuis or theme.debut or FIN
    for _ in range(len(theme.etapes) + 1):
        etape = theme.etapes.get(suite)
        if etape is None:
            return etat, FIN
        if etape.quartier:
            if etat.quartier is None:
                return etat, suite
            suite = etape.suite
            continue
        choix = reponse_dite(etape, texte)
        if choix is None or choix.danger:
            return etat, suite
        etat = etat.avec_reponse(etape.cle or suite, choix.id)
        suite = choix.suite or etape.suite
    return etat, FIN
