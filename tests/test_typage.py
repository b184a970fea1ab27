"""The `bot` package type-checks cleanly under mypy's strict mode (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def test_mypy_strict_sans_erreur() -> None:
    """`python -m mypy bot` run from the repository root reports no error."""
    resultat = subprocess.run(
        [sys.executable, "-m", "mypy", "bot"],
        cwd=RACINE,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert resultat.returncode == 0, f"mypy a échoué (code {resultat.returncode})\n{resultat.stdout}\n{resultat.stderr}"
