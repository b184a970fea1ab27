"""The touch kiosk of the social centres: pictures to touch, every screen read aloud, nothing left behind."""

from bot.canaux.borne.app import creer_app

__all__ = ["creer_app"]
