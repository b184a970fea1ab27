"""Numbers in French words, one implementation for readability scores and for speech.

`en_lettres(1984)` → « mille neuf cent quatre-vingt-quatre » (traditional spelling, feminine
« une » on request), `ordinal`, `lire_groupe` for phone pairs (« 06 » → « zéro six »), and
`dire_nombre` for a run of digits as it is read aloud (three digits in full, longer by pairs).
"""

from __future__ import annotations

UNITES = (
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
)
DIZAINES = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


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
        reste = chiffres[len(tete) :]
        zeros = len(tete) - len(tete.lstrip("0"))
        mots = ["zéro"] * zeros
        milieu = tete.lstrip("0") + reste
        if milieu:
            mots.append(en_lettres(int(milieu)) if not milieu.startswith("0") else chiffre_par_chiffre(milieu))
        return " ".join(mots)
    return en_lettres(int(chiffres))


def dire_nombre(chiffres: str) -> str:
    """Say a run of digits as French speakers read it (three digits in full, longer by pairs)."""
    if len(chiffres) <= 3:
        reste = chiffres.lstrip("0")
        zeros = ["zéro"] * (len(chiffres) - len(reste))
        return " ".join(zeros + ([_moins_de_mille(int(reste), final=False)] if reste else []))
    debut = len(chiffres) % 2
    paires = ([chiffres[0]] if debut else []) + [chiffres[i : i + 2] for i in range(debut, len(chiffres), 2)]
    return " ".join(dire_nombre(p) for p in paires)
