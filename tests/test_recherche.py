"""The orientation engine and the `chercher` CLI contract, on the real knowledge base."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.comprehension.recherche import Moteur
from bot.connaissances.chargement import charger_base

RACINE = Path(__file__).resolve().parent.parent
EXEMPLES = RACINE.parent / "shared" / "requetes-exemples.json"


@pytest.fixture(scope="module")
def moteur() -> Moteur:
    return Moteur(charger_base(RACINE / "connaissances"))


def chercher_cli(*args: str, entree: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the real `python -m bot chercher`."""
    return subprocess.run([sys.executable, "-m", "bot", "chercher", *args], cwd=RACINE, input=entree, capture_output=True, timeout=120)


@pytest.mark.parametrize(
    ("message", "attendus"),
    [
        ("jcherche du taf", {"fabrique-defi", "france-travail", "cite-de-l-emploi"}),
        ("aide pr paiyé le loyé", {"droit-aide-logement", "caf"}),
        ("la caf ma coupé l'apl", {"caf", "droit-aide-logement"}),
        ("I need food for my kids", {"ccas", "adlc"}),
        ("jai besoin dune mutuelle pas cher", {"droit-css", "cpam"}),
        ("mon fils de 19 ans fait rien de ses journées", {"sas-coluche", "fabrique-defi", "la-spirale"}),
        ("ou trouver une nounou pour mon bebe", {"relais-petite-enfance"}),
        ("ma mère est âgée et seule", {"ccas"}),
    ],
)
def test_orientation_top3(moteur: Moteur, message: str, attendus: set[str]) -> None:
    ids = [r.id for r in moteur.chercher(message).resultats[:3]]
    assert attendus & set(ids), (message, ids)


@pytest.mark.parametrize("message", ["bonjour", "merci beaucoup", "azerty", "il fait beau ?", "qwxz", "ok", "lol"])
def test_hors_sujet_ne_rend_rien(moteur: Moteur, message: str) -> None:
    assert moteur.chercher(message).resultats == ()


def test_danger_en_premier(moteur: Moteur) -> None:
    o = moteur.chercher("mon mari me frape je veux partir avec les enfants")
    assert o.urgence and o.resultats[0].id == "urgence-violences-femmes"
    assert len(o.resultats) <= 5


@pytest.mark.parametrize("message", ["", " ", "a" * 100_000, "\x00\x00bin\x00aire", "😀🙏😭", "مرحبا أحتاج مساعدة", "\u202e\u200b"])
def test_entrees_bizarres_sans_erreur(moteur: Moteur, message: str) -> None:
    o = moteur.chercher(message)
    assert o.texte == message and isinstance(o.resultats, tuple)


def test_quartier_reconnu(moteur: Moteur) -> None:
    o = moteur.chercher("activites pour les enfants au fort nieulay")
    assert o.quartier == "fort-nieulay"
    assert o.resultats[0].id == "centre-social-espace-fort"


def test_cli_json_contrat() -> None:
    p = chercher_cli("jcherche du taf", "--json")
    assert p.returncode == 0, p.stderr.decode()
    objet = json.loads(p.stdout)
    assert set(objet) == {"texte", "urgence", "doute", "resultats"}
    assert objet["texte"] == "jcherche du taf" and objet["urgence"] is False and objet["doute"] is False
    assert 1 <= len(objet["resultats"]) <= 5
    assert all(set(r) == {"id", "score"} and isinstance(r["score"], float) for r in objet["resultats"])
    scores = [r["score"] for r in objet["resultats"]]
    assert scores == sorted(scores, reverse=True)


def test_cli_lot_stdin_une_ligne_par_message() -> None:
    lignes = ["bonjour", "il me frappe", "", "\x00\x01", "taf"]
    p = chercher_cli("--json", "--lot", "-", entree="\n".join(lignes).encode() + b"\n")
    assert p.returncode == 0, p.stderr.decode()
    objets = [json.loads(l) for l in p.stdout.decode().splitlines()]
    assert [o["texte"] for o in objets][:3] == lignes[:3] and len(objets) == len(lignes)
    assert objets[0]["resultats"] == [] and objets[1]["urgence"] is True


def test_cli_texte_lisible() -> None:
    p = chercher_cli("maison des femmes", "--expliquer")
    sortie = p.stdout.decode()
    assert p.returncode == 0 and "Maison des femmes" in sortie and "à vérifier" in sortie.lower()
    assert "mots trouvés" in sortie


def mesurer(items: list[dict], tmp_path: Path) -> dict[str, float]:
    """Score items through the real `chercher --json --lot` (the rules of shared/outils/evaluer_recherche.py)."""
    lot = tmp_path / "lot.txt"
    lot.write_text("\n".join(i["texte"].replace("\n", " ") for i in items) + "\n", encoding="utf-8")
    p = chercher_cli("--json", "--lot", str(lot))
    assert p.returncode == 0, p.stderr.decode()
    sorties = [json.loads(l) for l in p.stdout.decode().splitlines()]
    assert len(sorties) == len(items)
    orientes = [(i, s) for i, s in zip(items, sorties) if i["categorie"] != "hors-sujet"]
    urgences = [s for i, s in zip(items, sorties) if i["categorie"] == "urgence"]
    autres = [s for i, s in zip(items, sorties) if not any(a.startswith("urgence-") for a in i["attendus"])]
    hors = [s for i, s in zip(items, sorties) if i["categorie"] == "hors-sujet"]
    return {
        "top3": sum(any(r["id"] in i["attendus"] for r in s["resultats"][:3]) for i, s in orientes) / len(orientes),
        "urgence": sum(s["urgence"] for s in urgences) / len(urgences),
        "fausses_alertes": sum(s["urgence"] for s in autres) / len(autres),
        "hors_sujet": sum(not s["resultats"] for s in hors) / len(hors),
    }


@pytest.mark.parametrize("jeu", sorted((RACINE / "bench").glob("requetes-controle*.json")), ids=lambda p: p.stem)
def test_jeux_de_controle_planchers(jeu: Path, tmp_path: Path) -> None:
    mesures = mesurer(json.loads(jeu.read_text(encoding="utf-8")), tmp_path)
    assert mesures["top3"] >= 0.88 and mesures["urgence"] >= 0.90, mesures
    # The learned danger model trades a few false alarms for recall on indirect dangers (bench/dangers.py).
    assert mesures["fausses_alertes"] <= 0.05 and mesures["hors_sujet"] >= 0.80, mesures


@pytest.mark.skipif(not EXEMPLES.exists(), reason="../shared/requetes-exemples.json absent (hors du dépôt)")
def test_exemples_partages_planchers(tmp_path: Path) -> None:
    mesures = mesurer(json.loads(EXEMPLES.read_text(encoding="utf-8")), tmp_path)
    assert mesures["top3"] >= 0.90 and mesures["urgence"] == 1.0, mesures
    assert mesures["fausses_alertes"] <= 0.03, mesures
