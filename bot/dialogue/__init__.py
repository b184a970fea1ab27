"""The conversation: flows, state, responses, cards and the pure `repondre`."""
