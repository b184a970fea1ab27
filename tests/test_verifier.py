"""Tests of the real `python -m bot verifier` command, run as a subprocess on broken copies of base_valide/."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.donnees_invalides.outils import CAS_SIGNALES, CHAMP_LIBRE, Cas, copier_base, lancer_verifier, lignes_sortie, parametres, poser


def _rapport(resultat: subprocess.CompletedProcess[str]) -> str:
    """Render what the command printed, for assertion messages."""
    return f"code {resultat.returncode}\n--- stdout\n{resultat.stdout}\n--- stderr\n{resultat.stderr[-3000:]}"


def _ligne_du_cas(ligne: str, cas: Cas) -> bool:
    """Tell whether one printed line is the problem the case expects."""
    debut = f"{cas.lieu}: [{cas.gravite}] "
    if not ligne.startswith(debut):
        return False
    reste = ligne[len(debut) :]
    if cas.champ not in (None, CHAMP_LIBRE) and not reste.startswith(f"{cas.champ} : "):
        return False
    conseil = f" Vouliez-vous dire « {cas.suggestion} » ?"
    if cas.suggestion and not reste.endswith(conseil):
        return False
    if not cas.suggestion and "Vouliez-vous dire" in reste:
        return False
    return all(mot in reste for mot in cas.mots)


def test_base_valide_code_zero_et_rien_a_signaler(tmp_path: Path) -> None:
    """On the valid mini base the command prints only the count line and exits 0."""
    resultat = lancer_verifier(copier_base(tmp_path))
    assert resultat.returncode == 0, _rapport(resultat)
    assert lignes_sortie(resultat) == ["0 erreur(s), 0 avertissement(s)."], _rapport(resultat)


@pytest.mark.parametrize("cas", parametres(CAS_SIGNALES))
def test_cas_affiche(tmp_path: Path, cas: Cas) -> None:
    """Each broken file is printed as `fichier:ligne: [gravité] champ : message`, with the right exit code."""
    dossier = copier_base(tmp_path)
    poser(dossier, cas.nom, cas.destination)
    resultat = lancer_verifier(dossier)
    assert "Traceback" not in resultat.stderr, _rapport(resultat)
    lignes = lignes_sortie(resultat)
    assert sum(_ligne_du_cas(ligne, cas) for ligne in lignes) == 1, _rapport(resultat)
    # Only knowledge lines are counted exactly: a broken quartiers.yaml also warns in dialogues/.
    connaissances = [ligne for ligne in lignes if ligne.startswith("connaissances/")]
    assert len(connaissances) == cas.erreurs + cas.avertissements, _rapport(resultat)
    erreurs = [ligne for ligne in lignes if ": [erreur] " in ligne]
    assert len(erreurs) == cas.erreurs, _rapport(resultat)
    assert lignes[-1] == f"{cas.erreurs} erreur(s), {len(lignes) - 1 - cas.erreurs} avertissement(s).", _rapport(resultat)
    assert resultat.returncode == (1 if cas.erreurs else 0), _rapport(resultat)


def test_tous_les_problemes_en_une_fois_erreurs_puis_avertissements(tmp_path: Path) -> None:
    """Three broken files and one stale fiche: one run prints 3 errors, then the warning, then the count."""
    dossier = copier_base(tmp_path)
    poser(dossier, "date_maj_ancienne.yaml", "structures/date-maj-ancienne.yaml")
    poser(dossier, "duplicate_key.yaml", "structures/duplicate-key.yaml")
    poser(dossier, "id_inconnu_repli.yaml", "structures/id-inconnu-repli.yaml")
    poser(dossier, "quartiers_centre_social_inconnu.yaml", "quartiers.yaml")
    resultat = lancer_verifier(dossier)
    assert resultat.returncode == 1, _rapport(resultat)
    assert lignes_sortie(resultat) == [
        "connaissances/structures/duplicate-key.yaml:16: [erreur] telephone : la clé « telephone » apparaît deux fois : "
        "garder une seule ligne « telephone: »",
        "connaissances/structures/id-inconnu-repli.yaml:22: [erreur] repli : l'id « caf-pas-de-calai » n'existe pas "
        "Vouliez-vous dire « caf-pas-de-calais » ?",
        "connaissances/quartiers.yaml:11: [erreur] centre_social : l'id « centre-social-beau-marai » n'existe pas "
        "Vouliez-vous dire « centre-social-beau-marais » ?",
        "connaissances/structures/date-maj-ancienne.yaml:20: [avertissement] date_maj : dernière vérification le 2024-06-01, "
        "il y a plus de 12 mois : revérifier les faits",
        "3 erreur(s), 1 avertissement(s).",
    ], _rapport(resultat)


def test_avertissements_seuls_code_zero(tmp_path: Path) -> None:
    """A stale date and an a_verifier list are warnings: they are printed and the exit code stays 0."""
    dossier = copier_base(tmp_path)
    poser(dossier, "date_maj_ancienne.yaml", "structures/date-maj-ancienne.yaml")
    poser(dossier, "a_verifier.yaml", "structures/a-verifier.yaml")
    resultat = lancer_verifier(dossier)
    assert resultat.returncode == 0, _rapport(resultat)
    lignes = lignes_sortie(resultat)
    assert all("[avertissement]" in ligne for ligne in lignes[:-1]) and len(lignes) == 3, _rapport(resultat)
    assert lignes[-1] == "0 erreur(s), 2 avertissement(s).", _rapport(resultat)


def test_sans_avertissements_masque_les_avertissements_mais_les_compte(tmp_path: Path) -> None:
    """--sans-avertissements prints only errors; the count line still gives both numbers."""
    dossier = copier_base(tmp_path)
    poser(dossier, "a_verifier.yaml", "structures/a-verifier.yaml")
    poser(dossier, "telephone_mal_ecrit.yaml", "structures/telephone-mal-ecrit.yaml")
    resultat = lancer_verifier(dossier, "--sans-avertissements")
    assert resultat.returncode == 1, _rapport(resultat)
    lignes = lignes_sortie(resultat)
    assert len(lignes) == 2 and lignes[0].startswith("connaissances/structures/telephone-mal-ecrit.yaml:15: [erreur] telephone : ")
    assert lignes[1] == "1 erreur(s), 1 avertissement(s).", _rapport(resultat)


def test_fichiers_illisibles_et_valides_ensemble(tmp_path: Path) -> None:
    """An empty file, a non-UTF-8 file and an indentation error are all reported in the same run."""
    dossier = copier_base(tmp_path)
    poser(dossier, "vide.yaml", "organismes/vide.yaml")
    poser(dossier, "pas_utf8.yaml", "droits/pas-utf8.yaml")
    poser(dossier, "indentation.yaml", "urgences/indentation.yaml")
    resultat = lancer_verifier(dossier)
    assert resultat.returncode == 1, _rapport(resultat)
    lignes = lignes_sortie(resultat)
    fichiers = sorted(ligne.split(":")[0] for ligne in lignes[:-1])
    assert fichiers == [
        "connaissances/droits/pas-utf8.yaml",
        "connaissances/organismes/vide.yaml",
        "connaissances/urgences/indentation.yaml",
    ], _rapport(resultat)
    assert lignes[-1] == "3 erreur(s), 0 avertissement(s).", _rapport(resultat)


def test_dossier_inexistant_message_francais(tmp_path: Path) -> None:
    """A knowledge folder that does not exist gives one French error and exit code 1, no traceback."""
    resultat = lancer_verifier(tmp_path / "nulle-part")
    assert "Traceback" not in resultat.stderr, _rapport(resultat)
    assert resultat.returncode == 1
    assert lignes_sortie(resultat)[-1].startswith("1 erreur(s)"), _rapport(resultat)
