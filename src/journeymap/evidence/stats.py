"""Descriptive statistics of ratings, each a named function stating its formula.

The engine returns sums (n, Σx, Σx² and, with weights, Σw, Σw², Σwx, Σwx²); these functions turn them into
the numbers shown on maps. Pure Python, no dependency: the t quantile is computed from the regularised
incomplete beta function (tests compare it with scipy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Moments", "Summary", "student_t_cdf", "student_t_quantile", "summarize_moments"]


@dataclass(frozen=True)
class Moments:
    """Sums over the answered ratings of one element (and segment)."""

    n: int
    sum_w: float
    sum_w2: float
    sum_wx: float
    sum_wx2: float

    @classmethod
    def unweighted(cls, n: int, sum_x: float, sum_x2: float) -> Moments:
        return cls(n, float(n), float(n), sum_x, sum_x2)


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    std: float | None
    ci95: tuple[float, float] | None
    effective_n: float


def effective_n(m: Moments) -> float:
    """Kish's effective sample size: (Σw)² / Σw² (= n without weights)."""
    return m.sum_w**2 / m.sum_w2 if m.sum_w2 > 0 else 0.0


def weighted_mean(m: Moments) -> float | None:
    """Mean = Σwx / Σw (= Σx / n without weights)."""
    return m.sum_wx / m.sum_w if m.sum_w > 0 else None


def sample_std(m: Moments) -> float | None:
    """Sample standard deviation, reliability weights: √[(Σwx² − (Σwx)²/Σw) / (Σw − Σw²/Σw)] (n − 1 without weights)."""
    if m.sum_w <= 0:
        return None
    denominator = m.sum_w - m.sum_w2 / m.sum_w
    if denominator <= 0:
        return None
    variance = (m.sum_wx2 - m.sum_wx**2 / m.sum_w) / denominator
    return math.sqrt(max(variance, 0.0))


def confidence_interval_95(mean: float, std: float, n_eff: float) -> tuple[float, float]:
    """95 % interval of the mean: mean ± t(0.975, n_eff − 1) · std / √n_eff (Student's t)."""
    half = student_t_quantile(0.975, n_eff - 1) * std / math.sqrt(n_eff)
    return mean - half, mean + half


def summarize_moments(m: Moments) -> Summary:
    """n, mean, standard deviation and 95 % confidence interval of one element's ratings."""
    mean, std, n_eff = weighted_mean(m), sample_std(m), effective_n(m)
    ci = confidence_interval_95(mean, std, n_eff) if mean is not None and std is not None and n_eff > 1 else None
    return Summary(m.n, mean, std, ci, n_eff)


# ---- Student's t ---------------------------------------------------------------------------------------------
def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz), to 1e-14."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 500):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):  # fmt: skip
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1.0) < 1e-14:
            break
    return result


def _regularised_beta(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, 1.0 - x) / b


def student_t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with ``df`` degrees of freedom (df may be fractional)."""
    x = df / (df + t * t)
    tail = 0.5 * _regularised_beta(df / 2.0, 0.5, x)
    return 1.0 - tail if t > 0 else tail


@lru_cache(maxsize=4096)
def student_t_quantile(p: float, df: float) -> float:
    """The t with P(T ≤ t) = p, by bisection on :func:`student_t_cdf` (to 1e-12)."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("need 0 < p < 1 and df > 0")
    if p == 0.5:
        return 0.0
    if p < 0.5:  # the distribution is symmetric
        return -student_t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while student_t_cdf(low, df) > p:
        low *= 2.0
    while student_t_cdf(high, df) < p:
        high *= 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if student_t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2.0
