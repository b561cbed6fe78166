"""Netwerk pages: choose a region, "wie kan ik benaderen voor …?", organisation detail,
and editing for those with rights (all writes through services.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kansenwerk.core.permissions import Action, Capability, can_write, writable_region_ids

from . import selectors, services
from . import services_verification as verification
from .forms import ContactPersonForm, LocationForm, MergeForm, OrganizationForm, ServiceForm
from .models import Organization

PAGE_SIZE = 20


def index(request):
    return render(request, "netwerk/index.html", {"regions": selectors.region_list()})


def region_page(request, region_slug):
    region = selectors.region_get(slug=region_slug)
    municipality = selectors.municipality_in_region(
        region=region, slug=request.GET.get("gemeente", "")
    )
    filters = selectors.ServiceFilters.from_query(request.GET)
    results = selectors.service_search(region=region, municipality=municipality, filters=filters)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    gaps = list(selectors.direction_gaps(region=region, municipality=municipality))
    return render(
        request,
        "netwerk/region.html",
        {
            "region": region,
            "municipality": municipality,
            "municipalities": list(region.municipalities.all()),
            "filters": filters,
            "has_filters": any(
                (filters.theme, filters.target_group, filters.age is not None, filters.kind)
            )
            or bool(filters.q),
            "choices": selectors.filter_choices(),
            "page": page,
            "querystring": query.urlencode(),
            "gaps": gaps,
            "can_edit": can_write(request.user, capability=Capability.NETWERK, region_id=region.pk),
        },
    )


def organization_detail(request, pk):
    organization = selectors.organization_get(pk=pk)
    can_edit = can_write(
        request.user, capability=Capability.NETWERK, region_id=organization.region_id
    )
    if not can_edit and verification.is_hidden(organization):
        raise Http404(
            _(
                "Deze organisatie staat niet meer op de openbare kaart: haar gegevens zijn te "
                "lang niet gecontroleerd."
            )
        )
    return render(
        request,
        "netwerk/organization_detail.html",
        {
            "organization": organization,
            "directions": selectors.organization_directions(organization=organization),
            "contacts": selectors.organization_contacts(
                user=request.user, organization=organization
            ),
            "can_see_contacts": selectors.can_see_contacts(
                user=request.user, organization=organization
            ),
            "can_edit": can_edit,
        },
    )


def _form_page(request, *, form, title, cancel_url, intro=""):
    return render(
        request,
        "netwerk/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "intro": intro},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request, region_slug):
    region = selectors.region_get(slug=region_slug)
    allowed = writable_region_ids(request.user, capability=Capability.NETWERK)
    if not can_write(
        request.user, capability=Capability.NETWERK, region_id=region.pk, action=Action.CREATE
    ):
        raise PermissionDenied(
            _("U hebt geen rechten om organisaties toe te voegen in deze regio.")
        )
    form = OrganizationForm(
        request.POST or None, initial={"region": region}, allowed_region_ids=allowed
    )
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is toegevoegd.") % {"name": organization})
            return redirect(organization.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title=_("Organisatie toevoegen in %(region)s") % {"region": region},
        cancel_url=region_url(region),
    )


def region_url(region) -> str:
    return reverse("netwerk:region", kwargs={"region_slug": region.slug})


@login_required
@require_http_methods(["GET", "POST"])
def organization_update(request, pk):
    organization = selectors.organization_for_user(user=request.user, pk=pk)
    allowed = writable_region_ids(request.user, capability=Capability.NETWERK)
    form = OrganizationForm(request.POST or None, instance=organization, allowed_region_ids=allowed)
    if request.method == "POST" and form.is_valid():
        current = selectors.organization_get(pk=pk)
        try:
            services.organization_update(
                user=request.user, organization=current, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(current.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title=_("%(name)s bewerken") % {"name": organization},
        cancel_url=organization.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_delete(request, pk):
    organization = selectors.organization_for_user(user=request.user, pk=pk, action=Action.DELETE)
    if request.method == "POST":
        region = organization.region
        name = str(organization)
        services.organization_delete(user=request.user, organization=organization)
        messages.success(request, _("%(name)s is verwijderd.") % {"name": name})
        return redirect(region_url(region))
    return render(
        request,
        "netwerk/confirm_delete.html",
        {
            "object": organization,
            "cancel_url": organization.get_absolute_url(),
            "consequence": _("Het aanbod, de locaties en de contactpersonen gaan ook weg."),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request, pk):
    organization = selectors.organization_for_user(user=request.user, pk=pk, action=Action.CREATE)
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_create(
                user=request.user, organization=organization, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het aanbod is toegevoegd."))
            return redirect(organization.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title=_("Aanbod toevoegen bij %(name)s") % {"name": organization},
        cancel_url=organization.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_update(request, pk):
    service = selectors.service_for_user(user=request.user, pk=pk)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(user=request.user, service=service, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(service.organization.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title=_("%(name)s bewerken") % {"name": service},
        cancel_url=service.organization.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_delete(request, pk):
    service = selectors.service_for_user(user=request.user, pk=pk, action=Action.DELETE)
    if request.method == "POST":
        organization = service.organization
        services.service_delete(user=request.user, service=service)
        messages.success(request, _("Het aanbod is verwijderd."))
        return redirect(organization.get_absolute_url())
    return render(
        request,
        "netwerk/confirm_delete.html",
        {"object": service, "cancel_url": service.organization.get_absolute_url()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def location_create(request, pk):
    organization = selectors.organization_for_user(user=request.user, pk=pk, action=Action.CREATE)
    form = LocationForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_create(
                user=request.user, organization=organization, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De locatie is toegevoegd."))
            return redirect(organization.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title=_("Locatie toevoegen bij %(name)s") % {"name": organization},
        cancel_url=organization.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request, pk):
    organization = selectors.organization_for_user(user=request.user, pk=pk, action=Action.CREATE)
    form = ContactPersonForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_person_create(
                user=request.user, organization=organization, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De contactpersoon is toegevoegd."))
            return redirect(organization.get_absolute_url())
    return _form_page(
        request,
        form=form,
        title=_("Contactpersoon toevoegen bij %(name)s") % {"name": organization},
        cancel_url=organization.get_absolute_url(),
        intro=_(
            "Dit zijn persoonsgegevens. Alleen ingelogde gebruikers uit deze regio zien ze. "
            "Vraag de persoon om toestemming; op verzoek verwijdert u de gegevens weer."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_remove(request, pk):
    contact = selectors.contact_for_user(user=request.user, pk=pk)
    organization = contact.organization
    if request.method == "POST":
        services.contact_person_remove(user=request.user, contact=contact)
        messages.success(request, _("De contactpersoon en zijn of haar gegevens zijn verwijderd."))
        return redirect(organization.get_absolute_url())
    return render(
        request,
        "netwerk/confirm_delete.html",
        {
            "object": contact.name,
            "cancel_url": organization.get_absolute_url(),
            "consequence": _(
                "Naam, functie, e-mailadres en telefoonnummer worden gewist. In de "
                "wijzigingsgeschiedenis blijft alleen staan dat er een contactpersoon is "
                "verwijderd, zonder deze gegevens."
            ),
        },
    )


@login_required
def duplicates(request, region_slug):
    region = selectors.region_get(slug=region_slug)
    if not can_write(request.user, capability=Capability.NETWERK, region_id=region.pk):
        raise PermissionDenied(
            _("U hebt geen rechten om organisaties in deze regio samen te voegen.")
        )
    return render(
        request,
        "netwerk/duplicates.html",
        {
            "region": region,
            "suggestions": selectors.merge_suggestions(region_ids=frozenset({region.pk})),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge(request, first, second):
    organizations = [
        selectors.organization_for_user(user=request.user, pk=first),
        selectors.organization_for_user(user=request.user, pk=second),
    ]
    form = MergeForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        surviving: Organization = form.cleaned_data["surviving"]
        duplicate = next(o for o in organizations if o.pk != surviving.pk)
        try:
            services.organization_merge(user=request.user, surviving=surviving, duplicate=duplicate)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(duplicate)s is samengevoegd met %(surviving)s.")
                % {"duplicate": duplicate.name, "surviving": surviving.name},
            )
            return redirect(surviving.get_absolute_url())
    return render(request, "netwerk/merge.html", {"form": form, "organizations": organizations})
