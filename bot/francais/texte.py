"""The one definition of a word and a sentence in French texts, and accent folding.

* Words: chunks between spaces, outer punctuation stripped; a chunk needs a letter or a digit.
  Elisions and hyphens join (« l'argent », « peut-être » = one word). Pictograms, emoji and
  control characters are ignored. A number is one word (« 3919 »), and so is a phone number
  written in groups (« 03 21 00 00 00 ») or a number with thousand spaces (« 1 000 »).
* Sentences: cut after « . ! ? … » followed by a space or the end, and at every line break
  (a list item is read as its own sentence). A sentence without words is dropped.

`replier` folds a text for comparison (lower case, no accents, ligatures spelled out, only
letters and digits): the search, the button recognition and the scripts compare with it.
"""

from __future__ import annotations

import re
import unicodedata

FIN_DE_PHRASE = re.compile(r"(?<=[.!?…])[»”\"')\]]*\s+|\n+")
NOMBRE_GROUPE = re.compile(r"(?<![\d_])\d{2}(?:[ .\u00a0\u202f]\d{2}){3,4}(?![\d])")
MILLIERS = re.compile(r"(?<![\d])\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d])")
NON_MOT = re.compile(r"[^a-z0-9]+")
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": " ", "'": " "})


def sans_pictogrammes(texte: str) -> str:
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
    for morceau in _joindre_nombres(sans_pictogrammes(phrase)).split():
        mot = _mot(morceau)
        if mot is not None:
            resultat.append(mot)
    return resultat


def phrases(texte: str) -> list[str]:
    """Split a text into its sentences, dropping those without words."""
    propre = _joindre_nombres(sans_pictogrammes(texte))
    return [" ".join(p.replace("_", " ").split()) for p in FIN_DE_PHRASE.split(propre) if mots(p)]


def sans_accents(mot: str) -> str:
    """Return the text without diacritics."""
    return "".join(c for c in unicodedata.normalize("NFD", mot) if not unicodedata.combining(c))


def replier(texte: str) -> str:
    """Fold a text for comparison: « L’Œuvre, Santé ! » → « l oeuvre sante »."""
    decompose = unicodedata.normalize("NFKD", texte.lower().translate(LIGATURES))
    sans = "".join(c for c in decompose if not unicodedata.combining(c))
    return NON_MOT.sub(" ", sans).strip()
