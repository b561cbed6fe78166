"""Demo content the kennisbank adds after the core demo: evidence profiles, national themes."""

from __future__ import annotations


def load_kennisbank_demo() -> None:
    from .evidence.demo import load_evidence_demo
    from .national.demo import load_national_demo

    load_evidence_demo()
    load_national_demo()
