"""French messages of the script models, for the people who write conversation scripts.

Two pieces, both declared on the models (bot/scripts/modeles.py):

* `Message(texte, par_type)` in a field's `Annotated[...]`: any pydantic error of that value
  becomes `texte` (or `par_type[error type]`), formatted with `{champ}`, the error's context
  (`{tag}`…) and the fields already read (`{nom}`…).
* `ModeleScript`, the base model: a value that is not a block gets `BLOC`, an unknown key
  gets `CLE_INCONNUE` (with `{cle}`, `{champs}` « a », « b » et « c », `{liste}` a, b, c),
  a missing field the `Message` of that field. Unknown keys are reported first.

Every error leaving a model is of type `script` and carries its final French text; errors
of nested models are kept as they are. A validator may also raise `ValueError(texte)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    ModelWrapValidatorHandler,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import CoreSchema, ErrorDetails, InitErrorDetails, PydanticCustomError, core_schema

from bot.lecture.validation import traduire_erreur

TYPE_SCRIPT = "script"
CLE_REFUSEE = ("extra_forbidden", "invalid_key")  # a key the block does not have (or not a text)


class _Valeurs(dict[str, Any]):
    """Formatting values; a missing one reads as « … »."""

    def __missing__(self, cle: str) -> str:
        """Stand in for a value that could not be read."""
        return "…"


def erreur_script(texte: str) -> PydanticCustomError:
    """A pydantic error that carries its final French text."""
    return PydanticCustomError(TYPE_SCRIPT, "{texte}", {"texte": texte})


def texte_francais(erreur: ErrorDetails) -> str | None:
    """The French text of an error already worded for script writers, else None."""
    if erreur["type"] == TYPE_SCRIPT:
        return erreur["msg"]
    if erreur["type"] == "value_error":
        return str(erreur.get("ctx", {}).get("error", erreur["msg"]))
    return None


def en_francais(erreur: ErrorDetails, texte: str) -> InitErrorDetails:
    """The same error (place and value) with its French text."""
    return {"type": erreur_script(texte), "loc": erreur["loc"], "input": erreur["input"]}


def enumerer(elements: list[str], dernier: str = "et") -> str:
    """« a », « b » et « c » style list: `a, b et c`."""
    return elements[0] if len(elements) == 1 else f"{', '.join(elements[:-1])} {dernier} {elements[-1]}"


@dataclass(frozen=True)
class Message:
    """Annotated marker: the French message of a wrong value, per pydantic error type if given."""

    texte: str
    par_type: tuple[tuple[str, str], ...] = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """Wrap the value's validation so its errors come out in French."""
        return core_schema.with_info_wrap_validator_function(self._valider, handler(source))

    def _valider(self, valeur: Any, suite: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        """Validate; keep the French errors of what the value holds, else word the first error with this message."""
        try:
            return suite(valeur)
        except ValidationError as exc:
            francaises = [en_francais(e, texte) for e in exc.errors() if (texte := texte_francais(e)) is not None]
            if francaises:  # pydantic's own follow-ups (« too short after validation ») are dropped
                raise ValidationError.from_exception_data(exc.title, francaises) from None
            brutes = exc.errors()
            donnees = info.data if isinstance(info.data, dict) else {}
            valeurs = {**donnees, **brutes[0].get("ctx", {}), "champ": info.field_name}
            raise erreur_script(self.formater(brutes[0]["type"], valeurs)) from None

    def formater(self, genre: str, valeurs: Mapping[Any, Any]) -> str:
        """The message for one pydantic error type, with its values filled in."""
        return dict(self.par_type).get(genre, self.texte).format_map(_Valeurs({str(k): v for k, v in valeurs.items()}))


class ModeleScript(BaseModel):
    """Base of the script models: unknown keys refused, frozen, numbers read as texts, French errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    BLOC: ClassVar[str] = "il faut un bloc de lignes « champ: valeur »"
    CLE_INCONNUE: ClassVar[str] = "clé inconnue « {cle} » : choisir parmi {champs}"

    @classmethod
    def champs(cls) -> list[str]:
        """The keys this block accepts, in order."""
        return list(cls.model_fields)

    @classmethod
    def bloc(cls) -> str:
        """The message when the value is not a block of this model."""
        return cls.BLOC.format(liste=", ".join(cls.champs()))

    @model_validator(mode="wrap")
    @classmethod
    def _en_francais(cls, valeur: Any, suite: ModelWrapValidatorHandler[Self]) -> Self:
        """Validate; give every error of this block its French text, unknown keys first."""
        try:
            return suite(valeur)
        except ValidationError as exc:
            erreurs = sorted(exc.errors(), key=lambda e: e["type"] not in CLE_REFUSEE)
            raise ValidationError.from_exception_data(exc.title, [en_francais(e, cls._texte(e, valeur)) for e in erreurs]) from None

    @classmethod
    def _texte(cls, erreur: ErrorDetails, valeur: Any) -> str:
        """The French text of one error of this block."""
        deja = texte_francais(erreur)
        if deja is not None:
            return deja
        if erreur["type"] in CLE_REFUSEE:
            champs = cls.champs()
            return cls.CLE_INCONNUE.format(cle=erreur["loc"][-1], champs=enumerer([f"« {c} »" for c in champs]), liste=", ".join(champs))
        if not erreur["loc"]:
            return cls.bloc()
        message = cls._message_du_champ(str(erreur["loc"][0]))
        if erreur["type"] == "missing" and message is not None:
            return message.formater("missing", {**(valeur if isinstance(valeur, dict) else {}), "champ": erreur["loc"][0]})
        return traduire_erreur(erreur)

    @classmethod
    def _message_du_champ(cls, nom: str) -> Message | None:
        """The `Message` declared on a field, if any."""
        champ = cls.model_fields.get(nom)
        return next((m for m in champ.metadata if isinstance(m, Message)), None) if champ else None
