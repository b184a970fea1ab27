"""The plain-language (FALC) limits every check shares: the verifier, the tests and the editors' guide."""

from __future__ import annotations

# A sentence a weak reader can hold in mind; the verifier warns (dialogues) or refuses (résumés) above.
MOTS_PAR_PHRASE_MAX = 12
# A résumé is heard before anything else on a card: three short sentences at most.
PHRASES_PAR_RESUME_MAX = 3
