"""Sessions and pseudonymous keys."""
