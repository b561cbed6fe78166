"""Distance between Dutch 4-digit postcode areas: a documented numeric proxy, or real
centroids from a CSV.

We ship no geodata, so the default `PostcodeNumberProxy` is an APPROXIMATION, not geography:
Dutch postcodes were handed out region by region (first digit a large region, first two
digits a "postcode region", the last two roughly following delivery routes), so numerically
close codes tend to be close on the map. The proxy turns the numeric gap into an estimate in
km, capped per level so that a far-away number inside the same region never looks farther
than a neighbouring region. It is good enough to prefer "same neighbourhood" over "other
side of town", and every explanation marks its figure as an estimate. For real distances,
load centroids (postcode, lat, lon) with `CentroidDistance.from_csv`, for example from the
GeoNames NL postal-code dump; unknown codes there fall back to the proxy.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from kansenwerk.core.i18n import _

POSTCODE_PATTERN = re.compile(r"^\s*([1-9][0-9]{3})\s*(?:[A-Za-z]{2})?\s*$")
EARTH_RADIUS_KM = 6371.0


def normalise_postcode(value: str) -> str | None:
    """Return the 4-digit area of a Dutch postcode ("1055 AB" -> "1055"), None when empty;
    ValueError otherwise."""
    if not value or not value.strip():
        return None
    match = POSTCODE_PATTERN.match(value)
    if match is None:
        raise ValueError(value)
    return match.group(1)


class DistanceModel(Protocol):
    """Anything that gives km between postcode areas; NaN where unknown."""

    @property
    def is_estimate(self) -> bool: ...

    def matrix(
        self, *, origins: Sequence[str | None], destinations: Sequence[str | None]
    ) -> np.ndarray: ...


def _codes(postcodes: Sequence[str | None]) -> np.ndarray:
    return np.array([int(code) if code else -1 for code in postcodes], dtype=np.int64)


@dataclass(frozen=True)
class PostcodeNumberProxy:
    """Approximate km from the numeric gap between postcodes (see the module docstring).

    Same 2-digit region: 1 km + 0.3 km per step, at most 20 km (a region is roughly 20 km across).
    Same first digit: 20 km + 5 km per 2-digit step, at most 100 km.
    Otherwise: 100 km + 25 km per first-digit step, at most 250 km.
    """

    is_estimate: bool = True

    def matrix(
        self, *, origins: Sequence[str | None], destinations: Sequence[str | None]
    ) -> np.ndarray:
        a = _codes(origins)[:, None]
        b = _codes(destinations)[None, :]
        gap4 = np.abs(a - b).astype(np.float64)
        gap2 = np.abs(a // 100 - b // 100).astype(np.float64)
        gap1 = np.abs(a // 1000 - b // 1000).astype(np.float64)
        km = np.where(
            gap2 == 0,
            np.minimum(1.0 + 0.3 * gap4, 20.0),
            np.where(
                gap1 == 0,
                np.minimum(20.0 + 5.0 * gap2, 100.0),
                np.minimum(100.0 + 25.0 * gap1, 250.0),
            ),
        )
        km[gap4 == 0] = 0.0
        km[(a < 0) | (b < 0)] = np.nan
        return km

    def bands(
        self,
        *,
        mentee_postcodes: Sequence[str | None],
        mentor_postcodes: Sequence[str | None],
        max_km: float,
    ):
        """Blocking for a maximum distance: below 25 km only the same 2-digit region can be
        close enough (see the class docstring); None when banding would not be exact."""
        if max_km >= 25.0:
            return None
        by_region: dict[int, list[int]] = {}
        for index, code in enumerate(_codes(mentor_postcodes).tolist()):
            if code >= 0:
                by_region.setdefault(code // 100, []).append(index)
        own = [code // 100 if code >= 0 else -1 for code in _codes(mentee_postcodes).tolist()]
        return own, lambda band: by_region.get(band, [])


@dataclass(frozen=True)
class UnknownDistance:
    """No geodata: every distance is unknown (NaN). Explanations say "afstand onbekend"
    and a maximum distance excludes nobody (see `unknown_passes`)."""

    is_estimate: bool = False
    unknown_passes: bool = True

    def matrix(
        self, *, origins: Sequence[str | None], destinations: Sequence[str | None]
    ) -> np.ndarray:
        return np.full((len(origins), len(destinations)), np.nan)


@dataclass(frozen=True)
class CentroidDistance:
    """Great-circle km between known area centroids; unknown areas go to `fallback` (the
    proxy by default)."""

    centroids: dict[str, tuple[float, float]]
    fallback: DistanceModel = field(default_factory=PostcodeNumberProxy)
    is_estimate: bool = False

    @classmethod
    def from_csv(cls, *, path: str | Path) -> CentroidDistance:
        """Read `postcode,lat,lon` (header required; `latitude`/`longitude` also accepted)."""
        centroids: dict[str, tuple[float, float]] = {}
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            for line, row in enumerate(reader, start=2):
                try:
                    code = normalise_postcode(row.get("postcode") or "")
                    lat = float(row.get("lat") or row.get("latitude") or "")
                    lon = float(row.get("lon") or row.get("longitude") or "")
                except ValueError as exc:
                    raise ValueError(
                        _("%(path)s, regel %(line)d: verwacht postcode, lat en lon")
                        % {"path": path, "line": line}
                    ) from exc
                if code:
                    centroids[code] = (lat, lon)
        return cls(centroids=centroids)

    def matrix(
        self, *, origins: Sequence[str | None], destinations: Sequence[str | None]
    ) -> np.ndarray:
        def coords(codes: Sequence[str | None]) -> np.ndarray:
            return np.array(
                [self.centroids.get(code or "", (math.nan, math.nan)) for code in codes],
                dtype=np.float64,
            ).reshape(-1, 2)

        a = np.radians(coords(origins))[:, None, :]
        b = np.radians(coords(destinations))[None, :, :]
        dlat = b[..., 0] - a[..., 0]
        dlon = b[..., 1] - a[..., 1]
        h = np.sin(dlat / 2) ** 2 + np.cos(a[..., 0]) * np.cos(b[..., 0]) * np.sin(dlon / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
        unknown = np.isnan(km)
        if unknown.any() and isinstance(self.fallback, UnknownDistance):
            return km
        if unknown.any():
            km[unknown] = self.fallback.matrix(origins=origins, destinations=destinations)[unknown]
        return km

    def estimated(self, *, origin: str | None, destination: str | None) -> bool:
        if isinstance(self.fallback, UnknownDistance):
            return False
        return origin not in self.centroids or destination not in self.centroids

    @property
    def unknown_passes(self) -> bool:
        return bool(getattr(self.fallback, "unknown_passes", False))

    def bands(
        self,
        *,
        mentee_postcodes: Sequence[str | None],
        mentor_postcodes: Sequence[str | None],
        max_km: float,
    ):
        """Grid cells of `max_km` on the map: a pair within `max_km` lies in neighbouring
        cells. Longitude is scaled with the cosine of the most northern Dutch latitude, so
        cells are never too small. Areas without a centroid are compared with everybody
        (their distance is unknown); with the proxy as fallback banding is skipped then."""
        passes = self.unknown_passes
        codes = [*mentee_postcodes, *mentor_postcodes]
        if not passes and any(code not in self.centroids for code in codes):
            return None
        size = max_km * 1.01 + 1e-9

        def cell(code: str | None) -> tuple[int, int] | None:
            if code not in self.centroids:
                return None
            lat, lon = self.centroids[code]  # type: ignore[index]
            return (math.floor(lat * 111.2 / size), math.floor(lon * 111.32 * 0.59 / size))

        by_cell: dict[tuple[int, int], list[int]] = {}
        everywhere: list[int] = []
        for index, code in enumerate(mentor_postcodes):
            where = cell(code)
            if where is None:
                everywhere.append(index)
            else:
                by_cell.setdefault(where, []).append(index)

        def mentors_near(band: tuple[int, int]) -> list[int]:
            near = list(everywhere)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    near.extend(by_cell.get((band[0] + di, band[1] + dj), []))
            return sorted(near)

        return [cell(code) for code in mentee_postcodes], mentors_near
