"""National themes: the subjects regional meetup themes are framings of (part of kennisbank)."""
