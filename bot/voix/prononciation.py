"""Rewrite French text so espeak-ng reads it the way a person would say it out loud.

Numbers in words come from bot.francais.nombres (shared with the readability scores).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from bot.francais.nombres import chiffre_par_chiffre, en_lettres, ordinal
from bot.voix import nombres_dits as nd

# Acronyms said letter by letter; the value is what espeak-ng receives.
SIGLES_EPELES: dict[str, str] = {
    s: ".".join(s) + "."
    for s in (
        "RSA",
        "APL",
        "ALS",
        "ALF",
        "CCAS",
        "CAF",
        "AAH",
        "CSS",
        "PRE",
        "CPAM",
        "MDS",
        "PMI",
        "FSL",
        "ARS",
        "ASPA",
        "AME",
        "CMU",
        "MDPH",
        "PCH",
        "RQTH",
        "ASS",
        "ASE",
        "HLM",
        "SIAO",
        "CHU",
        "CMP",
        "CMPP",
        "SDF",
        "SMS",
        "SNCF",
        "EDF",
        "RIB",
        "PDF",
        "CV",
        "TGI",
        "ASF",
        "PAJE",
        "CESF",
        "PPA",
        "SPIP",
        "CSAPA",
        "CAARUD",
        "IVG",
        "MSA",
        "AEEH",
        "CNI",
        "PMR",
    )
}
# Acronyms said as a word; the lower-case form makes espeak-ng read them as one.
SIGLES_LUS: dict[str, str] = {
    "SAMU": "samu",
    "URSSAF": "urssaf",
    "CROUS": "crous",
    "OFII": "ofi",
    "OFPRA": "ofpra",
    "DALO": "dalo",
    "CADA": "cada",
    "PASS": "pass",
    "ADIL": "adil",
    "ANAH": "ana",
    "CESU": "césu",
    "SAMUSOCIAL": "samu social",
    "UDAF": "udaf",
    "ONU": "onu",
    "SOS": "S.O.S.",
    "RDV": "rendez-vous",
}
NOMS_FEMININS = (
    "heure",
    "heures",
    "minute",
    "minutes",
    "seconde",
    "secondes",
    "semaine",
    "semaines",
    "personne",
    "personnes",
    "nuit",
    "nuits",
    "place",
    "places",
    "fois",
    "année",
    "années",
    "journée",
    "journées",
    "demande",
    "demandes",
    "pièce",
    "pièces",
    "fiche",
    "fiches",
)
ESPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\t": " "}
INVISIBLES = frozenset({"\ufe0e", "\ufe0f", "\u200d", "\u20e3", "\u200b", "\u2060"})


def _sous(motif: str, remplacer: Callable[[re.Match[str]], str], drapeaux: int = 0) -> Callable[[str], str]:
    """Build one rewrite step from a regular expression and a replacement function."""
    regex = re.compile(motif, drapeaux)
    return lambda texte: regex.sub(remplacer, texte)


# ---------------------------------------------------------------- symbols and layout


def retirer_pictogrammes(texte: str) -> str:
    """Replace emoji, pictograms, arrows and formatting marks with spaces."""
    sortie: list[str] = []
    for car in texte:
        point = ord(car)
        categorie = unicodedata.category(car)
        if (
            car in INVISIBLES
            or categorie in ("So", "Cs", "Co", "Sk")
            or 0x2190 <= point <= 0x21FF
            or 0x27F0 <= point <= 0x27FF
            or 0x2900 <= point <= 0x297F
            or 0x1F000 <= point <= 0x1FAFF
            or car in "*_`#~|<>[]{}"
        ):
            sortie.append(" ")
        elif car in "•·▪◦":
            sortie.append(", ")
        else:
            sortie.append(car)
    return "".join(sortie)


def _mise_en_page(texte: str) -> str:
    """Turn bullets and line breaks into spoken pauses."""
    lignes = [re.sub(r"^\s*(?:[-–—•*·]|\d+[.)])\s+", "", ligne).strip() for ligne in texte.splitlines()]
    morceaux: list[str] = []
    for ligne in lignes:
        if not ligne:
            continue
        if morceaux and morceaux[-1][-1] not in ".!?:;,…":
            morceaux[-1] += "."
        morceaux.append(ligne)
    return " ".join(morceaux)


def _symboles(texte: str) -> str:
    """Expand the symbols that stand for words before pictograms are removed."""
    texte = re.sub(r"\b[nN]\s?[°º]\s?", "numéro ", texte)
    texte = re.sub(r"№\s?", "numéro ", texte)
    return re.sub(r"\s&\s", " et ", texte)


def _abreviations(texte: str) -> str:
    """Expand common written abbreviations."""
    etapes: list[tuple[str, str, int]] = [
        (r"\bMmes\b", "mesdames", 0),
        (r"\bMme\b", "madame", 0),
        (r"\bMlle\b", "mademoiselle", 0),
        (r"\bM\.(?=\s+[A-ZÉ])", "monsieur", 0),
        (r"\bDr\b\.?", "docteur", 0),
        (r"\b[bB]d\b\.?", "boulevard", 0),
        (r"\b[aA]v\.", "avenue", 0),
        (r"\b[tT]él\b\.?\s?:?", "téléphone :", 0),
        (r"\brdv\b", "rendez-vous", re.IGNORECASE),
        (r"\betc\.", "et cetera.", 0),
    ]
    for motif, remplacement, drapeaux in etapes:
        texte = re.sub(motif, remplacement, texte, flags=drapeaux)
    return texte


# ---------------------------------------------------------------- acronyms and plain numbers


def _sigle(m: re.Match[str]) -> str:
    """Replace a known acronym by its spoken form."""
    mot = m.group(1)
    dit = SIGLES_EPELES.get(mot) or SIGLES_LUS.get(mot)
    if dit is None:
        dit = ".".join(mot) + "." if not re.search(r"[AEIOU]", mot) else mot
    if dit.endswith(".") and m.group(2) == ".":
        dit = dit[:-1]
    return dit + m.group(2)


def _ordinal(m: re.Match[str]) -> str:
    """1er, 2e, 3ème, 1re → words."""
    suffixe = m.group(2).lower()
    return ordinal(int(m.group(1)), feminin=suffixe in ("re", "ère"))


def _entier(m: re.Match[str]) -> str:
    """A plain number: words, feminine before a feminine noun, digit by digit when it is a code."""
    chiffres = m.group(1)
    brut = re.sub(r"[ .]", "", chiffres)
    if brut.startswith("0") and len(brut) > 1 or len(brut) > 12:
        return chiffre_par_chiffre(brut)
    return f"{en_lettres(int(brut), feminin=m.group(2).lower() in NOMS_FEMININS)} {m.group(2)}"


def _entier_seul(m: re.Match[str]) -> str:
    """A number with no noun after it."""
    brut = re.sub(r"[ .]", "", m.group(0))
    if brut.startswith("0") and len(brut) > 1 or len(brut) > 12:
        return chiffre_par_chiffre(brut)
    return en_lettres(int(brut))


_NOMS = "|".join(sorted(NOMS_FEMININS, key=len, reverse=True))
_MOIS = "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre"
_SEPARATEUR_HEURE = r"(?![\w])"
_ETAPES: tuple[Callable[[str], str], ...] = (
    _sous(r"(?:\+|\b00)33\s?(?:\(0\)\s?)?([1-9])((?:[ .\-]?\d{2}){4})(?!\d)", nd.telephone_international),
    _sous(r"(?<![\d+])0([1-9])((?:[ .\-]?\d{2}){4})(?!\d)", nd.telephone_national),
    _sous(r"(?<![\d,])0 ?([89]\d\d) (\d{3}) (\d{3})(?!\d)", nd.numero_special),
    _sous(r"(?<![\d,.])116 ?(\d{3})(?!\d|,\d)", nd.numero_116),
    _sous(r"(?<![\d,.])3\d{3}(?!\d|,\d|\s?(?:€|euro|%))", nd.numero_court),
    _sous(r"\b(\d{4})-(\d{2})-(\d{2})\b", nd.date_iso),
    _sous(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", nd.date_numerique),
    _sous(rf"\b(1er|1e|\d{{1,2}})\s+({_MOIS})(?:\s+(\d{{4}}))?\b", nd.date_ecrite, re.IGNORECASE),
    _sous(r"\b(\d{1,2})\s?([jJhH])?\s?/\s?(\d{1,2})\b(?!\s?/)", nd.rapport),
    _sous(r"\b(\d{1,2})\s?[hH]\s?([0-5]\d)?\s?(?:-|–|à)\s?(\d{1,2})\s?[hH]\s?([0-5]\d)?" + _SEPARATEUR_HEURE, nd.plage_horaire),
    _sous(r"\b(\d{1,2})\s?[hH]\s?([0-5]\d)?" + _SEPARATEUR_HEURE, nd.heure_simple),
    _sous(r"\b([01]?\d|2[0-3]):([0-5]\d)\b", nd.heure_simple),
    _sous(r"(?<![\d,])(\d{1,3}(?:[ .]\d{3})+|\d+)\s?€\s?(\d{2})\b()", nd.montant),
    _sous(r"(?<![\d,])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:,(\d{1,2}))?()\s?(?:€|euros?\b|EUR\b)", nd.montant),
    _sous(r"(?<![\d,])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:,(\d+))?\s?%", nd.pourcentage),
    _sous(r"\b(\d+)\s?(min|mn|j|km)\b\.?", nd.duree, re.IGNORECASE),
    _sous(r"(?<![\w.])([A-Z]{2,10})(?![\w])(\.?)", _sigle),
    _sous(r"\b(\d+)(er|re|ère|ème|eme|e|è)\b", _ordinal),
    _sous(r"(?<![\d,])(\d+),(\d+)", lambda m: nd.decimal_mots(m.group(1), m.group(2))),
    _sous(rf"(?<![\d,])(\d{{1,3}}(?:[ .]\d{{3}})+|\d+)\s+({_NOMS})\b", _entier, re.IGNORECASE),
    _sous(r"(?<![\d,])(?:\d{1,3}(?:[ .]\d{3})+|\d+)", _entier_seul),
    _sous(r"(?<=\w)\s*/\s*(?=\w)", lambda m: " ou "),
)


def _nettoyer(texte: str) -> str:
    """Collapse spaces and tidy punctuation left over by the rewrites."""
    texte = re.sub(r"\s+", " ", texte)
    texte = re.sub(r"\s+([,.;:!?…])", r"\1", texte)
    texte = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", texte)
    texte = re.sub(r"(?<![A-Z])([.!?])(?:\s*[.,;:])+", r"\1", texte)
    texte = re.sub(r"^[\s,.;:]+", "", texte)
    return texte.strip()


def prononcer(texte: str) -> str:
    """Rewrite `texte` into plain French words espeak-ng will read correctly."""
    texte = unicodedata.normalize("NFC", texte)
    for avant, apres in ESPACES.items():
        texte = texte.replace(avant, apres)
    texte = _symboles(texte)
    texte = _mise_en_page(texte)
    texte = retirer_pictogrammes(texte)
    texte = _abreviations(texte)
    for etape in _ETAPES:
        texte = etape(texte)
    return _nettoyer(texte)
