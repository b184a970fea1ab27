"""The JSON API beside the kiosk pages: `/api/chercher` and `/api/repondre` (stateless, state sent back)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator

from bot.canaux.borne.rendu import tour_json
from bot.dialogue import reponses as r
from bot.dialogue.contexte import Contexte
from bot.dialogue.etat import Etat, etat_initial
from bot.dialogue.moteur import repondre

TEXTE_MAX = 5000
ID_MAX = 200


class Demande(BaseModel):
    """Base of every request body: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")


class DemandeChercher(Demande):
    """A message to orient."""

    texte: str = Field(min_length=1, max_length=TEXTE_MAX, description="Le message de l'habitant, 5000 caractères au plus.")
    limite: int = Field(5, ge=1, le=20, description="Nombre de résultats au plus.")


class Resultat(BaseModel):
    """One fiche found, with its score."""

    id: str
    score: float


class Orientation(BaseModel):
    """The orientation of one message, as `python -m bot chercher --json` prints it."""

    texte: str
    urgence: bool
    doute: bool
    resultats: list[Resultat]


class EtatJSON(BaseModel):
    """The conversation state as `/api/repondre` returns it (checked before it reaches the engine)."""

    model_config = ConfigDict(extra="ignore")

    version: StrictInt
    etape: StrictStr = Field("", max_length=ID_MAX)
    thematique: StrictStr | None = Field(None, max_length=ID_MAX)
    reponses: list[tuple[StrictStr, StrictStr]] = Field(default_factory=list, max_length=50)
    quartier: StrictStr | None = Field(None, max_length=ID_MAX)
    mode: Literal["habitant", "mediateur"] = "habitant"
    fiches: list[StrictStr] = Field(default_factory=list, max_length=50)
    orientation: list[StrictStr] = Field(default_factory=list, max_length=50)


class DemandeRepondre(Demande):
    """One input to the conversation engine, with the state returned by the previous call (or null)."""

    etat: EtatJSON | None = Field(None, description="L'« etat » de la réponse précédente ; null pour commencer.")
    texte: str | None = Field(None, max_length=TEXTE_MAX, description="Texte libre de l'habitant.")
    bouton: str | None = Field(None, min_length=1, max_length=ID_MAX, description="Id d'un bouton proposé (theme:…, reponse:…).")
    commande: str | None = Field(None, min_length=1, max_length=ID_MAX, description="start, recommencer, aide, mediateur, habitant.")

    @model_validator(mode="after")
    def _une_entree(self) -> DemandeRepondre:
        """Accept at most one of texte, bouton and commande."""
        donnees = [n for n in ("texte", "bouton", "commande") if getattr(self, n) is not None]
        if len(donnees) > 1:
            raise ValueError(f"donnez un seul champ parmi texte, bouton et commande (reçu : {', '.join(donnees)})")
        return self


class Reponse(BaseModel):
    """The new state to send back next time, the typed responses and whether it is an emergency."""

    etat: dict[str, Any]
    reponses: list[dict[str, Any]]
    urgence: bool
    doute: bool = False


def routeur_api(contexte: Contexte) -> APIRouter:
    """The /api routes, bound to one engine context."""
    routeur = APIRouter(prefix="/api", tags=["api"])

    @routeur.post("/chercher", response_model=Orientation, summary="Orienter un message vers les fiches")
    def chercher(demande: DemandeChercher) -> Orientation:
        """Orient one message: the fiches found and whether it is an emergency."""
        o = contexte.moteur.chercher(demande.texte, limite=demande.limite)
        return Orientation(
            texte=o.texte, urgence=o.urgence, doute=o.doute, resultats=[Resultat(id=x.id, score=x.score) for x in o.resultats]
        )

    @routeur.post("/repondre", response_model=Reponse, summary="Faire avancer une conversation d'un tour")
    def repondre_api(demande: DemandeRepondre) -> Reponse:
        """Answer one input; the caller keeps the returned state and sends it back next time."""
        try:
            etat = Etat.depuis_dict(demande.etat.model_dump()) if demande.etat is not None else etat_initial()
        except ValueError as exc:
            raise HTTPException(422, f"« etat » illisible : {exc}. Renvoyez l'état reçu, ou null pour commencer.") from exc
        entree = r.Entree(texte=demande.texte, bouton=demande.bouton, commande=demande.commande)
        if demande.etat is None and entree == r.Entree():
            entree = r.Entree(commande="start")
        nouvel, tour = repondre(etat, entree, contexte)
        return Reponse(etat=nouvel.vers_dict(), reponses=tour_json(tour), urgence=tour.urgence, doute=tour.doute)

    return routeur
