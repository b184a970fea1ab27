"""Pytest plug-in: every tests/conversations/*.yaml file is a test file, each conversation a test.

Registered from tests/conftest.py (`pytest_plugins = ["tests.conversations_plugin"]`), or by
hand with `-p tests.conversations_plugin`. Modelled on OpenFisca's YamlFile/YamlItem: a broken
script is a collection error with its line; a failing conversation shows the step, its line,
the reason and the turns played so far.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.dialogue.moteur import construire_contexte
from bot.scripts.jeu import ResultatConversation, jouer_conversation
from bot.scripts.lecture import ErreurScript, lire_script
from bot.scripts.modeles import ConversationScript

DOSSIER = "conversations"
CLE_CONTEXTE = pytest.StashKey[Any]()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect the YAML scripts of tests/conversations/."""
    if file_path.suffix in (".yaml", ".yml") and file_path.parent.name == DOSSIER:
        return FichierConversations.from_parent(parent, path=file_path)
    return None


def contexte_partage(config: pytest.Config) -> Any:
    """Build the engine's context once per test session (kept in pytest's stash)."""
    if CLE_CONTEXTE not in config.stash:
        config.stash[CLE_CONTEXTE] = construire_contexte(Settings.from_env())
    return config.stash[CLE_CONTEXTE]


class ScriptIllisible(Exception):
    """A conversation script that cannot be read (shown as a collection error)."""


class FichierConversations(pytest.File):
    """One script file; yields one item per conversation."""

    def collect(self) -> Iterator[pytest.Item]:
        """Read the script and yield its conversations."""
        try:
            script = lire_script(self.path)
        except ErreurScript as exc:
            raise ScriptIllisible(str(exc)) from exc
        for conv in script.conversations:
            yield ConversationItem.from_parent(self, name=conv.nom, script=conv)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:  # type: ignore[override]
        """Show the French reading error, without a traceback."""
        if isinstance(excinfo.value, ScriptIllisible):
            return f"Script de conversation illisible : {excinfo.value}"
        return str(super().repr_failure(excinfo))


class EchecConversation(Exception):
    """A conversation whose expectations are not met."""

    def __init__(self, resultat: ResultatConversation) -> None:
        super().__init__(resultat.raison)
        self.resultat = resultat


class ConversationItem(pytest.Item):
    """One scripted conversation, played on the real engine and data."""

    def __init__(self, *, script: ConversationScript, **kwargs: Any) -> None:
        """Keep the parsed conversation."""
        super().__init__(**kwargs)
        self.script = script

    def runtest(self) -> None:
        """Play the conversation; raise EchecConversation when a step fails."""
        resultat = jouer_conversation(self.script, contexte_partage(self.config))
        if not resultat.reussi:
            raise EchecConversation(resultat)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:  # type: ignore[override]
        """Name the file, line, step and reason, then replay what was said."""
        if not isinstance(excinfo.value, EchecConversation):
            return str(super().repr_failure(excinfo))
        res = excinfo.value.resultat
        etape = self.script.etapes[res.etape_en_echec] if res.etape_en_echec is not None else None
        lignes = [
            f"{self.path.name}:{res.ligne} — conversation « {res.nom} », étape {res.etape_en_echec} ({etape!r})",
            f"Raison : {res.raison}",
            "",
            "Ce qui s'est dit :",
        ]
        for fait, dit in res.historique:
            lignes.append(f"  > {fait}")
            lignes += [f"      {l}" for l in dit.splitlines()]
        return "\n".join(lignes)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Point at the conversation in its file."""
        return self.path, (self.script.ligne or 1) - 1, f"conversation : {self.script.nom}"
