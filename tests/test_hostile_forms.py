"""Every form of the site, filled in by a hostile visitor, answers without a server error.

Issue 15: "a wrong value gets a Dutch message and a 4xx, never a 500". The API has its own
property-based test (tests/api/test_openapi_fuzz.py); this is the same for the pages. With
the demo content loaded, the test walks the site as a beheerder (who sees every form),
reads each form from the HTML (one page per URL pattern) and sends it back with one field
at a time replaced by a hostile value: an integer no database column holds, a word where
a number belongs, an empty value, a NUL byte, 5,000 characters. The other fields keep the
values the page gave them, so the request reaches the branch of the view that field
steers. GET forms (search, filters) get the same values in their query parameters.

Bounded: one page per URL pattern, one form per (action pattern, submit name), ~5 values
per field; about a minute on SQLite.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

User = get_user_model()
HOSTILE = ["99999999999999999999", "-1", "abc", "", "ou\x00ders", "x" * 5000]
SKIP_PREFIXES = ("/uitloggen", "/static/", "/media/", "/api/", "/admin/", "/beheer-django/")
MAX_PAGES = 400


class _Forms(HTMLParser):
    """Links and forms of one page (stdlib parser: no extra dependency for a test)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": [],
                "submits": [],
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "button") and a.get("name"):
            kind = (a.get("type") or ("submit" if tag == "button" else "text")).lower()
            if kind in ("submit", "image"):
                self._form["submits"].append((a["name"], a.get("value") or ""))
            elif kind in ("checkbox", "radio"):
                self._form["fields"].append(
                    {
                        "name": a["name"],
                        "value": a.get("value") or "on",
                        "on": "checked" in a,
                        "kind": kind,
                    }
                )
            elif kind != "file":
                self._form["fields"].append(
                    {"name": a["name"], "value": a.get("value") or "", "on": True, "kind": kind}
                )
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "value": None, "on": True, "kind": "select"}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            if self._select["value"] is None or "selected" in a:
                self._select["value"] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "value": "", "on": True, "kind": "textarea"}
            self._form["fields"].append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            if self._select is not None and self._select["value"] is None:
                self._select["value"] = ""
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _route(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


def _local(base: str, href: str) -> str | None:
    url, _ = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith((".pdf", ".xlsx", ".ics")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _data(fields: list[dict], submit: tuple[str, str] | None) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for field in fields:
        if field["on"]:
            data.setdefault(field["name"], []).append(field["value"] or "")
    if submit:
        data.setdefault(submit[0], []).append(submit[1])
    return data


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize(
    ("username", "least_pages", "least_forms"), [("beheerder", 60, 40), (None, 15, 4)]
)
def test_every_form_survives_hostile_values(settings, username, least_pages, least_forms):
    """As the beheerder (every form) and as an anonymous visitor (what the public sees)."""
    settings.KANSENWERK_RATE_LIMITS = "off"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("loaddemo", verbosity=0)
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(User.objects.get(username=username))

    seen_routes: set[tuple[str, bool]] = set()
    forms: dict[tuple, tuple[str, dict]] = {}
    queue = deque(["/"])
    failures: list[str] = []
    pages = 0
    while queue and pages < MAX_PAGES:
        path = queue.popleft()
        route = _route(path.split("?")[0])
        if route is None or (route, "?" in path) in seen_routes:
            continue
        seen_routes.add((route, "?" in path))
        response = client.get(path)
        pages += 1
        if response.status_code >= 500:
            failures.append(f"GET {path}: {response.status_code}")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode("utf-8", "replace"))
        for href in parser.links:
            local = _local(path, href)
            if local:
                queue.append(local)
        for form in parser.forms:
            action = _local(path, form["action"]) if form["action"] else path
            if not action:
                continue
            for submit in form["submits"] or [None]:
                # Forms that differ in a hidden steering value (part=remove_reading …)
                # reach different branches of one view; numbers (ids) do not count.
                shape = tuple(
                    sorted(
                        (f["name"], f["value"] if f["kind"] == "hidden" else "")
                        for f in form["fields"]
                        if not (f["value"] or "").isdigit()
                    )
                )
                key = (form["method"], _route(action.split("?")[0]), submit, shape)
                if key[1] is not None and key not in forms:
                    forms[key] = (action, {**form, "submit": submit})
    assert pages >= least_pages, f"only {pages} pages reached: demo loaded, login right?"
    assert len(forms) >= least_forms, f"only {len(forms)} forms found"

    requests = 0
    for (method, *_), (action, form) in forms.items():
        base = _data(form["fields"], form["submit"])
        names = [f["name"] for f in form["fields"]]
        if form["submit"]:
            names.append(form["submit"][0])
        for name in dict.fromkeys(names):
            # A checkbox or a multiple select also gets the hostile value beside its own.
            for value in HOSTILE:
                data = {**base, name: [value]}
                # Each request in a savepoint that is rolled back: every value meets the
                # same demo content, and on PostgreSQL one failed statement does not leave
                # the test's transaction aborted for all the requests after it.
                with transaction.atomic():
                    send = client.post if method == "post" else client.get
                    response = send(action.split("?")[0], data)
                    transaction.set_rollback(True)
                requests += 1
                if response.status_code >= 500:
                    error = response.exc_info[1] if response.exc_info else None
                    failures.append(
                        f"{method.upper()} {action} {name}={value[:30]!r}: "
                        f"{response.status_code} {error!r:.160}"
                    )
    assert requests >= 10 * least_forms
    print(f"{pages} pages, {len(forms)} forms, {requests} hostile requests")
    assert not failures, "\n".join(list(dict.fromkeys(failures))[:60])
