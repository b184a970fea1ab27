"""The knowledge base: models of fiches and lexicons, loading, verification, opening hours."""
