"""Demo programme for koppelen: invented people (first names and codes only), idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kansenwerk.core.models import Region, User

from .models import Match, Participant, Programme
from .services.matching import explain_pair
from .services.postcodes import SAMPLE_CENTROIDS, postcode_centroids_load

DEMO_PROGRAMME = "Voorleesmaatjes (demo)"
# The demo's postcodes lie in this region; the sample centroids cover its municipalities.
DEMO_REGION = "Gooi en Vechtstreek"
MENTORS = [
    # name, languages, home language, slots, postcode, interests, needs, capacity, vog
    (
        "Ans",
        ["Nederlands"],
        "",
        ["wo-middag", "za-ochtend"],
        "1211",
        ["voorlezen", "tuinieren"],
        ["lezen"],
        2,
        True,
    ),
    (
        "Driss",
        ["Nederlands", "Arabisch"],
        "Arabisch",
        ["wo-middag", "do-avond"],
        "1213",
        ["voetbal", "koken"],
        ["huiswerk"],
        1,
        True,
    ),
    (
        "Marieke",
        ["Nederlands", "Engels"],
        "",
        ["di-middag"],
        "1271",
        ["muziek"],
        ["lezen"],
        1,
        True,
    ),
    (
        "Ozan",
        ["Nederlands", "Turks"],
        "Turks",
        ["za-ochtend", "wo-middag"],
        "1222",
        ["schaken", "tekenen"],
        ["rekenen"],
        1,
        True,
    ),
    ("Wim", ["Nederlands"], "", ["vr-middag"], "1261", ["fietsen"], ["lezen"], 1, False),
]
MENTEES = [
    (
        "Gezin A.",
        ["Arabisch", "Nederlands"],
        "Arabisch",
        ["wo-middag"],
        "1214",
        ["koken"],
        ["huiswerk"],
    ),
    ("Gezin B.", ["Nederlands"], "", ["za-ochtend"], "1212", ["voorlezen"], ["lezen"]),
    ("Gezin C.", ["Turks"], "Turks", ["za-ochtend"], "1223", ["tekenen"], ["rekenen"]),
    ("Gezin D.", ["Nederlands"], "", ["di-middag"], "1272", ["muziek"], ["lezen"]),
    ("Gezin E.", ["Tigrinya"], "Tigrinya", ["ma-ochtend"], "1215", [], ["lezen"]),
]


@transaction.atomic
def load_koppelen_demo() -> Programme | None:
    """Create the demo programme in the demo region (else the first region, if regions
    exist) and add the sample postcode centroids, so the demo shows real distances; safe to
    repeat, and centroids already loaded are kept."""
    region = (
        Region.objects.filter(name=DEMO_REGION).first() or Region.objects.order_by("name").first()
    )
    if region is None:
        return None
    postcode_centroids_load(path=SAMPLE_CENTROIDS, replace=False)
    programme, created = Programme.objects.get_or_create(
        name=DEMO_PROGRAMME,
        defaults={
            "kind": Programme.Kind.VRIJWILLIGER_GEZIN,
            "region": region,
            "description": "Vrijwilligers lezen wekelijks voor bij gezinnen thuis.",
            "intake_fields": [
                "languages",
                "home_language",
                "availability",
                "postcode_area",
                "interests",
                "needs",
            ],
            "default_capacity": 1,
            "rules": {"hard": {"require_vog_for_minors": True}},
            # Open for sign-up, so the public intake can be tried in the demo.
            "is_open": True,
            "screening_steps": ["intake_talk", "vog"],
        },
    )
    if not created:
        return programme
    programme.coordinators.set(
        User.objects.filter(role__in=["beheerder", "regiocoordinator"], regions=region)
        | User.objects.filter(username="beheerder")
    )
    for name, langs, home, slots, postcode, interests, needs, capacity, vog in MENTORS:
        Participant.objects.create(
            programme=programme,
            side="mentor",
            display_name=name,
            languages=langs,
            home_language=home,
            availability=slots,
            postcode_area=postcode,
            interests=interests,
            needs=needs,
            capacity=capacity,
            has_vog=vog,
            # Screening done, except a VOG that was requested long ago (shows a reminder).
            intake_talk_on=timezone.localdate() - datetime.timedelta(weeks=8),
            vog_requested_on=timezone.localdate() - datetime.timedelta(weeks=7),
            vog_received_on=timezone.localdate() - datetime.timedelta(weeks=3) if vog else None,
        )
    for name, langs, home, slots, postcode, interests, needs in MENTEES:
        Participant.objects.create(
            programme=programme,
            side="mentee",
            display_name=name,
            languages=langs,
            home_language=home,
            availability=slots,
            postcode_area=postcode,
            interests=interests,
            needs=needs,
            filled_in_by="professional",
        )
    # One pair that started five weeks ago, so the follow-up shows a due check-in.
    mentor = programme.participants.get(display_name="Marieke")
    mentee = programme.participants.get(display_name="Gezin D.")
    score, reasons = explain_pair(programme=programme, mentor=mentor, mentee=mentee)
    reasons = [r for r in reasons if not r.startswith("vastgezet")]
    Match.objects.create(
        programme=programme,
        mentor=mentor,
        mentee=mentee,
        status=Match.Status.ACCEPTED,
        started_on=timezone.localdate() - datetime.timedelta(weeks=5),
        score=score,
        reasons=reasons,
    )
    return programme
