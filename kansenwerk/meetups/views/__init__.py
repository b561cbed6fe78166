"""Views: `public` (agenda, meetup page, briefing, registration, personal link) and
`manage` (organisers: planning, registrations, exports, check-in)."""
