"""Writes for meetups, split by topic: planning (meetup and briefing content),
registration (places, waiting list, check-in, privacy), briefing (PDF), calendar (iCalendar)."""
