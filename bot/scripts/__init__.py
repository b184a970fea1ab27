"""YAML conversation scripts (tests/conversations/*.yaml): their format and their replay.

modeles   the format, as pydantic models, and the steps Usager / Choisit / Attendu
messages  the French error messages of those models
lecture   read a file (lines kept), check it, refuse duplicate names → Script or ErreurScript
jeu       replay a script on the real engine → ResultatConversation
cli       `python -m bot rejouer FICHIER.yaml [--json]`: report and exit codes
"""
