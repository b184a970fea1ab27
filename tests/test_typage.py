"""The `bot` package type-checks cleanly under mypy's strict mode (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def test_mypy_strict_sans_erreur() -> None:
    """`python -m mypy bot` run from the repository root reports no error."""
    resultat = subprocess.run([sys.executable, "-m", "mypy", "bot"], cwd=RACINE, capture_output=True, text=True, timeout=300, check=False)
    assert resultat.returncode == 0, f"mypy a échoué (code {resultat.returncode})\n{resultat.stdout}\n{resultat.stderr}"


def _ruff(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run ruff (installed with the test dependencies) from the repository root."""
    return subprocess.run([sys.executable, "-m", "ruff", *arguments], cwd=RACINE, capture_output=True, text=True, timeout=120, check=False)


def test_ruff_lint_sans_erreur() -> None:
    """`ruff check` (rules in pyproject.toml) reports nothing on the code, the tests and the benches."""
    resultat = _ruff("check", "bot", "tests", "bench")
    assert resultat.returncode == 0, f"ruff check a échoué\n{resultat.stdout}\n{resultat.stderr}"


def test_ruff_format_respecte() -> None:
    """The code is laid out as `ruff format` writes it."""
    resultat = _ruff("format", "--check", "bot", "tests", "bench")
    assert resultat.returncode == 0, f"lancer « ruff format bot tests bench »\n{resultat.stdout}\n{resultat.stderr}"


def test_maison_en_ordre() -> None:
    """At most 6 modules directly under bot/, none over 400 lines."""
    haut = [p.name for p in (RACINE / "bot").glob("*.py")]
    assert len(haut) <= 6, haut
    longs = {
        str(p.relative_to(RACINE)): n
        for p in (RACINE / "bot").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not longs, longs
