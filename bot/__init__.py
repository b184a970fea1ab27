"""Passerelle: the access-to-rights assistant for the priority neighbourhoods of Calais."""

__version__ = "0.1.0"
