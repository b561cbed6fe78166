"""Background task: compute a table plan (django-tasks; immediate in dev and tests)."""

from __future__ import annotations

from django_tasks import task

from kansenwerk.core.actor import audit_context


@task()
def compute_table_plan(*, plan_id: int) -> str:
    from .services import plan_compute

    with audit_context(source="task"):
        return plan_compute(plan_id=plan_id).run_state
