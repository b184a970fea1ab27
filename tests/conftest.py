"""Shared pytest configuration: the YAML conversation scripts plug-in."""

pytest_plugins = ["tests.conversations_plugin"]
