"""Descriptive statistics of ratings, each a named function stating its formula.

The engine returns, per element (and segment), sums of the ratings shifted by one of them (the smallest), so that
nothing cancels: n, Σw, Σw², the shift c, Σw(x − c) and Σw(x − c)². :class:`Moments` holds them as the weighted
mean and the sum of squared deviations Σw(x − mean)² (constant ratings give exactly 0, whatever their size), and
adds up two groups by Chan's formula. The textbook Σwx² − (Σwx)²/Σw lost all precision on constant non-integer
ratings (7.3 ten thousand times gave a standard deviation of 1e-7, 1e8 + 0.1 one of 66). These functions turn the
moments into the numbers shown on maps. Pure Python, no dependency: the t quantile is computed from the
regularised incomplete beta function (tests compare it with scipy).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Moments", "Summary", "student_t_cdf", "student_t_quantile", "summarize_moments"]


@dataclass(frozen=True)
class Moments:
    """The answered ratings of one element (and segment): n (answers with a weight above 0), Σw, Σw², the weighted
    mean Σwx / Σw and the sum of squared deviations from it, Σw(x − mean)². Without weights every w is 1."""

    n: int
    sum_w: float
    sum_w2: float
    mean: float
    m2: float

    @classmethod
    def shifted(cls, n: int, sum_w: float, sum_w2: float, shift: float, sum_wd: float, sum_wd2: float) -> Moments:
        """From sums of d = x − c (c any one of the ratings): mean = c + Σwd / Σw, Σw(x − mean)² = Σwd² − (Σwd)²/Σw."""
        if sum_w <= 0:
            return cls(n, sum_w, sum_w2, math.nan, 0.0)
        return cls(n, sum_w, sum_w2, shift + sum_wd / sum_w, max(sum_wd2 - sum_wd * sum_wd / sum_w, 0.0))

    @classmethod
    def of(cls, values: Sequence[float], weights: Sequence[float] | None = None) -> Moments:
        """The moments of ``values`` (with ``weights``, leaving out those of weight 0), in two passes."""
        pairs = [(x, w) for x, w in zip(values, weights or [1.0] * len(values), strict=True) if w > 0]
        sum_w = math.fsum(w for _, w in pairs)
        if sum_w <= 0:
            return cls(0, 0.0, 0.0, math.nan, 0.0)
        shift = min(x for x, _ in pairs)
        mean = shift + math.fsum(w * (x - shift) for x, w in pairs) / sum_w
        m2 = math.fsum(w * (x - mean) ** 2 for x, w in pairs)
        return cls(len(pairs), sum_w, math.fsum(w * w for _, w in pairs), mean, m2)

    def combine(self, other: Moments) -> Moments:
        """Two groups as one (Chan, Golub and LeVeque): Σw(x − mean)² = m2₁ + m2₂ + δ² · W₁W₂ / (W₁ + W₂),
        δ = mean₂ − mean₁."""
        if other.sum_w <= 0:
            return Moments(self.n + other.n, self.sum_w, self.sum_w2 + other.sum_w2, self.mean, self.m2)
        if self.sum_w <= 0:
            return Moments(self.n + other.n, other.sum_w, self.sum_w2 + other.sum_w2, other.mean, other.m2)
        total = self.sum_w + other.sum_w
        delta = other.mean - self.mean
        mean = self.mean + delta * other.sum_w / total
        m2 = self.m2 + other.m2 + delta * delta * self.sum_w * other.sum_w / total
        return Moments(self.n + other.n, total, self.sum_w2 + other.sum_w2, mean, m2)


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
    return m.mean if m.sum_w > 0 and math.isfinite(m.mean) else None


def sample_std(m: Moments) -> float | None:
    """Sample standard deviation, reliability weights: √[Σw(x − mean)² / (Σw − Σw²/Σw)] (n − 1 without weights)."""
    if m.sum_w <= 0:
        return None
    denominator = m.sum_w - m.sum_w2 / m.sum_w
    if denominator <= 0 or m.n < 2:
        return None
    return math.sqrt(max(m.m2, 0.0) / denominator)


def confidence_interval_95(mean: float, std: float, n_eff: float) -> tuple[float, float]:
    """95 % interval of the mean: mean ± t(0.975, n_eff − 1) · std / √n_eff (Student's t)."""
    half = student_t_quantile(0.975, n_eff - 1) * std / math.sqrt(n_eff)
    return mean - half, mean + half


def summarize_moments(m: Moments) -> Summary:
    """n, mean, standard deviation and 95 % confidence interval of one element's ratings (no interval, and no
    standard deviation, for fewer than two answers)."""
    mean, std, n_eff = weighted_mean(m), sample_std(m), effective_n(m)
    enough = m.n >= 2 and n_eff > 1
    ci = confidence_interval_95(mean, std, n_eff) if mean is not None and std is not None and enough else None
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
