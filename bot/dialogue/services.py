"""What every channel offers besides the flows: engine commands and the service buttons (defined once)."""

from __future__ import annotations

from bot.dialogue.reponses import Mode

# Commands the engine answers (`Entree(commande=…)`), as every channel passes them on.
COMMANDES_MOTEUR = ("start", "recommencer", "aide", "mediateur", "habitant")
# Commands a channel answers itself, because they touch what it stores (Telegram).
COMMANDES_CANAL = ("voix", "oubli", "confidentialite")
# The order of the published command menu (most useful first; the mediator switch last).
MENU_COMMANDES = ("start", "aide", "recommencer", *COMMANDES_CANAL, "mediateur", "habitant")
# Buttons offered at every step, in this order; « fiche » only in mediator mode.
BOUTONS_TOUJOURS = ("ne-sait-pas", "parler", "recommencer")
BOUTON_FICHE = "fiche"
BOUTON_MENU = "menu"
# Every service button id dialogues/communs.yaml must define (channels show them apart from choices).
BOUTONS_SERVICE = (*BOUTONS_TOUJOURS, BOUTON_MENU, BOUTON_FICHE)
# The button that opens the emergency screen from anywhere (the kiosk's red 🆘).
BOUTON_URGENCE = "theme:urgence"
# The answers to « Êtes-vous en danger maintenant ? » after a doubtful message.
DANGER_OUI = "danger-oui"
DANGER_NON = "danger-non"
# Every button id dialogues/communs.yaml must define under `boutons`.
BOUTONS_COMMUNS = (*BOUTONS_SERVICE, DANGER_OUI, DANGER_NON)


def boutons_service(mode: Mode) -> tuple[str, ...]:
    """The service buttons offered at every step in this mode."""
    return BOUTONS_TOUJOURS + ((BOUTON_FICHE,) if mode == "mediateur" else ())
