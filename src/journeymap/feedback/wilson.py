"""The Wilson score interval of a proportion (Wilson 1927), the interval ``feedback measure`` writes for the share
of negative comments. Unlike the normal ("Wald") interval it stays inside [0, 1], is not empty at 0 or n, and keeps
close to its nominal coverage for small n:

    centre = (p + z²/2n) / (1 + z²/n)
    half   = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²)

with p = x / n and z = 1.959963984540054 (the 97.5 % point of the standard normal) for 95 %.
"""

from __future__ import annotations

import math

__all__ = ["Z95", "wilson_interval"]

Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson interval of ``successes`` out of ``n`` (95 % by default); (0, 1) when n is 0 (nothing known).
    ``successes`` is held to [0, n]."""
    if n <= 0:
        return 0.0, 1.0
    successes = min(max(successes, 0), n)
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact at the ends (rounding would leave 1 − 1e-16)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high
