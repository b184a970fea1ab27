"""Tests of bot/parcours.py and bot/verification_dialogues.py on the real and on broken dialogues."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.connaissances.base import Base
from bot.connaissances.chargement import charger
from bot.dialogue.parcours import FIN, charger_parcours, lire_parcours
from bot.dialogue.verification import verifier_dialogues
from bot.erreurs import DialoguesInvalides
from bot.francais.texte import mots, phrases
from bot.lecture.problemes import Probleme

RACINE = Path(__file__).resolve().parent.parent
DIALOGUES = RACINE / "dialogues"
MOTS_MENU = ("Travail", "Argent", "Logement", "Santé", "Famille", "Femmes", "Papiers", "Âgées", "Jeunes", "Urgence")


@pytest.fixture(scope="module")
def base() -> Base:
    """The real knowledge base (as far as it is written)."""
    return charger(RACINE / "connaissances").base


def _catalogue() -> set[str]:
    """The ids the knowledge base must hold (shared/catalogue.yaml)."""
    donnees = yaml.safe_load(Path("/work/shared/catalogue.yaml").read_text(encoding="utf-8"))
    return {e["id"] for partie in donnees.values() for e in partie}


def test_dialogues_reels_se_chargent() -> None:
    parcours, problemes = lire_parcours(DIALOGUES)
    assert parcours is not None
    assert [p for p in problemes if p.gravite == "erreur"] == []
    assert set(parcours.thematiques) == {b.thematique for b in parcours.communs.menu}


def test_menu_a_les_dix_mots() -> None:
    libelles = [b.libelle for b in charger_parcours(DIALOGUES).communs.menu]
    for mot in MOTS_MENU:
        assert any(mot.lower() in l.lower() for l in libelles), mot


def test_au_plus_trois_questions_et_trois_cartes() -> None:
    for theme in charger_parcours(DIALOGUES).thematiques.values():
        assert len(theme.etapes) <= 3, theme.thematique
        assert all(1 <= len(r.fiches) <= 3 for r in theme.cartes)


# Texts that are a list read on request (/confidentialite), not a message of the conversation.
TEXTES_LISTES = {"confidentialite"}


def test_phrases_courtes() -> None:
    parcours = charger_parcours(DIALOGUES)
    for cle, texte in parcours.messages.items():
        assert cle in TEXTES_LISTES or len(phrases(texte)) <= 2, texte
        for phrase in phrases(texte):
            assert len(mots(phrase)) <= 12, phrase


def test_verification_reelle(base: Base) -> None:
    """The real dialogues name only real fiches and quartiers: no error, no warning."""
    assert [str(p) for p in verifier_dialogues(DIALOGUES, base)] == []
    assert _catalogue() <= set(base.fiches)


def _copie(tmp_path: Path) -> Path:
    """A writable copy of the real dialogues."""
    cible = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, cible)
    return cible


def _remplacer(chemin: Path, avant: str, apres: str) -> None:
    """Edit one file of the copy."""
    texte = chemin.read_text(encoding="utf-8")
    assert avant in texte
    chemin.write_text(texte.replace(avant, apres, 1), encoding="utf-8")


def _erreurs(dossier: Path, base: Base) -> list[Probleme]:
    """The blocking problems of a dialogues folder."""
    return [p for p in verifier_dialogues(dossier, base) if p.gravite == "erreur"]


def test_fiche_inconnue_avec_suggestion(tmp_path: Path, base: Base) -> None:
    d = _copie(tmp_path)
    _remplacer(d / "parcours" / "femmes.yaml", "  - fiches: [maison-des-femmes]", "  - fiches: [maison-des-femme]")
    p = next(p for p in _erreurs(d, base) if "maison-des-femme »" in p.message)
    assert p.fichier == "dialogues/parcours/femmes.yaml" and p.ligne == 16
    assert p.suggestion == "maison-des-femmes"
    assert "Vouliez-vous dire « maison-des-femmes » ?" in str(p)


def test_etape_inaccessible_et_bouton_sans_suite(tmp_path: Path, base: Base) -> None:
    d = _copie(tmp_path)
    _remplacer(d / "parcours" / "travail.yaml", "    suite: quartier\n", "    suite: quartie\n")
    messages = [str(p) for p in _erreurs(d, base)]
    assert any("mène à « quartie »" in m and "Vouliez-vous dire « quartier »" in m for m in messages)
    assert any("l'étape « quartier » n'est atteinte" in m for m in messages)


def test_message_manquant_et_inutilise(tmp_path: Path, base: Base) -> None:
    d = _copie(tmp_path)
    _remplacer(d / "parcours" / "travail.yaml", "  travail-age:", "  travail-ages:")
    problemes = verifier_dialogues(d, base)
    assert any(p.gravite == "erreur" and "« travail-age » n'est défini" in p.message and p.suggestion == "travail-ages" for p in problemes)
    assert any(p.gravite == "avertissement" and "« travail-ages » n'est jamais utilisé" in p.message for p in problemes)


def test_regle_sur_une_reponse_inconnue(tmp_path: Path, base: Base) -> None:
    d = _copie(tmp_path)
    _remplacer(d / "parcours" / "travail.yaml", "si: {age: [moins-26]}", "si: {age: [moins-25]}")
    assert any("n'a pas de bouton « moins-25 »" in p.message for p in _erreurs(d, base))


def test_theme_hors_menu(tmp_path: Path, base: Base) -> None:
    d = _copie(tmp_path)
    shutil.copy(d / "parcours" / "agees.yaml", d / "parcours" / "vieux.yaml")
    _remplacer(d / "parcours" / "vieux.yaml", "thematique: agees", "thematique: vieux")
    _remplacer(d / "parcours" / "vieux.yaml", "  agees-besoin:", "  vieux-besoin:")
    assert any("pas de bouton dans le menu" in p.message for p in _erreurs(d, base))


def test_yaml_illisible_avec_ligne(tmp_path: Path, base: Base) -> None:
    d = _copie(tmp_path)
    (d / "parcours" / "sante.yaml").write_text("version: 1\nthematique: sante\netapes: [\n", encoding="utf-8")
    p = next(p for p in _erreurs(d, base) if p.fichier.endswith("sante.yaml"))
    assert "YAML illisible" in p.message and p.ligne is not None


def test_cle_en_double_et_champ_inconnu(tmp_path: Path, base: Base) -> None:
    d = _copie(tmp_path)
    _remplacer(d / "parcours" / "jeunes.yaml", "debut: age\n", "debut: age\ndebut: age\n")
    _remplacer(d / "parcours" / "papiers.yaml", "debut: besoin\n", "debut: besoin\nquestion: oups\n")
    erreurs = _erreurs(d, base)
    assert any(p.fichier.endswith("jeunes.yaml") and "deux fois" in p.message and p.ligne == 4 for p in erreurs)
    assert any(p.fichier.endswith("papiers.yaml") and p.champ == "question" and p.ligne == 4 for p in erreurs)


def test_communs_manquant(tmp_path: Path, base: Base) -> None:
    d = _copie(tmp_path)
    (d / "communs.yaml").unlink()
    parcours, problemes = lire_parcours(d)
    assert parcours is None and "fichier manquant" in problemes[0].message
    with pytest.raises(DialoguesInvalides):
        charger_parcours(d)


def test_fin_est_une_suite_valide() -> None:
    for theme in charger_parcours(DIALOGUES).thematiques.values():
        for etape in theme.etapes.values():
            assert etape.suite == FIN or etape.suite in theme.etapes
