"""The term index and its vectorised pre-selection."""

from bot.comprehension.index import IndexTermes, Terme


def index() -> IndexTermes:
    termes = [
        Terme("a", ("loyer",), "loyer", 2.0),
        Terme("a", ("aide", "logement"), "aide au logement", 3.0),
        Terme("b", ("travail",), "travail", 1.0),
        Terme("c", ("loyer",), "loyer", 0.5),
    ]
    return IndexTermes(termes, ["a", "b", "c"])


def test_preselection_classe_par_score_approche() -> None:
    ids = index().preselectionner([[("loyer", 1.0)]], 2)
    assert set(ids) == {"a", "c"}


def test_termes_a_plusieurs_mots_complets_seulement() -> None:
    idx = index()
    assert idx.preselectionner([[("aide", 1.0)]], 3) == []
    assert idx.preselectionner([[("aide", 1.0)], [("logement", 1.0)]], 3) == ["a"]


def test_rien_ne_correspond() -> None:
    assert index().preselectionner([[("bonjour", 1.0)]], 3) == []


def test_nombre_limite() -> None:
    assert len(index().preselectionner([[("loyer", 1.0)], [("travail", 1.0)]], 1)) == 1
