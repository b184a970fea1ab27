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


@dataclass(frozen=True)
class Bloc:
    """The messages of one response; `urgent` blocks are sent before the others."""

    messages: tuple[MessageTelegram, ...]
    urgent: bool = False


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


def decouper(texte: str, limite: int = LIMITE_TEXTE) -> list[str]:
    """Split a text into pieces Telegram accepts, at line breaks when possible."""
    texte = texte if texte.strip() else QUESTION_PAR_DEFAUT
    morceaux: list[str] = []
    while len(texte.encode("utf-16-le")) // 2 > limite:
        coupure = texte.rfind("\n", 0, limite // 2) + 1 or limite // 2
        morceaux.append(texte[:coupure])
        texte = texte[coupure:]
    return morceaux + [texte]


def _simples(texte: str) -> tuple[MessageTelegram, ...]:
    """A text as keyboard-less messages, cut to Telegram's length."""
    return tuple(MessageTelegram(morceau) for morceau in decouper(texte))


class RenduTelegram:
    """The `Rendu` of the Telegram channel: each response becomes a block of messages."""

    def texte(self, x: r.Texte) -> Bloc:
        """A message as it is."""
        return Bloc(_simples(x.texte))

    def carte(self, x: r.Carte) -> Bloc:
        """A card as a short text: title, résumé, then its lines."""
        lignes = [f"▪️ {x.titre}"]
        if x.resume:
            lignes.append(x.resume)
        for ligne in x.lignes:
            debut = f"{ligne.pictogramme} {ligne.libelle}".strip()
            lignes.append(f"{debut} : {ligne.valeur}" if ligne.valeur else debut)
        return Bloc(_simples("\n".join(lignes)))

    def urgences(self, x: r.Urgences) -> Bloc:
        """Every emergency number, one per line, under the title; sent first."""
        lignes = [f"🆘 {x.titre}"]
        lignes += [f"📞 {n.numero}{' (SMS)' if n.sms else ''} : {n.libelle}" for n in x.numeros]
        return Bloc(_simples("\n".join(lignes)), urgent=True)

    def choix(self, x: r.Choix) -> Bloc:
        """The question, its keyboard on the last piece."""
        morceaux = decouper(x.question or QUESTION_PAR_DEFAUT)
        fin = MessageTelegram(morceaux[-1], clavier(x.boutons) if x.boutons else None)
        return Bloc(tuple(MessageTelegram(m) for m in morceaux[:-1]) + (fin,))


def rendre_tour(tour: r.Tour) -> list[MessageTelegram]:
    """Every message of a turn, emergency numbers first (otherwise in the engine's order)."""
    blocs = sorted(tour.rendre(RenduTelegram()), key=lambda bloc: not bloc.urgent)
    return [message for bloc in blocs for message in bloc.messages]
