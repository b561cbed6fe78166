"""Reads of evidence: the profile as shown and as the API gives it, filters, the comparison.

Apps above the kennisbank (netwerk, afspraken) link to interventions; the comparison
reads those links through the relations they declare (`netwerk_services`, `agreements`)
so this layer never imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.core.models import Municipality

from .models import (
    DIRECTION_PREFIX,
    INTERVENTION_PREFIX,
    LEVEL_RANK,
    RECOGNISED,
    CostBand,
    EvidenceProfile,
    EvidenceStatement,
    Level,
)

if TYPE_CHECKING:
    from kansenwerk.kennisbank import models as m
else:
    from .kb import m

VISIBLE = (EvidenceStatement.Status.PROPOSED, EvidenceStatement.Status.CONFIRMED)
COMPARE_MIN, COMPARE_MAX = 2, 4
SORTS = {"niveau": "-evidence_rank", "kosten": "cost_rank", "titel": "title"}

# What each level means, and what it does not: shown beside every level.
MEANING = {
    Level.NOT_ASSESSED: (
        gettext_lazy("Geen erkenningscommissie heeft deze interventie beoordeeld."),
        gettext_lazy("Het zegt niet dat de interventie niet werkt: het is niet onderzocht."),
    ),
    Level.WELL_DESCRIBED: (
        gettext_lazy("Doel, doelgroep en aanpak zijn helder beschreven en uitvoerbaar."),
        gettext_lazy("Er is nog niet beoordeeld waarom of of de interventie werkt."),
    ),
    Level.WELL_FOUNDED: (
        gettext_lazy("Een commissie vond de theorie achter de aanpak overtuigend."),
        gettext_lazy("Er is nog geen effect gemeten dat de commissie heeft beoordeeld."),
    ),
    Level.EFFECTIVE_FIRST: (
        gettext_lazy("Er is een effect gemeten, bijvoorbeeld met een voor- en nameting."),
        gettext_lazy("Zonder vergelijkingsgroep is niet zeker dat de interventie het effect gaf."),
    ),
    Level.EFFECTIVE_GOOD: (
        gettext_lazy("Onderzoek met een vergelijkingsgroep liet een effect zien."),
        gettext_lazy("Het effect is nog niet herhaald of op de lange termijn gemeten."),
    ),
    Level.EFFECTIVE_STRONG: (
        gettext_lazy("Meerdere goede studies lieten een effect zien, ook op langere termijn."),
        gettext_lazy("Het zegt niet dat het overal werkt: uitvoering en context blijven tellen."),
    ),
    Level.NOT_RECOGNISED: (
        gettext_lazy("Een commissie heeft beoordeeld en de interventie niet erkend."),
        gettext_lazy("De reden staat erbij; het kan gaan om de beschrijving, niet om het effect."),
    ),
}
INTL_CAVEAT = gettext_lazy(
    "Dit is een gemiddelde over veel internationale studies. Binnen één aanpak lopen de "
    "effecten sterk uiteen; het gemiddelde zegt weinig over één school of één programma."
)
STATEMENT_NOTE = gettext_lazy(
    "Uitspraken komen uit documenten en zijn geen erkenning: alleen een beheerder stelt het "
    "niveau vast."
)


def _rank_expression() -> Case:
    return Case(
        *[
            When(evidence_profile__level=level, then=Value(rank))
            for level, rank in LEVEL_RANK.items()
        ],
        default=Value(LEVEL_RANK[Level.NOT_ASSESSED]),
        output_field=IntegerField(),
    )


def _cost_expression() -> Case:
    order = {CostBand.LOW: 1, CostBand.MEDIUM: 2, CostBand.HIGH: 3}
    return Case(
        *[When(evidence_profile__cost_band=band, then=Value(n)) for band, n in order.items()],
        default=Value(9),  # unknown cost last
        output_field=IntegerField(),
    )


def clean_filters(params: Any) -> dict[str, Any]:
    """Evidence filters from a query string; a value outside the lists is a Dutch error."""
    out: dict[str, Any] = {}
    level = (params.get("evidence_level") or params.get("niveau") or "").strip()
    if level:
        if level not in Level.values and level != "erkend":
            raise ValidationError(
                _("Onbekend bewijsniveau '%(level)s'. Kies uit: %(levels)s, erkend.")
                % {"level": level[:40], "levels": ", ".join(Level.values)}
            )
        out["level"] = level
    school = (params.get("onderwijstype") or "").strip()
    if school:
        from .models import SchoolType

        if school not in SchoolType.values:
            raise ValidationError(_("Onbekend onderwijstype. Kies uit: vve, po, vo, mbo."))
        out["school"] = school
    age = (params.get("leeftijd") or "").strip()
    if age:
        if not age.isdigit() or int(age) > 30:
            raise ValidationError(_("Geef een leeftijd als heel getal van 0 tot en met 30."))
        out["age"] = int(age)
    cost = (params.get("kosten") or "").strip()
    if cost:
        if cost not in (CostBand.LOW, CostBand.MEDIUM, CostBand.HIGH):
            raise ValidationError(_("Onbekende kostenklasse. Kies uit: laag, midden, hoog."))
        out["cost"] = cost
    sort = (params.get("sorteer") or "").strip()
    if sort:
        if sort not in SORTS:
            raise ValidationError(_("Onbekende sortering. Kies uit: niveau, kosten, titel."))
        out["sort"] = sort
    return out


def filter_interventions(qs: QuerySet, filters: dict[str, Any]) -> QuerySet:
    """Interventions narrowed by level, school type, age and cost band, and sorted."""
    level = filters.get("level")
    if level == "erkend":
        qs = qs.filter(evidence_profile__level__in=RECOGNISED)
    elif level == Level.NOT_ASSESSED:
        qs = qs.filter(
            Q(evidence_profile__isnull=True) | Q(evidence_profile__level=Level.NOT_ASSESSED)
        )
    elif level:
        qs = qs.filter(evidence_profile__level=level)
    if filters.get("school"):
        qs = qs.filter(evidence_profile__school_types__icontains=f'"{filters["school"]}"')
    if "age" in filters:
        age = filters["age"]
        qs = qs.filter(
            Q(evidence_profile__age_min__lte=age) | Q(evidence_profile__age_min__isnull=True),
            Q(evidence_profile__age_max__gte=age) | Q(evidence_profile__age_max__isnull=True),
            evidence_profile__isnull=False,
        )
    if filters.get("cost"):
        qs = qs.filter(evidence_profile__cost_band=filters["cost"])
    qs = qs.annotate(evidence_rank=_rank_expression(), cost_rank=_cost_expression())
    sort = SORTS.get(filters.get("sort", ""))
    if sort:
        qs = qs.order_by(sort, "title", "id")
    return qs


def statements_for(intervention: m.Intervention) -> list[EvidenceStatement]:
    """Visible statements about an intervention (prefetched as `visible_statements` if so)."""
    cached = getattr(intervention, "visible_statements", None)
    if cached is not None:
        return list(cached)
    return list(
        intervention.evidence_statements.filter(status__in=VISIBLE).select_related(
            "source_document"
        )
    )


def statements_prefetch() -> Prefetch:
    return Prefetch(
        "evidence_statements",
        queryset=EvidenceStatement.objects.filter(status__in=VISIBLE).select_related(
            "source_document"
        ),
        to_attr="visible_statements",
    )


def profile_of(intervention: m.Intervention) -> EvidenceProfile:
    """The stored profile, or an unsaved 'niet beoordeeld' one."""
    try:
        return intervention.evidence_profile
    except EvidenceProfile.DoesNotExist:
        return EvidenceProfile(intervention=intervention)


@dataclass
class ProfileView:
    profile: EvidenceProfile
    intervention: m.Intervention
    statements: list[EvidenceStatement]
    means: str
    does_not_mean: str
    intl_caveat: str = field(default=str(INTL_CAVEAT))
    statement_note: str = field(default=str(STATEMENT_NOTE))

    @property
    def level_label(self) -> str:
        return str(self.profile.get_level_display())

    @property
    def target_group(self) -> str:
        p = self.profile
        parts = []
        if p.age_min is not None or p.age_max is not None:
            parts.append(
                _("%(lo)s tot en met %(hi)s jaar") % {"lo": p.age_min or 0, "hi": p.age_max or "…"}
            )
        if p.school_types:
            parts.append(", ".join(p.school_types))
        return "; ".join(parts)


def profile_view(intervention: m.Intervention) -> ProfileView:
    profile = profile_of(intervention)
    means, does_not = MEANING[Level(profile.level)]
    return ProfileView(
        profile, intervention, statements_for(intervention), str(means), str(does_not)
    )


def evidence_dict(intervention: m.Intervention) -> dict[str, Any]:
    """The API's `evidence` object for one intervention."""
    p = profile_of(intervention)
    data: dict[str, Any] = {
        "level": p.level,
        "level_label": str(p.get_level_display()),
        "recognised": p.is_recognised,
        "scheme": p.scheme,
        "committee": p.committee,
        "assessed_on": p.assessed_on.isoformat() if p.assessed_on else None,
        "url": p.url,
        "reason": p.reason,
        "effective_elements": list(p.effective_elements),
        "target_group": {
            "age_min": p.age_min,
            "age_max": p.age_max,
            "school_types": list(p.school_types),
        },
        "cost_band": p.cost_band or None,
        "cost_unit": p.cost_unit,
        "international": None,
        "statements": [
            {
                "text": s.text,
                "kind": s.kind,
                "status": s.status,
                "source": s.source_document.title,
                "page": s.source_page,
                "line": s.source_line,
            }
            for s in statements_for(intervention)
        ],
    }
    if p.has_international:
        data["international"] = {
            "source": p.intl_source,
            "strand": p.intl_strand,
            "impact_months": p.intl_impact_months,
            "cost_rating": p.intl_cost_rating,
            "evidence_strength": p.intl_evidence_strength,
            "url": p.intl_url,
            "caveat": str(INTL_CAVEAT),
        }
    return data


def api_queryset(qs: QuerySet) -> QuerySet:
    """What `evidence_dict` reads, fetched in a fixed number of queries."""
    return qs.select_related("evidence_profile").prefetch_related(statements_prefetch())


@dataclass
class ComparedIntervention:
    intervention: m.Intervention
    view: ProfileView
    offers: list[Any]
    agreements: list[Any]


def _service_model():
    return m.Intervention._meta.get_field("netwerk_services").related_model


def compare(
    *, slugs: list[str], municipality_slug: str = ""
) -> tuple[list[ComparedIntervention], Municipality | None]:
    """2–4 interventions side by side; offers narrowed to one municipality when given."""
    slugs = list(dict.fromkeys(s for s in slugs if s))
    if not COMPARE_MIN <= len(slugs) <= COMPARE_MAX:
        raise ValidationError(_("Kies twee tot vier verschillende interventies om te vergelijken."))
    municipality = None
    if municipality_slug:
        municipality = Municipality.objects.filter(slug=municipality_slug).first()
        if municipality is None:
            raise ValidationError(_("Deze gemeente kennen we niet."))
    prefetches: list[Any] = [statements_prefetch(), "practice_examples"]
    try:
        service_model = _service_model()
    except Exception:  # the netwerk app is not installed
        service_model = None
    if service_model is not None:
        services = service_model.objects.filter(status="active").select_related("organization")
        if municipality is not None:
            services = services.filter(organization__municipalities=municipality).distinct()
        prefetches.append(Prefetch("netwerk_services", queryset=services, to_attr="local"))
    if hasattr(m.SolutionDirection, "agreements"):
        prefetches.append("solution_directions__agreements")
    found = {
        i.slug: i
        for i in m.Intervention.objects.filter(slug__in=slugs)
        .select_related("evidence_profile")
        .prefetch_related(*prefetches)
    }
    missing = [s for s in slugs if s not in found]
    if missing:
        raise ValidationError(
            _("Onbekende interventie: %(slugs)s.") % {"slugs": ", ".join(s[:60] for s in missing)}
        )
    rows = []
    for slug in slugs:
        i = found[slug]
        agreements = []
        if hasattr(m.SolutionDirection, "agreements"):
            agreements = [a for d in i.solution_directions.all() for a in d.agreements.all()]
        rows.append(ComparedIntervention(i, profile_view(i), getattr(i, "local", []), agreements))
    return rows, municipality


def recognised_share(intervention_ids: set[int]) -> tuple[int, int]:
    """Of these interventions: how many have a recognised level, out of how many."""
    if not intervention_ids:
        return 0, 0
    recognised = EvidenceProfile.objects.filter(
        intervention_id__in=intervention_ids, level__in=RECOGNISED
    ).count()
    return recognised, len(intervention_ids)


def api_interventions(qs: QuerySet, *, evidence_level: str = "") -> QuerySet:
    """The API list: evidence fetched with it, narrowed by `?evidence_level=` (ValidationError)."""
    if evidence_level:
        qs = filter_interventions(qs, clean_filters({"evidence_level": evidence_level}))
    return api_queryset(qs)


def filter_choices() -> dict[str, Any]:
    """The options of the evidence filters on the intervention list."""
    from .models import SchoolType

    return {
        "levels": [("erkend", _("Erkend (goed onderbouwd of hoger)")), *Level.choices],
        "school_types": SchoolType.choices,
        "costs": [c for c in CostBand.choices if c[0]],
        "sorts": [("niveau", _("Sterkste bewijs eerst")), ("kosten", _("Laagste kosten eerst"))],
    }


def directions_evidence(direction_ids: set[int]) -> dict[int, list[ProfileView]]:
    """Profiles of the interventions under each solution direction, strongest first.

    A direction without interventions maps to an empty list; two queries in all.
    """
    result: dict[int, list[ProfileView]] = {pk: [] for pk in direction_ids}
    if not direction_ids:
        return result
    through = m.Intervention.solution_directions.through
    links = list(
        through.objects.filter(solutiondirection_id__in=direction_ids).values_list(
            "solutiondirection_id", "intervention_id"
        )
    )
    if not links:
        return result
    interventions = {
        i.pk: i
        for i in m.Intervention.objects.filter(pk__in={i for _d, i in links})
        .select_related("evidence_profile")
        .prefetch_related(statements_prefetch())
    }
    views = {pk: profile_view(i) for pk, i in interventions.items()}
    for direction_id, intervention_id in links:
        result[direction_id].append(views[intervention_id])
    for items in result.values():
        items.sort(key=lambda v: (-v.profile.rank, v.intervention.title))
    return result


def levels_for(interventions: list[m.Intervention]) -> list[tuple[m.Intervention, str, str]]:
    """(intervention, level label, what it means) for each: no query when the caller
    selected `evidence_profile` with the interventions, else one."""
    if not interventions:
        return []
    if all("evidence_profile" in i._state.fields_cache for i in interventions):
        profiles = {i.pk: i._state.fields_cache["evidence_profile"] for i in interventions}
    else:
        profiles = {
            p.intervention_id: p
            for p in EvidenceProfile.objects.filter(intervention__in=[i.pk for i in interventions])
        }
    out = []
    for i in interventions:
        profile = profiles.get(i.pk) or EvidenceProfile(intervention=i)
        out.append((i, str(profile.get_level_display()), str(MEANING[Level(profile.level)][0])))
    return out


@dataclass
class AgreedEvidence:
    """How many of a region's agreements rest on a recognised intervention."""

    total: int
    recognised: int
    directions: list[tuple[Any, list[str]]]  # (direction, recognised intervention titles)

    @property
    def percentage(self) -> int:
        return round(100 * self.recognised / self.total) if self.total else 0


def agreed_evidence(directions: list[Any]) -> AgreedEvidence:
    """For directions carrying `counts["total"]` agreements: the share under a direction that
    has at least one recognised intervention (one query)."""
    ids = [d.pk for d in directions]
    recognised: dict[int, list[str]] = {}
    rows = (
        m.Intervention.solution_directions.through.objects.filter(
            solutiondirection_id__in=ids,
            intervention__evidence_profile__level__in=RECOGNISED,
        )
        .values_list("solutiondirection_id", "intervention__title")
        .order_by("intervention__title")
    )
    for direction_id, title in rows:
        recognised.setdefault(direction_id, []).append(title)
    total = sum(d.counts["total"] for d in directions)
    on_recognised = sum(d.counts["total"] for d in directions if d.pk in recognised)
    return AgreedEvidence(
        total, on_recognised, [(d, recognised[d.pk]) for d in directions if d.pk in recognised]
    )


def statements_to_review() -> QuerySet[EvidenceStatement]:
    """Statements the import proposed, in document order, with what the review page shows."""
    return (
        EvidenceStatement.objects.filter(status=EvidenceStatement.Status.PROPOSED)
        .select_related("source_document", "intervention", "solution_direction")
        .order_by("source_document__title", F("source_line").asc(nulls_last=True), "id")
    )


def statement_for_review(pk: int) -> EvidenceStatement:
    """One statement as a row of the review page (whatever its status), or 404."""
    return get_object_or_404(
        EvidenceStatement.objects.select_related(
            "source_document", "intervention", "solution_direction"
        ),
        pk=pk,
    )


@dataclass
class MoveChoices:
    """Where a statement can move to: the values `services.move_target` reads."""

    interventions: list[tuple[str, str]]
    directions: list[tuple[str, str]]


def move_choices() -> MoveChoices:
    """Every intervention and solution direction, in two queries, for the move menus."""
    interventions = [
        (f"{INTERVENTION_PREFIX}{pk}", title)
        for pk, title in m.Intervention.objects.order_by("title", "pk").values_list("pk", "title")
    ]
    directions = [
        (f"{DIRECTION_PREFIX}{d.pk}", f"{d} ({d.theme.title})")
        for d in m.SolutionDirection.objects.select_related("theme")
        .only("pk", "number", "title", "theme__title")
        .order_by("theme__title", "number", "title", "pk")
    ]
    return MoveChoices(interventions, directions)
