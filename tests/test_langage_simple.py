"""Plain-language gate: every text a resident sees or hears is short and easy (FALC).

Texts checked: dialogue messages, button labels, numéros de secours (dialogues/*.yaml); for
every fiche of connaissances/, its card as a resident sees it (title, résumé, each line, for
every quartier), its `resume`, each `que_faire` step and each emergency number's `libelle`.

Rules:
* no sentence over `MOTS_MAX_PHRASE` (15) words — the failure names the file, line, id and sentence;
* Kandel–Moles score at least `SCORE_MIN` (60) for every text of at least `MOTS_MIN_SCORE` (5)
  words; shorter texts (button labels, titles) are not scored, the formula means nothing there;
* the median sentence length and score of each text are printed (run with `-s`), hardest first,
  with the ten hardest texts apart.
Messages keep their « {variables} », each counted as one word.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import RACINE, Settings
from bot.connaissances.modeles import Urgence
from bot.dialogue.cartes import carte
from bot.dialogue.contexte import MIDI, Contexte, construire_contexte, textes_statiques
from bot.francais.lisibilite import MOTS_MIN_SCORE, Lisibilite, mots, rapport
from bot.lecture.yaml_lignes import Document, lire_yaml

MOTS_MAX_PHRASE = 15
SCORE_MIN = 60.0
DOSSIERS_FICHES = {"structure": "structures", "organisme": "organismes", "droit": "droits", "urgence": "urgences"}


@dataclass(frozen=True)
class TexteHabitant:
    """One resident-facing text and where it comes from (file:line and key)."""

    origine: str
    texte: str


def _lieu(nom: str, doc: Document | None, chemin: tuple[str | int, ...]) -> str:
    """Say « fichier:ligne clé.sous-clé » for a key path."""
    ligne = doc.ligne(chemin) if doc else None
    cle = ".".join(str(p) for p in chemin)
    return f"{nom}:{ligne} {cle}" if ligne else f"{nom} {cle}"


def _chemin_de(donnees: object, texte: str, chemin: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Find the key path of a string value equal to `texte` in a parsed fiche (None when built by the code)."""
    if isinstance(donnees, str):
        return chemin if donnees.strip() == texte else None
    enfants = donnees.items() if isinstance(donnees, dict) else enumerate(donnees) if isinstance(donnees, list) else []
    for cle, valeur in enfants:
        trouve = _chemin_de(valeur, texte, chemin + (cle,))
        if trouve is not None:
            return trouve
    return None


def _textes_dialogues(contexte: Contexte) -> list[TexteHabitant]:
    """Messages, button labels and numéros de secours of dialogues/."""
    p = contexte.parcours
    nom_c, doc_c = p.documents["communs"]
    textes = [TexteHabitant(_lieu(nom_c, doc_c, ("messages", k)), v) for k, v in p.communs.messages.items()]
    textes += [TexteHabitant(_lieu(nom_c, doc_c, ("menu", i, "libelle")), b.libelle) for i, b in enumerate(p.communs.menu)]
    textes += [TexteHabitant(_lieu(nom_c, doc_c, ("quartiers", i, "libelle")), b.libelle) for i, b in enumerate(p.communs.quartiers)]
    textes += [TexteHabitant(_lieu(nom_c, doc_c, ("boutons", k, "libelle")), b.libelle) for k, b in p.communs.boutons.items()]
    textes += [TexteHabitant(_lieu(nom_c, doc_c, ("secours", i, "libelle")), n.libelle) for i, n in enumerate(p.communs.secours)]
    for source, (nom, doc) in p.documents.items():
        if source.startswith("textes/"):
            textes += [TexteHabitant(_lieu(nom, doc, ("messages", k)), str(v)) for k, v in doc.donnees["messages"].items()]
    for nom_theme, theme in p.thematiques.items():
        nom, doc = p.documents[nom_theme]
        textes += [TexteHabitant(_lieu(nom, doc, ("messages", k)), v) for k, v in theme.messages.items()]
        for id_etape, etape in theme.etapes.items():
            textes += [
                TexteHabitant(_lieu(nom, doc, ("etapes", id_etape, "boutons", i, "libelle")), b.libelle)
                for i, b in enumerate(etape.boutons)
            ]
    return textes


def _textes_fiches(contexte: Contexte) -> list[TexteHabitant]:
    """Résumé, steps, emergency lines and resident cards (for every quartier) of every fiche."""
    base = contexte.base
    textes: list[TexteHabitant] = []
    for fiche in base.fiches.values():
        nom = f"connaissances/{DOSSIERS_FICHES[fiche.type]}/{fiche.id}.yaml"
        doc = lire_yaml(RACINE / nom)
        textes.append(TexteHabitant(_lieu(nom, doc, ("resume",)), fiche.resume))
        textes += [TexteHabitant(_lieu(nom, doc, ("que_faire", i)), t) for i, t in enumerate(fiche.que_faire)]
        if isinstance(fiche, Urgence):
            textes += [TexteHabitant(_lieu(nom, doc, ("numeros", i, "libelle")), n.libelle) for i, n in enumerate(fiche.numeros)]
        for quartier in [None, *base.quartiers]:
            c = carte(fiche, base, contexte.parcours.textes, quartier, maintenant=MIDI)
            origine = f"{nom} (carte{', quartier ' + quartier if quartier else ''})"
            textes += [TexteHabitant(f"{origine} titre", c.titre), TexteHabitant(f"{origine} résumé", c.resume)]
            for l in c.lignes:
                chemin = _chemin_de(doc.donnees, l.valeur) or _chemin_de(doc.donnees, l.libelle)
                lieu = _lieu(nom, doc, chemin) + " (carte)" if chemin else f"{origine} ligne « {l.libelle} »"
                textes.append(TexteHabitant(lieu, f"{l.libelle} : {l.valeur}" if l.valeur else l.libelle))
    return textes


def _uniques(textes: list[TexteHabitant]) -> list[TexteHabitant]:
    """Keep the first origin of each distinct text."""
    vus: dict[str, TexteHabitant] = {}
    for t in textes:
        vus.setdefault(t.texte, t)
    return list(vus.values())


@pytest.fixture(scope="module")
def contexte() -> Contexte:
    """The real knowledge base and dialogues."""
    return construire_contexte(Settings.from_env())


@pytest.fixture(scope="module")
def textes(contexte: Contexte) -> list[TexteHabitant]:
    """Every distinct resident-facing text, with its origin."""
    return _uniques(_textes_dialogues(contexte) + _textes_fiches(contexte))


@pytest.fixture(scope="module")
def mesures(textes: list[TexteHabitant]) -> list[tuple[TexteHabitant, Lisibilite]]:
    """The readability report of every text."""
    return [(t, rapport(t.texte)) for t in textes]


def test_la_porte_voit_tous_les_textes(contexte: Contexte, textes: list[TexteHabitant]) -> None:
    """Every text the engine lists as static (textes_statiques) is checked here, and every fiche's résumé."""
    vus = {t.texte for t in textes}
    manquants = [t for t in textes_statiques(contexte) if t not in vus]
    assert not manquants, f"textes non vérifiés : {manquants[:10]}"
    assert all(f.resume in vus for f in contexte.base.fiches.values())
    assert len(contexte.base.fiches) > 0


def test_phrases_de_quinze_mots_au_plus(mesures: list[tuple[TexteHabitant, Lisibilite]]) -> None:
    """No sentence of a resident-facing text has more than 15 words."""
    trop_longues = [f"{t.origine} : {len(mots(p))} mots : « {p} »" for t, m in mesures for p in m.phrases if len(mots(p)) > MOTS_MAX_PHRASE]
    assert not trop_longues, f"{len(trop_longues)} phrase(s) de plus de {MOTS_MAX_PHRASE} mots :\n" + "\n".join(trop_longues)


def _tableau(lignes: list[tuple[TexteHabitant, Lisibilite]]) -> str:
    """Render (score, median, origin, text) rows."""
    return "\n".join(f"{m.score:6.1f}  méd. {m.mediane_longueur_phrases:4.1f} mots  {t.origine}\n        « {t.texte} »" for t, m in lignes)


def test_score_kandel_moles_60_au_moins(mesures: list[tuple[TexteHabitant, Lisibilite]]) -> None:
    """Every text of five words or more scores at least 60 (Kandel–Moles); prints every score, hardest first."""
    notes = sorted(((t, m) for t, m in mesures if m.score is not None), key=lambda tm: tm[1].score or 0.0)
    assert notes, f"aucun texte de {MOTS_MIN_SCORE} mots ou plus : les données sont-elles chargées ?"
    scores = [m.score for _, m in notes if m.score is not None]
    print(
        f"\n{len(mesures)} textes, {len(notes)} notés ; score médian {statistics.median(scores):.1f} ;"
        f" phrase médiane {statistics.median(m.mediane_longueur_phrases for _, m in mesures):.1f} mots"
    )
    print("\nLes dix textes les plus difficiles :\n" + _tableau(notes[:10]))
    print("\nTous les textes notés :\n" + _tableau(notes))
    difficiles = [(t, m) for t, m in notes if (m.score or 0.0) < SCORE_MIN]
    assert not difficiles, f"{len(difficiles)} texte(s) sous {SCORE_MIN:.0f} (Kandel–Moles) :\n" + _tableau(difficiles)


def test_dix_textes_les_plus_durs_sont_listes(mesures: list[tuple[TexteHabitant, Lisibilite]], capsys: pytest.CaptureFixture[str]) -> None:
    """The ten hardest texts are printed, lowest score first."""
    notes = sorted(((t, m) for t, m in mesures if m.score is not None), key=lambda tm: tm[1].score or 0.0)[:10]
    with capsys.disabled():
        print("\n[langage simple] les dix textes les plus difficiles :\n" + _tableau(notes))
    assert [m.score for _, m in notes] == sorted(m.score for _, m in notes if m.score is not None)
    assert len(notes) == min(10, sum(m.score is not None for _, m in mesures))


def test_racine_connaissances_existe() -> None:
    """The gate reads the real knowledge folder."""
    assert (RACINE / "connaissances").is_dir() and Path(RACINE / "dialogues" / "communs.yaml").is_file()
