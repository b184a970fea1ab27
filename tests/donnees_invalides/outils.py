"""Helpers of the verifier tests: copy base_valide/, drop one broken file, run the real CLI."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ICI = Path(__file__).resolve().parent
RACINE = ICI.parent.parent
BASE_VALIDE = ICI / "base_valide"
CAS = ICI / "cas"
DIALOGUES_VALIDES = ICI / "dialogues_valides"
DATE_MODELE = b"date_maj: 2026-11-01"
CHAMP_LIBRE = "*"


def date_recente() -> dt.date:
    """Return the date written in place of DATE_MODELE: 20 days ago, so never stale nor future."""
    return dt.date.today() - dt.timedelta(days=20)


def _rafraichir(chemin: Path) -> None:
    """Replace the model date by a recent one, byte for byte (same length, same lines)."""
    donnees = chemin.read_bytes()
    if DATE_MODELE in donnees:
        chemin.write_bytes(donnees.replace(DATE_MODELE, f"date_maj: {date_recente().isoformat()}".encode()))


def copier_base(tmp_path: Path) -> Path:
    """Copy base_valide/ to tmp_path/connaissances (dates refreshed) and return that folder."""
    dossier = tmp_path / "connaissances"
    shutil.copytree(BASE_VALIDE, dossier)
    for chemin in dossier.rglob("*.yaml"):
        _rafraichir(chemin)
    return dossier


def poser(dossier: Path, nom_cas: str, destination: str) -> Path:
    """Copy cas/<nom_cas> to <dossier>/<destination> (dates refreshed) and return its path."""
    cible = dossier / destination
    cible.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CAS / nom_cas, cible)
    _rafraichir(cible)
    return cible


def lancer_verifier(dossier: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run the real `python -m bot verifier` on `dossier` (with the matching mini dialogues)."""
    env = dict(os.environ, PASSERELLE_CONNAISSANCES=str(dossier), PASSERELLE_DIALOGUES=str(DIALOGUES_VALIDES), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "bot", "verifier", *options],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def lignes_sortie(resultat: subprocess.CompletedProcess[str]) -> list[str]:
    """Return the non-empty lines the verifier printed on stdout."""
    return [ligne for ligne in resultat.stdout.splitlines() if ligne.strip()]


@dataclass(frozen=True)
class Cas:
    """One broken file of cas/, where it goes, and the one problem it must raise."""

    nom: str
    destination: str
    ligne: int | None
    champ: str | None
    mots: tuple[str, ...]
    suggestion: str | None = None
    gravite: str = "erreur"
    signale: str | None = None
    autres_erreurs: int = 0
    autres_avertissements: int = 0
    bogue: str | None = None

    @property
    def fichier(self) -> str:
        """Return the file name the problem must carry, as editors see it."""
        return "connaissances/" + (self.signale or self.destination)

    @property
    def lieu(self) -> str:
        """Return the `fichier:ligne` prefix of the printed problem."""
        return f"{self.fichier}:{self.ligne}" if self.ligne else self.fichier

    @property
    def erreurs(self) -> int:
        """Return how many errors the whole run must report."""
        return (self.gravite == "erreur") + self.autres_erreurs

    @property
    def avertissements(self) -> int:
        """Return how many warnings the whole run must report."""
        return (self.gravite == "avertissement") + self.autres_avertissements


def fiche(nom: str, ligne: int | None, champ: str | None, *mots: str, dossier: str = "structures", **options: object) -> Cas:
    """Describe a case that is dropped as a new fiche named after the case file."""
    destination = f"{dossier}/{nom.removesuffix('.yaml').replace('_', '-')}.yaml"
    return Cas(nom, destination, ligne, champ, tuple(mots), **options)  # type: ignore[arg-type]


def fichier(nom: str, destination: str, ligne: int | None, champ: str | None, *mots: str, **options: object) -> Cas:
    """Describe a case that replaces a top-level file (quartiers, dangers, lexique)."""
    return Cas(nom, destination, ligne, champ, tuple(mots), **options)  # type: ignore[arg-type]


BOGUE_CRASH_NUL = (
    "bot/yaml_lignes.py : yaml.reader.ReaderError (caractère NUL) n'est pas une MarkedYAMLError ; "
    "le vérificateur plante avec une trace au lieu de signaler le fichier"
)
BOGUE_CRASH_DATE = (
    "bot/yaml_lignes.py : _construire() appelle le constructeur YAML hors du try ; « 2026-02-30 » lève ValueError et le vérificateur plante"
)
BOGUE_CRASH_ETIQUETTE = (
    "bot/yaml_lignes.py : _construire() appelle le constructeur YAML hors du try ; "
    "une étiquette « !important » lève ConstructorError et le vérificateur plante"
)

CAS_SIGNALES: list[Cas] = [
    fiche("duplicate_key.yaml", 16, "telephone", "« telephone »", "apparaît deux fois"),
    fiche("indentation.yaml", 4, None, "YAML illisible", "indentation"),
    fiche("tabulation.yaml", 9, None, "YAML illisible", "indentation"),
    fiche("vide.yaml", 1, None, "le fichier est vide"),
    fiche("fiche_liste.yaml", 1, None, "« champ: valeur »"),
    fiche("pas_utf8.yaml", 5, None, "pas en UTF-8"),
    fiche("binaire.yaml", 3, CHAMP_LIBRE),
    fiche("etiquette_yaml.yaml", 5, "nom"),
    fiche("date_maj_impossible.yaml", 20, "date_maj", "date"),
    fiche("champ_inconnu.yaml", 17, "horaire", "champ inconnu"),
    fiche("champ_manquant.yaml", 2, "resume", "champ obligatoire manquant"),
    fiche("version_inconnue.yaml", 2, "version", "valeur non permise"),
    fiche("type_inconnu.yaml", 4, "type", "type inconnu", "structure, organisme, droit ou urgence"),
    fiche(
        "id_different_du_fichier.yaml", 3, "id", "« centre-social-du-fort »", "doit être le nom du fichier", "« id-different-du-fichier »"
    ),
    fiche("id_majuscules.yaml", 3, "id", "format invalide", "« Centre Social »"),
    fichier(
        "id_en_double.yaml",
        "structures/caf-pas-de-calais.yaml",
        3,
        "id",
        "« caf-pas-de-calais »",
        "déjà utilisé",
        "connaissances/structures/caf-pas-de-calais.yaml",
        signale="organismes/caf-pas-de-calais.yaml",
    ),
    fiche("organisme_dans_structures.yaml", 4, "type", "structures/", "« type: structure »"),
    fiche(
        "thematique_inconnue.yaml",
        12,
        "thematiques",
        "« sante--acces-au-soins »",
        "n'existe pas",
        "data·inclusion",
        suggestion="sante--acces-aux-soins",
    ),
    fiche("public_inconnu.yaml", 11, "publics", "« famille-monoparentale »", "n'existe pas", suggestion="familles"),
    fiche("id_inconnu_repli.yaml", 22, "repli", "« caf-pas-de-calai »", "n'existe pas", suggestion="caf-pas-de-calais"),
    fiche("quartier_inconnu.yaml", 15, "quartier", "« beau-marai »", "quartiers.yaml", suggestion="beau-marais"),
    fiche("ou_demander_pas_structure.yaml", 14, "ou_demander", "« prime-activite »", "n'est pas une structure", dossier="droits"),
    fiche("danger_inconnu.yaml", 14, "dangers", "« violence »", "n'existe pas", suggestion="violences", dossier="urgences"),
    fiche("telephone_mal_ecrit.yaml", 15, "telephone", "chiffres groupés par deux", "« 03 21 00 00 00 »"),
    fiche("code_postal_invalide.yaml", 13, "code_postal", "format invalide", "« 6210 »"),
    fiche("adresse_vide_non_signalee.yaml", 12, "adresse", "« adresse » est vide", "« a_verifier »", "ne rien inventer"),
    fiche("adresse_absente_non_signalee.yaml", 19, "adresse", "« adresse » est vide", "« a_verifier »", autres_avertissements=1),
    fiche("a_verifier_champ_inconnu.yaml", 20, "a_verifier", "« horaires »", "n'est pas un champ vérifiable"),
    fiche("resume_trop_long.yaml", 7, "resume", "phrase de 14 mots", "12 mots au plus"),
    fiche("resume_trop_de_phrases.yaml", 7, "resume", "4 phrases", "3 au plus"),
    fiche("que_faire_trop_long.yaml", 8, "que_faire", "3 éléments au plus"),
    fiche("source_sans_fichier_ni_url.yaml", 18, "sources.0", "« fichier »", "« url »"),
    fiche("sans_source.yaml", 17, "sources", "au moins 1"),
    fiche("date_maj_mal_ecrite.yaml", 20, "date_maj", "AAAA-MM-JJ"),
    fiche("date_maj_future.yaml", 20, "date_maj", "dans le futur"),
    fiche("date_maj_ancienne.yaml", 20, "date_maj", "2024-06-01", "plus de 12 mois", gravite="avertissement"),
    fiche("a_verifier.yaml", 20, "a_verifier", "à vérifier : adresse", gravite="avertissement"),
    fichier(
        "quartiers_centre_social_inconnu.yaml",
        "quartiers.yaml",
        11,
        "centre_social",
        "« centre-social-beau-marai »",
        "n'existe pas",
        suggestion="centre-social-beau-marais",
    ),
    fichier("quartiers_champ_inconnu.yaml", "quartiers.yaml", 11, "quartiers.1.centre", "champ inconnu", autres_erreurs=1),
    fichier("quartiers_id_en_double.yaml", "quartiers.yaml", 11, CHAMP_LIBRE, "beau-marais"),
    fichier("dangers_numero_pas_urgence.yaml", "dangers.yaml", 20, "numeros", "« cpam-cote-opale »", "n'est pas une fiche urgence"),
    fichier(
        "dangers_numero_inconnu.yaml",
        "dangers.yaml",
        24,
        "numeros",
        "« urgence-polise »",
        "n'est pas une fiche urgence",
        suggestion="urgence-police",
    ),
    fichier("dangers_sans_motifs.yaml", "dangers.yaml", 4, "ordre", "« police »", "pas de motifs"),
    fichier("dangers_genre_inconnu.yaml", "dangers.yaml", 4, "ordre", "« ordre »", "violences, suicide"),
    fichier("dangers_ordre_incomplet.yaml", "dangers.yaml", 4, "ordre", "suicide"),
    fichier("dangers_ecart_trop_grand.yaml", "dangers.yaml", 14, "dangers.violences.motifs.0.ecart", "8", "au plus"),
    fichier("lexique_champ_inconnu.yaml", "lexique.yaml", 5, "synonyme", "champ inconnu"),
]


def parametres(cas: list[Cas]) -> list[object]:
    """Turn cases into pytest params, the known loader bugs marked xfail(strict=True)."""
    return [
        pytest.param(c, id=c.nom.removesuffix(".yaml"), marks=[pytest.mark.xfail(strict=True, reason=c.bogue)] if c.bogue else [])
        for c in cas
    ]
