"""YAML conversation scripts: their format and their replay."""
