"""Serveur Bot API Telegram de substitution : voir tests/botapi/serveur.py."""
