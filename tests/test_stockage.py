"""Tests for the session store, on a SQLite file and on PostgreSQL when reachable."""

from __future__ import annotations

import logging
import multiprocessing
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from bot.stockage.identite import cle_usager
from bot.stockage.sessions import ConflitVersion, DepotSessions, Modification, Preference, SessionLue
from tests.fixtures_db import compter_sessions, url_base, vider_base_en_texte  # noqa: F401  (pytest fixture)

DEBUT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
SEL = b"sel-de-test-" + b"0" * 20


class Horloge:
    """A manual clock for ageing sessions without sleeping."""

    def __init__(self, debut: datetime = DEBUT) -> None:
        """Start at `debut`."""
        self.maintenant = debut

    def __call__(self) -> datetime:
        """Current fake time."""
        return self.maintenant

    def avancer(self, secondes: float) -> None:
        """Move the clock forward."""
        self.maintenant += timedelta(seconds=secondes)


def _incrementer(session: SessionLue | None) -> tuple[dict[str, Any], int]:
    """Add one to the counter held in the state; return the value seen before."""
    avant = 0 if session is None else int(session.etat["compteur"])
    return {"compteur": avant + 1}, avant


def test_aller_retour_etat_json(url_base: str) -> None:  # noqa: F811
    """A nested, unicode state comes back identical, with version and UTC timestamp."""
    etat = {
        "etape": "caf_rsa",
        "réponses": {"âge": 34, "enfants": [3, 7], "logé": None, "ok": True},
        "texte": "Ça va ? مرحبا 👋 — Calais",
        "montant": 12.5,
    }
    with DepotSessions(url_base, horloge=Horloge()) as depot:
        ecrite = depot.ecrire("cle1", etat, langue="ar", voix=False)
        lue = depot.lire("cle1")
    assert lue == ecrite
    assert lue is not None
    assert lue.etat == etat
    assert (lue.langue, lue.voix, lue.version) == ("ar", False, 1)
    assert lue.derniere_activite == DEBUT and lue.derniere_activite.tzinfo is not None


def test_lire_absente(url_base: str) -> None:  # noqa: F811
    """An unknown key reads as None and creates nothing."""
    with DepotSessions(url_base) as depot:
        assert depot.lire("inconnue") is None
        assert depot.preferences("inconnue") == Preference("fr", True)
    assert compter_sessions(url_base) == 0


def test_expiration_apres_inactivite(url_base: str) -> None:  # noqa: F811
    """Past the inactivity limit the session is gone (and deleted); activity resets the timer."""
    horloge = Horloge()
    with DepotSessions(url_base, expiration_s=3600, horloge=horloge) as depot:
        depot.ecrire("a", {"n": 1})
        depot.ecrire("b", {"n": 2})
        horloge.avancer(3000)
        depot.ecrire("b", {"n": 3})
        horloge.avancer(3000)
        assert depot.lire("b") is not None
        assert depot.lire("a") is None
        assert compter_sessions(url_base) == 1
        assert depot.mettre_a_jour("b", _incrementer_ou_zero) == 3
        horloge.avancer(3601)
        assert depot.mettre_a_jour("b", _incrementer_ou_zero) is None


def _incrementer_ou_zero(session: SessionLue | None) -> tuple[dict[str, Any], int | None]:
    """Return the stored n (None when there is no live session) and keep the state."""
    return ({"n": 0} if session is None else session.etat), (None if session is None else session.etat["n"])


def test_purger_expirees(url_base: str) -> None:  # noqa: F811
    """The periodic purge deletes only inactive sessions."""
    horloge = Horloge()
    with DepotSessions(url_base, expiration_s=600, horloge=horloge) as depot:
        for i in range(3):
            depot.ecrire(f"vieille{i}", {"i": i})
        horloge.avancer(500)
        depot.ecrire("recente", {})
        horloge.avancer(200)
        assert depot.purger_expirees() == 3
        assert depot.purger_expirees() == 0
        assert depot.lire("recente") is not None
    assert compter_sessions(url_base) == 1


def test_oublier_supprime_la_ligne(url_base: str) -> None:  # noqa: F811
    """/oubli removes the row entirely, checked with raw SQL."""
    with DepotSessions(url_base) as depot:
        depot.ecrire("moi", {"etape": "logement"})
        depot.ecrire("autre", {"etape": "sante"})
        assert depot.oublier("moi") is True
        assert depot.oublier("moi") is False
        assert depot.lire("moi") is None
    moteur = create_engine(url_base)
    try:
        with moteur.connect() as connexion:
            restantes = connexion.execute(text("SELECT cle FROM sessions_usagers")).scalars().all()
    finally:
        moteur.dispose()
    assert restantes == ["autre"]


def test_preferences_voix_et_langue(url_base: str) -> None:  # noqa: F811
    """Preferences are set without touching the conversation state, and kept by later writes."""
    with DepotSessions(url_base) as depot:
        assert depot.definir_voix("p", False) == Preference("fr", False)
        depot.ecrire("p", {"etape": 2})
        assert depot.definir_langue("p", "en") == Preference("en", False)
        lue = depot.lire("p")
        assert lue is not None and lue.etat == {"etape": 2}
        assert depot.preferences("p") == Preference("en", False)
        assert depot.definir_voix("p", True) == Preference("en", True)
        with pytest.raises(ValueError):
            depot.definir_langue("p", "")


def test_version_attendue(url_base: str) -> None:  # noqa: F811
    """Optimistic concurrency: a stale version is refused and nothing is written."""
    with DepotSessions(url_base) as depot:
        assert depot.ecrire("v", {"n": 1}, version_attendue=0).version == 1
        with pytest.raises(ConflitVersion):
            depot.ecrire("v", {"n": 99}, version_attendue=0)
        assert depot.ecrire("v", {"n": 2}, version_attendue=1).version == 2
        with pytest.raises(ConflitVersion):
            depot.ecrire("v", {"n": 99}, version_attendue=1)
        lue = depot.lire("v")
    assert lue is not None and (lue.etat, lue.version) == ({"n": 2}, 2)


def test_mettre_a_jour_modification_et_annulation(url_base: str) -> None:  # noqa: F811
    """A `Modification` may change preferences; an exception in the function writes nothing."""
    with DepotSessions(url_base) as depot:
        resultat = depot.mettre_a_jour("m", lambda s: Modification({"etape": "debut"}, "bonjour", langue="uk", voix=False))
        assert resultat == "bonjour"

        def echouer(_session: SessionLue | None) -> tuple[dict[str, Any], None]:
            """Fail mid-transaction."""
            raise RuntimeError("panne simulée")

        with pytest.raises(RuntimeError):
            depot.mettre_a_jour("m", echouer)
        with pytest.raises(RuntimeError):
            depot.mettre_a_jour("jamais-creee", echouer)
        with pytest.raises(TypeError):
            depot.mettre_a_jour("m", lambda s: (["pas", "un", "dict"], None))  # type: ignore[arg-type,return-value]
        lue = depot.lire("m")
        assert depot.lire("jamais-creee") is None
    assert lue is not None
    assert (lue.etat, lue.langue, lue.voix, lue.version) == ({"etape": "debut"}, "uk", False, 1)
    assert compter_sessions(url_base) == 1


def test_horloge_naive_refusee(url_base: str) -> None:  # noqa: F811
    """A clock without time zone is a programming error."""
    with DepotSessions(url_base, horloge=lambda: datetime(2025, 1, 1)) as depot:
        with pytest.raises(ValueError, match="fuseau"):
            depot.ecrire("x", {})


def test_colonnes_de_la_table(url_base: str) -> None:  # noqa: F811
    """The table holds exactly the six agreed columns, nothing more."""
    DepotSessions(url_base).fermer()
    moteur = create_engine(url_base)
    try:
        colonnes = {c["name"] for c in inspect(moteur).get_columns("sessions_usagers")}
    finally:
        moteur.dispose()
    assert colonnes == {"cle", "etat", "langue", "voix", "derniere_activite", "version"}


def test_identifiant_brut_jamais_stocke(url_base: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    """A marker passed as the user id appears nowhere in the database, its files, or the logs."""
    marqueur = "MARQUEUR-SECRET-7731-telegram-id"
    caplog.set_level(logging.DEBUG)
    cle = cle_usager(SEL, "telegram", marqueur)
    with DepotSessions(url_base) as depot:
        depot.ecrire(cle, {"etape": "accueil", "choix": [1, 2]})
        depot.mettre_a_jour(cle, lambda s: ({"etape": "rsa"}, None))
        depot.definir_voix(cle, False)
        depot.lire(cle)
        depot.ecrire(cle_usager(SEL, "borne", "autre"), {"etape": "x"})
        contenu = vider_base_en_texte(url_base)
    assert cle in contenu and "rsa" in contenu
    assert marqueur not in contenu
    assert "7731" not in contenu
    assert marqueur not in caplog.text
    for fichier in (tmp_path / "donnees").glob("*"):
        assert marqueur.encode() not in fichier.read_bytes()


def _travailleur(url: str, cle: str, iterations: int, depart: Any, file: Any) -> None:
    """Child process: wait for the start signal, then apply `iterations` increments."""
    depot = DepotSessions(url)
    vus: list[int] = []
    try:
        depart.wait(timeout=60)
        for _ in range(iterations):
            vus.append(depot.mettre_a_jour(cle, _incrementer))
    finally:
        depot.fermer()
        file.put(vus)


def test_concurrence_entre_processus(url_base: str) -> None:  # noqa: F811
    """Two OS processes x 50 increments on one new key: exactly 100, each step seen once."""
    DepotSessions(url_base).fermer()  # create the table up front
    contexte = multiprocessing.get_context("spawn")
    depart = contexte.Event()
    file = contexte.Queue()
    processus = [contexte.Process(target=_travailleur, args=(url_base, "partagee", 50, depart, file)) for _ in range(2)]
    for p in processus:
        p.start()
    depart.set()
    vus = [file.get(timeout=120) for _ in processus]
    for p in processus:
        p.join(timeout=60)
        assert p.exitcode == 0
    with DepotSessions(url_base) as depot:
        lue = depot.lire("partagee")
    assert lue is not None
    assert lue.etat["compteur"] == 100
    assert lue.version == 100
    assert sorted(vus[0] + vus[1]) == list(range(100))


def test_premiere_insertion_concurrente_entre_fils(url_base: str) -> None:  # noqa: F811
    """Eight threads sharing one store hit 20 fresh keys at once: no lost step, no IntegrityError."""
    depot = DepotSessions(url_base)
    cles = [f"neuve{i}" for i in range(20)]
    barriere = threading.Barrier(8)
    erreurs: list[BaseException] = []

    def fil() -> None:
        """Increment every key once."""
        try:
            barriere.wait(timeout=30)
            for cle in cles:
                depot.mettre_a_jour(cle, _incrementer)
        except BaseException as exc:  # collected and asserted below
            erreurs.append(exc)

    fils = [threading.Thread(target=fil) for _ in range(8)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=120)
    try:
        assert erreurs == []
        for cle in cles:
            lue = depot.lire(cle)
            assert lue is not None and lue.etat == {"compteur": 8} and lue.version == 8
    finally:
        depot.fermer()
