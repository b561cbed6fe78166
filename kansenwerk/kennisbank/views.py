"""Kennisbank pages: overview, lists with filters, detail pages, and editing for those with rights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kansenwerk.core.models import Region
from kansenwerk.core.permissions import (
    Action,
    Capability,
    can_write,
    region_id_of,
    writable_region_ids,
)

from . import selectors, services
from .evidence.selectors import filter_choices as evidence_filter_choices
from .forms import form_for_kind
from .models import Intervention
from .registry import KINDS

PAGE_SIZE = 25
FILTER_KEYS = (
    "thema",
    "soort",
    "regio",
    "document",
    "niveau",
    "onderwijstype",
    "leeftijd",
    "kosten",
    "sorteer",
)


def index(request):
    return render(
        request,
        "kennisbank/index.html",
        {
            "counts": selectors.kennisbank_counts(),
            "themes": selectors.theme_choices(),
            "can_import": request.user.is_authenticated
            and writable_region_ids(request.user, capability=Capability.KENNISBANK) != frozenset(),
        },
    )


def record_list(request, kind):
    kind = selectors.kind_by_key(kind)
    filters = {k: request.GET.get(k, "") for k in FILTER_KEYS}
    try:
        qs = selectors.record_list(kind=kind, filters=filters)
    except ValidationError as exc:  # an evidence filter outside its list
        return render(
            request,
            "kennisbank/evidence/bad_filter.html",
            {"kind": kind, "error": exc.messages[0]},
            status=400,
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    type_choices = kind.model._meta.get_field(kind.type_field).choices if kind.type_field else []
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "kennisbank/list.html",
        {
            "kind": kind,
            "kinds": KINDS,
            "page": page,
            "filters": filters,
            "themes": selectors.theme_choices() if kind.theme_path else [],
            "regions": selectors.region_choices(),
            "type_choices": type_choices,
            "evidence_filters": evidence_filter_choices() if kind.model is Intervention else None,
            "querystring": query.urlencode(),
            "can_create": request.user.is_authenticated
            and writable_region_ids(request.user, capability=Capability.KENNISBANK) != frozenset(),
        },
    )


def record_detail(request, kind, lookup):
    kind = selectors.kind_by_key(kind)
    obj = selectors.record_get(kind=kind, lookup=lookup)
    region_id = region_id_of(obj)
    return render(
        request,
        "kennisbank/detail.html",
        {
            "kind": kind,
            "object": obj,
            "related": selectors.record_related(obj),
            "can_edit": can_write(
                request.user, capability=Capability.KENNISBANK, region_id=region_id
            ),
            "can_view_history": request.user.is_authenticated and request.user.is_beheerder,
            "review_flags": selectors.open_flags_for_records([(type(obj), obj.pk)])
            if request.user.is_authenticated and request.user.is_beheerder
            else [],
        },
    )


def _limit_regions(form, user):
    allowed = writable_region_ids(user, capability=Capability.KENNISBANK)
    if "region" in form.fields and allowed is not None:
        form.fields["region"].queryset = Region.objects.filter(pk__in=allowed)
        form.fields["region"].required = True
        form.fields["region"].empty_label = None


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request, kind):
    kind = selectors.kind_by_key(kind)
    if writable_region_ids(request.user, capability=Capability.KENNISBANK) == frozenset():
        raise PermissionDenied(_("U hebt geen rechten om de kennisbank te wijzigen."))
    form_class = form_for_kind(kind)
    form = form_class(request.POST or None)
    _limit_regions(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.kennisbank_item_create(
                user=request.user, model=kind.model, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(label)s is opgeslagen.") % {"label": obj})
            return redirect(obj.get_absolute_url())
    return render(request, "kennisbank/form.html", {"kind": kind, "form": form, "object": None})


@login_required
@require_http_methods(["GET", "POST"])
def record_update(request, kind, lookup):
    kind = selectors.kind_by_key(kind)
    obj = selectors.kennisbank_item_for_user(
        user=request.user, kind=kind, lookup=lookup, action=Action.UPDATE
    )
    form_class = form_for_kind(kind)
    form = form_class(request.POST or None, instance=obj)
    _limit_regions(form, request.user)
    if request.method == "POST" and form.is_valid():
        # Re-read so the service sees the stored region, not the form's new one.
        current = selectors.record_get(kind=kind, lookup=lookup)
        try:
            obj = services.kennisbank_item_update(
                user=request.user, instance=current, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(obj.get_absolute_url())
    return render(request, "kennisbank/form.html", {"kind": kind, "form": form, "object": obj})


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request, kind, lookup):
    kind = selectors.kind_by_key(kind)
    obj = selectors.kennisbank_item_for_user(
        user=request.user, kind=kind, lookup=lookup, action=Action.DELETE
    )
    if request.method == "POST":
        label = str(obj)
        services.kennisbank_item_delete(user=request.user, instance=obj)
        messages.success(request, _("%(label)s is verwijderd.") % {"label": label})
        return redirect(reverse("kennisbank:list", kwargs={"kind": kind.key}))
    return render(request, "kennisbank/confirm_delete.html", {"kind": kind, "object": obj})


@login_required
def record_history(request, kind, lookup):
    if not request.user.is_beheerder:
        raise PermissionDenied(_("Alleen beheerders kunnen de geschiedenis bekijken."))
    kind = selectors.kind_by_key(kind)
    obj = selectors.record_get(kind=kind, lookup=lookup)
    page = Paginator(obj.audit_history(), 50).get_page(request.GET.get("pagina"))
    return render(request, "kennisbank/history.html", {"kind": kind, "object": obj, "page": page})


@login_required
def review_list(request):
    """The records the importer flagged "controleren", for a beheerder to check and clear."""
    flags = selectors.review_flags_for_user(user=request.user)
    return render(request, "kennisbank/review.html", {"flags": flags})


@login_required
@require_POST
def review_clear(request, pk):
    flag = selectors.review_flag_for_user(user=request.user, flag_id=pk)
    try:
        services.review_flag_clear(user=request.user, flag=flag)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("De melding '%(message)s' is gecontroleerd.") % {"message": flag.message}
        )
    return redirect("kennisbank:review")
