"""Read a conversation script: YAML with lines, checked by the models, names unique."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from bot.erreurs import ErreurPasserelle
from bot.lecture.yaml_lignes import Document, ErreurYaml, lire_yaml
from bot.scripts.modeles import GENRES_ETAPE, ConversationScript, ModeleFichier, Script

Chemin = tuple[str | int, ...]


class ErreurScript(ErreurPasserelle):
    """A conversation script that cannot be read, with the line of the problem."""

    def __init__(self, message: str, fichier: str, ligne: int | None) -> None:
        lieu = f"{fichier}:{ligne}" if ligne else fichier
        super().__init__(f"{lieu}: {message}")
        self.message = message
        self.fichier = fichier
        self.ligne = ligne


def chemin_yaml(loc: tuple[str | int, ...]) -> Chemin:
    """The YAML path of a pydantic error: a step's union tag, which repeats its key, is dropped."""
    return tuple(p for i, p in enumerate(loc) if not (p in GENRES_ETAPE and loc[i + 1 : i + 2] == (p,)))


def _refuser_doublons(conversations: tuple[ConversationScript, ...], fichier: str) -> None:
    """Raise ErreurScript when two conversations have the same name."""
    vus: dict[str, int | None] = {}
    for conv in conversations:
        if conv.nom in vus:
            raise ErreurScript(f"le nom « {conv.nom} » est déjà utilisé ligne {vus[conv.nom]}", fichier, conv.ligne)
        vus[conv.nom] = conv.ligne


def analyser_script(doc: Document, fichier: str) -> Script:
    """Turn a parsed YAML document into a Script; raise ErreurScript with the line of the first problem."""
    try:
        modele = ModeleFichier.model_validate(doc.donnees)
    except ValidationError as exc:
        erreur = exc.errors()[0]
        raise ErreurScript(erreur["msg"], fichier, doc.ligne(chemin_yaml(erreur["loc"]))) from exc
    conversations = tuple(
        ConversationScript.depuis(
            conv,
            fichier,
            doc.ligne(("conversations", i)),
            tuple(doc.ligne(("conversations", i, "etapes", j)) for j in range(len(conv.etapes))),
        )
        for i, conv in enumerate(modele.conversations)
    )
    _refuser_doublons(conversations, fichier)
    return Script(fichier, conversations)


def lire_script(chemin: Path) -> Script:
    """Read and check one script file; raise ErreurScript (with its line) when unreadable."""
    fichier = str(chemin)
    if not chemin.is_file():
        raise ErreurScript("fichier introuvable", fichier, None)
    try:
        doc = lire_yaml(chemin)
    except ErreurYaml as exc:
        raise ErreurScript(exc.message, fichier, exc.ligne) from exc
    return analyser_script(doc, fichier)
