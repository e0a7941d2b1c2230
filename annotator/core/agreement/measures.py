"""The agreement coefficients themselves, computed from additive counts.

Every measure here takes counts that can simply be added across stories (a
confusion table, a coincidence table, match counts), so a project figure is the
same formula over pooled counts rather than an average of story figures. Where a
measure is undefined (nothing to compare, or no variation to correct for
chance) it returns ``None`` instead of inventing a number.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

__all__ = ["f1", "cohen_kappa", "percent_agreement", "coincidences", "krippendorff_alpha"]


def f1(matched: int, n_a: int, n_b: int) -> float | None:
    """Symmetric F1 of two annotators: 2·matched / (|A| + |B|); ``None`` when both are empty.

    Treating one side as "gold" gives precision = matched/|B| and recall =
    matched/|A|; their harmonic mean is this value whichever side is chosen.
    """
    total = n_a + n_b
    if total == 0:
        return None
    return 2.0 * matched / total


def cohen_kappa(table: Mapping[tuple[Any, Any], float]) -> float | None:
    """Cohen's kappa from a confusion table ``{(a's category, b's category): count}``.

    ``None`` when there is nothing to compare or when chance agreement is already
    certain (both annotators used one and the same category throughout: 0/0).
    """
    n = 0.0
    observed = 0.0
    row: defaultdict[Hashable, float] = defaultdict(float)
    col: defaultdict[Hashable, float] = defaultdict(float)
    for (x, y), count in table.items():
        if not count:
            continue
        n += count
        row[x] += count
        col[y] += count
        if x == y:
            observed += count
    if n == 0:
        return None
    expected = sum(row[c] * col[c] for c in row) / (n * n)
    if expected >= 1.0 - 1e-12:
        return None
    return (observed / n - expected) / (1.0 - expected)


def percent_agreement(table: Mapping[tuple[Any, Any], float]) -> float | None:
    n = sum(table.values())
    if not n:
        return None
    return sum(c for (x, y), c in table.items() if x == y) / n


def coincidences(
    units: Iterable[tuple[Hashable, ...]] | Mapping[tuple[Hashable, ...], int],
) -> Counter[tuple[Hashable, Hashable]]:
    """Krippendorff's coincidence table from units (each the values annotators gave one item).

    ``units`` is an iterable of value tuples or a ``{values: how many such units}``
    map (fast for tokens, where few distinct tuples repeat many times). ``None``
    in a tuple is a missing value. Units with fewer than two values are not
    pairable and contribute nothing. The table is additive across stories.
    """
    table: Counter[tuple[Hashable, Hashable]] = Counter()
    items = units.items() if isinstance(units, Mapping) else ((u, 1) for u in units)
    for values, weight in items:
        present = Counter(v for v in values if v is not None)
        m = sum(present.values())
        if m < 2:
            continue
        scale = weight / (m - 1)
        for c, nc in present.items():
            for k, nk in present.items():
                pairs = nc * (nc - 1) if c == k else nc * nk
                if pairs:
                    table[(c, k)] += pairs * scale  # type: ignore[assignment]  # weights: a Counter of floats
    return table


def krippendorff_alpha(table: Mapping[tuple[Any, Any], float]) -> float | None:
    """Krippendorff's alpha for nominal data from a coincidence table.

    alpha = 1 - (n - 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k. ``None`` when fewer than
    two pairable values exist or only one category was ever used (no variation).
    """
    marg: defaultdict[Hashable, float] = defaultdict(float)
    disagree = 0.0
    for (c, k), o in table.items():
        marg[c] += o
        if c != k:
            disagree += o
    n = sum(marg.values())
    if n <= 1:
        return None
    total_sq = sum(v * v for v in marg.values())
    expected = (n * n - total_sq) / (n - 1)  # Σ_{c≠k} n_c n_k / (n - 1)
    if expected <= 1e-12:
        return None
    return 1.0 - disagree / expected
