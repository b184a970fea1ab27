"""Tests for the salted pseudonymous user keys."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

import pytest

from bot.config import Settings
from bot.stockage.identite import TAILLE_SEL, charger_sel, cle_usager


def _settings(dossier: Path, sel: str = "") -> Settings:
    """Settings pointing at a private data folder."""
    return Settings(dossier_donnees=dossier, sel_utilisateurs=sel)


def test_fichier_sel_cree_en_0600_dans_un_dossier_0700(tmp_path: Path) -> None:
    """Without PASSERELLE_SEL the salt file is created once, private, 32 bytes."""
    dossier = tmp_path / "var" / "donnees"
    sel = charger_sel(_settings(dossier))
    fichier = dossier / "sel.key"
    assert len(sel) == TAILLE_SEL
    assert fichier.read_bytes() == sel
    assert stat.S_IMODE(fichier.stat().st_mode) == 0o600
    assert stat.S_IMODE(dossier.stat().st_mode) == 0o700
    assert [p.name for p in dossier.iterdir()] == ["sel.key"]


def test_fichier_sel_stable_entre_appels(tmp_path: Path) -> None:
    """A second call (a restart) reads the same salt back."""
    premier = charger_sel(_settings(tmp_path))
    second = charger_sel(_settings(tmp_path))
    assert premier == second
    assert charger_sel(_settings(tmp_path / "autre")) != premier


def test_sel_de_l_environnement_prioritaire(tmp_path: Path) -> None:
    """PASSERELLE_SEL wins and no file is written."""
    settings = Settings.from_env({"PASSERELLE_SEL": "un-sel-secret-assez-long", "PASSERELLE_DONNEES": str(tmp_path)})
    assert charger_sel(settings) == b"un-sel-secret-assez-long"
    assert not (tmp_path / "sel.key").exists()


def test_fichier_sel_corrompu_refuse(tmp_path: Path) -> None:
    """A truncated salt file is an error, never silently replaced."""
    (tmp_path / "sel.key").write_bytes(b"court")
    with pytest.raises(ValueError, match="32 octets"):
        charger_sel(_settings(tmp_path))


def _charger_dans_un_processus(dossier: str, file: multiprocessing.Queue[bytes]) -> None:
    """Child process: load the salt and report it."""
    file.put(charger_sel(_settings(Path(dossier))))


def test_creation_concurrente_du_sel_donne_un_seul_sel(tmp_path: Path) -> None:
    """Several processes starting together all end up with the same salt."""
    contexte = multiprocessing.get_context("spawn")
    file: multiprocessing.Queue[bytes] = contexte.Queue()
    processus = [contexte.Process(target=_charger_dans_un_processus, args=(str(tmp_path), file)) for _ in range(4)]
    for p in processus:
        p.start()
    sels = [file.get(timeout=60) for _ in processus]
    for p in processus:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert len(set(sels)) == 1
    assert (tmp_path / "sel.key").read_bytes() == sels[0]
    assert [p.name for p in tmp_path.iterdir()] == ["sel.key"]


def test_meme_usager_meme_cle() -> None:
    """The key is deterministic for one salt, channel and id (int or str)."""
    sel = b"s" * 32
    assert cle_usager(sel, "telegram", 123456789) == cle_usager(sel, "telegram", "123456789")
    cle = cle_usager(sel, "telegram", 123456789)
    assert len(cle) == 64 and all(c in "0123456789abcdef" for c in cle)


def test_sel_ou_canal_different_cle_differente() -> None:
    """Changing the salt or the channel changes the key."""
    assert cle_usager(b"a" * 32, "telegram", 42) != cle_usager(b"b" * 32, "telegram", 42)
    assert cle_usager(b"a" * 32, "telegram", 42) != cle_usager(b"a" * 32, "borne", 42)


def test_cle_ne_contient_pas_l_identifiant() -> None:
    """The raw id does not appear in the key."""
    identifiant = "987654321"
    cle = cle_usager(b"x" * 32, "telegram", identifiant)
    assert identifiant not in cle
    assert "telegram" not in cle


@pytest.mark.parametrize(
    ("sel", "canal", "identifiant", "erreur"),
    [
        (b"", "telegram", 1, ValueError),
        (b"x" * 32, "", 1, ValueError),
        (b"x" * 32, "tele:gram", 1, ValueError),
        (b"x" * 32, "telegram", "", ValueError),
        (b"x" * 32, "telegram", True, TypeError),
        (b"x" * 32, "telegram", None, TypeError),
    ],
)
def test_entrees_invalides_refusees(sel: bytes, canal: str, identifiant: object, erreur: type[Exception]) -> None:
    """Ambiguous or empty inputs are refused instead of hashed."""
    with pytest.raises(erreur):
        cle_usager(sel, canal, identifiant)  # type: ignore[arg-type]
