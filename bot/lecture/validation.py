"""French messages for pydantic validation errors, written for the people who edit data."""

from __future__ import annotations

from collections.abc import Collection

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from bot.lecture.problemes import Probleme
from bot.lecture.yaml_lignes import Document

MESSAGES = {
    "missing": "champ obligatoire manquant : l'ajouter",
    "extra_forbidden": "champ inconnu : vérifier l'orthographe ou le supprimer",
    "string_type": "il faut un texte",
    "int_type": "il faut un nombre entier",
    "int_parsing": "il faut un nombre entier",
    "bool_type": "il faut « true » ou « false »",
    "bool_parsing": "il faut « true » ou « false »",
    "list_type": "il faut une liste (lignes commençant par « - »)",
    "date_type": "il faut une date AAAA-MM-JJ",
    "date_from_datetime_parsing": "il faut une date AAAA-MM-JJ",
    "date_parsing": "il faut une date AAAA-MM-JJ",
    "literal_error": "valeur non permise",
    "union_tag_invalid": "type inconnu : structure, organisme, droit ou urgence",
    "union_tag_not_found": "champ « type » manquant : structure, organisme, droit ou urgence",
    "model_type": "il faut un bloc de lignes « champ: valeur »",
    "dict_type": "il faut un bloc de lignes « champ: valeur »",
}


def traduire_erreur(err: ErrorDetails) -> str:
    """Return a French message for one pydantic error dict."""
    genre = err.get("type", "")
    if genre == "string_pattern_mismatch":
        return f"format invalide (attendu : {err.get('ctx', {}).get('pattern', '?')}), reçu « {err.get('input')} »"
    if genre in ("less_than_equal", "less_than"):
        return f"valeur trop grande : {err.get('ctx', {}).get('le', err.get('ctx', {}).get('lt', '?'))} au plus"
    if genre in ("greater_than_equal", "greater_than"):
        return f"valeur trop petite : {err.get('ctx', {}).get('ge', err.get('ctx', {}).get('gt', '?'))} au moins"
    if genre == "too_short":
        return f"il faut au moins {err.get('ctx', {}).get('min_length', 1)} élément(s)"
    if genre == "too_long":
        return f"{err.get('ctx', {}).get('max_length', '?')} éléments au plus"
    if genre == "literal_error":
        return f"valeur non permise : {err.get('ctx', {}).get('expected', '')}"
    if genre == "value_error":
        return str(err.get("ctx", {}).get("error", err.get("msg", "")))
    return MESSAGES.get(genre, err.get("msg", "valeur invalide"))


def erreurs_pydantic(exc: ValidationError, doc: Document, fichier: str, etiquettes: Collection[str] = ()) -> list[Probleme]:
    """Turn pydantic errors into French problems with lines; `etiquettes` are union tags to drop from paths."""
    problemes = []
    for err in exc.errors():
        chemin = tuple(p for p in err["loc"] if p not in etiquettes)
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            chemin = ("type",)
        champ = ".".join(str(p) for p in chemin) or None
        problemes.append(Probleme(fichier, doc.ligne(chemin), champ, traduire_erreur(err)))
    return problemes
