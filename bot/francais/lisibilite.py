"""How easy a French text is to read: sentences, words, syllables, Kandel–Moles score.

Rules (a rough, documented approximation of spoken French, good enough to flag hard texts):

* Words: chunks between spaces, outer punctuation stripped; a chunk needs a letter or a digit.
  Elisions and hyphens join (« l'argent », « peut-être » = one word). Pictograms, emoji and
  control characters are ignored. A number is one word (« 3919 »), and so is a phone number
  written in groups (« 03 21 00 00 00 ») or a number with thousand spaces (« 1 000 »).
* Sentences: cut after « . ! ? … » followed by a space or the end, and at every line break
  (a list item is read as its own sentence). A sentence without words is dropped.
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

MOTS_MIN_SCORE = 5
VOYELLES = frozenset("aàâäeéèêëiîïoôöuùûüyÿœæ")
TREMAS = frozenset("ïëüÿ")
AVANT_E_ACCENT = frozenset("aeoéèêâô")
FINALES_MUETTES = ("ent", "es", "e")
ENT_PRONONCE = frozenset({
    "absent", "accident", "adolescent", "agent", "apparent", "argent", "client", "competent",
    "content", "continent", "decent", "different", "equivalent", "evident", "excellent",
    "frequent", "incident", "innocent", "intelligent", "orient", "parent", "patient",
    "permanent", "precedent", "present", "president", "prudent", "recent", "serpent",
    "souvent", "talent", "torrent", "transparent", "urgent", "violent",
})
EXCEPTIONS = {"pays": 2, "paysan": 3, "paysanne": 3}
GROUPES_INITIAUX = frozenset({"bl", "br", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "tr", "vr", "ch", "ph"})
LETTRES_LONGUES = {"w": 3, "y": 2}
UNITES = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
          "onze", "douze", "treize", "quatorze", "quinze", "seize")
DIZAINES = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante", 8: "quatre-vingt"}
FIN_DE_PHRASE = re.compile(r"(?<=[.!?…])[»”\"')\]]*\s+|\n+")
NOMBRE_GROUPE = re.compile(r"(?<![\d_])\d{2}(?:[ .\u00a0\u202f]\d{2}){3,4}(?![\d])")
MILLIERS = re.compile(r"(?<![\d])\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d])")
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


def nettoyer(texte: str) -> str:
    """Drop pictograms, emoji, variation selectors and control characters; keep line breaks."""
    garde = []
    for c in unicodedata.normalize("NFC", texte):
        if c in "\n\r":
            garde.append("\n")
            continue
        categorie = unicodedata.category(c)
        if categorie in ("So", "Sk", "Co", "Cs", "Cn", "Cf") or "\ufe00" <= c <= "\ufe0f":
            garde.append(" ")
        elif categorie == "Cc" or categorie.startswith("Z"):
            garde.append(" ")
        else:
            garde.append(c)
    return "".join(garde)


def _joindre_nombres(texte: str) -> str:
    """Write grouped numbers as one chunk: phone numbers with « _ », thousands glued."""
    texte = NOMBRE_GROUPE.sub(lambda m: re.sub(r"\D", "_", m.group()), texte)
    return MILLIERS.sub(lambda m: re.sub(r"\D", "", m.group()), texte)


def _mot(morceau: str) -> str | None:
    """Strip outer punctuation of a chunk; None when no letter or digit is left."""
    debut, fin = 0, len(morceau)
    while debut < fin and not morceau[debut].isalnum():
        debut += 1
    while fin > debut and not morceau[fin - 1].isalnum():
        fin -= 1
    return morceau[debut:fin] or None


def mots(phrase: str) -> list[str]:
    """Split a sentence into words (see the module rules); numbers are one word."""
    resultat = []
    for morceau in _joindre_nombres(nettoyer(phrase)).split():
        mot = _mot(morceau)
        if mot is not None:
            resultat.append(mot)
    return resultat


def phrases(texte: str) -> list[str]:
    """Split a text into its sentences, dropping those without words."""
    propre = _joindre_nombres(nettoyer(texte))
    return [" ".join(p.replace("_", " ").split()) for p in FIN_DE_PHRASE.split(propre) if mots(p)]


def _sans_accents(mot: str) -> str:
    """Return the word without diacritics."""
    return "".join(c for c in unicodedata.normalize("NFD", mot) if not unicodedata.combining(c))


def _moins_de_cent(n: int) -> str:
    """Spell 0-99 in French."""
    if n < 17:
        return UNITES[n]
    if n < 20:
        return f"dix-{UNITES[n - 10]}"
    dizaine, unite = divmod(n, 10)
    if dizaine in (7, 9):
        base = "soixante" if dizaine == 7 else "quatre-vingt"
        liaison = " et " if n == 71 else "-"
        return f"{base}{liaison}{_moins_de_cent(10 + unite)}"
    if unite == 0:
        return DIZAINES[dizaine]
    liaison = " et " if unite == 1 and dizaine != 8 else "-"
    return f"{DIZAINES[dizaine]}{liaison}{UNITES[unite]}"


def _moins_de_mille(n: int) -> str:
    """Spell 0-999 in French."""
    centaine, reste = divmod(n, 100)
    if centaine == 0:
        return _moins_de_cent(reste)
    tete = "cent" if centaine == 1 else f"{UNITES[centaine]} cent"
    return tete if reste == 0 else f"{tete} {_moins_de_cent(reste)}"


def dire_nombre(chiffres: str) -> str:
    """Say a run of digits as French speakers read it (three digits in full, longer by pairs)."""
    if len(chiffres) <= 3:
        zeros = len(chiffres) - len(chiffres.lstrip("0"))
        reste = chiffres.lstrip("0")
        if not reste:
            return " ".join(["zéro"] * len(chiffres))
        return " ".join(["zéro"] * zeros + [_moins_de_mille(int(reste))])
    debut = len(chiffres) % 2
    paires = ([chiffres[0]] if debut else []) + [chiffres[i:i + 2] for i in range(debut, len(chiffres), 2)]
    return " ".join(dire_nombre(p) for p in paires)


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
    simple = _sans_accents(mot)
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
