"""La borne dans un vrai Chromium : parcours au toucher, 🆘 partout, voix, oubli de la personne, impression."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import segno
from playwright.sync_api import Error as PlaywrightError

from bot.connaissances.modeles import Structure
from bot.dialogue.cles import Cle
from bot.dialogue.contexte import Contexte
from tests.borne_outils import (  # noqa: F401  (fixtures)
    ServeurBorne,
    captures,
    contexte_borne,
    navigateur,
    nouvelle_page,
    reglages_borne,
    serveur,
    serveur_court,
    serveur_en_panne,
    violations_axe,
    voix_borne,
)

NUMEROS_URGENCE = ("112", "3919", "115", "119", "3114")
TAPES_MAX = 4
SELECTEUR_GROS = ".choix-bouton, .service, .bouton-urgence, .barre .outil, .carte .outil"


def themes(contexte: Contexte) -> list[str]:
    """Les thèmes du menu d'accueil."""
    return [b.thematique for b in contexte.parcours.communs.menu]


def toucher(page: Any, cible: Any) -> None:
    """Toucher un bouton et attendre l'écran suivant (la page est remplacée)."""
    with page.expect_navigation(wait_until="load"):
        cible.tap()


def arrive(page: Any, theme: str) -> bool:
    """Vrai quand l'écran montre une carte (les numéros, pour le thème urgence)."""
    if theme == "urgence":
        return page.locator(".urgences").count() > 0
    return page.locator(".carte").count() > 0


def controler_ecran(page: Any, dossier: Path, nom: str) -> None:
    """Sur chaque écran : capture, 🆘 visible, cibles tactiles ≥ 96 px, texte ≥ 28 px, axe-core sans faute grave."""
    page.screenshot(path=str(dossier / f"{nom}.png"), full_page=True)
    assert page.locator(".bouton-urgence").is_visible(), f"{nom} : pas de bouton 🆘"
    assert page.locator(".terminer").is_visible(), f"{nom} : pas de bouton Terminer"
    tailles = page.eval_on_selector_all(
        SELECTEUR_GROS, "els => els.map(e => { const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.width, r.height]; })"
    )
    petits = [t for t in tailles if t[1] < 96 or t[2] < 96]
    assert tailles and not petits, f"{nom} : cibles tactiles trop petites {petits}"
    polices = page.eval_on_selector_all(
        "main p, main li, main button, main h2",
        "els => els.map(e => [e.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)])",
    )
    assert polices and not [p for p in polices if p[1] < 28], f"{nom} : texte trop petit {[p for p in polices if p[1] < 28]}"
    graves = violations_axe(page)
    assert graves == [], f"{nom} : axe-core {graves}"


def parcourir(page: Any, theme: str, dossier: Path | None = None) -> list[str]:
    """Depuis l'accueil, toucher le thème puis la première image jusqu'à une carte ; rend les boutons touchés."""
    touches: list[str] = []
    while True:
        if dossier is not None:
            controler_ecran(page, dossier, f"{theme}-{len(touches)}")
        if touches and arrive(page, theme):
            return touches
        assert len(touches) < TAPES_MAX, f"{theme} : pas de carte après {TAPES_MAX} touches ({touches})"
        bouton = page.locator(f'.choix button[value="theme:{theme}"]') if not touches else page.locator(".choix button").first
        touches.append(str(bouton.get_attribute("value")))
        toucher(page, bouton)


def rejouer(page: Any, touches: list[str]) -> None:
    """Toucher les mêmes boutons, dans l'ordre."""
    for valeur in touches:
        toucher(page, page.locator(f'.choix button[value="{valeur}"]'))


def numeros_affiches(page: Any) -> list[str]:
    """Les numéros d'urgence visibles."""
    return [n.strip() for n in page.locator(".urgences .numero").all_inner_texts()]


def cookie_borne(page: Any) -> str:
    """La valeur du cookie de session de la borne."""
    return next(c["value"] for c in page.context.cookies() if c["name"] == "borne")


@pytest.mark.parametrize("theme", ["travail", "argent", "logement", "sante", "famille", "femmes", "papiers", "agees", "jeunes", "urgence"])
def test_parcours_au_toucher(theme: str, navigateur: Any, serveur: ServeurBorne, contexte_borne: Contexte, captures: Path) -> None:
    """Chaque thème du menu mène à une carte en 4 touches au plus, chaque écran est accessible."""
    assert theme in themes(contexte_borne)
    page = nouvelle_page(navigateur, serveur.url)
    page.goto(serveur.url + "/")
    touches = parcourir(page, theme, captures)
    assert 1 <= len(touches) <= TAPES_MAX
    if theme == "urgence":
        assert set(NUMEROS_URGENCE) <= set(numeros_affiches(page))
    else:
        titres = page.locator(".carte h2").all_inner_texts()
        assert titres and all(t.strip() for t in titres)
        assert page.locator(".carte a[href$='/imprimer']").count() == len(titres)
    page.context.close()


def test_tous_les_themes_sont_testes(contexte_borne: Contexte) -> None:
    """La liste des thèmes testés suit le menu."""
    assert set(themes(contexte_borne)) == {
        "travail",
        "argent",
        "logement",
        "sante",
        "famille",
        "femmes",
        "papiers",
        "agees",
        "jeunes",
        "urgence",
    }


@pytest.mark.parametrize("theme", ["travail", "femmes", "sante"])
def test_urgence_sur_chaque_ecran(theme: str, navigateur: Any, serveur: ServeurBorne, captures: Path) -> None:
    """Sur chaque écran d'un parcours, 🆘 montre tous les numéros d'un coup."""
    page = nouvelle_page(navigateur, serveur.url)
    page.goto(serveur.url + "/")
    touches = parcourir(page, theme)
    page.context.close()
    for k in range(len(touches) + 1):
        page = nouvelle_page(navigateur, serveur.url)
        page.goto(serveur.url + "/")
        rejouer(page, touches[:k])
        toucher(page, page.locator(".bouton-urgence"))
        affiches = numeros_affiches(page)
        assert set(NUMEROS_URGENCE) <= set(affiches), f"écran {k} de {theme} : {affiches}"
        assert "17" in affiches and "114" in affiches and "15" in affiches
        assert page.locator(".urgences .sms").count() >= 1
        if k == 0:
            page.screenshot(path=str(captures / "urgence-bouton.png"), full_page=True)
        page.context.close()


def test_voix_lue_automatiquement(navigateur: Any, serveur: ServeurBorne) -> None:
    """Le son de l'écran répond en audio/ogg, dure plus d'une seconde et se lit."""
    page = nouvelle_page(navigateur, serveur.url)
    page.goto(serveur.url + "/")
    voix = page.locator("audio#voix")
    src = voix.get_attribute("src")
    assert src and re.fullmatch(r"/audio/[0-9a-f]{64}\.ogg", src)
    assert voix.get_attribute("autoplay") is not None
    reponse = page.request.get(serveur.url + src)
    assert reponse.status == 200
    assert reponse.headers["content-type"].startswith("audio/ogg")
    assert len(reponse.body()) > 1000
    duree = page.evaluate("""() => new Promise(ok => { const a = document.getElementById('voix');
        if (a.readyState >= 1 && isFinite(a.duration)) ok(a.duration);
        else a.addEventListener('loadedmetadata', () => ok(a.duration), {once: true}); })""")
    assert duree > 1.0
    page.evaluate("() => { const a = document.getElementById('voix'); a.currentTime = 0; return a.play(); }")
    page.wait_for_function("() => { const a = document.getElementById('voix'); return a.currentTime > 0 && !a.paused; }")
    compte = page.locator("audio#voix-compte").get_attribute("src")
    assert compte and page.request.get(serveur.url + compte).headers["content-type"] == "audio/ogg"
    page.context.close()


def test_bouton_son_et_reecoute(navigateur: Any, serveur: ServeurBorne, contexte_borne: Contexte) -> None:
    """« Son » coupe la lecture automatique (gardé par le serveur) ; 🔊 Écouter relit l'écran."""
    t = contexte_borne.parcours.textes
    page = nouvelle_page(navigateur, serveur.url)
    page.goto(serveur.url + "/")
    son = page.get_by_role("button", name=t(Cle.BORNE_SON), exact=True)
    assert son.get_attribute("aria-pressed") == "true"
    toucher(page, son)
    assert page.get_by_role("button", name=t(Cle.BORNE_SON), exact=True).get_attribute("aria-pressed") == "false"
    assert page.locator("audio#voix").get_attribute("autoplay") is None
    page.reload()
    assert page.get_by_role("button", name=t(Cle.BORNE_SON), exact=True).get_attribute("aria-pressed") == "false"
    assert page.evaluate("() => document.getElementById('voix').paused")
    page.get_by_role("button", name=t(Cle.BORNE_ECOUTER)).first.tap()
    page.wait_for_function("() => { const a = document.getElementById('voix'); return a.currentTime > 0 || !a.paused; }")
    page.context.close()


def atteindre_une_carte(page: Any, url: str) -> tuple[str, str | None]:
    """Aller jusqu'aux cartes du thème Travail ; rend le titre de la première et le son de l'écran."""
    page.goto(url + "/")
    parcourir(page, "travail")
    return page.locator(".carte h2").first.inner_text(), page.locator("audio#voix").get_attribute("src")


def verifier_oubli(page: Any, titre: str, son_avant: str | None, cookie_avant: str, historique_avant: int) -> None:
    """Après la remise à zéro : accueil, rien de la personne d'avant (page, historique, son, cookie)."""
    assert page.locator(".carte").count() == 0
    assert titre not in page.content()
    assert page.locator('.choix button[value="theme:travail"]').is_visible()
    assert cookie_borne(page) != cookie_avant
    assert page.evaluate("() => history.length") == historique_avant
    assert page.locator("audio#voix").get_attribute("src") != son_avant
    page.go_back(wait_until="load")
    assert titre not in page.content()


def test_terminer_oublie_tout(navigateur: Any, serveur: ServeurBorne, contexte_borne: Contexte, captures: Path) -> None:
    """« Terminer » efface la session du serveur, change de cookie et remplace la page par l'accueil."""
    page = nouvelle_page(navigateur, serveur.url)
    page.goto(serveur.url + "/")
    historique = page.evaluate("() => history.length")
    cookie = cookie_borne(page)
    titre, son = atteindre_une_carte(page, serveur.url)
    assert page.evaluate("() => history.length") == historique
    sessions_avant = len(serveur.app.state.sessions)
    toucher(page, page.get_by_role("button", name=contexte_borne.parcours.textes(Cle.BORNE_TERMINER)))
    verifier_oubli(page, titre, son, cookie, historique)
    assert len(serveur.app.state.sessions) == sessions_avant
    page.screenshot(path=str(captures / "apres-terminer.png"), full_page=True)
    page.context.close()


def test_inactivite_remet_a_zero(navigateur: Any, serveur_court: ServeurBorne, contexte_borne: Contexte, captures: Path) -> None:
    """Sans toucher l'écran, le compte à rebours s'affiche puis la borne revient à l'accueil, vide."""
    t = contexte_borne.parcours.textes
    page = nouvelle_page(navigateur, serveur_court.url)
    page.goto(serveur_court.url + "/")
    toucher(page, page.get_by_role("button", name=t(Cle.BORNE_SON), exact=True))
    historique = page.evaluate("() => history.length")
    cookie = cookie_borne(page)
    titre, son = atteindre_une_carte(page, serveur_court.url)
    compte = page.locator("#compte")
    compte.wait_for(state="visible")
    assert t(Cle.BORNE_COMPTE_AVANT) in compte.inner_text() and t(Cle.BORNE_COMPTE_APRES) in compte.inner_text()
    page.screenshot(path=str(captures / "compte-a-rebours.png"))
    page.wait_for_function(
        "() => !document.querySelector('.carte') && document.querySelector('.choix button[value=\"theme:travail\"]')", timeout=30_000
    )
    page.wait_for_load_state("load")
    verifier_oubli(page, titre, son, cookie, historique)
    page.context.close()


def aller_sans_course(page: Any, url: str, essais: int = 3) -> None:
    """Open `url`, starting again when the page's own refresh interrupts the navigation."""
    for essai in range(essais):
        try:
            page.goto(url)
            return
        except PlaywrightError as exc:
            if "interrupted by another navigation" not in str(exc) or essai == essais - 1:
                raise
            page.wait_for_load_state("load")


def test_inactivite_sans_javascript(navigateur: Any, serveur_court: ServeurBorne) -> None:
    """Sans JavaScript, le serveur oublie aussi la session après l'inactivité."""
    page = nouvelle_page(navigateur, serveur_court.url, javascript=False)
    page.goto(serveur_court.url + "/")
    cookie = cookie_borne(page)
    rejouer(page, ["theme:travail", "reponse:moins-26", "quartier:beau-marais"])
    titre = page.locator(".carte h2").first.inner_text()
    page.wait_for_timeout(5000)
    aller_sans_course(page, serveur_court.url + "/")
    assert page.locator(".carte").count() == 0 and titre not in page.content()
    assert cookie_borne(page) != cookie
    page.context.close()


def test_fiche_a_imprimer_en_a6(navigateur: Any, serveur: ServeurBorne, contexte_borne: Contexte, captures: Path) -> None:
    """« Imprimer » donne une feuille A6 avec l'adresse et un QR code du bon numéro."""
    t = contexte_borne.parcours.textes
    page = nouvelle_page(navigateur, serveur.url)
    page.goto(serveur.url + "/")
    rejouer(page, ["theme:sante", "reponse:carte-vitale", "quartier:beau-marais"])
    carte = page.locator(".carte").first
    fiche_id = str(carte.get_attribute("data-fiche"))
    toucher(page, carte.get_by_role("link", name=t(Cle.BORNE_IMPRIMER)))
    assert page.url.endswith(f"/fiche/{fiche_id}/imprimer")
    fiche = contexte_borne.base.fiches[fiche_id]
    assert fiche.titre in page.locator(".feuille h2").inner_text()
    assert page.locator("audio#voix").get_attribute("src")
    qr = page.locator(".feuille .qr")
    lien = str(qr.get_attribute("data-lien"))
    if isinstance(fiche, Structure) and fiche.telephone and "telephone" not in fiche.a_verifier:
        assert lien == "tel:" + fiche.telephone.replace(" ", "")
    assert re.fullmatch(r"(tel|sms):\d{2,10}", lien)
    chemins = qr.locator("svg path").evaluate_all("els => els.map(e => e.getAttribute('d'))")
    attendu = segno.make(lien, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")
    assert chemins and all(d in attendu for d in chemins)
    controler_ecran_impression(page, captures)
    pdf = page.pdf(prefer_css_page_size=True)
    boites = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boites, "pas de MediaBox dans le PDF"
    largeur, hauteur = float(boites[0][0]), float(boites[0][1])
    assert abs(largeur - 297.6) < 2 and abs(hauteur - 419.5) < 2, (largeur, hauteur)
    toucher(page, page.get_by_role("link", name=t(Cle.BORNE_RETOUR)))
    assert page.locator(f'.carte[data-fiche="{fiche_id}"]').count() == 1
    page.context.close()


def controler_ecran_impression(page: Any, captures: Path) -> None:
    """La page d'impression : capture écran et impression, axe-core sans faute grave."""
    page.screenshot(path=str(captures / "imprimer-ecran.png"), full_page=True)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 397, "height": 559})
    assert not page.locator(".barre").is_visible()
    page.screenshot(path=str(captures / "imprimer-a6.png"), full_page=True)
    page.set_viewport_size({"width": 1080, "height": 1920})
    page.emulate_media(media="screen")
    assert violations_axe(page) == []


def test_impression_refusee_hors_session(navigateur: Any, serveur: ServeurBorne) -> None:
    """Une fiche que cette session n'a pas montrée ne s'imprime pas : retour à l'écran courant."""
    page = nouvelle_page(navigateur, serveur.url)
    page.goto(serveur.url + "/fiche/cpam/imprimer")
    assert page.url.rstrip("/") == serveur.url
    assert page.locator(".feuille").count() == 0
    page.context.close()


def test_clavier_a_l_ecran(navigateur: Any, serveur: ServeurBorne, contexte_borne: Contexte, captures: Path) -> None:
    """Un médiateur écrit un besoin avec le grand clavier à l'écran, sans clavier physique."""
    page = nouvelle_page(navigateur, serveur.url)
    page.goto(serveur.url + "/")
    page.locator("#clavier summary").tap()
    for lettre in "faim":
        page.locator(f'[data-touche="{lettre}"]').tap()
    assert page.locator("#texte").input_value() == "faim"
    page.screenshot(path=str(captures / "clavier.png"), full_page=True)
    assert violations_axe(page) == []
    toucher(page, page.get_by_role("button", name=contexte_borne.parcours.textes(Cle.BORNE_ENVOYER)))
    assert page.locator(".carte").count() >= 1
    page.context.close()


def test_mode_mediateur(navigateur: Any, serveur: ServeurBorne, contexte_borne: Contexte, captures: Path) -> None:
    """Le bouton discret « Médiateur » détaille les cartes ; « Mode habitant » revient aux cartes simples."""
    t = contexte_borne.parcours.textes
    page = nouvelle_page(navigateur, serveur.url)
    page.goto(serveur.url + "/")
    toucher(page, page.get_by_role("button", name=t(Cle.BORNE_MODE_MEDIATEUR)))
    parcourir(page, "travail")
    assert page.locator(".carte.detaillee").count() >= 1
    assert "Sources" in page.locator(".carte").first.inner_text()
    page.screenshot(path=str(captures / "mediateur.png"), full_page=True)
    toucher(page, page.get_by_role("button", name=t(Cle.BORNE_MODE_HABITANT)))
    assert page.get_by_role("button", name=t(Cle.BORNE_MODE_MEDIATEUR)).is_visible()
    page.context.close()


def test_parcours_sans_javascript(navigateur: Any, serveur: ServeurBorne) -> None:
    """Les boutons sont de vrais formulaires : la borne marche sans JavaScript."""
    page = nouvelle_page(navigateur, serveur.url, javascript=False)
    page.goto(serveur.url + "/")
    rejouer(page, ["theme:argent", "reponse:manger", "quartier:beau-marais"])
    assert page.locator(".carte").count() >= 1
    toucher(page, page.locator(".bouton-urgence"))
    assert set(NUMEROS_URGENCE) <= set(numeros_affiches(page))
    page.context.close()


def test_souci_technique_a_l_ecran(navigateur: Any, serveur_en_panne: ServeurBorne, contexte_borne: Contexte, captures: Path) -> None:
    """Une panne imprévue montre le souci en mots simples et les numéros de secours ; on peut recommencer."""
    t = contexte_borne.parcours.textes
    page = nouvelle_page(navigateur, serveur_en_panne.url)
    page.goto(serveur_en_panne.url + "/")
    page.locator("#clavier summary").tap()
    for lettre in "faim":
        page.locator(f'[data-touche="{lettre}"]').tap()
    page.get_by_role("button", name=t(Cle.BORNE_ENVOYER)).tap()
    page.get_by_role("heading", level=1, name=t(Cle.SOUCI_TECHNIQUE)).wait_for(state="visible")
    assert page.locator(".carte").count() == 0 and page.locator(".bouton-urgence").count() == 0
    secours = [n.numero for n in contexte_borne.parcours.communs.secours]
    assert numeros_affiches(page) == secours
    page.screenshot(path=str(captures / "souci-technique.png"), full_page=True)
    assert violations_axe(page) == []
    recommencer = contexte_borne.parcours.communs.boutons["recommencer"].libelle
    toucher(page, page.get_by_role("button", name=recommencer))
    assert page.locator('.choix button[value="theme:travail"]').is_visible()
    page.context.close()
