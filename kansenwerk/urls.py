"""Root URL configuration; each app owns its own prefix."""

from django.contrib import admin
from django.urls import include, path

from kansenwerk.api import api
from kansenwerk.core.urls import auth_urlpatterns
from kansenwerk.home import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("kansenwerk.core.urls")),
    *auth_urlpatterns,
    path("kennisbank/", include("kansenwerk.kennisbank.urls")),
    path("zoeken/", include("kansenwerk.search.urls")),
    path("netwerk/", include("kansenwerk.netwerk.urls")),
    path("meetups/", include("kansenwerk.meetups.urls")),
    path("koppelen/", include("kansenwerk.koppelen.urls")),
    path("tafels/", include("kansenwerk.tafels.urls")),
    path("afspraken/", include("kansenwerk.afspraken.urls")),
    path("regio-inzicht/", include("kansenwerk.regio.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "kansenwerk.core.views.error_400"
handler403 = "kansenwerk.core.views.error_403"
handler404 = "kansenwerk.core.views.error_404"
handler500 = "kansenwerk.core.views.error_500"
