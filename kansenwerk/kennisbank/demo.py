"""Demo content the kennisbank adds after the core demo: example evidence profiles."""

from __future__ import annotations


def load_kennisbank_demo() -> None:
    from .evidence.demo import load_evidence_demo

    load_evidence_demo()
