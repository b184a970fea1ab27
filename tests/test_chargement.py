"""Tests of bot.connaissances.chargement.charger on a small valid base and on one broken file per case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.connaissances.chargement import charger
from bot.connaissances.modeles import DANGERS, Droit, Structure, Urgence
from bot.lecture.problemes import Probleme
from tests.donnees_invalides.outils import BASE_VALIDE, CAS_SIGNALES, CHAMP_LIBRE, RACINE, Cas, copier_base, date_recente, parametres, poser


def _decrire(problemes: list[Probleme]) -> str:
    """Render problems one per line, for assertion messages."""
    return "\n".join(str(p) for p in problemes) or "(aucun problème)"


def _correspond(p: Probleme, cas: Cas) -> bool:
    """Tell whether a problem is the one the case expects (file, line, field, severity, words, suggestion)."""
    return (
        p.fichier == cas.fichier
        and p.ligne == cas.ligne
        and p.gravite == cas.gravite
        and (cas.champ == CHAMP_LIBRE or p.champ == cas.champ)
        and all(mot in p.message for mot in cas.mots)
        and p.suggestion == cas.suggestion
    )


def test_base_valide_sans_aucun_probleme(tmp_path: Path) -> None:
    """The mini base loads completely, with no error and no warning."""
    chargement = charger(copier_base(tmp_path))
    assert chargement.problemes == [], _decrire(chargement.problemes)
    base = chargement.base
    assert len(base.fiches) == 11
    assert {f.type for f in base.structures()} == {"structure", "organisme"}
    assert [f.id for f in base.droits()] == ["prime-activite", "rsa"]
    assert len(base.urgences()) == 5
    assert sorted(base.quartiers) == ["beau-marais", "fort-nieulay"]
    assert base.centre_social("beau-marais") is not None
    assert base.dangers is not None and sorted(base.dangers.ordre) == sorted(DANGERS)
    assert base.lexique.sms["1"] == "un"


def test_base_valide_couvre_chaque_danger_par_une_urgence(tmp_path: Path) -> None:
    """Every danger kind of the mini dangers.yaml names only urgence fiches that declare that kind."""
    base = charger(copier_base(tmp_path)).base
    assert base.dangers is not None
    for genre in DANGERS:
        numeros = base.dangers.dangers[genre].numeros
        assert numeros, genre
        for ident in numeros:
            urgence = base.fiche(ident)
            assert isinstance(urgence, Urgence) and genre in urgence.dangers, (genre, ident)


def test_la_copie_rafraichit_les_dates_sans_deplacer_les_lignes(tmp_path: Path) -> None:
    """Copying base_valide/ rewrites the model date in place: same number of lines, recent date."""
    dossier = copier_base(tmp_path)
    origine = (BASE_VALIDE / "droits" / "rsa.yaml").read_text(encoding="utf-8").splitlines()
    copie = (dossier / "droits" / "rsa.yaml").read_text(encoding="utf-8").splitlines()
    assert len(copie) == len(origine)
    assert copie[-1] == f"date_maj: {date_recente().isoformat()}"


@pytest.mark.parametrize("cas", parametres(CAS_SIGNALES))
def test_cas_signale(tmp_path: Path, cas: Cas) -> None:
    """Each broken file yields its problem: exact file, line, field, severity, French words, suggestion."""
    dossier = copier_base(tmp_path)
    poser(dossier, cas.nom, cas.destination)
    chargement = charger(dossier)
    trouves = [p for p in chargement.problemes if _correspond(p, cas)]
    assert len(trouves) == 1, f"attendu {cas.lieu} {cas.champ} {cas.mots}, obtenu :\n{_decrire(chargement.problemes)}"
    assert (len(chargement.erreurs), len(chargement.avertissements)) == (cas.erreurs, cas.avertissements), _decrire(chargement.problemes)


def test_cas_avec_suggestion_rend_vouliez_vous_dire(tmp_path: Path) -> None:
    """A typo'd slug renders as one line ending with « Vouliez-vous dire … ? »."""
    dossier = copier_base(tmp_path)
    poser(dossier, "thematique_inconnue.yaml", "structures/thematique-inconnue.yaml")
    [probleme] = charger(dossier).problemes
    assert str(probleme) == (
        "connaissances/structures/thematique-inconnue.yaml:12: [erreur] thematiques : la valeur « sante--acces-au-soins » "
        "n'existe pas dans data·inclusion v1 Vouliez-vous dire « sante--acces-aux-soins » ?"
    )


def test_fiche_avec_bom_utf8_acceptee(tmp_path: Path) -> None:
    """A UTF-8 file saved with a BOM (Windows Notepad) is read like any other."""
    dossier = copier_base(tmp_path)
    poser(dossier, "bom_utf8.yaml", "structures/bom-utf8.yaml")
    chargement = charger(dossier)
    assert chargement.problemes == [], _decrire(chargement.problemes)
    assert isinstance(chargement.base.fiche("bom-utf8"), Structure)


def test_tous_les_problemes_en_une_seule_fois(tmp_path: Path) -> None:
    """Three broken files and one stale fiche: every problem is reported, and sound fiches still load."""
    dossier = copier_base(tmp_path)
    poser(dossier, "duplicate_key.yaml", "structures/duplicate-key.yaml")
    poser(dossier, "thematique_inconnue.yaml", "structures/thematique-inconnue.yaml")
    poser(dossier, "dangers_numero_inconnu.yaml", "dangers.yaml")
    poser(dossier, "date_maj_ancienne.yaml", "structures/date-maj-ancienne.yaml")
    chargement = charger(dossier)
    erreurs = {(p.fichier, p.ligne, p.champ) for p in chargement.erreurs}
    assert erreurs == {
        ("connaissances/structures/duplicate-key.yaml", 16, "telephone"),
        ("connaissances/structures/thematique-inconnue.yaml", 12, "thematiques"),
        ("connaissances/dangers.yaml", 24, "numeros"),
    }, _decrire(chargement.problemes)
    assert [(p.fichier, p.champ) for p in chargement.avertissements] == [("connaissances/structures/date-maj-ancienne.yaml", "date_maj")]
    assert "thematique-inconnue" in chargement.base.fiches
    assert "duplicate-key" not in chargement.base.fiches
    assert "rsa" in chargement.base.fiches


def test_fichier_racine_manquant(tmp_path: Path) -> None:
    """A missing lexique.yaml is one error naming the file and what it is for."""
    dossier = copier_base(tmp_path)
    (dossier / "lexique.yaml").unlink()
    [probleme] = charger(dossier).problemes
    assert (probleme.fichier, probleme.ligne, probleme.gravite) == ("connaissances/lexique.yaml", None, "erreur")
    assert "fichier manquant" in probleme.message


def test_fiche_dans_le_mauvais_dossier_de_type(tmp_path: Path) -> None:
    """A valid droit fiche dropped into urgences/ is loaded but flagged on its « type » line."""
    dossier = copier_base(tmp_path)
    (dossier / "droits" / "prime-activite.yaml").rename(dossier / "urgences" / "prime-activite.yaml")
    [probleme] = charger(dossier).problemes
    assert (probleme.fichier, probleme.ligne, probleme.champ) == ("connaissances/urgences/prime-activite.yaml", 4, "type")
    assert "« type: urgence »" in probleme.message


def test_ancienne_de_plus_de_douze_mois_selon_aujourd_hui(tmp_path: Path) -> None:
    """`aujourd_hui` sets the freshness check: 365 days old is fine, 366 days old is a warning."""
    dossier = copier_base(tmp_path)
    verifiee = date_recente()
    assert charger(dossier, aujourd_hui=verifiee + dt.timedelta(days=365)).problemes == []
    chargement = charger(dossier, aujourd_hui=verifiee + dt.timedelta(days=366))
    assert chargement.erreurs == []
    assert len(chargement.avertissements) == 11
    assert all(p.champ == "date_maj" and "plus de 12 mois" in p.message for p in chargement.avertissements)


def test_avertissements_et_erreurs_separes(tmp_path: Path) -> None:
    """`erreurs` and `avertissements` split the problems by severity."""
    dossier = copier_base(tmp_path)
    poser(dossier, "a_verifier.yaml", "structures/a-verifier.yaml")
    poser(dossier, "telephone_mal_ecrit.yaml", "structures/telephone-mal-ecrit.yaml")
    chargement = charger(dossier)
    assert [p.champ for p in chargement.erreurs] == ["telephone"]
    assert [p.champ for p in chargement.avertissements] == ["a_verifier"]


def test_fiche_en_yml_signalee(tmp_path: Path) -> None:
    """A fiche saved as .yml instead of .yaml is reported, not silently ignored."""
    dossier = copier_base(tmp_path)
    poser(dossier, "fichier_yml.yaml", "structures/fichier-yml.yml")
    chargement = charger(dossier)
    assert [p.fichier for p in chargement.problemes] == ["connaissances/structures/fichier-yml.yml"]


def test_referentiel_manquant_signale(tmp_path: Path) -> None:
    """A missing data·inclusion vocabulary is reported as an error, not a crash."""
    dossier = copier_base(tmp_path)
    (dossier / "referentiels" / "publics.json").unlink()
    chargement = charger(dossier)
    assert [p.fichier for p in chargement.erreurs] == ["connaissances/referentiels/publics.json"]


def test_connaissances_reelles_sans_erreur() -> None:
    """The real connaissances/ folder loads with zero errors (warnings are allowed)."""
    chargement = charger(RACINE / "connaissances")
    assert chargement.erreurs == [], _decrire(chargement.erreurs)
    assert chargement.base.droits() and chargement.base.urgences() and chargement.base.structures()
    assert all(isinstance(f, (Structure, Droit, Urgence)) for f in chargement.base.fiches.values())
