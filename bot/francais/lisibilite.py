"""How easy a French text is to read: sentences, words, syllables, Kandel–Moles score.

Rules (a rough, documented approximation of spoken French, good enough to flag hard texts):

* Words and sentences: bot.francais.texte (the one definition the verifier, the tests and
  the voice share).
* Syllables (`syllabes`): groups of consecutive vowels (a e i o u y, with accents, œ æ), so
  the digraphs and trigraphs « eau au ou oi ai ei eu œu ui ie io ia » count once, with these
  exceptions:
  - « u » after « q » (« que ») and between « g » and e/i (« guerre ») is not a vowel;
  - « y » between two vowels or before a vowel at the start is a consonant (« payer », « yeux »);
  - a trema starts a new syllable (« naïf », « Noël »); so does « é »/« è » after a, e, o, é, è
    (« créer », « poète »), and any vowel after « é » except a final mute « e »
    (« réunion », but « année »);
  - a final mute « e », « es » or « ent » (verb plural « ils parlent ») that forms its own
    group is not counted, except in a one-syllable word (« le », « des ») ; « -ent » is spoken
    in words ending in « -ment » (« logement ») and in `ENT_PRONONCE` (« argent »);
  - a capitalised acronym that cannot be read as a word (« RSA », « CPAM », « APL ») is spelled
    letter by letter (one syllable a letter, W three, Y two); « CAF », « SAMU » are read as words;
  - numbers are read as said: up to three digits in full (« 115 » = « cent quinze », 2),
    longer ones two digits at a time (« 3919 » = « trente-neuf dix-neuf », phone numbers by
    pairs), a leading zero as « zéro »;
  - every word has at least one syllable.
* Kandel–Moles (1958, the French Flesch): 207 − 1.015 × words/sentence − 73.6 × syllables/word.
  Above 60 a text is easy; it is only computed on texts of at least `MOTS_MIN_SCORE` words,
  as the formula means nothing on a two-word button label.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

from bot.francais.nombres import dire_nombre
from bot.francais.texte import mots, phrases, sans_accents

MOTS_MIN_SCORE = 5
VOYELLES = frozenset("aàâäeéèêëiîïoôöuùûüyÿœæ")
TREMAS = frozenset("ïëüÿ")
AVANT_E_ACCENT = frozenset("aeoéèêâô")
FINALES_MUETTES = ("ent", "es", "e")
ENT_PRONONCE = frozenset(
    {
        "absent",
        "accident",
        "adolescent",
        "agent",
        "apparent",
        "argent",
        "client",
        "competent",
        "content",
        "continent",
        "decent",
        "different",
        "equivalent",
        "evident",
        "excellent",
        "frequent",
        "incident",
        "innocent",
        "intelligent",
        "orient",
        "parent",
        "patient",
        "permanent",
        "precedent",
        "present",
        "president",
        "prudent",
        "recent",
        "serpent",
        "souvent",
        "talent",
        "torrent",
        "transparent",
        "urgent",
        "violent",
    }
)
EXCEPTIONS = {"pays": 2, "paysan": 3, "paysanne": 3}
GROUPES_INITIAUX = frozenset({"bl", "br", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "tr", "vr", "ch", "ph"})
LETTRES_LONGUES = {"w": 3, "y": 2}
MORCEAUX = re.compile(r"[’'\-]")
SUITES = re.compile(r"\d+|[^\d_]+")


@dataclass(frozen=True)
class Lisibilite:
    """The readability of one text: counts, sentence lengths and the Kandel–Moles score."""

    texte: str
    phrases: tuple[str, ...]
    nb_mots: int
    nb_syllabes: int
    plus_longue_phrase: int
    mediane_longueur_phrases: float
    score: float | None

    @property
    def nb_phrases(self) -> int:
        """Number of sentences with at least one word."""
        return len(self.phrases)


def _sigle_epele(morceau: str) -> bool:
    """Tell whether a capitalised acronym is spelled letter by letter (« RSA ») or read (« CAF »)."""
    bas = morceau.lower()
    voyelle = [c in VOYELLES for c in bas]
    if not any(voyelle) or any(a == b for a, b in zip(bas, bas[1:])):
        return True
    if not voyelle[0] and len(bas) > 1 and not voyelle[1] and bas[:2] not in GROUPES_INITIAUX:
        return True
    if len(bas) > 2 and not voyelle[-1] and not voyelle[-2]:
        return True
    return any(not (voyelle[i] or voyelle[i + 1] or voyelle[i + 2]) for i in range(len(bas) - 2))


def _est_voyelle(mot: str, i: int) -> bool:
    """Tell whether the letter at `i` is sounded as a vowel in this word."""
    c = mot[i]
    if c not in VOYELLES:
        return False
    avant = mot[i - 1] if i > 0 else ""
    apres = mot[i + 1] if i + 1 < len(mot) else ""
    if c == "u" and (avant == "q" or (avant == "g" and apres in "eéèêiîy" and apres)):
        return False
    if c == "y" and apres and apres in VOYELLES and (i == 0 or avant in VOYELLES):
        return False
    return True


def _groupes(mot: str) -> list[tuple[int, int]]:
    """Return the (start, end) of every sounded vowel group of a lowercase word."""
    groupes: list[tuple[int, int]] = []
    for i in range(len(mot)):
        if not _est_voyelle(mot, i):
            continue
        suite = bool(groupes) and groupes[-1][1] == i
        if suite:
            precedent = mot[i - 1]
            c = mot[i]
            if c in TREMAS or (c in "éè" and precedent in AVANT_E_ACCENT):
                suite = False
            elif precedent == "é" and mot[i:] not in FINALES_MUETTES:
                suite = False
        if suite:
            groupes[-1] = (groupes[-1][0], i + 1)
        else:
            groupes.append((i, i + 1))
    return groupes


def _finale_muette(mot: str) -> int | None:
    """Return the index of a final mute « e » (« -e », « -es », verb « -ent »), if any."""
    simple = sans_accents(mot)
    if mot.endswith("ent") and not mot.endswith("ment") and simple not in ENT_PRONONCE:
        return len(mot) - 3
    if mot.endswith("es"):
        return len(mot) - 2
    if mot.endswith("e"):
        return len(mot) - 1
    return None


def _syllabes_lettres(morceau: str) -> int:
    """Count the syllables of a run of letters (0 for a lone elided consonant like « l »)."""
    if len(morceau) > 1 and morceau.isupper() and len(morceau) <= 6 and _sigle_epele(morceau):
        return sum(LETTRES_LONGUES.get(c, 1) for c in morceau.lower() if c.isalpha())
    mot = morceau.lower()
    if mot in EXCEPTIONS:
        return EXCEPTIONS[mot]
    groupes = _groupes(mot)
    muette = _finale_muette(mot)
    if muette is not None and len(groupes) > 1 and groupes[-1] == (muette, muette + 1):
        return len(groupes) - 1
    return len(groupes)


def _syllabes_nombre(chiffres: str) -> int:
    """Count the spoken syllables of a run of digits."""
    return sum(syllabes(m) for m in re.split(r"[ \-]+", dire_nombre(chiffres)) if m)


def syllabes(mot: str) -> int:
    """Count the spoken syllables of one word (see the module rules); at least 1."""
    total = 0
    for partie in MORCEAUX.split(unicodedata.normalize("NFC", mot)):
        for suite in SUITES.findall(partie):
            if suite.isdigit():
                total += _syllabes_nombre(suite)
            elif any(c.isalpha() for c in suite):
                total += _syllabes_lettres("".join(c for c in suite if c.isalpha()))
    return max(1, total)


def kandel_moles(texte: str) -> float:
    """Return 207 − 1.015 × words/sentence − 73.6 × syllables/word (ValueError on a text without words)."""
    liste = phrases(texte)
    tous = [m for p in liste for m in mots(p)]
    if not tous:
        raise ValueError("texte sans aucun mot : pas de score de lisibilité")
    nb_syllabes = sum(syllabes(m) for m in tous)
    return 207 - 1.015 * len(tous) / len(liste) - 73.6 * nb_syllabes / len(tous)


def mediane_longueur_phrases(texte: str) -> float:
    """Return the median number of words per sentence (0 for a text without words)."""
    longueurs = [len(mots(p)) for p in phrases(texte)]
    return float(statistics.median(longueurs)) if longueurs else 0.0


def rapport(texte: str) -> Lisibilite:
    """Measure one text; the score is None under `MOTS_MIN_SCORE` words."""
    liste = tuple(phrases(texte))
    longueurs = [len(mots(p)) for p in liste]
    tous = [m for p in liste for m in mots(p)]
    score = kandel_moles(texte) if len(tous) >= MOTS_MIN_SCORE else None
    return Lisibilite(
        texte=texte,
        phrases=liste,
        nb_mots=len(tous),
        nb_syllabes=sum(syllabes(m) for m in tous),
        plus_longue_phrase=max(longueurs, default=0),
        mediane_longueur_phrases=float(statistics.median(longueurs)) if longueurs else 0.0,
        score=score,
    )
