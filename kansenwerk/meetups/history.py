"""History pages for meetups and registrations (see kansenwerk.core.history)."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from kansenwerk.core.history import Subject, register
from kansenwerk.core.types import AnyUser

from .models import Meetup, Registration
from .selectors import meetup_for_user, registration_for_user


@register("meetups.meetup")
def meetup_subject(user: AnyUser, pk: str) -> Subject:
    slug = Meetup.objects.filter(pk=pk).values_list("slug", flat=True).first()
    if slug is None:
        raise Http404
    meetup = meetup_for_user(user=user, slug=slug)
    return Subject(meetup, reverse("meetups:manage_meetup", kwargs={"slug": meetup.slug}))


@register("meetups.registration")
def registration_subject(user: AnyUser, pk: str) -> Subject:
    slug = Registration.objects.filter(pk=pk).values_list("meetup__slug", flat=True).first()
    if slug is None:
        raise Http404
    meetup = meetup_for_user(user=user, slug=slug)
    registration = registration_for_user(user=user, meetup=meetup, registration_id=int(pk))
    return Subject(registration, reverse("meetups:registrations", kwargs={"slug": meetup.slug}))
