"""The words of the public index with their frequencies, for "bedoelde u …?" (a selector).

Built from the shown text of every public entry (restricted types such as agreements are
left out, so a correction never reveals a word of a record the searcher may not see) and
kept per process; rebuilt when the index changed (entry count or last update), and on a
large index at most every REBUILD_SECONDS and in the background, since a build reads every
entry (the first build of a process still happens in the request that needs it).
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter

from django.db.models import Count, Max

from kansenwerk.search import registry
from kansenwerk.search.analysis import fold
from kansenwerk.search.analysis.compounds import lexicon
from kansenwerk.search.analysis.spelling import Speller
from kansenwerk.search.models import SearchEntry

REBUILD_SECONDS = 300
SMALL_INDEX = 5_000  # entries; below this the vocabulary is always fresh
_WORD = re.compile(r"[a-z]{4,40}")
_lock = threading.Lock()
_state: dict = {"signature": None, "built": 0.0, "speller": None, "building": False}


def _signature() -> tuple:
    stats = SearchEntry.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (stats["n"], stats["last"])


def _public_keys() -> list[str]:
    return [t.key for t in registry.types() if t.is_public]


def word_counts() -> Counter:
    """How many times each folded word (4+ letters) occurs in the public entries."""
    counts: Counter = Counter()
    rows = SearchEntry.objects.filter(type_key__in=_public_keys()).values_list("title", "text")
    for title, text in rows.iterator(chunk_size=2_000):
        counts.update(_WORD.findall(fold(f"{title} {text}")))
    return counts


def speller() -> Speller:
    """The spelling corrector over the current public vocabulary.

    On a large index a due rebuild runs in a background thread while searches keep the
    previous vocabulary: a build reads every entry and must not hold up a searcher.
    """
    with _lock:
        now = time.monotonic()
        current = _state["speller"]
        signature = _state["signature"]
        large = current is not None and signature[0] > SMALL_INDEX
        if large and (now - _state["built"] < REBUILD_SECONDS or _state.get("building")):
            return current
        signature = _signature()
        if current is not None and signature == _state["signature"]:
            _state["built"] = now
            return current
        if large:
            _state["building"] = True
            threading.Thread(target=_rebuild, args=(signature,), daemon=True).start()
            return current
        current = Speller(dict(word_counts()), lexicon=lexicon())
        _state.update(signature=signature, built=now, speller=current)
        return current


def _rebuild(signature: tuple) -> None:
    from django.db import connection

    try:
        built = Speller(dict(word_counts()), lexicon=lexicon())
        with _lock:
            _state.update(signature=signature, built=time.monotonic(), speller=built)
    finally:
        _state["building"] = False
        connection.close()  # this thread's own connection
