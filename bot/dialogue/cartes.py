"""Fiche → Carte: the wording residents (or mediators) see; never a fact the fiche lacks.

Every word comes from dialogues/textes/cartes.yaml (ids in bot.dialogue.cles). A missing or
unsure address, phone or opening hours is said « à vérifier », followed by who to ask: the first
`repli` fiche with a phone number, else the centre social of the resident's quartier, else the
first `repli` structure by name.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date

from bot.connaissances.base import Base
from bot.connaissances.horaires import HorairesIllisibles, a_paris, lire_horaires
from bot.connaissances.modeles import Droit, Fiche, Structure, Urgence
from bot.dialogue import reponses as r
from bot.dialogue.cles import Cle
from bot.dialogue.horaires import decrire, etat_ouverture, liste
from bot.dialogue.textes import Textes

PUBLICS_MAX = 3  # « Pour qui » names three publics at most: more is hard to hear
CHIFFRES = ("1️⃣", "2️⃣", "3️⃣")
COORDONNEES = ("adresse", "telephone", "horaires_accueil")
# The article before a place name, by its first word (« au CCAS », « à la Fabrique Défi »).
ARTICLES = {
    "centre": "au",
    "ccas": "au",
    "club": "au",
    "relais": "au",
    "programme": "au",
    "pre": "au",
    "maison": "à la",
    "fabrique": "à la",
    "cite": "à la",
    "cité": "à la",
    "coopérative": "à la",
    "médiation": "à la",
    "mds": "à la",
    "mission": "à la",
    "espace": "à l'",
    "ateliers": "aux",
    "adlc": "aux",
    "sas": "au",
    "réussite": "à la",
}


def date_fr(jour: dt.date) -> str:
    """Say a date in French: « 21 novembre 2026 »."""
    return format_date(jour, "d MMMM y", locale="fr")


def _sur(fiche: Structure, champ: str) -> bool:
    """True when the field is filled and not flagged « à vérifier »."""
    return getattr(fiche, champ) is not None and champ not in fiche.a_verifier


def numeros(fiche: Urgence) -> tuple[r.Numero, ...]:
    """Return the fiche's numbers as response numbers."""
    return tuple(r.Numero(n.numero, n.libelle, n.sms) for n in fiche.numeros)


def _champ(champ: str, textes: Textes) -> str:
    """A field name said simply (« horaires »), or the field itself when it has no wording."""
    cle = f"champ-{champ.replace('_', '-')}"
    return textes(cle) if cle in textes else champ


def a_qui(titre: str) -> str:
    """Put the right French article before a place name: « au CCAS », « à la Fabrique Défi »."""
    premier = titre.split()[0].lower()
    article = ARTICLES.get(premier, "à")
    nom = titre[0].lower() + titre[1:] if premier == "centre" else titre
    return f"{article}{nom}" if article.endswith("'") else f"{article} {nom}"


def nom_bref(fiche: Fiche) -> str:
    """The short form of a name: what stands in parentheses (« CAF »), else the title."""
    trouve = re.search(r"\(([^()]+)\)", fiche.titre)
    return trouve.group(1) if trouve else fiche.titre


def contact_repli(fiche: Fiche, base: Base, textes: Textes, quartier: str | None) -> str:
    """Say who to ask when a coordinate is missing: « appelez le 3230 (CAF) » or « demandez au centre social Matisse »."""
    if isinstance(fiche, Structure) and _sur(fiche, "telephone"):
        return textes(Cle.REPLI_APPELER, numero=str(fiche.telephone))
    replis = [base.fiches[i] for i in getattr(fiche, "repli", []) if i in base.fiches]
    for autre in replis:
        if isinstance(autre, Urgence):
            return textes(Cle.REPLI_APPELER, numero=autre.numeros[0].numero)
    centre = base.centre_social(quartier)
    if centre is not None and centre.id != fiche.id:
        return textes(Cle.REPLI_DEMANDER, lieu=a_qui(centre.titre))
    for autre in replis:
        if isinstance(autre, Structure) and _sur(autre, "telephone"):
            return textes(Cle.REPLI_APPELER_NOM, numero=str(autre.telephone), nom=nom_bref(autre))
    for autre in replis:
        if isinstance(autre, Structure):
            return textes(Cle.REPLI_DEMANDER, lieu=a_qui(autre.titre))
    return textes(Cle.REPLI_SANS_CONTACT)


class Redaction:
    """Words the lines of one card, for the resident or (detaillee) for a mediator."""

    def __init__(self, base: Base, textes: Textes, quartier: str | None, maintenant: dt.datetime | None) -> None:
        """Keep what every line needs."""
        self.base = base
        self.t = textes
        self.quartier = quartier
        self.maintenant = maintenant

    def ligne(self, pictogramme: str, cle: Cle, valeur: str = "") -> r.LigneCarte:
        """One line with a label from dialogues/."""
        return r.LigneCarte(pictogramme, self.t(cle), valeur)

    def section(self, pictogramme: str, cle: Cle, elements: list[str]) -> list[r.LigneCarte]:
        """A section title then one short line per element (easier to read and to hear)."""
        return [self.ligne(pictogramme, cle)] + [r.LigneCarte("▪️", e, "") for e in elements]

    def a_verifier(self, manquants: list[str], fiche: Fiche) -> list[r.LigneCarte]:
        """One short line per missing coordinate, then who to ask."""
        lignes = [r.LigneCarte("❓", self.t(Cle.CARTE_CHAMP_A_VERIFIER, champ=_champ(c, self.t).capitalize()), "") for c in manquants]
        qui = contact_repli(fiche, self.base, self.t, self.quartier)
        return lignes + [r.LigneCarte("➡️", qui[0].upper() + qui[1:], "")]

    def horaires(self, fiche: Structure) -> list[r.LigneCarte]:
        """The opening hours and whether it is open now (the raw text when it is unusable)."""
        assert fiche.horaires_accueil is not None
        try:
            horaires = lire_horaires(fiche.horaires_accueil)
        except HorairesIllisibles:
            return [self.ligne("🕒", Cle.CARTE_HORAIRES, fiche.horaires_accueil)]
        return [
            self.ligne("🕒", Cle.CARTE_HORAIRES, decrire(horaires, self.t)),
            r.LigneCarte("🚪", etat_ouverture(horaires, self.t, self.maintenant), ""),
        ]

    def pour_qui(self, fiche: Fiche) -> str | None:
        """Who the place is for, in plain words (three publics at most)."""
        publics = ["tous-publics"] if "tous-publics" in fiche.publics else fiche.publics
        mots = [self.t(f"public-{p}") for p in publics if f"public-{p}" in self.t][:PUBLICS_MAX]
        return liste(mots) if mots else None

    def structure(self, fiche: Structure) -> list[r.LigneCarte]:
        """Lines of a place: for whom, what to bring, address, hours, phone, what to do."""
        lignes: list[r.LigneCarte] = []
        pour_qui = self.pour_qui(fiche)
        if pour_qui:
            lignes.append(self.ligne("👥", Cle.CARTE_POUR_QUI, pour_qui))
        if fiche.justificatifs and "justificatifs" not in fiche.a_verifier:
            lignes += self.section("📄", Cle.CARTE_A_APPORTER, fiche.justificatifs)
        manquants = [c for c in COORDONNEES if not _sur(fiche, c)]
        if _sur(fiche, "adresse"):
            ville = " ".join(x for x in (fiche.code_postal, fiche.commune) if x)
            lignes.append(self.ligne("📍", Cle.CARTE_ADRESSE, ", ".join(x for x in (fiche.adresse, ville) if x)))
        if _sur(fiche, "horaires_accueil"):
            lignes += self.horaires(fiche)
        if _sur(fiche, "telephone"):
            lignes.append(self.ligne("📞", Cle.CARTE_TELEPHONE, str(fiche.telephone)))
        if manquants:
            lignes += self.a_verifier(manquants, fiche)
        return lignes

    def droit(self, fiche: Droit) -> list[r.LigneCarte]:
        """Lines of a right: who may get it, where to ask, the official page."""
        lignes = self.section("👥", Cle.CARTE_QUI_PEUT, fiche.conditions)
        if fiche.justificatifs:
            lignes += self.section("📄", Cle.CARTE_A_PREPARER, fiche.justificatifs)
        ou = [self.base.fiches[i].titre for i in fiche.ou_demander if i in self.base.fiches]
        if ou:
            lignes += self.section("📍", Cle.CARTE_OU_DEMANDER, ou)
        page = fiche.lien_source or fiche.simulateur
        if page:
            lignes.append(self.ligne("🌐", Cle.CARTE_PAGE_OFFICIELLE, page))
        return lignes

    def urgence(self, fiche: Urgence) -> list[r.LigneCarte]:
        """Lines of an emergency fiche: each number and what it is for."""
        return [r.LigneCarte("📞", n.numero + (f" {self.t(Cle.CARTE_SMS)}" if n.sms else ""), n.libelle) for n in fiche.numeros]

    def details(self, fiche: Fiche) -> list[r.LigneCarte]:
        """Mediator lines: description, checks, sources, related fiches."""
        titres = [self.base.fiches[i].titre if i in self.base.fiches else i for i in getattr(fiche, "liens", [])]
        lignes = [self.ligne("📝", Cle.CARTE_DESCRIPTION, fiche.description)]
        if isinstance(fiche, Structure) and fiche.conditions_acces:
            lignes.append(self.ligne("🔑", Cle.CARTE_CONDITIONS, fiche.conditions_acces))
        lignes.append(self.ligne("✔️", Cle.CARTE_VERIFIE_LE, date_fr(fiche.date_maj)))
        if fiche.a_verifier:
            lignes.append(self.ligne("❓", Cle.CARTE_A_VERIFIER, liste([_champ(c, self.t) for c in fiche.a_verifier])))
        if isinstance(fiche, Structure):
            for champ, picto, cle in (("courriel", "✉️", Cle.CARTE_COURRIEL), ("site_web", "🌐", Cle.CARTE_SITE)):
                if _sur(fiche, champ):
                    lignes.append(self.ligne(picto, cle, str(getattr(fiche, champ))))
            if fiche.repli:
                replis = [self.base.fiches[i].titre if i in self.base.fiches else i for i in fiche.repli]
                lignes.append(self.ligne("↪️", Cle.CARTE_REPLI, liste(replis)))
        lignes.append(self.ligne("📚", Cle.CARTE_SOURCES, " ; ".join(s.titre for s in fiche.sources)))
        if titres:
            lignes.append(self.ligne("🔗", Cle.CARTE_VOIR_AUSSI, liste(titres)))
        return lignes


def carte(
    fiche: Fiche, base: Base, textes: Textes, quartier: str | None = None, detaillee: bool = False, maintenant: dt.datetime | None = None
) -> r.Carte:
    """Word one fiche as a card, for the resident or (detaillee) for a mediator."""
    redaction = Redaction(base, textes, quartier, maintenant)
    lignes: list[r.LigneCarte] = []
    telephone: str | None = None
    if isinstance(fiche, Urgence):
        lignes = redaction.urgence(fiche)
        telephone = fiche.numeros[0].numero
    elif isinstance(fiche, Structure):
        lignes = redaction.structure(fiche)
        telephone = fiche.telephone if _sur(fiche, "telephone") else None
    elif isinstance(fiche, Droit):
        lignes = redaction.droit(fiche)
    lignes += [r.LigneCarte(CHIFFRES[i], etape, "") for i, etape in enumerate(fiche.que_faire)]
    if detaillee:
        lignes += redaction.details(fiche)
    return r.Carte(fiche.id, fiche.type, fiche.titre, fiche.resume, tuple(lignes), telephone, bool(fiche.a_verifier), detaillee)


def resume_orientation(
    ids: tuple[str, ...], base: Base, textes: Textes, quartier: str | None, nom_quartier: str | None, maintenant: dt.datetime | None = None
) -> str:
    """Write the plain-text summary of an orientation a mediator can hand over."""
    jour = a_paris(maintenant).date()
    lignes = [textes(Cle.FICHE_ORIENTATION_TITRE, date=date_fr(jour))]
    if nom_quartier:
        lignes.append(textes(Cle.FICHE_ORIENTATION_QUARTIER, quartier=nom_quartier))
    fiches = [base.fiches[i] for i in ids if i in base.fiches]
    if not fiches:
        lignes.append(textes(Cle.FICHE_ORIENTATION_VIDE))
    for n, fiche in enumerate(fiches, 1):
        c = carte(fiche, base, textes, quartier, detaillee=False, maintenant=maintenant)
        lignes += ["", f"{n}. {c.titre}", c.resume]
        lignes += [f"- {l.libelle} : {l.valeur}" if l.valeur else f"- {l.libelle}" for l in c.lignes]
        lignes.append(f"- {textes(Cle.CARTE_VERIFIE_LE)} {date_fr(fiche.date_maj)}")
    return "\n".join(lignes)
