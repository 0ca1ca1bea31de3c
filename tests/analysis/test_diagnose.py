"""The 5Cs diagnostic: go / no-go and the reason, for the default and a changed rule."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analysis.diagnose import decisive_criteria, diagnose, strong_criteria, total_rating
from journeymap.files.loader import load_workspace
from journeymap.model import CRITERIA, DiagnosticRule, FiveCs

from support import EXAMPLES


def five(*ratings: int, note: str = "") -> FiveCs:
    return FiveCs.model_validate({c: {"rating": r, "note": note} for c, r in zip(CRITERIA, ratings, strict=True)})


def test_go_by_strong_criteria() -> None:
    result = diagnose(five(3, 5, 4, 2, 1))  # strong: challenged, complex; total 15
    assert result.go and result.recommendation == "go"
    assert result.strong == ("challenged", "complex") and result.total == 15 and result.decisive == ()
    assert result.reason == "Go: 2 of 5 criteria strong (rated 4 or more: challenged, complex), 2 needed."
    assert [t.passed for t in result.tests] == [True, False, False]


def test_go_by_total_and_by_decisive_criterion() -> None:
    by_total = diagnose(five(3, 3, 3, 3, 4))  # 16, one strong
    assert by_total.go and by_total.reason == "Go: ratings add up to 16 of 25, 16 needed."
    decisive = diagnose(five(1, 1, 1, 5, 1))
    assert decisive.go and decisive.reason == "Go: decisive criterion rated 5: climactic."


def test_no_go_states_every_test() -> None:
    result = diagnose(five(2, 3, 4, 2, 3, note="n"))
    assert not result.go and result.recommendation == "no-go"
    assert result.reason == (
        "No-go: 1 of 5 criteria strong (rated 4 or more: complex), 2 needed; ratings add up to 14 of 25, 16 needed; "
        "no decisive criterion (climactic) rated 5."
    )
    assert result.ratings[2] == ("complex", 4, "n")
    data = result.to_dict()
    assert data["recommendation"] == "no-go" and data["strong_count"] == 1 and data["rule"]["min_total"] == 16


def test_a_changed_rule() -> None:
    rule = DiagnosticRule(strong_rating=3, min_strong=4, min_total=25, decisive=["costly", "climactic"])
    fives = five(3, 3, 3, 1, 5)
    assert strong_criteria(fives, rule) == ["changeable", "challenged", "complex", "costly"]
    assert decisive_criteria(fives, rule) == ["costly"]
    result = diagnose(fives, rule)
    assert result.go and [t.passed for t in result.tests] == [True, False, True]
    assert not diagnose(five(3, 3, 1, 1, 1), DiagnosticRule(decisive=[])).go


def test_examples_have_a_diagnostic() -> None:
    home_loan = load_workspace(EXAMPLES / "home-loan")
    assert home_loan.diagnostic is not None
    assert diagnose(home_loan.diagnostic, home_loan.settings.diagnostic_rule).go
    clinic = load_workspace(EXAMPLES / "clinic-visit")
    assert clinic.diagnostic is not None and "climactic" in diagnose(clinic.diagnostic).decisive


ratings = st.integers(min_value=1, max_value=5)


@settings(max_examples=100, deadline=None)
@given(
    st.tuples(ratings, ratings, ratings, ratings, ratings),
    st.integers(1, 5),
    st.integers(0, 5),
    st.integers(5, 25),
    st.lists(st.sampled_from(CRITERIA), unique=True),
)
def test_go_when_any_test_passes(
    values: tuple[int, ...], strong_rating: int, min_strong: int, min_total: int, decisive: list[str]
) -> None:
    rule = DiagnosticRule(strong_rating=strong_rating, min_strong=min_strong, min_total=min_total, decisive=decisive)
    fives = five(*values)
    strong = sum(1 for v in values if v >= strong_rating)
    is_decisive = any(v == 5 and c in decisive for c, v in zip(CRITERIA, values, strict=True))
    result = diagnose(fives, rule)
    assert total_rating(fives) == sum(values)
    assert result.go == (strong >= min_strong or sum(values) >= min_total or is_decisive)
    assert result.reason.startswith("Go: " if result.go else "No-go: ")
