"""One settings object, read once from the environment and passed down explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
# Where learned models are cached (rebuilt from the corpus when it changes; safe to delete).
DOSSIER_MODELES = RACINE / "var" / "modeles"


def _env_int(env: dict[str, str], name: str, default: int) -> int:
    """Read an integer variable, failing with a clear message when it is not one."""
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} doit être un nombre entier, reçu {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    """Everything configurable about Passerelle; built by `Settings.from_env()`."""

    dossier_connaissances: Path = RACINE / "connaissances"
    dossier_dialogues: Path = RACINE / "dialogues"
    dossier_donnees: Path = RACINE / "var"
    dossier_modeles: Path = DOSSIER_MODELES
    database_url: str = ""
    telegram_token: str = ""
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""
    telegram_webhook_port: int = 8443
    sel_utilisateurs: str = ""
    expiration_session_s: int = 24 * 3600
    borne_hote: str = "127.0.0.1"
    borne_port: int = 8080
    borne_inactivite_s: int = 90
    voix: str = "fr"
    voix_debit: int = 150
    fuseau: str = "Europe/Paris"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def dossier_cache_audio(self) -> Path:
        """Where synthesised speech is cached."""
        return self.dossier_donnees / "cache-audio"

    @property
    def url_base_de_donnees(self) -> str:
        """The SQLAlchemy URL: DATABASE_URL, or a SQLite file under the data folder."""
        return self.database_url or f"sqlite:///{self.dossier_donnees / 'passerelle.sqlite3'}"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build the settings from environment variables (PASSERELLE_*, TELEGRAM_*, DATABASE_URL)."""
        e = dict(os.environ if env is None else env)
        defaults = cls()
        return cls(
            dossier_connaissances=Path(e.get("PASSERELLE_CONNAISSANCES", defaults.dossier_connaissances)),
            dossier_dialogues=Path(e.get("PASSERELLE_DIALOGUES", defaults.dossier_dialogues)),
            dossier_donnees=Path(e.get("PASSERELLE_DONNEES", defaults.dossier_donnees)),
            dossier_modeles=Path(e.get("PASSERELLE_MODELES", defaults.dossier_modeles)),
            database_url=e.get("DATABASE_URL", ""),
            telegram_token=e.get("TELEGRAM_BOT_TOKEN", ""),
            telegram_api_url=e.get("TELEGRAM_API_URL", "") or defaults.telegram_api_url,
            telegram_webhook_url=e.get("TELEGRAM_WEBHOOK_URL", ""),
            telegram_webhook_secret=e.get("TELEGRAM_WEBHOOK_SECRET", ""),
            telegram_webhook_port=_env_int(e, "TELEGRAM_WEBHOOK_PORT", defaults.telegram_webhook_port),
            sel_utilisateurs=e.get("PASSERELLE_SEL", ""),
            expiration_session_s=_env_int(e, "PASSERELLE_EXPIRATION_SESSION", defaults.expiration_session_s),
            borne_hote=e.get("PASSERELLE_BORNE_HOTE", defaults.borne_hote),
            borne_port=_env_int(e, "PASSERELLE_BORNE_PORT", defaults.borne_port),
            borne_inactivite_s=_env_int(e, "PASSERELLE_BORNE_INACTIVITE", defaults.borne_inactivite_s),
            voix=e.get("PASSERELLE_VOIX", defaults.voix),
            voix_debit=_env_int(e, "PASSERELLE_VOIX_DEBIT", defaults.voix_debit),
        )
