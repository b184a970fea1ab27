"""The A6 sheet to take away: the card's lines and a QR code to call the right number."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import segno

from bot.connaissances.base import Base
from bot.connaissances.modeles import Droit, Fiche, Structure, Urgence
from bot.dialogue import reponses as r
from bot.dialogue.cartes import carte
from bot.dialogue.textes import Textes


@dataclass(frozen=True)
class Appel:
    """The number the QR code dials: who it is, the number as written, and the link."""

    nom: str
    numero: str
    sms: bool = False

    @property
    def lien(self) -> str:
        """The `tel:` (or `sms:`) link a phone opens."""
        chiffres = re.sub(r"\D", "", self.numero)
        return f"{'sms' if self.sms else 'tel'}:{chiffres}"


@dataclass(frozen=True)
class Feuille:
    """Everything printed on the sheet."""

    carte: r.Carte
    appel: Appel | None
    qr_svg: str | None


def _telephone_sur(fiche: Structure) -> bool:
    """True when the structure's phone is filled and not flagged « à vérifier »."""
    return fiche.telephone is not None and "telephone" not in fiche.a_verifier


def _appel_direct(fiche: Fiche) -> Appel | None:
    """The fiche's own number, when it has a sourced one."""
    if isinstance(fiche, Urgence):
        n = fiche.numeros[0]
        return Appel(fiche.titre, n.numero, n.sms)
    if isinstance(fiche, Structure) and _telephone_sur(fiche):
        return Appel(fiche.titre, str(fiche.telephone))
    return None


def appel(fiche: Fiche, base: Base) -> Appel | None:
    """The structure's number when sourced, else the first `repli` (or `ou_demander`) with a number."""
    direct = _appel_direct(fiche)
    if direct is not None:
        return direct
    autres = fiche.repli if isinstance(fiche, Structure) else fiche.ou_demander if isinstance(fiche, Droit) else []
    for ident in autres:
        autre = base.fiches.get(ident)
        trouve = _appel_direct(autre) if autre is not None else None
        if trouve is not None:
            return trouve
    return None


def qr_svg(lien: str) -> str:
    """An inline SVG QR code encoding `lien`, dark on white."""
    return str(segno.make(lien, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff", omitsize=False))


def feuille(fiche: Fiche, base: Base, textes: Textes, quartier: str | None, maintenant: dt.datetime | None = None) -> Feuille:
    """Build the printed sheet of one fiche for the resident."""
    c = carte(fiche, base, textes, quartier, detaillee=False, maintenant=maintenant)
    a = appel(fiche, base)
    return Feuille(c, a, qr_svg(a.lien) if a is not None else None)
