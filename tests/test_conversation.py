"""Tests of the engine (bot/conversation.py) on the real dialogues and knowledge base."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.comprehension.recherche import Moteur
from bot.connaissances.chargement import charger
from bot.connaissances.modeles import Urgence
from bot.dialogue.contexte import Contexte, textes_statiques
from bot.dialogue.etat import FIN, MENU, PARLER_QUARTIER, Etat, etat_initial
from bot.dialogue.moteur import repondre
from bot.dialogue.parcours import charger_parcours
from bot.dialogue.reponses import Carte, Choix, Entree, Texte, Tour, Urgences
from bot.francais.texte import mots, phrases

RACINE = Path(__file__).resolve().parent.parent
LUNDI = dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
MOTS_MENU = ("Travail", "Argent", "Logement", "Santé", "Famille", "Femmes", "Papiers", "âgées", "Jeunes", "Urgence")
SERVICES = ("ne-sait-pas", "parler", "recommencer")


@pytest.fixture(scope="module")
def ctx() -> Contexte:
    """The real context (knowledge base as far as it is written)."""
    base = charger(RACINE / "connaissances").base
    return Contexte(base, charger_parcours(RACINE / "dialogues"), Moteur(base))


def jouer(ctx: Contexte, *entrees: Entree | str, etat: Etat | None = None) -> tuple[Etat, Tour]:
    """Play inputs (a str is a button id) from a new conversation started with /start."""
    e, tour = repondre(etat or etat_initial(), Entree(commande="start", maintenant=LUNDI), ctx)
    for x in entrees:
        entree = Entree(bouton=x, maintenant=LUNDI) if isinstance(x, str) else x
        e, tour = repondre(e, entree, ctx)
    return e, tour


def cles(tour: Tour) -> list[str]:
    """The message ids of a turn."""
    return [r.cle for r in tour.reponses if isinstance(r, Texte)]


def cartes(tour: Tour) -> list[Carte]:
    """The cards of a turn."""
    return [r for r in tour.reponses if isinstance(r, Carte)]


def test_accueil_et_menu(ctx: Contexte) -> None:
    e, tour = jouer(ctx)
    accueil = tour.reponses[0]
    assert isinstance(accueil, Texte) and accueil.cle == "accueil" and len(phrases(accueil.texte)) <= 2
    etiquettes = [b.etiquette for b in tour.boutons]
    for mot in MOTS_MENU:
        assert any(mot in x for x in etiquettes), mot
    assert [b.id for b in tour.boutons][-3:] == list(SERVICES)
    assert e.etape == MENU


def test_etat_vide_recevant_un_texte_salue(ctx: Contexte) -> None:
    e, tour = repondre(etat_initial(), Entree(texte="bonjour"), ctx)
    assert cles(tour)[0] == "accueil"
    assert isinstance(tour.reponses[-1], Choix)
    e, tour = repondre(etat_initial(), Entree(bouton="theme:travail"), ctx)
    assert cles(tour) == ["accueil"] and e.etape == "age"


def test_parcours_travail_par_boutons(ctx: Contexte) -> None:
    e, tour = jouer(ctx, "theme:travail")
    assert [b.id for b in tour.boutons] == ["reponse:moins-26", "reponse:plus-26", *SERVICES]
    e, tour = jouer(ctx, "theme:travail", "reponse:moins-26", "quartier:beau-marais")
    assert e.etape == FIN and e.quartier == "beau-marais" and e.reponses == (("age", "moins-26"),)
    ids = [c.fiche_id for c in cartes(tour)]
    assert 1 <= len(ids) <= 3 and ids[0] == "fabrique-defi"
    assert e.fiches == tuple(ids) and cles(tour) == ["cartes-intro"]


def test_reponses_tapees(ctx: Contexte) -> None:
    e, _ = jouer(ctx, "theme:travail", Entree(texte="j'ai 45 ans"))
    assert e.reponse("age") == "plus-26" and e.etape == "quartier"
    e, _ = jouer(ctx, "theme:travail", Entree(texte="26 ans ou plu"), Entree(texte="j'habite au fort nieulay"))
    assert e.reponse("age") == "plus-26" and e.quartier == "fort-nieulay" and e.etape == FIN
    e, _ = jouer(ctx, Entree(texte="logment"))
    assert e.thematique == "logement"
    e, _ = jouer(ctx, Entree(texte="🏠"))
    assert e.thematique == "logement"


def test_je_ne_sais_pas_donne_les_cartes_generales(ctx: Contexte) -> None:
    e, tour = jouer(ctx, "theme:travail", "ne-sait-pas", "ne-sait-pas")
    assert e.etape == FIN and e.reponses == ()
    assert [c.fiche_id for c in cartes(tour)][:1] == ["fabrique-defi"]


def test_quartier_connu_saute_la_question(ctx: Contexte) -> None:
    e, _ = jouer(ctx, "theme:argent", "reponse:manger", "quartier:cailloux", "menu", "theme:logement", "reponse:loyer")
    assert e.etape == FIN and e.thematique == "logement" and e.quartier == "cailloux"


def test_quartier_prefere(ctx: Contexte) -> None:
    _, tour = jouer(ctx, "theme:femmes", "reponse:travail")
    ids = [c.fiche_id for c in cartes(tour)]
    assert ids[0] == "maison-des-femmes"
    centre = ctx.base.centre_social("beau-marais")
    e, tour = jouer(ctx, "theme:papiers", "reponse:lire", "quartier:beau-marais")
    ids = [c.fiche_id for c in cartes(tour)]
    if centre is not None:
        assert centre.id in ids
    for carte in cartes(tour):
        fiche = ctx.base.fiche(carte.fiche_id)
        assert ids.index(carte.fiche_id) >= 0 and fiche.id in ctx.base.fiches


def test_urgence_montre_tous_les_numeros(ctx: Contexte) -> None:
    _, tour = jouer(ctx, "theme:urgence")
    assert tour.urgence and isinstance(tour.reponses[0], Urgences)
    montres = [n.numero for n in tour.reponses[0].numeros]
    attendus = {n.numero for u in ctx.base.urgences() for n in u.numeros} | {"17", "112", "114"}
    assert set(montres) == attendus and len(montres) == len(set(montres))
    assert {"17", "112", "114", "15", "3919", "115", "119", "3114"} <= set(montres)
    assert montres.index("17") < montres.index("114")
    assert all(n.libelle for n in tour.reponses[0].numeros)


def test_femmes_premier_ecran(ctx: Contexte) -> None:
    e, tour = jouer(ctx, "theme:femmes")
    assert e.etape == "besoin"
    assert isinstance(ctx.base.fiche("urgence-violences-femmes"), Urgence)
    assert isinstance(tour.reponses[0], Urgences) and tour.reponses[0].numeros[0].numero == "3919"


def test_danger_interrompt_et_garde_l_etat(ctx: Contexte) -> None:
    avant, _ = jouer(ctx, "theme:travail", "reponse:plus-26")
    texte = "je veux me suicider"
    assert ctx.moteur.chercher(texte).urgence
    apres, tour = repondre(avant, Entree(texte=texte, maintenant=LUNDI), ctx)
    assert isinstance(tour.reponses[0], Urgences)
    numeros = [n.numero for n in tour.reponses[0].numeros]
    assert "17" in numeros and "112" in numeros
    assert numeros[0] == "3114"
    assert apres.etape == avant.etape == "quartier" and apres.reponses == avant.reponses
    assert isinstance(tour.reponses[-1], Choix) and "quartier:beau-marais" in [b.id for b in tour.boutons]
    suite, tour = repondre(apres, Entree(bouton="quartier:cailloux"), ctx)
    assert suite.etape == FIN and cartes(tour)


def test_danger_au_premier_message_vient_avant_l_accueil(ctx: Contexte) -> None:
    _, tour = repondre(etat_initial(), Entree(texte="je veux me suicider"), ctx)
    assert isinstance(tour.reponses[0], Urgences) and cles(tour)[0] == "accueil"


@pytest.mark.parametrize(
    ("texte", "cle"),
    [
        ("", "vide"),
        ("   \n\t ", "vide"),
        ("😢😢", "vide"),
        ("\x00\x07\x1b", "vide"),
        ("xqzkw plorf", "rien-trouve"),
        ("Привет как дела", "langue"),
        ("مرحبا", "langue"),
    ],
)
def test_entrees_bizarres_gardent_l_etat(ctx: Contexte, texte: str, cle: str) -> None:
    avant, _ = jouer(ctx, "theme:sante")
    apres, tour = repondre(avant, Entree(texte=texte), ctx)
    assert apres == avant
    assert cles(tour) == [cle] and isinstance(tour.reponses[-1], Choix) and not tour.urgence


def test_texte_tres_long(ctx: Contexte) -> None:
    avant, _ = jouer(ctx, "theme:sante")
    apres, tour = repondre(avant, Entree(texte="blabla " * 50_000), ctx)
    assert isinstance(tour.reponses[-1], Choix) and apres.etape in (avant.etape, FIN)


def test_besoin_clair_en_texte_libre(ctx: Contexte) -> None:
    e, tour = jouer(ctx, Entree(texte="je suis une maman seule"))
    ids = [c.fiche_id for c in cartes(tour)]
    assert "maison-des-femmes" in ids and len(ids) <= 3
    # the cards come first; the theme's question that refines them is offered after, as buttons
    assert isinstance(tour.reponses[-1], Choix) and e.thematique == "femmes" and e.etape == "besoin"
    assert tour.reponses.index(cartes(tour)[0]) < len(tour.reponses) - 1
    e, tour = jouer(ctx, Entree(texte="I am a woman alone"))
    assert "maison-des-femmes" in [c.fiche_id for c in cartes(tour)]


def question(tour: Tour) -> str:
    """The question of the turn's last choice."""
    choix = [r for r in tour.reponses if isinstance(r, Choix)]
    return choix[-1].question if choix else ""


@pytest.mark.parametrize("avant", [(), ("theme:argent",)])
def test_besoin_ecrit_avant_les_boutons(ctx: Contexte, avant: tuple[str, ...]) -> None:
    """A need typed as a sentence gets its cards at once, from the menu or on a theme's question."""
    e, tour = jouer(ctx, *avant, Entree(texte="on a plus rien a manger pour les petits cette semaine", maintenant=LUNDI))
    assert {"ccas", "adlc"} & {c.fiche_id for c in cartes(tour)}
    assert "quartier" not in question(tour) and "argent" not in question(tour)
    assert e.reponse("besoin") == "manger" or e.etape == FIN


def test_reponse_courte_a_la_question(ctx: Contexte) -> None:
    """A short reply answers the question on screen: an age, a button's word."""
    e, tour = jouer(ctx, "theme:travail", Entree(texte="j'ai 30 ans", maintenant=LUNDI))
    assert e.reponse("age") == "plus-26"
    e, tour = jouer(ctx, "theme:argent", Entree(texte="factures", maintenant=LUNDI))
    assert e.reponse("besoin") == "factures"
    e, tour = jouer(ctx, Entree(texte="argent", maintenant=LUNDI))
    assert e.thematique == "argent" and e.etape == "besoin" and not cartes(tour)


def test_creneaux_pris_dans_le_message(ctx: Contexte) -> None:
    """What the message says (age, quartier, the theme's answer) is never asked again."""
    e, tour = jouer(ctx, Entree(texte="j'ai 23 ans et je cherche du travail au beau marais", maintenant=LUNDI))
    assert cartes(tour) and e.quartier == "beau-marais"
    assert "âge" not in question(tour) and "quartier" not in question(tour)
    e, tour = jouer(ctx, "theme:travail", Entree(texte="je cherche du boulot, j'ai 19 ans, je suis au fort nieulay", maintenant=LUNDI))
    assert e.quartier == "fort-nieulay" and "âge" not in question(tour) and "quartier" not in question(tour)


def test_parler_a_quelqu_un(ctx: Contexte) -> None:
    e, tour = jouer(ctx, "parler")
    assert e.etape == PARLER_QUARTIER and "quartier:autre" in [b.id for b in tour.boutons]
    e, tour = jouer(ctx, "parler", "quartier:autre")
    ids = [c.fiche_id for c in cartes(tour)]
    assert e.etape == FIN and ids and ids[0] == "ccas"
    e, tour = jouer(ctx, "ne-sait-pas", "ne-sait-pas")
    assert "ccas" in [c.fiche_id for c in cartes(tour)]
    e, tour = jouer(ctx, "theme:travail", "reponse:plus-26", "quartier:beau-marais", "parler")
    centre = ctx.base.centre_social("beau-marais")
    if centre is not None:
        assert cartes(tour)[0].fiche_id == centre.id


def test_mode_mediateur_et_fiche(ctx: Contexte) -> None:
    e, tour = jouer(ctx, Entree(commande="mediateur"))
    assert e.mode == "mediateur" and cles(tour) == ["mode-mediateur"] and "fiche" in [b.id for b in tour.boutons]
    e, tour = jouer(ctx, Entree(commande="mediateur"), "theme:femmes", "reponse:violences")
    assert all(c.detaillee for c in cartes(tour))
    assert any(l.libelle == "Vérifié le" for l in cartes(tour)[0].lignes)
    e, tour = repondre(e, Entree(bouton="fiche", maintenant=LUNDI), ctx)
    resume = next(r for r in tour.reponses if isinstance(r, Texte) and r.cle == "fiche-orientation")
    assert "Maison des femmes" in resume.texte and "23 novembre 2026" in resume.texte
    e, tour = repondre(e, Entree(commande="habitant"), ctx)
    assert e.mode == "habitant" and "fiche" not in [b.id for b in tour.boutons]


def test_recommencer_garde_le_mode(ctx: Contexte) -> None:
    e, _ = jouer(ctx, Entree(commande="mediateur"), "theme:travail", "reponse:plus-26", "quartier:cailloux")
    e, tour = repondre(e, Entree(bouton="recommencer"), ctx)
    assert e == Etat(etape=MENU, mode="mediateur") and cles(tour) == ["accueil"]
    e, tour = repondre(e, Entree(commande="aide"), ctx)
    assert cles(tour) == ["aide"]


def test_bouton_perime(ctx: Contexte) -> None:
    avant, _ = jouer(ctx, "theme:sante")
    apres, tour = repondre(avant, Entree(bouton="reponse:moins-26"), ctx)
    assert apres == avant and cles(tour) == ["bouton-perime"]


def test_etat_json_sans_texte_tape(ctx: Contexte) -> None:
    e, _ = jouer(ctx, "theme:travail", Entree(texte="j'ai 45 ans secret-perso"), Entree(texte="Cailloux"))
    donnees = json.loads(json.dumps(e.vers_dict()))
    assert Etat.depuis_dict(donnees) == e
    assert "secret" not in json.dumps(donnees) and "45" not in json.dumps(donnees)
    with pytest.raises(ValueError):
        Etat.depuis_dict({**donnees, "version": 99})


def test_pur_et_deterministe(ctx: Contexte) -> None:
    e, _ = jouer(ctx, "theme:famille")
    assert repondre(e, Entree(bouton="reponse:garde", maintenant=LUNDI), ctx) == repondre(
        e, Entree(bouton="reponse:garde", maintenant=LUNDI), ctx
    )


def test_tous_les_boutons_menent_quelque_part(ctx: Contexte) -> None:
    """Press every offered button, three levels deep: always a screen, never a stale button."""
    a_voir = [jouer(ctx)]
    for _ in range(3):
        suivants = []
        for etat, tour in a_voir:
            for b in tour.boutons:
                e, t = repondre(etat, Entree(bouton=b.id, maintenant=LUNDI), ctx)
                assert "bouton-perime" not in cles(t), b.id
                assert isinstance(t.reponses[-1], Choix) and len(cartes(t)) <= 3
                suivants.append((e, t))
        a_voir = [x for i, x in enumerate(suivants) if i % 7 == 0]


def test_textes_statiques_courts(ctx: Contexte) -> None:
    textes = textes_statiques(ctx)
    parcours = ctx.parcours
    assert set(parcours.messages.values()) <= set(textes)
    assert "Je ne sais pas" in textes and "Maison des femmes" in textes
    for texte in list(parcours.messages.values()) + [b.libelle for b in parcours.communs.menu]:
        assert all(len(mots(p)) <= 12 for p in phrases(texte)), texte
