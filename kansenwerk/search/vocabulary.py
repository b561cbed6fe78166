"""The words of the public index with their frequencies, for "bedoelde u …?".

Built from the shown text of every public entry (restricted types such as agreements are
left out, so a correction never reveals a word of a record the searcher may not see) when
the index is built or changed, never in a search request:
- `kansenwerk reindex` (services.reindex) builds it at the end of the rebuild,
- every other index write (a save, an import through indexing.deferred) schedules a
  build task (django-tasks) for when its transaction commits; the task skips the build
  when the index did not change since the stored vocabulary (same signature).
The build is stored in `SearchVocabulary` (one row, a version stamp). A search only loads
it: once per process and again when the stored version changed (one primary-key read of
the version, only for searches with an unknown word). Without a stored vocabulary, the
symmetric-delete correction is skipped (the title trigrams still suggest words).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django_tasks import task

from kansenwerk.search import registry
from kansenwerk.search.analysis import fold
from kansenwerk.search.analysis.compounds import lexicon
from kansenwerk.search.analysis.spelling import Speller
from kansenwerk.search.models import SearchEntry, SearchVocabulary

_WORD = re.compile(r"[a-z]{4,40}")
_lock = threading.Lock()
_loaded: dict = {"version": None, "speller": None}
STORED_ID = 1  # the one row of SearchVocabulary


# -- build (index side) -----------------------------------------------------------------------
def _public_keys() -> list[str]:
    return [t.key for t in registry.types() if t.is_public]


def index_signature() -> str:
    """What changes with every index write: the entry count and the last update."""
    stats = SearchEntry.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    last = stats["last"].isoformat() if stats["last"] else ""
    return f"{stats['n']}|{last}"


def word_counts() -> Counter:
    """How many times each folded word (4+ letters) occurs in the public entries."""
    rows = SearchEntry.objects.filter(type_key__in=_public_keys()).values_list("title", "text")
    return count_words(rows.iterator(chunk_size=2_000))


def count_words(rows: Iterable[tuple[str, str]]) -> Counter:
    """Folded words (4+ letters) of (title, text) rows, with their counts."""
    counts: Counter = Counter()
    for title, text in rows:
        counts.update(_WORD.findall(fold(f"{title} {text}")))
    return counts


def stored_text(counts: Counter) -> str:
    """One line a word: "word count" plus " *" for a word of the Dutch word list (its
    frequency counts double in the corrector: a real word beats OCR debris)."""
    words = lexicon()
    return "\n".join(
        f"{word} {count}{' *' if word in words else ''}" for word, count in sorted(counts.items())
    )


def vocabulary_build(*, force: bool = True) -> SearchVocabulary | None:
    """Count the words of the public index and store them with a new version (a service).

    `force=False` (the task): nothing happens when the stored vocabulary was built from
    the index as it is now. Returns the stored row, or None when nothing was built.
    """
    signature = index_signature()
    stored = SearchVocabulary.objects.filter(pk=STORED_ID).only("signature").first()
    if not force and stored is not None and stored.signature == signature:
        return None
    counts = word_counts()
    text = stored_text(counts)
    with transaction.atomic():
        row = SearchVocabulary.objects.select_for_update().filter(pk=STORED_ID).first()
        version = (row.version if row else 0) + 1
        row, _created = SearchVocabulary.objects.update_or_create(
            pk=STORED_ID,
            defaults={
                "version": version,
                "signature": signature,
                "words": text,
                "word_count": len(counts),
                "built_at": timezone.now(),
            },
        )
    return row


@task()
def rebuild_vocabulary() -> int:
    """The background build after index changes; returns the stored version (0: skipped)."""
    row = vocabulary_build(force=False)
    return row.version if row else 0


def _enqueue() -> None:
    rebuild_vocabulary.enqueue()


def schedule_rebuild() -> None:
    """After the current transaction commits, build the vocabulary in a task.

    Bulk writes (indexing.deferred, imports) call this once per model; when several
    tasks follow one commit, the first builds and the others find the signature
    unchanged (one aggregate query each).
    """
    transaction.on_commit(_enqueue)


# -- load (search side) -----------------------------------------------------------------------
def stored_version() -> int | None:
    return SearchVocabulary.objects.filter(pk=STORED_ID).values_list("version", flat=True).first()


def parse(text: str) -> tuple[dict[str, int], set[str]]:
    """The stored text as (word -> count, words of the Dutch word list)."""
    counts: dict[str, int] = {}
    listed: set[str] = set()
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        counts[parts[0]] = int(parts[1])
        if len(parts) > 2:
            listed.add(parts[0])
    return counts, listed


def speller() -> Speller:
    """The spelling corrector over the stored vocabulary, loaded (never built) here.

    Kept per process and loaded again when a build stored a new version.
    """
    version = stored_version()
    with _lock:
        if _loaded["speller"] is not None and _loaded["version"] == version:
            return _loaded["speller"]
    text = ""
    if version is not None:
        text = (
            SearchVocabulary.objects.filter(pk=STORED_ID).values_list("words", flat=True).first()
            or ""
        )
    counts, listed = parse(text)
    loaded = Speller(counts, lexicon=listed)
    with _lock:
        _loaded.update(version=version, speller=loaded)
    return loaded
