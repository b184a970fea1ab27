"""Read YAML keeping line numbers, and reject duplicate keys (as OpenFisca does)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class ErreurYaml(Exception):
    """A YAML file that cannot be read: syntax error or duplicate key."""

    def __init__(self, message: str, ligne: int | None, champ: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.ligne = ligne
        self.champ = champ


@dataclass(frozen=True)
class Document:
    """A parsed YAML document: plain Python data plus the line of every key path."""

    donnees: Any
    lignes: dict[tuple[str | int, ...], int]

    def ligne(self, chemin: tuple[str | int, ...]) -> int | None:
        """Return the line of the deepest known prefix of `chemin` (1-based)."""
        for n in range(len(chemin), -1, -1):
            if chemin[:n] in self.lignes:
                return self.lignes[chemin[:n]]
        return None


def _construire(noeud: yaml.Node, chemin: tuple[str | int, ...], lignes: dict[tuple[str | int, ...], int]) -> Any:
    """Turn a YAML node into Python data, recording lines and refusing duplicate keys."""
    lignes.setdefault(chemin, noeud.start_mark.line + 1)
    if isinstance(noeud, yaml.MappingNode):
        resultat: dict[Any, Any] = {}
        for cle_noeud, valeur_noeud in noeud.value:
            cle = _scalaire(cle_noeud)
            if cle in resultat:
                raise ErreurYaml(
                    f"la clé « {cle} » apparaît deux fois : garder une seule ligne « {cle}: »", cle_noeud.start_mark.line + 1, str(cle)
                )
            lignes[chemin + (cle,)] = cle_noeud.start_mark.line + 1
            try:
                resultat[cle] = _construire(valeur_noeud, chemin + (cle,), lignes)
            except ErreurYaml as exc:
                if exc.champ is None:
                    exc.champ = ".".join(str(c) for c in chemin + (cle,))
                raise
        return resultat
    if isinstance(noeud, yaml.SequenceNode):
        return [_construire(v, chemin + (i,), lignes) for i, v in enumerate(noeud.value)]
    return _scalaire(noeud)


def _scalaire(noeud: yaml.Node) -> Any:
    """Resolve a scalar with the safe loader's rules (dates, numbers, booleans, null)."""
    chargeur = yaml.SafeLoader("")
    try:
        return chargeur.construct_object(noeud, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise ErreurYaml(
            f"valeur illisible ({exc.problem}) : écrire un texte simple, sans « ! » au début", noeud.start_mark.line + 1
        ) from exc
    except ValueError as exc:
        raise ErreurYaml(f"valeur impossible ({exc}) : vérifier la date (AAAA-MM-JJ) ou le nombre", noeud.start_mark.line + 1) from exc
    finally:
        chargeur.dispose()


def lire_yaml(chemin: Path) -> Document:
    """Parse one YAML file; raise ErreurYaml with a line number on any problem."""
    brut = chemin.read_bytes()
    try:
        texte = brut.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        ligne = brut[: exc.start].count(b"\n") + 1
        raise ErreurYaml("le fichier n'est pas en UTF-8 : l'enregistrer en UTF-8", ligne) from exc
    if "\x00" in texte:
        ligne = texte[: texte.index("\x00")].count("\n") + 1
        raise ErreurYaml("le fichier contient des caractères binaires (NUL) : ce n'est pas un texte YAML", ligne)
    try:
        noeud = yaml.compose(texte, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        marque = exc.problem_mark or exc.context_mark
        raise ErreurYaml(
            f"YAML illisible ({exc.problem}) : vérifier l'indentation, les deux-points et les guillemets",
            marque.line + 1 if marque else None,
        ) from exc
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)
        ligne_position = texte[:position].count("\n") + 1 if isinstance(position, int) else None
        raise ErreurYaml(f"YAML illisible ({exc}) : enlever les caractères spéciaux", ligne_position) from exc
    if noeud is None:
        raise ErreurYaml("le fichier est vide", 1)
    lignes: dict[tuple[str | int, ...], int] = {}
    return Document(_construire(noeud, (), lignes), lignes)
