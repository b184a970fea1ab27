"""Rewrite French text so espeak-ng reads it the way a person would say it out loud."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

UNITES = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
    "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize",
)
DIZAINES = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
MOIS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)

# Acronyms said letter by letter; the value is what espeak-ng receives.
SIGLES_EPELES: dict[str, str] = {
    s: ".".join(s) + "."
    for s in (
        "RSA", "APL", "ALS", "ALF", "CCAS", "CAF", "AAH", "CSS", "PRE", "CPAM", "MDS", "PMI",
        "FSL", "ARS", "ASPA", "AME", "CMU", "MDPH", "PCH", "RQTH", "ASS", "ASE", "HLM", "SIAO",
        "CHU", "CMP", "CMPP", "SDF", "SMS", "SNCF", "EDF", "RIB", "PDF", "CV", "TGI", "ASF",
        "PAJE", "CESF", "PPA", "SPIP", "CSAPA", "CAARUD", "IVG", "MSA", "AEEH", "CNI", "PMR",
    )
}
# Acronyms said as a word; the lower-case form makes espeak-ng read them as one.
SIGLES_LUS: dict[str, str] = {
    "SAMU": "samu", "URSSAF": "urssaf", "CROUS": "crous", "OFII": "ofi", "OFPRA": "ofpra",
    "DALO": "dalo", "CADA": "cada", "PASS": "pass", "ADIL": "adil", "ANAH": "ana",
    "CESU": "césu", "SAMUSOCIAL": "samu social", "UDAF": "udaf", "ONU": "onu", "SOS": "S.O.S.",
    "RDV": "rendez-vous",
}
# Service numbers read in pairs ("trente-neuf dix-neuf") rather than as a quantity.
NUMEROS_COURTS = frozenset({
    "3919", "3114", "3230", "3646", "3949", "3939", "3977", "3018", "3020", "3237", "3624", "3960",
})
NOMS_FEMININS = (
    "heure", "heures", "minute", "minutes", "seconde", "secondes", "semaine", "semaines",
    "personne", "personnes", "nuit", "nuits", "place", "places", "fois", "année", "années",
    "journée", "journées", "demande", "demandes", "pièce", "pièces", "fiche", "fiches",
)
ESPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\t": " "}
INVISIBLES = frozenset({"\ufe0e", "\ufe0f", "\u200d", "\u20e3", "\u200b", "\u2060"})


def _moins_de_cent(n: int, final: bool = True) -> str:
    """Words for 0..99; `final` says whether "quatre-vingts" keeps its s."""
    if n < 17:
        return UNITES[n]
    if n < 20:
        return "dix-" + UNITES[n - 10]
    dizaine, unite = divmod(n, 10)
    if dizaine == 7:
        return "soixante et onze" if n == 71 else "soixante-" + _moins_de_cent(n - 60)
    if dizaine == 8:
        if unite == 0:
            return "quatre-vingts" if final else "quatre-vingt"
        return "quatre-vingt-" + UNITES[unite]
    if dizaine == 9:
        return "quatre-vingt-" + _moins_de_cent(n - 80)
    mot = DIZAINES[dizaine]
    if unite == 0:
        return mot
    if unite == 1:
        return mot + " et un"
    return mot + "-" + UNITES[unite]


def _moins_de_mille(n: int, final: bool = True) -> str:
    """Words for 0..999; `final` says whether "cents"/"quatre-vingts" keep their s."""
    centaines, reste = divmod(n, 100)
    if centaines == 0:
        return _moins_de_cent(reste, final)
    tete = "cent" if centaines == 1 else UNITES[centaines] + " cent"
    if reste == 0:
        return tete + ("s" if centaines > 1 and final else "")
    return tete + " " + _moins_de_cent(reste, final)


def en_lettres(n: int, feminin: bool = False) -> str:
    """French words for an integer below one thousand billion (traditional spelling)."""
    if n < 0:
        return "moins " + en_lettres(-n, feminin)
    if n >= 10**12:
        raise ValueError(f"nombre trop grand pour être écrit en lettres : {n}")
    if n == 0:
        return UNITES[0]
    milliards, reste = divmod(n, 10**9)
    millions, reste = divmod(reste, 10**6)
    milliers, unites = divmod(reste, 1000)
    mots: list[str] = []
    for valeur, nom in ((milliards, "milliard"), (millions, "million")):
        if valeur:
            mots.append(f"{_moins_de_mille(valeur)} {nom}{'s' if valeur > 1 else ''}")
    if milliers:
        mots.append("mille" if milliers == 1 else _moins_de_mille(milliers, final=False) + " mille")
    if unites:
        mots.append(_moins_de_mille(unites))
    texte = " ".join(mots)
    if feminin and texte.endswith("un"):
        texte += "e"
    return texte


def ordinal(n: int, feminin: bool = False) -> str:
    """French ordinal in words: 1 → premier, 2 → deuxième, 21 → vingt et unième."""
    if n == 1:
        return "première" if feminin else "premier"
    base = en_lettres(n)
    if base.endswith("cinq"):
        base += "u"
    elif base.endswith("neuf"):
        base = base[:-1] + "v"
    elif base.endswith("s") and (base.endswith("cents") or base.endswith("vingts")):
        base = base[:-1]
    elif base.endswith("e"):
        base = base[:-1]
    return base + "ième"


def chiffre_par_chiffre(chiffres: str) -> str:
    """Read a string of digits one digit at a time."""
    return " ".join(UNITES[int(c)] for c in chiffres)


def lire_groupe(chiffres: str) -> str:
    """Read a group of digits the way phone numbers are said: leading zeros digit by digit."""
    if chiffres.startswith("0"):
        tete = chiffres[:-1] if len(chiffres) > 1 else chiffres
        reste = chiffres[len(tete):]
        zeros = len(tete) - len(tete.lstrip("0"))
        mots = ["zéro"] * zeros
        milieu = tete.lstrip("0") + reste
        if milieu:
            mots.append(en_lettres(int(milieu)) if not milieu.startswith("0") else chiffre_par_chiffre(milieu))
        return " ".join(mots)
    return en_lettres(int(chiffres))


def _nombre(texte: str) -> int:
    """Parse digits that may contain thousands separators (space or dot)."""
    return int(re.sub(r"[ .]", "", texte))


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


# ---------------------------------------------------------------- phone numbers

def _telephone_national(m: re.Match[str]) -> str:
    """0X XX XX XX XX → "zéro X, XX, XX, XX, XX"."""
    chiffres = re.sub(r"\D", "", m.group(2))
    paires = [chiffres[i:i + 2] for i in range(0, 8, 2)]
    return ", ".join(["zéro " + UNITES[int(m.group(1))]] + [lire_groupe(p) for p in paires])


def _telephone_international(m: re.Match[str]) -> str:
    """+33 X XX XX XX XX → "plus trente-trois, X, XX, ..."."""
    chiffres = re.sub(r"\D", "", m.group(2))
    paires = [chiffres[i:i + 2] for i in range(0, 8, 2)]
    return ", ".join(["plus trente-trois", UNITES[int(m.group(1))]] + [lire_groupe(p) for p in paires])


def _numero_special(m: re.Match[str]) -> str:
    """0 800 123 456 → "zéro, huit cents, cent vingt-trois, quatre cent cinquante-six"."""
    return ", ".join(["zéro"] + [lire_groupe(g) for g in m.groups()])


def _numero_court(m: re.Match[str]) -> str:
    """3919 → "trente-neuf dix-neuf" for known service numbers, else the quantity."""
    n = m.group(0)
    if n in NUMEROS_COURTS:
        return f"{lire_groupe(n[:2])} {lire_groupe(n[2:])}"
    return n


def _numero_116(m: re.Match[str]) -> str:
    """116 000 → "cent seize, zéro zéro zéro" (European harmonised numbers)."""
    return "cent seize, " + lire_groupe(m.group(1))


# ---------------------------------------------------------------- dates, hours, money

def _date(jour: int, mois: int, annee: int | None) -> str | None:
    """Words for a date, or None when the numbers are not a calendar date."""
    if not (1 <= mois <= 12 and 1 <= jour <= 31):
        return None
    mots = [ordinal(1) if jour == 1 else en_lettres(jour), MOIS[mois - 1]]
    if annee is not None:
        mots.append(en_lettres(annee))
    return " ".join(mots)


def _date_iso(m: re.Match[str]) -> str:
    """2022-11-09 → "neuf novembre deux mille vingt-deux"."""
    return _date(int(m.group(3)), int(m.group(2)), int(m.group(1))) or m.group(0)


def _date_numerique(m: re.Match[str]) -> str:
    """09/11/2022 → "neuf novembre deux mille vingt-deux"."""
    return _date(int(m.group(1)), int(m.group(2)), int(m.group(3))) or m.group(0)


def _date_ecrite(m: re.Match[str]) -> str:
    """9 novembre 2022 / 1er mai → words."""
    jour = 1 if m.group(1).lower().startswith("1e") else int(m.group(1))
    mois = MOIS.index(m.group(2).lower().replace("fevrier", "février").replace("aout", "août").replace("decembre", "décembre")) + 1
    return _date(jour, mois, int(m.group(3)) if m.group(3) else None) or m.group(0)


def _heure(heures: int, minutes: str | None) -> str:
    """Words for a time of day: 18, "30" → "dix-huit heures trente"."""
    if heures == 0:
        tete = "minuit"
    else:
        tete = f"{en_lettres(heures, feminin=True)} heure{'s' if heures > 1 else ''}"
    if minutes and int(minutes):
        return f"{tete} {en_lettres(int(minutes), feminin=True)}"
    return tete


def _heure_simple(m: re.Match[str]) -> str:
    """9h, 18h30, 9 h 30, 9:30 → words."""
    return _heure(int(m.group(1)), m.group(2))


def _plage_horaire(m: re.Match[str]) -> str:
    """9h-12h30 → "neuf heures à douze heures trente"."""
    return f"{_heure(int(m.group(1)), m.group(2))} à {_heure(int(m.group(3)), m.group(4))}"


def _montant(m: re.Match[str]) -> str:
    """450 € / 12,50 € / 12€50 → words with "euros" and cents."""
    euros = _nombre(m.group(1))
    centimes_brut = m.group(2) or m.group(3)
    centimes = int(centimes_brut.ljust(2, "0")) if centimes_brut else 0
    if euros == 0 and centimes:
        return f"{en_lettres(centimes)} centime{'s' if centimes > 1 else ''}"
    if euros and euros % 1_000_000 == 0:
        unite = "d'euros"
    else:
        unite = "euros" if euros > 1 else "euro"
    texte = f"{en_lettres(euros)} {unite}"
    if centimes:
        texte += f" {en_lettres(centimes)}"
    return texte


def _pourcentage(m: re.Match[str]) -> str:
    """25 % / 2,5 % → "vingt-cinq pour cent"."""
    return f"{_decimal_mots(m.group(1), m.group(2))} pour cent"


def _decimal_mots(entier: str, decimales: str | None) -> str:
    """Words for 2 / 2,5 / 0,05."""
    mots = en_lettres(_nombre(entier))
    if decimales:
        mots += " virgule " + lire_groupe(decimales)
    return mots


def _rapport(m: re.Match[str]) -> str:
    """7j/7 → "sept jours sur sept", 24h/24 → "vingt-quatre heures sur vingt-quatre"."""
    unite = {"j": "jours", "h": "heures"}.get((m.group(2) or "").lower(), "")
    milieu = f" {unite}" if unite else ""
    return f"{en_lettres(int(m.group(1)), feminin=unite == 'heures')}{milieu} sur {en_lettres(int(m.group(3)), feminin=unite == 'heures')}"


def _duree(m: re.Match[str]) -> str:
    """30 min / 15 j → "trente minutes" / "quinze jours"."""
    n = int(m.group(1))
    unite = {"min": "minute", "mn": "minute", "j": "jour", "km": "kilomètre"}[m.group(2).lower()]
    return f"{en_lettres(n, feminin=unite == 'minute')} {unite}{'s' if n > 1 else ''}"


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
    _sous(r"(?:\+|\b00)33\s?(?:\(0\)\s?)?([1-9])((?:[ .\-]?\d{2}){4})(?!\d)", _telephone_international),
    _sous(r"(?<![\d+])0([1-9])((?:[ .\-]?\d{2}){4})(?!\d)", _telephone_national),
    _sous(r"(?<![\d,])0 ?([89]\d\d) (\d{3}) (\d{3})(?!\d)", _numero_special),
    _sous(r"(?<![\d,.])116 ?(\d{3})(?!\d|,\d)", _numero_116),
    _sous(r"(?<![\d,.])3\d{3}(?!\d|,\d|\s?(?:€|euro|%))", _numero_court),
    _sous(r"\b(\d{4})-(\d{2})-(\d{2})\b", _date_iso),
    _sous(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", _date_numerique),
    _sous(rf"\b(1er|1e|\d{{1,2}})\s+({_MOIS})(?:\s+(\d{{4}}))?\b", _date_ecrite, re.IGNORECASE),
    _sous(r"\b(\d{1,2})\s?([jJhH])?\s?/\s?(\d{1,2})\b(?!\s?/)", _rapport),
    _sous(
        r"\b(\d{1,2})\s?[hH]\s?([0-5]\d)?\s?(?:-|–|à)\s?(\d{1,2})\s?[hH]\s?([0-5]\d)?" + _SEPARATEUR_HEURE,
        _plage_horaire,
    ),
    _sous(r"\b(\d{1,2})\s?[hH]\s?([0-5]\d)?" + _SEPARATEUR_HEURE, _heure_simple),
    _sous(r"\b([01]?\d|2[0-3]):([0-5]\d)\b", _heure_simple),
    _sous(r"(?<![\d,])(\d{1,3}(?:[ .]\d{3})+|\d+)\s?€\s?(\d{2})\b()", _montant),
    _sous(r"(?<![\d,])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:,(\d{1,2}))?()\s?(?:€|euros?\b|EUR\b)", _montant),
    _sous(r"(?<![\d,])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:,(\d+))?\s?%", _pourcentage),
    _sous(r"\b(\d+)\s?(min|mn|j|km)\b\.?", _duree, re.IGNORECASE),
    _sous(r"(?<![\w.])([A-Z]{2,10})(?![\w])(\.?)", _sigle),
    _sous(r"\b(\d+)(er|re|ère|ème|eme|e|è)\b", _ordinal),
    _sous(r"(?<![\d,])(\d+),(\d+)", lambda m: _decimal_mots(m.group(1), m.group(2))),
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
