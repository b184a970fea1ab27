"""The resident-facing messages by id, as loaded from dialogues/ (French is the source)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Textes:
    """Look up a message by id and fill its {variables}: `textes(Cle.OUBLI_FAIT)`."""

    messages: Mapping[str, str]

    def __call__(self, cle: str, **variables: str) -> str:
        """Return the message `cle` with its variables filled (KeyError when unknown)."""
        texte = self.messages[cle]
        return texte.format(**variables) if variables else texte

    def __contains__(self, cle: object) -> bool:
        """True when the id is defined."""
        return cle in self.messages
