"""Topological order of the dependency graph (Kahn) and cycle reporting."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from operator import lt
from typing import Any

from services.projects.engine.errors import ScheduleCycleError


def topological_order(
    nodes: Sequence[int],
    successors: Sequence[Sequence[tuple[Any, ...]]],
    link_succ: Sequence[int],
    ids: Sequence[Hashable],
    link_pred: Sequence[int] | None = None,
) -> list[int]:
    """Order ``nodes`` so that every link's predecessor comes before its successor.

    ``successors[v]`` holds one entry per outgoing link with the successor first (the
    compiled links, reused so the adjacency is built once). Ties keep input order, so
    the same plan always yields the same order. Raises :class:`ScheduleCycleError` naming the
    tasks of one cycle.
    """
    if (
        link_pred is not None
        and len(nodes) == len(successors)
        and all(map(lt, link_pred, link_succ))
    ):
        return list(nodes)  # plans are usually listed predecessors first: nothing to sort
    indegree = [0] * len(successors)
    for s in link_succ:
        indegree[s] += 1
    order = [v for v in nodes if indegree[v] == 0]
    # ``order`` doubles as the FIFO queue: it only grows, and the loop walks it.
    for v in order:
        for link in successors[v]:
            s = link[0]
            indegree[s] -= 1
            if indegree[s] == 0:
                order.append(s)
    if len(order) != len(nodes):
        raise ScheduleCycleError([ids[i] for i in _find_cycle(indegree, successors)])
    return order


def _find_cycle(indegree: list[int], successors: Sequence[Sequence[tuple[Any, ...]]]) -> list[int]:
    """One cycle among the nodes Kahn could not order, in link direction.

    Every such node still has a predecessor that is itself unordered, so walking predecessors
    from any of them must revisit a node; the revisited stretch is a cycle.
    """
    predecessor = [-1] * len(successors)
    for p, links in enumerate(successors):
        if indegree[p] > 0:
            for link in links:
                s = link[0]
                if indegree[s] > 0:
                    predecessor[s] = p
    v = next(v for v, d in enumerate(indegree) if d > 0)
    seen: dict[int, int] = {}
    walk: list[int] = []
    while v not in seen:
        seen[v] = len(walk)
        walk.append(v)
        v = predecessor[v]
    cycle = walk[seen[v] :]
    cycle.reverse()  # the walk went against the links
    return cycle
