"""Tests of bot/rejouer.py: reading scripts, checking turns, and the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import RACINE, Settings
from bot.dialogue import reponses as r
from bot.scripts.cli import main
from bot.scripts.jeu import Echec, choisir_bouton, entree_usager, normaliser, texte_du_tour, verifier
from bot.scripts.lecture import ErreurScript, lire_script
from bot.scripts.modeles import Attendu, Choisit, Usager

TOUR = r.Tour(
    (
        r.Texte("cartes-intro", "Voici qui peut vous aider."),
        r.Carte(
            "fabrique-defi",
            "structure",
            "La Fabrique Défi",
            "Elle aide à trouver un travail.",
            (r.LigneCarte("📍", "Adresse", "à vérifier"),),
        ),
        r.Urgences("Numéros d'urgence.", (r.Numero("3919", "Violences Femmes Info, gratuit."),)),
        r.Choix(
            (
                r.Bouton("menu", "📋", "Autre chose"),
                r.Bouton("parler", "🗣️", "Parler à quelqu'un"),
                r.Bouton("plus-26", "🧔", "26 ans ou plus"),
                r.Bouton("moins-26", "🧑", "Moins de 26 ans"),
            ),
            "Voulez-vous autre chose ?",
        ),
    )
)


def ecrire(dossier: Path, texte: str) -> Path:
    """Write a script file and return its path."""
    chemin = dossier / "script.yaml"
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def test_normaliser() -> None:
    """Case, accents, curly apostrophes and spaces are ignored."""
    assert normaliser("  Parler à  QUELQU’UN ") == "parler a quelqu'un"
    assert normaliser("Œuvre Âgées") == "oeuvre agees"


def test_texte_du_tour_reunit_tout() -> None:
    """The turn text holds texts, card fields, numbers and button labels."""
    texte = texte_du_tour(TOUR)
    for morceau in (
        "Voici qui",
        "La Fabrique Défi",
        "trouver un travail",
        "Adresse à vérifier",
        "3919 Violences",
        "Voulez-vous",
        "Moins de 26 ans",
    ):
        assert morceau in texte


@pytest.mark.parametrize(("cherche", "id_attendu"), [("autre", "menu"), ("PARLER A", "parler"), ("moins", "moins-26")])
def test_choisir_bouton(cherche: str, id_attendu: str) -> None:
    """The button whose label contains the text is pressed, ignoring case and accents."""
    assert choisir_bouton(TOUR, cherche).id == id_attendu


def test_choisir_bouton_aucun_ou_ambigu() -> None:
    """No match lists the buttons; several matches without an exact label is ambiguous."""
    with pytest.raises(Echec, match="aucun bouton ne contient « Travail » ; boutons : « Autre chose »"):
        choisir_bouton(TOUR, "Travail")
    with pytest.raises(Echec, match="plusieurs boutons contiennent « 26 ans »"):
        choisir_bouton(TOUR, "26 ans")


def test_choisir_bouton_libelle_exact_gagne() -> None:
    """When several labels contain the text, the one equal to it wins."""
    tour = r.Tour((r.Choix((r.Bouton("a", "", "Famille"), r.Bouton("b", "", "Famille nombreuse"))),))
    assert choisir_bouton(tour, "famille").id == "a"


def test_verifier_reussit() -> None:
    """Every kind of check passes on a matching turn."""
    verifier(
        Attendu(
            contient=("fabrique defi", "3919"),
            ne_contient_pas=("erreur",),
            oriente_vers=("france-travail", "fabrique-defi"),
            urgence=True,
            propose_au_moins=4,
        ),
        TOUR,
    )


@pytest.mark.parametrize(
    ("attendu", "message"),
    [
        (Attendu(contient=("CAF",)), "ne contient pas « CAF »"),
        (Attendu(ne_contient_pas=("GRATUIT",)), "contient « GRATUIT » alors"),
        (Attendu(oriente_vers=("ccas",)), "fiches montrées : fabrique-defi"),
        (Attendu(urgence=False), "montre les numéros d'urgence"),
        (Attendu(propose_au_moins=5), "4 bouton"),
    ],
)
def test_verifier_echoue(attendu: Attendu, message: str) -> None:
    """Each unmet check gives a French reason."""
    with pytest.raises(Echec, match=message):
        verifier(attendu, TOUR)


def test_entree_usager_commande() -> None:
    """« /mediateur » is a command; other texts are texts."""
    assert entree_usager("/mediateur").commande == "mediateur"
    assert entree_usager("/ bonjour").texte == "/ bonjour"
    assert entree_usager("").texte == ""


def test_lire_script(tmp_path: Path) -> None:
    """A valid script gives its conversations, steps and lines."""
    script = lire_script(
        ecrire(
            tmp_path,
            (
                "version: 1\nconversations:\n"
                "  - nom: un\n    etapes:\n      - usager: 3919\n      - choisit: Travail\n"
                "      - attendu: {urgence: false, contient: seul}\n"
                "  - nom: long\n    etapes:\n      - usager: {repete: 'ab ', fois: 3}\n"
            ),
        )
    )
    un, long = script.conversations
    assert un.etapes == (Usager("3919"), Choisit("Travail"), Attendu(contient=("seul",), urgence=False))
    assert (un.ligne, un.ligne_etape(1)) == (3, 6)
    assert long.etapes == (Usager("ab ab ab "),)


@pytest.mark.parametrize(
    ("texte", "ligne", "message"),
    [
        ("version: 1\nconversations:\n  - nom: a\n    etapes:\n      - dit: bonjour\n", 5, "étape inconnue « dit »"),
        ("version: 1\nconversations:\n  - nom: a\n    etapes:\n      - attendu: {contien: [x]}\n", 5, "vérification inconnue « contien »"),
        ("version: 1\nconversations:\n  - nom: a\n    etapes:\n      - attendu:\n          urgence: oui?\n", 6, "true ou false"),
        ("version: 1\nconversations:\n  - nom: a\n    etapes: []\n", 4, "non vide"),
        ("version: 2\nconversations: []\n", 1, "version: 1"),
        (
            "version: 1\nconversations:\n  - nom: a\n    etapes:\n      - usager: x\n  - nom: a\n    etapes:\n      - usager: y\n",
            6,
            "déjà utilisé ligne 3",
        ),
        ("version: 1\nconversations:\n  - nom: a\n    etapes:\n    - usager: [x\n", 6, "YAML illisible"),
        ("version: 1\nversion: 1\n", 2, "apparaît deux fois"),
    ],
)
def test_script_illisible(tmp_path: Path, texte: str, ligne: int, message: str) -> None:
    """A broken script names its line and the problem in French."""
    with pytest.raises(ErreurScript, match=message) as exc:
        lire_script(ecrire(tmp_path, texte))
    assert exc.value.ligne == ligne


SCRIPT_CLI = """version: 1
conversations:
  - nom: travail-reussi
    etapes:
      - choisit: Travail
      - attendu: {urgence: false, propose_au_moins: 2}
  - nom: bouton-absent
    etapes:
      - attendu: {urgence: false}
      - choisit: Bouton qui n'existe pas
"""


def test_main_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints one object per conversation and returns 1 when one fails."""
    code = main(["rejouer", str(ecrire(tmp_path, SCRIPT_CLI)), "--json"], Settings.from_env({}))
    sortie = json.loads(capsys.readouterr().out)
    assert code == 1
    assert sortie[0] == {"nom": "travail-reussi", "reussi": True, "etape_en_echec": None, "raison": None}
    assert sortie[1]["nom"] == "bouton-absent" and sortie[1]["reussi"] is False and sortie[1]["etape_en_echec"] == 1
    assert sortie[1]["raison"].startswith("aucun bouton ne contient « Bouton qui n'existe pas » ; boutons :")


def test_main_lisible_et_reussi(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json the report is French text; all passing returns 0."""
    chemin = ecrire(tmp_path, SCRIPT_CLI.split("  - nom: bouton-absent")[0])
    assert main([str(chemin)], Settings.from_env({})) == 0
    sortie = capsys.readouterr().out
    assert "✔ travail-reussi" in sortie and "Bilan : 1 réussie(s), 0 en échec." in sortie


def test_main_fichier_illisible(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unreadable script returns 2 with its line on stderr."""
    chemin = ecrire(tmp_path, "version: 1\nconversations:\n  - nom: a\n    etapes:\n      - dit: x\n")
    assert main([str(chemin), "--json"], Settings.from_env({})) == 2
    erreur = capsys.readouterr().err
    assert f"{chemin}:5" in erreur and "étape inconnue" in erreur


def test_main_sans_fichier(capsys: pytest.CaptureFixture[str]) -> None:
    """No file is a usage error."""
    assert main(["rejouer"], Settings.from_env({})) == 2
    assert "il manque le fichier" in capsys.readouterr().err


def test_python_m_bot_rejouer(tmp_path: Path) -> None:
    """The real command `python -m bot rejouer FICHIER --json` answers JSON with exit code 1."""
    chemin = ecrire(tmp_path, SCRIPT_CLI)
    fini = subprocess.run(
        [sys.executable, "-m", "bot", "rejouer", str(chemin), "--json"],
        cwd=RACINE,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert fini.returncode == 1, fini.stderr
    assert [c["reussi"] for c in json.loads(fini.stdout)] == [True, False]


def test_greffon_pytest_montre_etape_et_raison(tmp_path: Path) -> None:
    """The pytest plug-in makes one test per conversation; a failure names the step, line and reason."""
    dossier = tmp_path / "conversations"
    dossier.mkdir()
    ecrire(dossier, SCRIPT_CLI)
    fini = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.conversations_plugin",
            "-p",
            "no:cacheprovider",
            str(dossier),
            "-q",
            "--rootdir",
            str(tmp_path),
        ],
        cwd=RACINE,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert fini.returncode == 1, fini.stdout + fini.stderr
    assert "1 failed, 1 passed" in fini.stdout
    assert "script.yaml:10 — conversation « bouton-absent », étape 1" in fini.stdout
    assert "Raison : aucun bouton ne contient « Bouton qui n'existe pas »" in fini.stdout
    assert "Ce qui s'est dit :" in fini.stdout
