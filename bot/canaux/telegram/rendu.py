"""Render the engine's answers as Telegram messages: plain text plus inline keyboards of button ids."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.dialogue import reponses as r

LIMITE_TEXTE = 4096
LIMITE_CALLBACK_DATA = 64
LIBELLE_LONG = 18
QUESTION_PAR_DEFAUT = "👇"


@dataclass(frozen=True)
class MessageTelegram:
    """One message to send: plain text and an optional inline keyboard."""

    texte: str
    clavier: InlineKeyboardMarkup | None = None


def clavier(boutons: tuple[r.Bouton, ...]) -> InlineKeyboardMarkup:
    """Inline keyboard: callback_data is the button id, label is pictogram + word, 1-2 buttons per row."""
    rangees: list[list[InlineKeyboardButton]] = []
    for bouton in boutons:
        if not 1 <= len(bouton.id.encode("utf-8")) <= LIMITE_CALLBACK_DATA:
            raise ValueError(f"identifiant de bouton trop long pour Telegram : {bouton.id[:80]!r}")
        touche = InlineKeyboardButton(bouton.etiquette, callback_data=bouton.id)
        dernier = rangees[-1] if rangees else None
        court = len(bouton.etiquette) <= LIBELLE_LONG
        if dernier is not None and len(dernier) == 1 and court and len(dernier[0].text) <= LIBELLE_LONG:
            dernier.append(touche)
        else:
            rangees.append([touche])
    return InlineKeyboardMarkup(rangees)


def texte_urgences(urgences: r.Urgences) -> str:
    """Every emergency number, one per line, under the title."""
    lignes = [f"🆘 {urgences.titre}"]
    lignes += [f"📞 {n.numero}{' (SMS)' if n.sms else ''} : {n.libelle}" for n in urgences.numeros]
    return "\n".join(lignes)


def texte_carte(carte: r.Carte) -> str:
    """A card as a short text: title, résumé, then its lines."""
    lignes = [f"▪️ {carte.titre}"]
    if carte.resume:
        lignes.append(carte.resume)
    for ligne in carte.lignes:
        debut = f"{ligne.pictogramme} {ligne.libelle}".strip()
        lignes.append(f"{debut} : {ligne.valeur}" if ligne.valeur else debut)
    return "\n".join(lignes)


def decouper(texte: str, limite: int = LIMITE_TEXTE) -> list[str]:
    """Split a text into pieces Telegram accepts, at line breaks when possible."""
    texte = texte if texte.strip() else QUESTION_PAR_DEFAUT
    morceaux: list[str] = []
    while len(texte.encode("utf-16-le")) // 2 > limite:
        coupure = texte.rfind("\n", 0, limite // 2) + 1 or limite // 2
        morceaux.append(texte[:coupure])
        texte = texte[coupure:]
    return morceaux + [texte]


def rendre_reponse(reponse: r.Reponse) -> list[MessageTelegram]:
    """One engine answer as one Telegram message (or several if it is too long)."""
    if isinstance(reponse, r.Choix):
        textes = decouper(reponse.question or QUESTION_PAR_DEFAUT)
        fin = MessageTelegram(textes[-1], clavier(reponse.boutons) if reponse.boutons else None)
        return [MessageTelegram(t) for t in textes[:-1]] + [fin]
    if isinstance(reponse, r.Urgences):
        texte = texte_urgences(reponse)
    elif isinstance(reponse, r.Carte):
        texte = texte_carte(reponse)
    else:
        texte = reponse.texte
    return [MessageTelegram(t) for t in decouper(texte)]


def rendre_tour(tour: r.Tour) -> list[MessageTelegram]:
    """Every message of a turn, emergency numbers first."""
    urgences = [x for x in tour.reponses if isinstance(x, r.Urgences)]
    autres = [x for x in tour.reponses if not isinstance(x, r.Urgences)]
    return [m for reponse in urgences + autres for m in rendre_reponse(reponse)]
