"""The kennisbank's models, looked up by name at run time.

`kennisbank.models` imports the evidence models so Django registers them with the app;
the evidence code reaches Intervention, SourceDocument … through this instead of
importing `kennisbank.models` back (no import cycle). Type checkers see the real module.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps


class _KennisbankModels:
    def __getattr__(self, name: str) -> Any:
        return apps.get_model("kennisbank", name)


m = _KennisbankModels()
