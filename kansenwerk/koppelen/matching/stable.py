"""Stable matching with capacities (hospitals/residents, mentee-proposing deferred acceptance).

Hand-written because the algorithm is twenty lines and none of our dependencies offers the
capacitated variant. Mentee-proposing gives every mentee the best partner it can have in
any stable matching. Only mutually acceptable pairs (each ranks the other) are ever formed.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence


def stable_match(
    *,
    mentee_prefs: Mapping[str, Sequence[str]],
    mentor_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
) -> dict[str, str]:
    """Return mentee -> mentor; mentees left out are unmatched. Preference lists are best first."""
    rank = {
        mentor: {mentee: i for i, mentee in enumerate(prefs)}
        for mentor, prefs in mentor_prefs.items()
    }
    held: dict[str, list[tuple[int, str]]] = {
        mentor: [] for mentor in mentor_prefs
    }  # max-heap via -rank
    next_choice = dict.fromkeys(mentee_prefs, 0)
    free = list(mentee_prefs)
    while free:
        mentee = free.pop()
        prefs = mentee_prefs[mentee]
        while next_choice[mentee] < len(prefs):
            mentor = prefs[next_choice[mentee]]
            next_choice[mentee] += 1
            position = rank.get(mentor, {}).get(mentee)
            if position is None or capacities.get(mentor, 0) <= 0:
                continue
            heap = held[mentor]
            if len(heap) < capacities[mentor]:
                heapq.heappush(heap, (-position, mentee))
                break
            worst_position, worst = -heap[0][0], heap[0][1]
            if position < worst_position:
                heapq.heapreplace(heap, (-position, mentee))
                free.append(worst)
                break
    return {mentee: mentor for mentor, heap in held.items() for _pos, mentee in heap}


def blocking_pairs(
    *,
    matching: Mapping[str, str],
    mentee_prefs: Mapping[str, Sequence[str]],
    mentor_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
) -> list[tuple[str, str]]:
    """Mutually acceptable (mentee, mentor) pairs that would both rather be together; empty
    means stable."""
    rank = {
        mentor: {mentee: i for i, mentee in enumerate(prefs)}
        for mentor, prefs in mentor_prefs.items()
    }
    assigned: dict[str, list[str]] = {mentor: [] for mentor in mentor_prefs}
    for mentee, mentor in matching.items():
        assigned.setdefault(mentor, []).append(mentee)
    blocking = []
    for mentee, prefs in mentee_prefs.items():
        current = matching.get(mentee)
        for mentor in prefs:
            if mentor == current:
                break
            if mentee not in rank.get(mentor, {}) or capacities.get(mentor, 0) <= 0:
                continue
            held = assigned.get(mentor, [])
            if len(held) < capacities[mentor] or any(
                rank[mentor][mentee] < rank[mentor][other] for other in held
            ):
                blocking.append((mentee, mentor))
    return blocking
