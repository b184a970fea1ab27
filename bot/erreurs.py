"""The project's exception tree.

    ErreurPasserelle                 every error Passerelle raises on purpose
    ├── DonneesInvalides             a data file (connaissances/, dialogues/) is broken; holds the problems
    │   └── DialoguesInvalides       … in dialogues/
    └── ErreurVoix (bot.voix)        speech could not be produced; channels then answer in text

`DonneesInvalides.erreurs` lists every problem with file, line, field and a suggestion, as
`python -m bot verifier` prints them; the commands turn it into one French line and exit 2.
"""

from __future__ import annotations

from bot.lecture.problemes import Probleme


class ErreurPasserelle(Exception):
    """Root of the errors Passerelle raises on purpose."""


class DonneesInvalides(ErreurPasserelle):
    """A data folder has errors; `python -m bot verifier` lists them."""

    dossier = "les données"

    def __init__(self, erreurs: list[Probleme]) -> None:
        """Keep every blocking problem; the message names the first one."""
        super().__init__(f"{len(erreurs)} erreur(s) dans {self.dossier} ; lancer « python -m bot verifier ». Première : {erreurs[0]}")
        self.erreurs = erreurs


class DialoguesInvalides(DonneesInvalides):
    """The dialogues/ folder has errors."""

    dossier = "dialogues/"
