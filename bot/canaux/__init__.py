"""Channels: thin adapters turning their events into `Entree` and rendering `Tour`s."""
