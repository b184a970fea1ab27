"""Turn a message as residents really write it into comparable tokens.

Steps: cut huge input, drop control characters, lower case, strip accents, split on
punctuation and apostrophes, collapse repeated letters, expand SMS spellings ("pr",
"jsui", "ri1"), split glued pronouns ("jcherche" → "je cherche"), then map synonyms
to a canonical word. `cle_phonetique` gives a key that forgives French phonetic
spellings (é/er/ez/ai, qu/k/c, ph/f, silent endings, doubled letters).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.francais.texte import replier

LONGUEUR_MAX = 2000
_REPETITION = re.compile(r"(.)\1{2,}")
CONSONNES = set("bcdfghjklmnpqrstvwxz")

# Phonetic rewrites applied in order to a token (already lower-case ASCII).
_PHONETIQUE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(a), b)
    for a, b in (
        (r"ph", "f"),
        (r"qu", "k"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"g(?=[eiy])", "j"),
        (r"gu(?=[eiy])", "g"),
        (r"sch", "ch"),
        (r"z", "s"),
        (r"eaux?$", "o"),
        (r"eau", "o"),
        (r"au", "o"),
        (r"y", "i"),
        (r"(?:ai|ei)(?=[^aeiou]|$)", "e"),
        (r"(?:er|ez|et|es|ai|ait|ais|aient|ee|ees|e)$", "e"),
        (r"(?<=[iuo])e$", ""),
        (r"(?<=[aeiou])h", ""),
        (r"^h", ""),
        (r"(?:an|en|am|em)(?=[^aeiou]|$)", "A"),
        (r"(?:ain|ein|in|im|un|um)(?=[^aeiou]|$)", "I"),
        (r"ou", "U"),
        (r"oi", "W"),
        (r"(?<=.)(?:s|x|t|d|p)$", ""),
        (r"(.)\1+", r"\1"),
    )
)


def nettoyer(texte: str) -> str:
    """Lower-case ASCII text with single spaces (bot.francais.texte.replier), letters repeated 3+ times once."""
    return _REPETITION.sub(r"\1", replier(texte[:LONGUEUR_MAX]))


def decouper(texte: str, sms: Mapping[str, str], mots_courants: frozenset[str]) -> list[str]:
    """Split a message into tokens, expanding SMS spellings and glued pronouns."""
    jetons: list[str] = []
    for mot in nettoyer(texte).split():
        remplacement = sms.get(mot)
        if remplacement is not None:
            jetons.extend(remplacement.split())
        elif len(mot) > 2 and mot[0] == "j" and mot[1] in CONSONNES and mot[1] != "h" and mot not in mots_courants:
            jetons.extend(["je", mot[1:]])
        else:
            jetons.append(mot)
    return jetons


def cle_phonetique(mot: str) -> str:
    """Return a key under which French phonetic spellings of `mot` collide."""
    cle = mot
    for motif, remplacement in _PHONETIQUE:
        cle = motif.sub(remplacement, cle)
    return cle or mot
