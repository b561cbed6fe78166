"""The JSON API under /api/ (django-ninja): one NinjaAPI; each app contributes a router.

django-ninja was chosen over DRF + drf-spectacular because its typed schemas give the
OpenAPI description and validation from one declaration, it is fast, and our writes go
through plain service functions anyway (no serializer layer to share).
An app exposes `router` in `kansenwerk/<app>/api.py`; it is mounted at /api/.
"""

from importlib import import_module

from django.utils.module_loading import module_has_submodule
from ninja import NinjaAPI, Swagger

from kansenwerk.core import api_errors

api = NinjaAPI(
    title="kansenwerk API",
    version="1",
    description="Open API van kansenwerk: kennisbank, netwerk (HSDS 3.0) en meetups.",
    urls_namespace="api",
    # Swagger UI from django-ninja's static files (the app is installed), under our strict
    # CSP; no validator badge, which would load an image from a third party.
    docs=Swagger(settings={"validatorUrl": None}),
)

_APPS = ("kennisbank", "netwerk", "meetups", "tafels", "afspraken", "koppelen", "regio", "search")


def _mount_routers() -> None:
    for app in _APPS:
        app_package = import_module(f"kansenwerk.{app}")
        if module_has_submodule(app_package, "api"):
            module = import_module(f"kansenwerk.{app}.api")
            router = getattr(module, "router", None)
            if router is not None:
                api.add_router("/", router)


_mount_routers()
api_errors.install(api)
