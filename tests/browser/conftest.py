"""Browser tests: Debian's Chromium driven by Playwright, with an axe-core check per page.

`playwright install` cannot download browsers here, so the Chromium from Debian's
package is launched through its executable path.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("KANSENWERK_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright_loop():
    """Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
    to run inside a running loop unless told that this is a test-only situation."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium ontbreekt ({CHROMIUM}); installeer het Debian-pakket 'chromium'.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "viewport": {"width": 1280, "height": 900}}


# Rules axe reports at these impacts fail the test.
FAILING_IMPACTS = {"serious", "critical"}


def assert_accessible(page) -> None:
    """Run axe-core on the current page; fail on serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in FAILING_IMPACTS]
    if bad:
        lines = []
        for violation in bad:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}"
            )
        pytest.fail(f"axe-overtredingen op {page.url}:\n" + "\n".join(lines))


@pytest.fixture
def login(live_server, client, context):
    """Sign a user in for the browser by copying a Django test-client session cookie."""

    def _login(user):
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])

    return _login


@pytest.fixture
def visit(page, live_server):
    """Open a path on the live server, check it answered below 400 and is accessible."""

    def _visit(path: str, *, check_axe: bool = True, status_below: int = 400):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status < status_below, (
            f"{path} gaf status {response.status if response else 'geen'}"
        )
        if check_axe:
            assert_accessible(page)
        return response

    return _visit
