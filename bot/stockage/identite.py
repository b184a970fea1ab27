"""Pseudonymous user keys: HMAC-SHA256 of "canal:identifiant" under a secret salt."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
from pathlib import Path

from bot.config import Settings

log = logging.getLogger(__name__)

TAILLE_SEL = 32
NOM_FICHIER_SEL = "sel.key"
TAILLE_SEL_MINIMALE_CONSEILLEE = 16


def charger_sel(settings: Settings) -> bytes:
    """Return the salt: PASSERELLE_SEL if set, else `<dossier_donnees>/sel.key`, generated once."""
    if settings.sel_utilisateurs:
        sel = settings.sel_utilisateurs.encode("utf-8")
        if len(sel) < TAILLE_SEL_MINIMALE_CONSEILLEE:
            log.warning("sel_court source=env taille=%d minimum_conseille=%d", len(sel), TAILLE_SEL_MINIMALE_CONSEILLEE)
        return sel
    return charger_ou_creer_fichier_sel(Path(settings.dossier_donnees) / NOM_FICHIER_SEL)


def charger_ou_creer_fichier_sel(chemin: Path) -> bytes:
    """Read the salt file, or create it atomically (0600, 32 random bytes) if it does not exist."""
    _creer_dossier_prive(chemin.parent)
    try:
        return _lire_fichier_sel(chemin)
    except FileNotFoundError:
        pass
    # Write the new salt to a private temporary file, then hard-link it into place: link() fails if
    # another process won the race, and readers never see a half-written salt file.
    temporaire = chemin.with_name(f".{chemin.name}.{os.getpid()}.{secrets.token_hex(8)}")
    fd = os.open(temporaire, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fichier:
            fichier.write(secrets.token_bytes(TAILLE_SEL))
            fichier.flush()
            os.fsync(fichier.fileno())
        try:
            os.link(temporaire, chemin)
            log.info("sel_cree chemin=%s", chemin)
        except FileExistsError:
            log.info("sel_cree_par_un_autre_processus chemin=%s", chemin)
    finally:
        temporaire.unlink(missing_ok=True)
    return _lire_fichier_sel(chemin)


def _creer_dossier_prive(dossier: Path) -> None:
    """Create the data folder with mode 0700 if it does not exist yet (existing folders are left as is)."""
    if dossier.is_dir():
        return
    dossier.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(dossier, 0o700)


def _lire_fichier_sel(chemin: Path) -> bytes:
    """Read and check an existing salt file."""
    with open(chemin, "rb") as fichier:
        mode = stat.S_IMODE(os.fstat(fichier.fileno()).st_mode)
        sel = fichier.read()
    if mode & 0o077:
        log.warning("sel_permissions_trop_larges chemin=%s mode=%o", chemin, mode)
    if len(sel) != TAILLE_SEL:
        raise ValueError(f"{chemin} devrait contenir {TAILLE_SEL} octets, il en contient {len(sel)}")
    return sel


def cle_usager(sel: bytes, canal: str, identifiant: str | int) -> str:
    """Return the hex HMAC-SHA256 of "canal:identifiant" under `sel`; the raw id cannot be recovered."""
    if not sel:
        raise ValueError("le sel ne peut pas être vide")
    if not canal or ":" in canal:
        raise ValueError(f"canal invalide {canal!r} (non vide, sans ':')")
    if isinstance(identifiant, bool) or not isinstance(identifiant, (str, int)):
        raise TypeError(f"identifiant doit être str ou int, reçu {type(identifiant).__name__}")
    if identifiant == "":
        raise ValueError("identifiant vide")
    message = f"{canal}:{identifiant}".encode()
    return hmac.new(sel, message, hashlib.sha256).hexdigest()
