"""Maximally Diverse Grouping Problem: MDGPLIB reader and an iterated tabu search solver.

The search is hand-written because no installed library solves MDGP at this scale
within seconds (CP-SAT stalls on the quadratic objective beyond ~30 items). It keeps a
per-item, per-group contribution matrix ``C[i, g] = sum of d(i, j) for j in g`` so that
every swap and move delta is a couple of vectorised numpy gathers, evaluates the whole
swap (and, for bounded sizes, move) neighbourhood per iteration, and perturbs the best
solution when the tabu walk stalls. Given a seed and an iteration budget the run is
deterministic; a time limit only cuts the same trajectory short.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "GroupingResult",
    "MdgpInstance",
    "grouping_objective",
    "parse_mdgp",
    "read_mdgp",
    "solve_grouping",
]


@dataclass(frozen=True)
class MdgpInstance:
    """One MDGPLIB instance: a symmetric distance matrix and per-group size bounds."""

    name: str
    kind: str  # "ss" (same size) or "ds" (different sizes)
    distances: np.ndarray  # (n, n) float64, symmetric, zero diagonal
    lower: np.ndarray  # (m,) int
    upper: np.ndarray  # (m,) int

    @property
    def n(self) -> int:
        return int(self.distances.shape[0])

    @property
    def m(self) -> int:
        return int(self.lower.shape[0])


@dataclass(frozen=True)
class GroupingResult:
    """Best grouping found: group index per item, its objective and search statistics."""

    assignment: np.ndarray  # (n,) int, group per item
    objective: float
    seconds: float
    iterations: int
    perturbations: int
    group_count: int = 0

    def groups(self) -> list[list[int]]:
        """Item indices per group, empty groups included."""
        used = int(self.assignment.max()) + 1 if self.assignment.size else 0
        m = max(self.group_count, used)
        return [np.flatnonzero(self.assignment == g).tolist() for g in range(m)]


def parse_mdgp(text: str, *, name: str = "") -> MdgpInstance:
    """Parse MDGPLIB text: header ``n m type L1 U1 ... Lm Um`` then ``i j d_ij`` lines."""
    tokens = text.split()
    if len(tokens) < 3:
        raise ValueError("MDGP-bestand is leeg of mist de kopregel (n m type ...).")
    try:
        n, m = int(tokens[0]), int(tokens[1])
    except ValueError as exc:
        raise ValueError("MDGP-kopregel moet beginnen met twee gehele getallen: n en m.") from exc
    kind = tokens[2]
    if kind not in ("ss", "ds"):
        raise ValueError(f"Onbekend MDGP-type {kind!r}; verwacht 'ss' of 'ds'.")
    header_len = 3 + 2 * m
    bounds = np.array(tokens[3:header_len], dtype=float).astype(int).reshape(m, 2)
    body = np.array(tokens[header_len:], dtype=float)
    expected = n * (n - 1) // 2
    if body.size != 3 * expected:
        raise ValueError(
            f"MDGP-bestand heeft {body.size // 3} afstandsregels; verwacht {expected} voor n={n}."
        )
    triples = body.reshape(expected, 3)
    i = triples[:, 0].astype(int)
    j = triples[:, 1].astype(int)
    if i.min() < 0 or j.max() >= n:
        raise ValueError("MDGP-bestand bevat een itemnummer buiten 0..n-1.")
    distances = np.zeros((n, n))
    distances[i, j] = triples[:, 2]
    distances[j, i] = triples[:, 2]
    lower, upper = bounds[:, 0].copy(), bounds[:, 1].copy()
    if lower.sum() > n or upper.sum() < n or np.any(lower > upper):
        raise ValueError("MDGP-groepsgrenzen laten geen geldige indeling toe.")
    return MdgpInstance(name=name, kind=kind, distances=distances, lower=lower, upper=upper)


def read_mdgp(path: str | Path) -> MdgpInstance:
    """Read an MDGPLIB instance file."""
    p = Path(path)
    return parse_mdgp(p.read_text(), name=p.stem)


def grouping_objective(*, distances: np.ndarray, assignment: np.ndarray) -> float:
    """Sum of distances over all pairs that share a group."""
    same = assignment[:, None] == assignment[None, :]
    return float(np.triu(np.where(same, distances, 0.0), k=1).sum())


def _greedy_start(
    distances: np.ndarray, lower: np.ndarray, upper: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Seed each group with a random item, then add items greedily by their gain.

    Groups below their lower bound are filled first so the result is always feasible.
    """
    n, m = distances.shape[0], lower.shape[0]
    order = rng.permutation(n)
    assignment = np.full(n, -1)
    sizes = np.zeros(m, dtype=int)
    contrib = np.zeros((n, m))
    for g, item in enumerate(order[:m]):
        if upper[g] == 0:
            continue
        assignment[item] = g
        sizes[g] += 1
        contrib[:, g] += distances[:, item]
    for item in order:
        if assignment[item] >= 0:
            continue
        remaining = int((assignment < 0).sum())
        short = np.maximum(lower - sizes, 0)
        # Once only enough items remain to reach the lower bounds, fill those first.
        open_groups = short > 0 if short.sum() >= remaining else sizes < upper
        gains = np.where(open_groups, contrib[item], -np.inf)
        g = int(np.argmax(gains))
        assignment[item] = g
        sizes[g] += 1
        contrib[:, g] += distances[:, item]
    return assignment


def _check_assignment(assignment: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
    sizes = np.bincount(assignment, minlength=lower.shape[0])
    if sizes.shape[0] != lower.shape[0] or np.any(sizes < lower) or np.any(sizes > upper):
        raise ValueError("Beginindeling houdt zich niet aan de groepsgrenzen.")


def solve_grouping(
    *,
    distances: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    seconds: float = 10.0,
    seed: int = 0,
    max_iterations: int | None = None,
    initial: np.ndarray | None = None,
    patience: int | None = None,
) -> GroupingResult:
    """Maximise the within-group distance sum with iterated tabu search.

    ``lower``/``upper`` bound each group's size. ``initial`` (group per item) replaces the
    greedy start, e.g. a start that already satisfies hard rules. Stops at ``seconds`` or
    ``max_iterations``, whichever comes first, and returns the best grouping seen.
    ``patience`` also stops once that many iterations passed without a new best: small
    table groups converge in milliseconds, so an organiser need not wait the full limit.
    """
    started = time.perf_counter()
    deadline = started + seconds
    dist = np.ascontiguousarray(distances, dtype=np.float64)
    lower = np.asarray(lower, dtype=int)
    upper = np.asarray(upper, dtype=int)
    n, m = dist.shape[0], lower.shape[0]
    rng = np.random.default_rng(seed)
    if initial is None:
        assignment = _greedy_start(dist, lower, upper, rng)
    else:
        assignment = np.asarray(initial, dtype=int).copy()
        _check_assignment(assignment, lower, upper)
    if n < 2 or m < 2:
        value = grouping_objective(distances=dist, assignment=assignment)
        return GroupingResult(assignment, value, time.perf_counter() - started, 0, 0, m)

    search = _TabuSearch(dist, lower, upper, assignment, rng)
    iterations = 0
    perturbations = 0
    # Stall limit before perturbing: long enough to leave a basin, short enough to
    # restart many times in a few seconds (tuned on RanReal n=120..480).
    stall_limit = max(200, 2 * n)
    strength_lo, strength_hi = max(2, n // 40), max(3, n // 12)
    last_best = 0
    while True:
        if max_iterations is not None and iterations >= max_iterations:
            break
        if patience is not None and iterations - last_best >= patience:
            break
        if iterations % 16 == 0 and time.perf_counter() >= deadline:
            break
        improved = search.step(iterations)
        iterations += 1
        if improved:
            search.stall = 0
            last_best = iterations
        else:
            search.stall += 1
        if search.stall >= stall_limit:
            search.perturb(int(rng.integers(strength_lo, strength_hi + 1)), iterations)
            perturbations += 1
    best = search.best_assignment
    value = grouping_objective(distances=dist, assignment=best)
    return GroupingResult(best, value, time.perf_counter() - started, iterations, perturbations, m)


class _TabuSearch:
    """Mutable search state: current grouping, contribution matrix, tabu list, best seen."""

    def __init__(
        self,
        dist: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        assignment: np.ndarray,
        rng: np.random.Generator,
    ) -> None:
        self.dist = dist
        self.dist2 = 2.0 * dist
        self.lower, self.upper = lower, upper
        self.n, self.m = dist.shape[0], lower.shape[0]
        self.rng = rng
        self.has_moves = bool(np.any(lower != upper))
        self._load(assignment)
        self.tabu = np.zeros((self.n, self.m), dtype=np.int64)
        self.best_value = self.value
        self.best_assignment = assignment.copy()
        self.stall = 0
        # Tenure range: a small random span avoids cycling without freezing the walk.
        self.tenure_lo = max(3, self.n // 40)
        self.tenure_hi = max(6, self.n // 12)
        self.rows = np.arange(self.n)

    def _load(self, assignment: np.ndarray) -> None:
        self.grp = assignment.copy()
        onehot = np.zeros((self.n, self.m))
        onehot[np.arange(self.n), self.grp] = 1.0
        self.contrib = self.dist @ onehot
        self.sizes = np.bincount(self.grp, minlength=self.m)
        self.value = float((self.contrib[np.arange(self.n), self.grp]).sum() / 2.0)

    def _move(self, item: int, target: int) -> None:
        source = self.grp[item]
        col = self.dist[:, item]
        self.contrib[:, source] -= col
        self.contrib[:, target] += col
        self.grp[item] = target
        self.sizes[source] -= 1
        self.sizes[target] += 1

    def step(self, it: int) -> bool:
        """Apply the best non-tabu swap or move (aspiration: any move that beats the best)."""
        grp, contrib = self.grp, self.contrib
        own = contrib[self.rows, grp]
        gain = contrib[:, grp]
        gain -= own[:, None]  # gain[i, j]: i moving into j's group
        swap = gain + gain.T
        swap -= self.dist2
        need = self.best_value - self.value
        blocked = self.tabu[:, grp] > it
        blocked |= blocked.T
        blocked &= swap <= need + 1e-9
        blocked |= grp[:, None] == grp[None, :]
        swap[blocked] = -np.inf
        flat = int(np.argmax(swap))
        best_delta = float(swap.flat[flat])
        best_move: tuple[int, int] | None = None
        if self.has_moves:
            moves = contrib - own[:, None]
            allowed = (self.sizes[grp] > self.lower[grp])[:, None] & (self.sizes < self.upper)[
                None, :
            ]
            allowed[self.rows, grp] = False
            allowed &= (self.tabu <= it) | (moves > need + 1e-9)
            moves[~allowed] = -np.inf
            mflat = int(np.argmax(moves))
            if moves.flat[mflat] > best_delta:
                best_delta = float(moves.flat[mflat])
                best_move = divmod(mflat, self.m)
        if not np.isfinite(best_delta):
            return False
        if best_move is not None:
            item, target = best_move
            self.tabu[item, grp[item]] = it + self._tenure()
            self._move(item, target)
        else:
            i, j = divmod(flat, self.n)
            gi, gj = int(grp[i]), int(grp[j])
            self.tabu[i, gi] = it + self._tenure()
            self.tabu[j, gj] = it + self._tenure()
            self._move(i, gj)
            self._move(j, gi)
        self.value += best_delta
        if self.value > self.best_value + 1e-9:
            self.best_value = self.value
            self.best_assignment = self.grp.copy()
            return True
        return False

    def _tenure(self) -> int:
        return int(self.rng.integers(self.tenure_lo, self.tenure_hi + 1))

    def perturb(self, strength: int, it: int) -> None:
        """Restart from the best grouping with ``strength`` random swaps between groups."""
        self._load(self.best_assignment)
        for _ in range(strength):
            i, j = self.rng.integers(0, self.n, size=2)
            if self.grp[i] != self.grp[j]:
                gi, gj = int(self.grp[i]), int(self.grp[j])
                self._move(int(i), gj)
                self._move(int(j), gi)
        self.value = float((self.contrib[self.rows, self.grp]).sum() / 2.0)
        self.tabu.fill(0)
        self.stall = 0
