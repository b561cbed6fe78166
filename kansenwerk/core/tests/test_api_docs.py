"""/api/docs serves Swagger UI from our own static files, under the site's strict CSP."""

import re

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_api_docs_use_local_assets_and_keep_the_csp(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    for url in assets:
        assert url.startswith("/"), f"extern geladen: {url}"
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert f"/static/{name}" in html
        assert finders.find(name), name
    assert "<script>" not in html  # no inline script: the settings travel as JSON data
    assert '"validatorUrl": null' in html
