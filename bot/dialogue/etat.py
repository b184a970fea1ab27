"""The conversation state: ids only (steps, answers, quartier, mode), never what was typed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from bot.dialogue.reponses import Mode

VERSION_ETAT = 1
ACCUEIL = ""
MENU = "menu"
FIN = "fin"
PARLER_QUARTIER = "parler-quartier"
ORIENTATION_MAX = 12


@dataclass(frozen=True)
class Etat:
    """Where the conversation is; serialisable to a JSON dict."""

    etape: str = ACCUEIL
    thematique: str | None = None
    reponses: tuple[tuple[str, str], ...] = ()
    quartier: str | None = None
    mode: Mode = "habitant"
    fiches: tuple[str, ...] = ()
    orientation: tuple[str, ...] = ()
    version: int = VERSION_ETAT

    def reponse(self, cle: str) -> str | None:
        """Return the button id answered for a question key, if any."""
        return dict(self.reponses).get(cle)

    def avec_reponse(self, cle: str, valeur: str) -> Etat:
        """Return the state with one more answer (replacing an earlier one for the same key)."""
        return replace(self, reponses=tuple((c, v) for c, v in self.reponses if c != cle) + ((cle, valeur),))

    def avec_fiches(self, ids: tuple[str, ...]) -> Etat:
        """Return the state remembering the fiches just shown."""
        tous = tuple(dict.fromkeys(self.orientation + ids))[-ORIENTATION_MAX:]
        return replace(self, fiches=ids, orientation=tous)

    def vers_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict."""
        d = asdict(self)
        d["reponses"] = [list(p) for p in self.reponses]
        d["fiches"] = list(self.fiches)
        d["orientation"] = list(self.orientation)
        return d

    @classmethod
    def depuis_dict(cls, d: dict[str, Any]) -> Etat:
        """Rebuild a state from `vers_dict()`; raise ValueError on an unknown version or shape."""
        if d.get("version") != VERSION_ETAT:
            raise ValueError(f"version d'état {d.get('version')!r} inconnue (attendu {VERSION_ETAT})")
        mode = d.get("mode", "habitant")
        if mode not in ("habitant", "mediateur"):
            raise ValueError(f"mode {mode!r} inconnu")
        try:
            return cls(
                etape=str(d.get("etape", ACCUEIL)),
                thematique=d.get("thematique"),
                reponses=tuple((str(c), str(v)) for c, v in d.get("reponses", [])),
                quartier=d.get("quartier"),
                mode=mode,
                fiches=tuple(str(i) for i in d.get("fiches", [])),
                orientation=tuple(str(i) for i in d.get("orientation", [])),
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"état illisible : {exc}") from exc


def etat_initial(mode: Mode = "habitant") -> Etat:
    """Return the state of a new conversation."""
    return Etat(mode=mode)
