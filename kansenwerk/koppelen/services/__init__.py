"""Writes for koppelen, split by topic; every write checks that the user coordinates the
programme, runs in one transaction and lands in the audit log."""

from .followup import checkin_record, match_end, meeting_log
from .matching import (
    match_accept,
    match_lock,
    match_reject,
    match_swap,
    match_unlock,
    participant_person,
    programme_run_matching,
)
from .participants import (
    cohort_import,
    participant_create,
    participant_delete,
    participant_intake_viewed,
    participant_set_ranking,
    participant_set_vog,
    participant_update,
)
from .privacy import participants_due_for_pseudonymisation, pseudonymise_participant
from .programmes import ensure_coordinator, programme_create, programme_update
from .screening import participant_screening_update, stalled_steps

__all__ = [
    "checkin_record",
    "cohort_import",
    "ensure_coordinator",
    "match_accept",
    "match_end",
    "match_lock",
    "match_reject",
    "match_swap",
    "match_unlock",
    "meeting_log",
    "participant_create",
    "participant_delete",
    "participant_intake_viewed",
    "participant_person",
    "participant_screening_update",
    "participant_set_ranking",
    "participant_set_vog",
    "participant_update",
    "participants_due_for_pseudonymisation",
    "programme_create",
    "programme_run_matching",
    "programme_update",
    "pseudonymise_participant",
    "stalled_steps",
]
