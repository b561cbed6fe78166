"""Load the demo content idempotently: running it twice changes nothing the second time."""

from __future__ import annotations

from django.db import transaction

from kansenwerk.core.models import Municipality, Region, User
from kansenwerk.core.services import municipality_cbs_code_set, region_create
from kansenwerk.kennisbank import models as kb

from . import content


def _upsert(model, lookup: dict, values: dict):
    """Create, or update only the fields that differ (so a re-run writes no audit rows)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save()
    return obj


@transaction.atomic
def load_demo(*, with_users: bool = True) -> dict[str, int]:
    for region in content.REGIONS:
        region_create(
            name=region["name"],
            municipalities=region["municipalities"],
            description=region["description"],
        )
        for municipality in Municipality.objects.filter(name__in=list(region["cbs_codes"])):
            code = region["cbs_codes"][municipality.name]
            if municipality.cbs_code != code:
                municipality_cbs_code_set(municipality=municipality, cbs_code=code)
    by_title = {}
    for t in content.THEMES:
        theme = _upsert(
            kb.Theme,
            {"title": t["title"], "source_document": None},
            {
                "number": t["number"],
                "guiding_question": t["guiding_question"],
                "introduction": t["introduction"],
            },
        )
        by_title[theme.title] = theme
        for i, d in enumerate(t["directions"], start=1):
            _upsert(
                kb.SolutionDirection,
                {"theme": theme, "title": d["title"]},
                {
                    "number": f"{t['number']}.{i}",
                    "position": i,
                    "text": d["text"],
                    "questions": d["questions"],
                },
            )
        for i, r in enumerate(t["reading"], start=1):
            _upsert(
                kb.ReadingItem,
                {"theme": theme, "title": r["title"]},
                {"author": r["author"], "medium": r["medium"], "position": i},
            )
        for i, ini in enumerate(t["initiatives"], start=1):
            municipality = Municipality.objects.filter(name=ini["place"]).first()
            _upsert(
                kb.Initiative,
                {"theme": theme, "title": ini["title"]},
                {
                    "place": ini["place"],
                    "scope": ini["scope"],
                    "description": ini["description"],
                    "municipality": municipality,
                    "region": municipality.region if municipality else None,
                    "position": i,
                },
            )
    for item in content.INTERVENTIONS:
        municipality = Municipality.objects.filter(name=item["place"]).first()
        intervention = _upsert(
            kb.Intervention,
            {"title": item["title"], "source_document": None},
            {
                "place": item["place"],
                "municipality": municipality,
                "region": municipality.region if municipality else None,
                "quote": item["quote"],
                "people": item["people"],
                "context": item["context"],
                "approach": item["approach"],
                "results": item["results"],
                "goal": item["goal"],
            },
        )
        themes = [by_title[name] for name in item["themes"]]
        if set(intervention.themes.all()) != set(themes):
            intervention.themes.set(themes)
        directions = kb.SolutionDirection.objects.filter(theme__in=themes)[:1]
        if not intervention.solution_directions.exists():
            intervention.solution_directions.set(directions)
        for i, ex in enumerate(item["examples"], start=1):
            _upsert(
                kb.PracticeExample,
                {"intervention": intervention, "title": ex["title"]},
                {"place": ex["place"], "text": ex["text"], "position": i},
            )
    for i, (title, text) in enumerate(content.LESSONS, start=1):
        _upsert(kb.Lesson, {"title": title, "source_document": None}, {"number": i, "text": text})
    if with_users:
        for u in content.USERS:
            user = User.objects.filter(username=u["username"]).first()
            if user is None:
                user = User(username=u["username"])
                user.set_password(content.DEMO_PASSWORD)
                user.first_name, user.last_name, user.role = (
                    u["first_name"],
                    u["last_name"],
                    u["role"],
                )
                user.is_staff = user.is_superuser = u["role"] == "beheerder"
                user.save()
                user.regions.set(Region.objects.filter(name__in=u["regions"]))
    return {
        "regions": Region.objects.count(),
        "themes": kb.Theme.objects.count(),
        "interventions": kb.Intervention.objects.count(),
    }
