"""The pure conversation engine: one input in, the new state and one turn of answers out.

API (stable; channels and the `rejouer` scripts rely on it):

    contexte = construire_contexte(settings)           # once at start-up (bot.dialogue.contexte)
    etat = etat_initial()                              # bot.dialogue.etat.Etat, frozen, ids only
    etat, tour = repondre(etat, Entree(commande="start"), contexte)
    etat, tour = repondre(etat, Entree(bouton=tour.boutons[0].id), contexte)
    etat, tour = repondre(etat, Entree(texte="j'ai plus rien à manger"), contexte)
    Etat.depuis_dict(etat.vers_dict()) == etat         # JSON-safe, versioned

`repondre` does no I/O. `tour.reponses` is an ordered tuple of `Texte`, `Urgences`, `Carte`
and `Choix` (bot.dialogue.reponses); when a danger is detected the `Urgences` comes first.
`tour.boutons` lists the offered buttons; their ids are:

    theme:<thematique>   open a theme of the menu      reponse:<id>   answer the current question
    quartier:<id>        say the quartier              voir:<fiche>   show one card
    ne-sait-pas  parler  recommencer  menu  fiche (mediator summary of the cards shown)

Commands (`Entree(commande=...)`): start, recommencer, aide, mediateur, habitant.
Free text is cleaned (control characters, 1000 characters at most) and checked for danger by the
orientation engine. A short reply that names an offered button presses it; a clear need is answered
first with its cards, then the questions the text leaves open (bot.dialogue.remplissage).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.comprehension.recherche import Alerte, Orientation, Resultat
from bot.dialogue import reponses as r
from bot.dialogue.cartes import carte, resume_orientation
from bot.dialogue.cles import Cle
from bot.dialogue.contexte import Contexte, construire_contexte, textes_statiques
from bot.dialogue.etat import ACCUEIL, FIN, MENU, PARLER_QUARTIER, Etat, etat_initial
from bot.dialogue.parcours import AUTRE_QUARTIER, CARTES_MAX, BoutonSimple, Etape, Thematique
from bot.dialogue.reconnaissance import Candidat, a_du_sens, etranger, nettoyer, reconnaitre
from bot.dialogue.remplissage import regle_des_reponses, remplir
from bot.dialogue.services import DANGER_NON, DANGER_OUI, boutons_service
from bot.dialogue.urgences import doute, urgences, urgences_du_genre
from bot.francais.texte import mots

__all__ = ["Contexte", "Etat", "construire_contexte", "etat_initial", "repondre", "textes_statiques"]

SEUIL_AMBIGU = 35.0  # below this best score, two or more fiches are offered as a choice instead of cards
PART_DU_MEILLEUR = 0.6  # other fiches are shown when they score at least this share of the best
THEME_URGENCE = "urgence"  # the theme « 🆘 Oui, en danger » opens
MOTS_REPONSE = 4  # a text of at most this many words may answer the question on screen
MOTS_THEME = 2  # on the menu, a text of at most this many words may name a theme
PICTOS_FICHE = {"structure": "📍", "organisme": "🏢", "droit": "📄", "urgence": "🆘"}
Sortie = tuple[Etat, list[r.Reponse]]


def _texte(ctx: Contexte, cle: str, **variables: str) -> r.Texte:
    """Return a message of dialogues/ by id."""
    return r.Texte(cle, ctx.parcours.message(cle, **variables))


def _bouton(ident: str, b: BoutonSimple) -> r.Bouton:
    """Turn a dialogues button into a response button."""
    return r.Bouton(ident, b.pictogramme, b.libelle)


def _services(etat: Etat, ctx: Contexte) -> list[r.Bouton]:
    """The buttons offered at every step."""
    return [_bouton(c, ctx.parcours.communs.boutons[c]) for c in boutons_service(etat.mode)]


def _theme(etat: Etat, ctx: Contexte) -> Thematique | None:
    """Return the current theme, if any."""
    return ctx.parcours.thematiques.get(etat.thematique or "")


def _etape(etat: Etat, ctx: Contexte) -> Etape | None:
    """Return the current question step, if the state is on one."""
    theme = _theme(etat, ctx)
    return theme.etapes.get(etat.etape) if theme else None


def _demande_quartier(etat: Etat, ctx: Contexte) -> bool:
    """True when the current screen asks the quartier."""
    etape = _etape(etat, ctx)
    return etat.etape == PARLER_QUARTIER or (etape is not None and etape.quartier)


def _candidats(etat: Etat, ctx: Contexte) -> list[Candidat]:
    """The buttons of the current screen, with the phrases that name them."""
    communs = ctx.parcours.communs
    etape = _etape(etat, ctx)
    if _demande_quartier(etat, ctx):
        variantes = {q.id: [q.nom, *q.variantes] for q in ctx.base.quartiers.values()}
        liste = [
            Candidat(f"quartier:{b.id}", b.pictogramme, (b.libelle, *b.synonymes, *variantes.get(b.id, []))) for b in communs.quartiers
        ]
    elif etape is not None:
        liste = [Candidat(f"reponse:{b.id}", b.pictogramme, (b.libelle, *b.synonymes), b.age) for b in etape.boutons]
    else:
        liste = [Candidat(f"theme:{b.thematique}", b.pictogramme, (b.libelle, *b.synonymes)) for b in communs.menu]
    liste += [
        Candidat(c, communs.boutons[c].pictogramme, (communs.boutons[c].libelle, *communs.boutons[c].synonymes), exact=True)
        for c in boutons_service(etat.mode)
    ]
    return liste


def _ecran(etat: Etat, ctx: Contexte) -> r.Choix:
    """The question and buttons of the current step (menu when outside a theme)."""
    communs = ctx.parcours.communs
    etape = _etape(etat, ctx)
    if _demande_quartier(etat, ctx):
        boutons = [_bouton(f"quartier:{b.id}", b) for b in communs.quartiers]
        question = etape.question if etape else Cle.QUARTIER_QUESTION
    elif etape is not None:
        boutons = [_bouton(f"reponse:{b.id}", b) for b in etape.boutons]
        question = etape.question
    else:
        boutons = [_bouton(f"theme:{b.thematique}", b) for b in communs.menu]
        question = Cle.SUITE if etat.etape == FIN else Cle.MENU
    return r.Choix(tuple(boutons + _services(etat, ctx)), ctx.parcours.message(question))


def _preferer(ids: list[str], quartier: str | None, centre_social: bool, ctx: Contexte) -> tuple[str, ...]:
    """Keep known fiches, put the quartier's first, add its centre social if there is room."""
    connus = [i for i in dict.fromkeys(ids) if i in ctx.base.fiches]
    if quartier:
        connus.sort(key=lambda i: getattr(ctx.base.fiches[i], "quartier", None) != quartier)
    centre = ctx.base.centre_social(quartier)
    if centre_social and centre is not None and centre.id not in connus and len(connus) < CARTES_MAX:
        connus.append(centre.id)
    return tuple(connus[:CARTES_MAX])


def _cartes(etat: Etat, ids: tuple[str, ...], ctx: Contexte, maintenant: dt.datetime | None) -> list[r.Reponse]:
    """Word the fiches as cards for the current mode."""
    return [carte(ctx.base.fiches[i], ctx.base, ctx.parcours.textes, etat.quartier, etat.mode == "mediateur", maintenant) for i in ids]


def _montrer(etat: Etat, ids: tuple[str, ...], ctx: Contexte, m: dt.datetime | None, intro: str = Cle.CARTES_INTRO) -> Sortie:
    """Show cards and end the flow on the « anything else? » menu."""
    etat = replace(etat, etape=FIN)
    if not ids:
        return etat, [_texte(ctx, Cle.CARTES_AUCUNE), _ecran(etat, ctx)]
    etat = etat.avec_fiches(ids)
    return etat, [_texte(ctx, intro), *_cartes(etat, ids, ctx, m), _ecran(etat, ctx)]


def _fin_theme(etat: Etat, theme: Thematique, ctx: Contexte, m: dt.datetime | None) -> Sortie:
    """Pick the cards of the first rule matching the answers."""
    regle = regle_des_reponses(etat, theme)
    if regle is None:
        etat = replace(etat, etape=FIN)
        return etat, [_ecran(etat, ctx)]
    return _montrer(etat, _preferer(regle.fiches, etat.quartier, theme.centre_social, ctx), ctx, m)


def _quartier_utile(etat: Etat, theme: Thematique, ctx: Contexte) -> bool:
    """True when the cards the answers lead to depend on the quartier (its centre social, a local place)."""
    regle = regle_des_reponses(etat, theme)
    if regle is None:
        return False
    locales = any(getattr(ctx.base.fiches.get(i), "quartier", None) for i in regle.fiches)
    return locales or (theme.centre_social and len(regle.fiches) < CARTES_MAX)


def _avancer(etat: Etat, theme: Thematique, suite: str, ctx: Contexte, m: dt.datetime | None, texte: str = "") -> Sortie:
    """Go to the next step the text has not answered, asking the quartier only when unknown and useful."""
    if texte:
        etat, suite = remplir(etat, theme, texte, suite)
    for _ in range(len(theme.etapes) + 1):
        if suite == FIN:
            break
        etape = theme.etapes[suite]
        if not etape.quartier or (etat.quartier is None and _quartier_utile(etat, theme, ctx)):
            etat = replace(etat, etape=suite)
            return etat, [_ecran(etat, ctx)]
        suite = etape.suite
    return _fin_theme(etat, theme, ctx, m)


def _ouvrir(etat: Etat, ident: str, ctx: Contexte, m: dt.datetime | None, texte: str = "") -> Sortie:
    """Open a theme: its intro, its numbers, then its first question the text has not answered."""
    theme = ctx.parcours.thematiques[ident]
    etat = replace(etat, thematique=ident, reponses=(), etape=MENU)
    debut: list[r.Reponse] = [_texte(ctx, theme.intro)] if theme.intro else []
    if theme.urgences:
        numeros_du_theme = urgences(ctx, theme.urgences, (), theme.intro or Cle.URGENCE_TITRE, theme.secours)
        debut = [numeros_du_theme] if numeros_du_theme.numeros else debut
    etat, suite = _avancer(etat, theme, theme.debut or FIN, ctx, m, texte)
    return etat, debut + suite


def _parler(etat: Etat, ctx: Contexte, m: dt.datetime | None, demander: bool = True) -> Sortie:
    """The mediators and the centre social of the quartier; ask the quartier first if unknown."""
    communs = ctx.parcours.communs
    if etat.quartier is None and demander:
        etat = replace(etat, etape=PARLER_QUARTIER)
        return etat, [_ecran(etat, ctx)]
    centre = ctx.base.centre_social(etat.quartier)
    if centre is not None:
        return _montrer(etat, _preferer([centre.id, *communs.parler], None, False, ctx), ctx, m, Cle.PARLER_INTRO)
    etat, sortie = _montrer(etat, _preferer([*communs.parler_sans_quartier, *communs.parler], None, False, ctx), ctx, m, Cle.PARLER_INTRO)
    centres = [c.titre for c in (ctx.base.centre_social(q) for q in ctx.base.quartiers) if c is not None]
    if centres:
        sortie.insert(len(sortie) - 1, _texte(ctx, Cle.PARLER_CENTRES, centres=", ".join(dict.fromkeys(centres))))
    return etat, sortie


def _nom_quartier(etat: Etat, ctx: Contexte) -> str | None:
    """The quartier's name for people."""
    if etat.quartier in ctx.base.quartiers:
        return ctx.base.quartiers[etat.quartier].nom
    return next((b.libelle for b in ctx.parcours.communs.quartiers if b.id == etat.quartier), None)


def _appuyer(etat: Etat, ident: str, ctx: Contexte, m: dt.datetime | None, texte: str = "") -> Sortie:
    """Handle a pressed button (by id); `texte`, when the button was named in a message, fills later questions."""
    communs = ctx.parcours.communs
    genre, _, valeur = ident.partition(":")
    etape = _etape(etat, ctx)
    theme = _theme(etat, ctx)
    if genre == "theme" and valeur in ctx.parcours.thematiques:
        return _ouvrir(etat, valeur, ctx, m, texte)
    if genre == "reponse" and etape is not None and theme is not None:
        choix = next((b for b in etape.boutons if b.id == valeur), None)
        if choix is not None:
            etat = etat.avec_reponse(etape.cle or etat.etape, choix.id)
            etat, suite = _avancer(etat, theme, choix.suite or etape.suite, ctx, m, texte)
            return etat, ([urgences_du_genre(choix.danger, ctx)] if choix.danger else []) + suite
    if genre == "quartier" and valeur in {b.id for b in communs.quartiers}:
        etat = replace(etat, quartier=valeur)
        if etape is not None and theme is not None and etape.quartier:
            return _avancer(etat, theme, etape.suite, ctx, m, texte)
        if etat.etape == PARLER_QUARTIER:
            return _parler(etat, ctx, m)
        return etat, [_texte(ctx, Cle.QUARTIER_GARDE, quartier=_nom_quartier(etat, ctx) or valeur), _ecran(etat, ctx)]
    if genre == "voir" and valeur in ctx.base.fiches:
        return _montrer(etat, (valeur,), ctx, m)
    if ident == "ne-sait-pas":
        if theme is not None:
            return _fin_theme(etat, theme, ctx, m)
        return _parler(etat, ctx, m, demander=etat.etape != PARLER_QUARTIER)
    if ident == "parler":
        return _parler(etat, ctx, m)
    if ident == DANGER_OUI:
        return _ouvrir(replace(etat, thematique=None, reponses=()), THEME_URGENCE, ctx, m)
    if ident == DANGER_NON:
        return etat, [_texte(ctx, Cle.DOUTE_NON), _ecran(etat, ctx)]
    if ident == "recommencer":
        return _commande(etat, "recommencer", ctx, m)
    if ident == "menu":
        etat = replace(etat, etape=MENU, thematique=None, reponses=())
        return etat, [_ecran(etat, ctx)]
    if ident == "fiche":
        resume = resume_orientation(etat.orientation, ctx.base, ctx.parcours.textes, etat.quartier, _nom_quartier(etat, ctx), m)
        return etat, [_texte(ctx, Cle.FICHE_TITRE), r.Texte("fiche-orientation", resume), _ecran(etat, ctx)]
    return etat, [_texte(ctx, Cle.BOUTON_PERIME), _ecran(etat, ctx)]


def _danger(etat: Etat, alerte: Alerte, ctx: Contexte, m: dt.datetime | None) -> Sortie:
    """Numbers first, then the related cards; the conversation stays where it was."""
    ordre = list(dict.fromkeys(alerte.urgences + tuple(ctx.parcours.communs.urgences)))
    numeros_du_danger = urgences(ctx, ordre, alerte.genres, Cle.DANGER_TITRE, True)
    ids = _preferer(list(alerte.liees), etat.quartier, False, ctx)
    etat = etat.avec_fiches(ids) if ids else etat
    return etat, [numeros_du_danger, *_cartes(etat, ids, ctx, m), _ecran(etat, ctx)]


def _trouves(orientation: Orientation, ctx: Contexte) -> list[Resultat]:
    """The search results that are fiches of the base, best first."""
    return [x for x in orientation.resultats if x.id in ctx.base.fiches]


def _clair(orientation: Orientation, ctx: Contexte) -> bool:
    """True when the search found one need clearly enough to show its cards."""
    trouves = _trouves(orientation, ctx)
    return bool(trouves) and (len(trouves) == 1 or trouves[0].score >= SEUIL_AMBIGU)


def _theme_du_besoin(etat: Etat, choix: str | None, ids: tuple[str, ...], ctx: Contexte) -> str | None:
    """The theme whose questions refine the cards: the one on screen, the one named, or the top card's."""
    themes = ctx.parcours.thematiques
    if etat.thematique in themes and etat.etape in themes[etat.thematique].etapes:
        return etat.thematique
    genre, _, valeur = (choix or "").partition(":")
    if genre == "theme" and valeur in themes and valeur != THEME_URGENCE:
        return valeur
    menu = [b.thematique for b in ctx.parcours.communs.menu if b.thematique in themes and b.thematique != THEME_URGENCE]
    return next((t for i in ids[:1] for t in menu if any(i in g.fiches for g in themes[t].cartes)), None)


def _affiner(etat: Etat, ident: str, texte: str, ctx: Contexte) -> tuple[Etat, r.Choix] | None:
    """The theme's first question the text leaves open, offered after the cards (None when all are answered)."""
    theme = ctx.parcours.thematiques[ident]
    ouvert, suite = remplir(replace(etat, thematique=ident, reponses=()), theme, texte)
    while suite != FIN and theme.etapes[suite].quartier:
        suite = theme.etapes[suite].suite
    if suite == FIN:
        return None
    ouvert = replace(ouvert, etape=suite)
    return ouvert, _ecran(ouvert, ctx)


def _besoin(etat: Etat, orientation: Orientation, texte: str, choix: str | None, ctx: Contexte, m: dt.datetime | None) -> Sortie:
    """Show the cards of a clear need, then the questions that refine them; ask which need when ambiguous."""
    trouves = _trouves(orientation, ctx)
    meilleur = trouves[0].score
    if meilleur < SEUIL_AMBIGU and len(trouves) >= 2:
        boutons = [
            r.Bouton(f"voir:{x.id}", PICTOS_FICHE.get(ctx.base.fiches[x.id].type, "📍"), ctx.base.fiches[x.id].titre)
            for x in trouves[:CARTES_MAX]
        ]
        return etat, [r.Choix(tuple(boutons + _services(etat, ctx)), ctx.parcours.message(Cle.PRECISION))]
    ids = _preferer([x.id for x in trouves if x.score >= meilleur * PART_DU_MEILLEUR], etat.quartier, False, ctx)
    ident = _theme_du_besoin(etat, choix, ids, ctx)
    nouvel, sortie = _montrer(replace(etat, thematique=None, reponses=()), ids, ctx, m)
    affine = _affiner(nouvel, ident, texte, ctx) if ident else None
    if affine is None:
        return nouvel, sortie
    return affine[0], [*sortie[:-1], affine[1]]


def _reponse_courte(etat: Etat, texte: str, ctx: Contexte) -> bool:
    """True when the text is short enough to be an answer to the screen rather than a need of its own."""
    question = _etape(etat, ctx) is not None or _demande_quartier(etat, ctx)
    return len(mots(texte)) <= (MOTS_REPONSE if question else MOTS_THEME)


def _libre(etat: Etat, texte: str, ctx: Contexte, m: dt.datetime | None) -> Sortie:
    """Handle free text: danger first, then a clear need or the button a short reply names; a doubt asks first."""
    propre = nettoyer(texte)
    choix = reconnaitre(propre, _candidats(etat, ctx))
    if not a_du_sens(propre):
        if choix is not None:
            return _appuyer(etat, choix, ctx, m)
        return etat, [_texte(ctx, Cle.VIDE), _ecran(etat, ctx)]
    orientation = ctx.moteur.chercher(propre, limite=5)
    quartiers = {b.id for b in ctx.parcours.communs.quartiers} - {AUTRE_QUARTIER}
    if orientation.quartier in quartiers:
        if _demande_quartier(etat, ctx):
            choix = f"quartier:{orientation.quartier}"
        etat = replace(etat, quartier=orientation.quartier)
    alerte = orientation.alerte
    if alerte is not None and alerte.niveau == "danger":
        return _danger(etat, alerte, ctx, m)
    etat, sortie = _reponse_normale(etat, propre, choix, orientation, ctx, m)
    if alerte is not None:
        return etat, [*doute(alerte, ctx), *sortie]
    return etat, sortie


def _reponse_normale(etat: Etat, propre: str, choix: str | None, orientation: Orientation, ctx: Contexte, m: dt.datetime | None) -> Sortie:
    """The answer to a message without danger: the button a short reply names, the cards of a need, or « not understood »."""
    quartier_dit = choix is not None and choix.startswith("quartier:")
    if choix is not None and (quartier_dit or _reponse_courte(etat, propre, ctx) or not _clair(orientation, ctx)):
        return _appuyer(etat, choix, ctx, m, propre)
    if _trouves(orientation, ctx):
        return _besoin(etat, orientation, propre, choix, ctx, m)
    etat = replace(etat, etape=MENU) if etat.etape == ACCUEIL else etat
    return etat, [_texte(ctx, Cle.LANGUE if etranger(propre) else Cle.RIEN_TROUVE), _ecran(etat, ctx)]


def _commande(etat: Etat, commande: str, ctx: Contexte, m: dt.datetime | None) -> Sortie:
    """Handle a command: start, recommencer, aide, mediateur, habitant."""
    nom = commande.strip().lstrip("/").lower()
    if nom in ("start", "recommencer"):
        etat = replace(etat_initial(etat.mode), etape=MENU)
        return etat, [_texte(ctx, Cle.ACCUEIL), _ecran(etat, ctx)]
    if etat.etape == ACCUEIL:
        etat = replace(etat, etape=MENU)
    if nom in ("mediateur", "habitant"):
        etat = replace(etat, mode="mediateur" if nom == "mediateur" else "habitant")
        return etat, [_texte(ctx, Cle(f"mode-{nom}")), _ecran(etat, ctx)]
    return etat, [_texte(ctx, Cle.AIDE if nom == "aide" else Cle.PAS_COMPRIS), _ecran(etat, ctx)]


def _urgences_d_abord(reponses: list[r.Reponse]) -> tuple[r.Reponse, ...]:
    """Put every Urgences response first, keeping the order of the others."""
    return tuple([x for x in reponses if isinstance(x, r.Urgences)] + [x for x in reponses if not isinstance(x, r.Urgences)])


def repondre(etat: Etat, entree: r.Entree, contexte: Contexte) -> tuple[Etat, r.Tour]:
    """Answer one input: return the new state and the turn to show (pure, no I/O)."""
    m = entree.maintenant
    if entree.commande is not None:
        nouvel, reponses = _commande(etat, entree.commande, contexte, m)
        return nouvel, r.Tour(tuple(reponses))
    accueil: list[r.Reponse] = []
    if etat.etape == ACCUEIL:
        etat = replace(etat, etape=MENU)
        accueil = [_texte(contexte, Cle.ACCUEIL)]
    if entree.bouton is not None:
        nouvel, reponses = _appuyer(etat, entree.bouton, contexte, m)
    elif entree.texte is not None:
        nouvel, reponses = _libre(etat, entree.texte, contexte, m)
    else:
        nouvel, reponses = etat, [_texte(contexte, Cle.VIDE), _ecran(etat, contexte)]
    if accueil and not any(isinstance(x, r.Choix) for x in reponses):
        reponses.append(_ecran(nouvel, contexte))
    return nouvel, r.Tour(_urgences_d_abord(accueil + reponses))
