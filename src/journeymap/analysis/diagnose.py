"""The 5Cs diagnostic: should the team map this experience (go) or not (no-go)?

Each of the five criteria — changeable, challenged, complex, climactic, costly — is rated 1 (not at all)
to 5 (very much), with a note. The rule (:class:`~journeymap.model.DiagnosticRule`, changeable per
workspace in ``journeymap.yaml`` → ``settings.diagnostic_rule``) says **go** when any of these holds:

1. at least ``min_strong`` criteria (default 2) are *strong*, i.e. rated ≥ ``strong_rating`` (default 4);
2. the five ratings add up to at least ``min_total`` (default 16 of 25);
3. a *decisive* criterion (default: climactic — people at risk justify mapping on their own) is rated 5.

Otherwise **no-go**. The reason names every test with its numbers, so the recommendation can be checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import CRITERIA, Criterion, DiagnosticRule, FiveCs

__all__ = ["Diagnosis", "RuleTest", "decisive_criteria", "diagnose", "strong_criteria", "total_rating"]

DECISIVE_RATING = 5


def _criteria(five_cs: FiveCs) -> list[tuple[str, Criterion]]:
    return [(name, getattr(five_cs, name)) for name in CRITERIA]


def strong_criteria(five_cs: FiveCs, rule: DiagnosticRule) -> list[str]:
    """The criteria rated at least ``rule.strong_rating``, in the order changeable … costly."""
    return [name for name, c in _criteria(five_cs) if c.rating >= rule.strong_rating]


def total_rating(five_cs: FiveCs) -> int:
    """Σ of the five ratings (5 … 25)."""
    return sum(c.rating for _, c in _criteria(five_cs))


def decisive_criteria(five_cs: FiveCs, rule: DiagnosticRule) -> list[str]:
    """The criteria named in ``rule.decisive`` that are rated 5."""
    return [name for name, c in _criteria(five_cs) if name in rule.decisive and c.rating >= DECISIVE_RATING]


@dataclass(frozen=True)
class RuleTest:
    """One of the three tests of the rule, with its outcome in words."""

    name: str
    passed: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"test": self.name, "passed": self.passed, "detail": self.detail}


@dataclass(frozen=True)
class Diagnosis:
    """The recommendation, the reason, and the numbers behind them."""

    go: bool
    reason: str
    ratings: tuple[tuple[str, int, str], ...]
    """(criterion, rating, note) in the order changeable … costly."""
    strong: tuple[str, ...]
    total: int
    decisive: tuple[str, ...]
    tests: tuple[RuleTest, ...]
    rule: DiagnosticRule

    @property
    def recommendation(self) -> str:
        return "go" if self.go else "no-go"

    def to_dict(self) -> dict[str, Any]:
        return {
            "recommendation": self.recommendation,
            "reason": self.reason,
            "criteria": [{"criterion": c, "rating": r, "note": n} for c, r, n in self.ratings],
            "strong": list(self.strong),
            "strong_count": len(self.strong),
            "total": self.total,
            "decisive": list(self.decisive),
            "tests": [t.to_dict() for t in self.tests],
            "rule": self.rule.model_dump(),
        }


def diagnose(five_cs: FiveCs, rule: DiagnosticRule | None = None) -> Diagnosis:
    """Go / no-go for mapping from the five ratings and ``rule`` (see the module docstring)."""
    rule = rule or DiagnosticRule()
    strong = strong_criteria(five_cs, rule)
    total = total_rating(five_cs)
    decisive = decisive_criteria(five_cs, rule)
    strong_list = f": {', '.join(strong)}" if strong else ""
    decisive_names = " or ".join(rule.decisive) or "none configured"
    tests = (
        RuleTest(
            "strong criteria",
            len(strong) >= rule.min_strong,
            f"{len(strong)} of 5 criteria strong (rated {rule.strong_rating} or more{strong_list}), "
            f"{rule.min_strong} needed",
        ),
        RuleTest("total", total >= rule.min_total, f"ratings add up to {total} of 25, {rule.min_total} needed"),
        RuleTest(
            "decisive criterion",
            bool(decisive),
            f"decisive criterion rated {DECISIVE_RATING}: {', '.join(decisive)}"
            if decisive
            else f"no decisive criterion ({decisive_names}) rated {DECISIVE_RATING}",
        ),
    )
    go = any(t.passed for t in tests)
    if go:
        passed = [t for t in tests if t.passed]
        reason = "Go: " + "; ".join(t.detail for t in passed) + "."
    else:
        reason = "No-go: " + "; ".join(t.detail for t in tests) + "."
    ratings = tuple((name, c.rating, c.note) for name, c in _criteria(five_cs))
    return Diagnosis(go, reason, ratings, tuple(strong), total, tuple(decisive), tests, rule)
