"""Signals the kennisbank sends for apps above it (which may not be imported from here)."""

from django.dispatch import Signal

# A record's text was repaired from a better extraction of its document.
# Arguments: record (the saved record), before ({field: value before the repair}).
record_repaired = Signal()
