"""Understanding messages: normalisation, word analysis, danger detection, search."""
