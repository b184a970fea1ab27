"""Fiche → Carte: the wording residents (or mediators) see; never a fact the fiche lacks.

A missing or unsure address, phone or opening hours is said « à vérifier », followed by who to
ask: the first `repli` fiche with a phone number, else the centre social of the resident's
quartier, else the first `repli` structure by name.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date

from bot.dialogue import reponses as r
from bot.connaissances.base import Base
from bot.connaissances.horaires import HorairesIllisibles, a_paris, decrire, etat_ouverture, lire_horaires
from bot.connaissances.modeles import Droit, Fiche, Structure, Urgence

PUBLICS = {
    "femmes": "les femmes", "familles": "les familles", "jeunes": "les jeunes",
    "seniors": "les personnes âgées", "demandeurs-emploi": "les personnes sans emploi",
    "personnes-en-situation-de-handicap": "les personnes handicapées", "etudiants": "les étudiants",
    "tous-publics": "tout le monde", "actifs": "les personnes qui travaillent",
    "beneficiaires-des-minimas-sociaux": "les personnes au RSA", "residents-qpv-frr": "les habitants des quartiers",
    "personnes-exilees": "les personnes exilées", "personnes-en-situation-durgence": "les personnes en difficulté",
}
PUBLICS_MAX = 3
CHIFFRES = ("1️⃣", "2️⃣", "3️⃣")
CHAMPS_MOTS = {"adresse": "adresse", "telephone": "téléphone", "horaires_accueil": "horaires",
               "code_postal": "code postal", "commune": "commune", "courriel": "courriel",
               "conditions_acces": "conditions", "justificatifs": "papiers à apporter",
               "lien_source": "page officielle", "site_web": "site", "quartier": "quartier",
               "description": "description", "publics": "public", "simulateur": "simulateur", "numeros": "numéros"}


def date_fr(jour: dt.date) -> str:
    """Say a date in French: « 21 novembre 2026 »."""
    return format_date(jour, "d MMMM y", locale="fr")


def _liste(mots: list[str]) -> str:
    """Join words the French way: « a, b et c »."""
    return mots[0] if len(mots) == 1 else ", ".join(mots[:-1]) + " et " + mots[-1]


def _sur(fiche: Structure, champ: str) -> bool:
    """True when the field is filled and not flagged « à vérifier »."""
    return getattr(fiche, champ) is not None and champ not in fiche.a_verifier


def numeros(fiche: Urgence) -> tuple[r.Numero, ...]:
    """Return the fiche's numbers as response numbers."""
    return tuple(r.Numero(n.numero, n.libelle, n.sms) for n in fiche.numeros)


ARTICLES = {"centre": "au", "ccas": "au", "club": "au", "relais": "au", "programme": "au", "pre": "au",
            "maison": "à la", "fabrique": "à la", "cite": "à la", "cité": "à la", "coopérative": "à la",
            "médiation": "à la", "mds": "à la", "mission": "à la", "espace": "à l'", "ateliers": "aux", "adlc": "aux",
            "sas": "au", "réussite": "à la"}
SANS_CONTACT = "touchez « Parler à quelqu'un »"


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


def contact_repli(fiche: Fiche, base: Base, quartier: str | None) -> str:
    """Say who to ask when a coordinate is missing: « appelez le 3230 (CAF) » or « demandez au centre social Matisse »."""
    if isinstance(fiche, Structure) and _sur(fiche, "telephone"):
        return f"appelez le {fiche.telephone}"
    replis = [base.fiches[i] for i in getattr(fiche, "repli", []) if i in base.fiches]
    for autre in replis:
        if isinstance(autre, Urgence):
            return f"appelez le {autre.numeros[0].numero}"
    centre = base.centre_social(quartier)
    if centre is not None and centre.id != fiche.id:
        return f"demandez {a_qui(centre.titre)}"
    for autre in replis:
        if isinstance(autre, Structure) and _sur(autre, "telephone"):
            return f"appelez le {autre.telephone} ({nom_bref(autre)})"
    for autre in replis:
        if isinstance(autre, Structure):
            return f"demandez {a_qui(autre.titre)}"
    return SANS_CONTACT


def _a_verifier(manquants: list[str], fiche: Fiche, base: Base, quartier: str | None) -> list[r.LigneCarte]:
    """One short line per missing coordinate, then who to ask."""
    lignes = [r.LigneCarte("❓", f"{CHAMPS_MOTS[c].capitalize()} à vérifier", "") for c in manquants]
    qui = contact_repli(fiche, base, quartier)
    return lignes + [r.LigneCarte("➡️", qui[0].upper() + qui[1:], "")]


def _horaires(fiche: Structure, maintenant: dt.datetime | None) -> list[r.LigneCarte]:
    """The opening hours and whether it is open now (nothing when the text is unusable)."""
    assert fiche.horaires_accueil is not None
    try:
        horaires = lire_horaires(fiche.horaires_accueil)
    except HorairesIllisibles:
        return [r.LigneCarte("🕒", "Horaires", fiche.horaires_accueil)]
    return [r.LigneCarte("🕒", "Horaires", decrire(horaires)),
            r.LigneCarte("🚪", etat_ouverture(horaires, maintenant), "")]


def _pour_qui(fiche: Fiche) -> str | None:
    """Who the place is for, in plain words (three publics at most)."""
    if "tous-publics" in fiche.publics:
        return PUBLICS["tous-publics"]
    mots = [PUBLICS[p] for p in fiche.publics if p in PUBLICS][:PUBLICS_MAX]
    return _liste(mots) if mots else None


def _section(pictogramme: str, titre: str, elements: list[str]) -> list[r.LigneCarte]:
    """A section title then one short line per element (easier to read and to hear)."""
    return [r.LigneCarte(pictogramme, titre, "")] + [r.LigneCarte("▪️", e, "") for e in elements]


def _structure(fiche: Structure, base: Base, quartier: str | None, maintenant: dt.datetime | None) -> list[r.LigneCarte]:
    """Lines of a place: for whom, what to bring, address, hours, phone, what to do."""
    lignes: list[r.LigneCarte] = []
    pour_qui = _pour_qui(fiche)
    if pour_qui:
        lignes.append(r.LigneCarte("👥", "Pour qui", pour_qui))
    if fiche.justificatifs and "justificatifs" not in fiche.a_verifier:
        lignes += _section("📄", "À apporter", fiche.justificatifs)
    manquants = [c for c in ("adresse", "telephone", "horaires_accueil") if not _sur(fiche, c)]
    if _sur(fiche, "adresse"):
        ville = " ".join(x for x in (fiche.code_postal, fiche.commune) if x)
        lignes.append(r.LigneCarte("📍", "Adresse", ", ".join(x for x in (fiche.adresse, ville) if x)))
    if _sur(fiche, "horaires_accueil"):
        lignes += _horaires(fiche, maintenant)
    if _sur(fiche, "telephone"):
        lignes.append(r.LigneCarte("📞", "Téléphone", str(fiche.telephone)))
    if manquants:
        lignes += _a_verifier(manquants, fiche, base, quartier)
    return lignes


def _droit(fiche: Droit, base: Base) -> list[r.LigneCarte]:
    """Lines of a right: who may get it, where to ask, the official page."""
    lignes = _section("👥", "Qui peut l'avoir", fiche.conditions)
    if fiche.justificatifs:
        lignes += _section("📄", "À préparer", fiche.justificatifs)
    ou = [base.fiches[i].titre for i in fiche.ou_demander if i in base.fiches]
    if ou:
        lignes += _section("📍", "Où demander", ou)
    page = fiche.lien_source or fiche.simulateur
    if page:
        lignes.append(r.LigneCarte("🌐", "Page officielle", page))
    return lignes


def _details(fiche: Fiche, base: Base) -> list[r.LigneCarte]:
    """Mediator lines: description, checks, sources, related fiches."""
    lignes = [r.LigneCarte("📝", "Description", fiche.description)]
    if isinstance(fiche, Structure) and fiche.conditions_acces:
        lignes.append(r.LigneCarte("🔑", "Conditions", fiche.conditions_acces))
    lignes.append(r.LigneCarte("✔️", "Vérifié le", date_fr(fiche.date_maj)))
    if fiche.a_verifier:
        lignes.append(r.LigneCarte("❓", "À vérifier", _liste([CHAMPS_MOTS.get(c, c) for c in fiche.a_verifier])))
    if isinstance(fiche, Structure):
        for champ, picto, libelle in (("courriel", "✉️", "Courriel"), ("site_web", "🌐", "Site")):
            if _sur(fiche, champ):
                lignes.append(r.LigneCarte(picto, libelle, str(getattr(fiche, champ))))
        if fiche.repli:
            lignes.append(r.LigneCarte("↪️", "Repli", _liste([base.fiches[i].titre if i in base.fiches else i for i in fiche.repli])))
    lignes.append(r.LigneCarte("📚", "Sources", " ; ".join(s.titre for s in fiche.sources)))
    liens = [base.fiches[i].titre if i in base.fiches else i for i in getattr(fiche, "liens", [])]
    if liens:
        lignes.append(r.LigneCarte("🔗", "Voir aussi", _liste(liens)))
    return lignes


def carte(fiche: Fiche, base: Base, quartier: str | None = None, detaillee: bool = False,
          maintenant: dt.datetime | None = None) -> r.Carte:
    """Word one fiche as a card, for the resident or (detaillee) for a mediator."""
    lignes: list[r.LigneCarte] = []
    telephone: str | None = None
    if isinstance(fiche, Urgence):
        lignes = [r.LigneCarte("📞", n.numero + (" (SMS)" if n.sms else ""), n.libelle) for n in fiche.numeros]
        telephone = fiche.numeros[0].numero
    elif isinstance(fiche, Structure):
        lignes = _structure(fiche, base, quartier, maintenant)
        telephone = fiche.telephone if _sur(fiche, "telephone") else None
    elif isinstance(fiche, Droit):
        lignes = _droit(fiche, base)
    lignes += [r.LigneCarte(CHIFFRES[i], etape, "") for i, etape in enumerate(fiche.que_faire)]
    if detaillee:
        lignes += _details(fiche, base)
    return r.Carte(fiche.id, fiche.type, fiche.titre, fiche.resume, tuple(lignes), telephone,
                   bool(fiche.a_verifier), detaillee)


def resume_orientation(ids: tuple[str, ...], base: Base, quartier: str | None, nom_quartier: str | None,
                       maintenant: dt.datetime | None = None) -> str:
    """Write the plain-text summary of an orientation a mediator can hand over."""
    jour = a_paris(maintenant).date()
    lignes = [f"Orientation Passerelle du {date_fr(jour)}"]
    if nom_quartier:
        lignes.append(f"Quartier : {nom_quartier}")
    fiches = [base.fiches[i] for i in ids if i in base.fiches]
    if not fiches:
        lignes.append("Aucune fiche montrée pour l'instant.")
    for n, fiche in enumerate(fiches, 1):
        c = carte(fiche, base, quartier, detaillee=False, maintenant=maintenant)
        lignes += ["", f"{n}. {c.titre}", c.resume]
        lignes += [f"- {l.libelle} : {l.valeur}" if l.valeur else f"- {l.libelle}" for l in c.lignes]
        lignes.append(f"- Vérifié le {date_fr(fiche.date_maj)}")
    return "\n".join(lignes)
