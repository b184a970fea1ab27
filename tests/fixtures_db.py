"""Shared database fixtures: every storage test runs on a SQLite file and on PostgreSQL when reachable."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

URL_PG_PAR_DEFAUT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def url_postgresql() -> str:
    """DATABASE_URL when it points to PostgreSQL, else the local test database."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql")):
        adresse = make_url(url)
        if adresse.drivername in ("postgres", "postgresql"):
            adresse = adresse.set(drivername="postgresql+psycopg")
        return adresse.render_as_string(hide_password=False)
    return URL_PG_PAR_DEFAUT


def _conninfo(url: str) -> str:
    """libpq connection string for a SQLAlchemy URL."""
    adresse = make_url(url).set(drivername="postgresql")
    return adresse.render_as_string(hide_password=False)


def raison_pg_injoignable(url: str) -> str | None:
    """None if PostgreSQL answers at `url`, else why not."""
    try:
        with psycopg.connect(_conninfo(url), connect_timeout=3) as connexion:
            connexion.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        return f"PostgreSQL injoignable à {make_url(url).render_as_string()} : {str(exc).strip()[:200]}"
    return None


@pytest.fixture(params=["sqlite", "postgresql"])
def url_base(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file in tmp_path, or a private PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'donnees' / 'passerelle.sqlite3'}"
        return
    url = url_postgresql()
    raison = raison_pg_injoignable(url)
    if raison is not None:
        pytest.skip(raison)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(_conninfo(url), autocommit=True) as connexion:
        connexion.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_conninfo(url), autocommit=True) as connexion:
            connexion.execute(f'DROP SCHEMA "{schema}" CASCADE')


def vider_base_en_texte(url: str) -> str:
    """Every row of every table (all columns, as text) visible at `url`, for leak checks."""
    moteur = create_engine(url)
    morceaux: list[str] = []
    try:
        with moteur.connect() as connexion:
            if connexion.dialect.name == "sqlite":
                tables = [r[0] for r in connexion.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")]
            else:
                tables = [
                    r[0]
                    for r in connexion.execute(
                        text("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
                    )
                ]
            for table in tables:
                morceaux.append(f"## {table}")
                for ligne in connexion.exec_driver_sql(f'SELECT * FROM "{table}"'):
                    morceaux.append(" | ".join(str(valeur) for valeur in ligne))
    finally:
        moteur.dispose()
    return "\n".join(morceaux)


def compter_sessions(url: str) -> int:
    """Raw SQL count of stored sessions."""
    moteur = create_engine(url)
    try:
        with moteur.connect() as connexion:
            return int(connexion.execute(text("SELECT count(*) FROM sessions_usagers")).scalar_one())
    finally:
        moteur.dispose()
