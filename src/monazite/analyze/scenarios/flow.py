"""The scenario's linear program: maximum flow of one element through the stage network.

Nodes are (stage, country) with a capacity in tonnes; every country at one stage may ship
to every country at the next (trade is unconstrained); material enters at mining. The LP
maximises what reaches the target stage. Solved with ``scipy.optimize.linprog`` (HiGHS).

When a baseline flow is given, each tonne a node carries above its baseline costs a tiny
penalty: among the many optimal routings the solver then picks the one that moves the
least material onto new routes, so "substitutes" count only the rerouting the disruption
forces, not arbitrary reshuffles of an equally good optimum.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy.optimize import linprog

from monazite.errors import AnalysisError

__all__ = ["Node", "max_flow"]

Node = tuple[str, str]  # (stage, country id)
SUBSTITUTION_PENALTY = 1e-6  # per tonne rerouted; far below the unit value of a delivered tonne
MIN_CAPACITY_T = 1e-9  # nodes below this carry nothing and are left out of the program


def max_flow(stages: Sequence[str], capacity: Mapping[Node, float], target: str,
             baseline: Mapping[Node, float] | None = None) -> tuple[float, dict[Node, float]]:
    """Maximum tonnes reaching ``target`` and each node's throughput in that solution."""
    upto = list(stages[: stages.index(target) + 1])
    layers = [[c for (s, c), cap in capacity.items() if s == st and cap > MIN_CAPACITY_T] for st in upto]
    if any(not layer for layer in layers):
        return 0.0, {}
    # Variable layout: mining outputs, then one edge variable per (k, from, to), then one
    # "increase over baseline" variable per node when a baseline is given.
    index: dict[tuple, int] = {}
    for c in layers[0]:
        index[("m", c)] = len(index)
    for k in range(len(upto) - 1):
        for c in layers[k]:
            for d in layers[k + 1]:
                index[("x", k, c, d)] = len(index)
    nodes = [(k, c) for k, layer in enumerate(layers) for c in layer]
    if baseline is not None:
        for k, c in nodes:
            index[("inc", k, c)] = len(index)
    n = len(index)

    def throughput_row(k: int, c: str) -> np.ndarray:
        row = np.zeros(n)
        if k == 0:
            row[index[("m", c)]] = 1
        else:
            for b in layers[k - 1]:
                row[index[("x", k - 1, b, c)]] = 1
        return row

    a_ub, b_ub, a_eq, b_eq = [], [], [], []
    for k, c in nodes:
        through = throughput_row(k, c)
        a_ub.append(through)
        b_ub.append(capacity[(upto[k], c)])
        if k < len(upto) - 1:  # conservation: what a node takes in it passes on
            out = np.zeros(n)
            for d in layers[k + 1]:
                out[index[("x", k, c, d)]] = 1
            a_eq.append(out - through)
            b_eq.append(0.0)
        if baseline is not None:
            row = through.copy()
            row[index[("inc", k, c)]] = -1
            a_ub.append(row)
            b_ub.append(baseline.get((upto[k], c), 0.0))
    objective = np.zeros(n)
    for c in layers[-1]:
        objective -= throughput_row(len(upto) - 1, c)
    if baseline is not None:
        for k, c in nodes:
            objective[index[("inc", k, c)]] = SUBSTITUTION_PENALTY
    res = linprog(objective, A_ub=np.array(a_ub), b_ub=np.array(b_ub),
                  A_eq=np.array(a_eq) if a_eq else None, b_eq=np.array(b_eq) if b_eq else None,
                  bounds=[(0, None)] * n, method="highs")
    if res.status != 0:
        raise AnalysisError(f"scenario linear program failed: {res.message}")
    flows = {(upto[k], c): float(throughput_row(k, c) @ res.x) for k, c in nodes}
    value = sum(flows[(target, c)] for c in layers[-1])
    return value, flows
