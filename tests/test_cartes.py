"""Tests of bot/cartes.py on the real knowledge base (and real fiches with edited fields)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.connaissances.base import Base
from bot.connaissances.chargement import charger
from bot.connaissances.modeles import Droit, Structure, Urgence
from bot.dialogue.cartes import a_qui, date_fr
from bot.dialogue.cartes import carte as carte_fiche
from bot.dialogue.cartes import contact_repli as contact_fiche
from bot.dialogue.cartes import resume_orientation as resume_fiches
from bot.dialogue.cles import Cle
from bot.dialogue.parcours import charger_parcours
from bot.dialogue.reponses import Carte
from bot.dialogue.textes import Textes

RACINE = Path(__file__).resolve().parent.parent
LUNDI_10H = dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
SAMEDI_14H = dt.datetime(2026, 11, 21, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))


TEXTES: Textes = charger_parcours(RACINE / "dialogues").textes
SANS_CONTACT = TEXTES(Cle.REPLI_SANS_CONTACT)


def carte(fiche, base: Base, *args, **kwargs) -> Carte:  # type: ignore[no-untyped-def]
    """A card worded with the real texts of dialogues/."""
    return carte_fiche(fiche, base, TEXTES, *args, **kwargs)


def contact_repli(fiche, base: Base, quartier: str | None) -> str:  # type: ignore[no-untyped-def]
    """Who to ask, worded with the real texts of dialogues/."""
    return contact_fiche(fiche, base, TEXTES, quartier)


def resume_orientation(ids, base: Base, *args) -> str:  # type: ignore[no-untyped-def]
    """The mediator summary, worded with the real texts of dialogues/."""
    return resume_fiches(ids, base, TEXTES, *args)


@pytest.fixture(scope="module")
def base() -> Base:
    """The real knowledge base (as far as it is written)."""
    return charger(RACINE / "connaissances").base


def _femmes(base: Base) -> Structure:
    """The real Maison des femmes fiche."""
    fiche = base.fiche("maison-des-femmes")
    assert isinstance(fiche, Structure)
    return fiche


def _valeurs(c) -> str:  # type: ignore[no-untyped-def]
    """Every text of a card joined."""
    return " | ".join(f"{l.libelle} : {l.valeur}" for l in c.lignes)


def test_carte_habitant_maison_des_femmes(base: Base) -> None:
    fiche = _femmes(base)
    c = carte(fiche, base, maintenant=LUNDI_10H)
    assert c.titre == "Maison des femmes"
    assert c.resume == fiche.resume
    assert c.telephone is None
    assert c.a_verifier and not c.detaillee
    libelles = [l.libelle for l in c.lignes]
    assert "Adresse" not in libelles and "Téléphone" not in libelles
    verifs = [l.libelle for l in c.lignes if "à vérifier" in l.libelle]
    assert verifs == ["Adresse à vérifier", "Téléphone à vérifier", "Horaires à vérifier"]
    qui = contact_repli(fiche, base, None)
    assert c.lignes[libelles.index("Horaires à vérifier") + 1].libelle == qui[0].upper() + qui[1:]
    assert [l.libelle for l in c.lignes if l.pictogramme in ("1️⃣", "2️⃣", "3️⃣")] == fiche.que_faire
    assert any(l.libelle == "Pour qui" and "les femmes" in l.valeur for l in c.lignes)


def test_aucun_numero_invente(base: Base) -> None:
    """Every phone number printed on a resident card is in the base."""
    connus = {s.telephone for s in base.structures() if s.telephone}
    connus |= {n.numero for u in base.urgences() for n in u.numeros}
    for fiche in base.fiches.values():
        texte = carte(fiche, base, maintenant=LUNDI_10H).a_dire()
        for numero in re.findall(r"\b\d{2}(?: \d{2}){4}\b|\b\d{3,4}\b", texte):
            if numero not in connus:
                assert numero in fiche.resume + fiche.description + " ".join(fiche.que_faire) + _valeurs(carte(fiche, base))


def test_repli_centre_social_du_quartier(base: Base) -> None:
    fiche = _femmes(base).model_copy(update={"repli": []})
    centre = base.centre_social("beau-marais")
    attendu = f"demandez {a_qui(centre.titre)}" if centre else SANS_CONTACT
    assert contact_repli(fiche, base, "beau-marais") == attendu
    assert contact_repli(fiche, base, None) == SANS_CONTACT


def test_repli_structure_par_son_nom(base: Base) -> None:
    fiche = _femmes(base).model_copy(update={"repli": ["ccas"]})
    assert contact_repli(fiche, base, None) == "demandez au CCAS"


def test_repli_numero_national(base: Base) -> None:
    numero = Urgence.model_validate(
        {
            "version": 1,
            "id": "urgence-essai",
            "type": "urgence",
            "nom": "Numéro essai",
            "description": "Essai.",
            "resume": "Un numéro.",
            "que_faire": ["Appelez."],
            "sources": [{"titre": "essai", "url": "https://example.org"}],
            "date_maj": "2026-11-21",
            "numeros": [{"numero": "3230", "libelle": "La CAF."}],
            "dangers": ["medical"],
        }
    )
    locale = Base({**base.fiches, numero.id: numero}, base.quartiers)
    fiche = _femmes(base).model_copy(update={"repli": ["urgence-essai", "ccas"]})
    assert contact_repli(fiche, locale, "beau-marais") == "appelez le 3230"
    c = carte(numero, locale)
    assert c.telephone == "3230" and c.lignes[0].libelle == "3230"


def test_coordonnees_sourcees_et_horaires(base: Base) -> None:
    fiche = _femmes(base).model_copy(
        update={
            "adresse": "1 rue de l'Essai",
            "code_postal": "62100",
            "telephone": "03 21 00 00 00",
            "horaires_accueil": "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
            "a_verifier": [],
        }
    )
    ouvert = carte(fiche, base, maintenant=LUNDI_10H)
    lignes = {l.libelle: l.valeur for l in ouvert.lignes}
    assert lignes["Adresse"] == "1 rue de l'Essai, 62100 Calais"
    assert lignes["Téléphone"] == "03 21 00 00 00" and ouvert.telephone == "03 21 00 00 00"
    assert lignes["Horaires"] == "Du lundi au vendredi, 9 h à 12 h et 13 h 30 à 17 h"
    assert "Ouvert maintenant, jusqu'à 12 h" in lignes
    assert not any("à vérifier" in l for l in lignes)
    ferme = carte(fiche, base, maintenant=SAMEDI_14H)
    assert "Fermé, ouvre lundi à 9 h" in [l.libelle for l in ferme.lignes]


def test_telephone_a_verifier_non_affiche(base: Base) -> None:
    fiche = _femmes(base).model_copy(
        update={"telephone": "03 21 00 00 00", "a_verifier": ["telephone"], "adresse": "1 rue de l'Essai", "horaires_accueil": "24/7"}
    )
    c = carte(fiche, base, maintenant=LUNDI_10H)
    assert c.telephone is None
    assert "03 21 00 00 00" not in c.a_dire()
    assert any(l.libelle == "Téléphone à vérifier" for l in c.lignes)


def test_carte_mediateur(base: Base) -> None:
    fiche = _femmes(base)
    c = carte(fiche, base, detaillee=True, maintenant=LUNDI_10H)
    lignes = {l.libelle: l.valeur for l in c.lignes}
    assert c.detaillee
    assert lignes["Vérifié le"] == date_fr(fiche.date_maj) == "21 novembre 2026"
    assert lignes["À vérifier"] == "adresse, téléphone et horaires"
    assert all(s.titre in lignes["Sources"] for s in fiche.sources)
    assert lignes["Description"] == fiche.description
    assert "Voir aussi" in lignes and lignes["Conditions"] == fiche.conditions_acces


def test_carte_droit(base: Base) -> None:
    droit = Droit.model_validate(
        {
            "version": 1,
            "id": "droit-essai",
            "type": "droit",
            "nom": "Aide d'essai",
            "description": "Essai.",
            "resume": "Une aide pour essayer.",
            "que_faire": ["Demandez-la."],
            "conditions": ["Habiter Calais", "Avoir 18 ans"],
            "ou_demander": ["ccas"],
            "lien_source": "https://www.service-public.fr/",
            "justificatifs": ["Pièce d'identité"],
            "sources": [{"titre": "essai", "url": "https://example.org"}],
            "date_maj": "2026-11-21",
        }
    )
    c = carte(droit, base)
    lignes = {l.libelle: l.valeur for l in c.lignes}
    ordre = [l.libelle for l in c.lignes]
    assert ordre[:3] == ["Qui peut l'avoir", "Habiter Calais", "Avoir 18 ans"]
    assert ordre[ordre.index("Où demander") + 1] == "CCAS"
    assert ordre[ordre.index("À préparer") + 1] == "Pièce d'identité"
    assert lignes["Page officielle"] == "https://www.service-public.fr/"


def test_toutes_les_fiches_reelles_ont_une_carte(base: Base) -> None:
    assert "maison-des-femmes" in base.fiches
    for fiche in base.fiches.values():
        for detaillee in (False, True):
            c = carte(fiche, base, "beau-marais", detaillee, LUNDI_10H)
            assert c.fiche_id == fiche.id and c.resume and c.lignes
            if isinstance(fiche, Structure) and fiche.a_verifier:
                assert any("à vérifier" in l.libelle.lower() for l in c.lignes)


def test_resume_orientation(base: Base) -> None:
    texte = resume_orientation(("maison-des-femmes", "inconnue"), base, "beau-marais", "Beau Marais", LUNDI_10H)
    assert texte.startswith("Orientation Passerelle du 23 novembre 2026")
    assert "Quartier : Beau Marais" in texte
    assert "1. Maison des femmes" in texte and "Vérifié le 21 novembre 2026" in texte
    assert "inconnue" not in texte
    assert "Aucune fiche" in resume_orientation((), base, None, None, LUNDI_10H)
