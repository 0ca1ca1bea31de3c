"""Value moments: VMPI of a moment and of a map, and the colour band a VMPI falls in.

* VMPI of a value moment = VME / VMCE × 100 %.
* VMPI of a map = Σ weightᵢ · VMEᵢ / Σ weightᵢ · VMCEᵢ × 100 %.
* Bands (default, changeable per workspace in ``journeymap.yaml`` → ``settings.vmpi_bands``):
  below 80 % "below expectation", 80 % up to 100 % "near expectation", 100 % and above "meets or exceeds".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import DEFAULT_VMPI_BANDS, ValueMoment, VmpiBand

__all__ = ["map_vmpi", "vmpi", "vmpi_band"]


def vmpi(moment: ValueMoment) -> float:
    """VMPI of one value moment, in percent: VME / VMCE × 100."""
    return moment.vme / moment.vmce * 100.0


def map_vmpi(moments: Iterable[ValueMoment]) -> float | None:
    """Weighted VMPI of a map, in percent: Σ wᵢ·VMEᵢ / Σ wᵢ·VMCEᵢ × 100; ``None`` with no value moments."""
    items = list(moments)
    expected = sum(m.weight * m.vmce for m in items)
    if not items or expected == 0:
        return None
    return sum(m.weight * m.vme for m in items) / expected * 100.0


def vmpi_band(value: float, bands: Sequence[VmpiBand] = DEFAULT_VMPI_BANDS) -> VmpiBand:
    """The band ``value`` falls in: the one with the highest ``min`` not above it (the lowest band if none)."""
    ordered = sorted(bands, key=lambda b: b.min)
    chosen = ordered[0]
    for band in ordered:
        if value >= band.min:
            chosen = band
    return chosen
