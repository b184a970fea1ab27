"""The Telegram channel: application wiring, handlers, rendering, sending."""
