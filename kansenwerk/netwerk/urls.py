from django.urls import path

from . import views, views_verification

app_name = "netwerk"

urlpatterns = [
    path("", views.index, name="index"),
    path("organisatie/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organisatie/<int:pk>/bewerken/", views.organization_update, name="organization_update"),
    path(
        "organisatie/<int:pk>/verwijderen/", views.organization_delete, name="organization_delete"
    ),
    path("organisatie/<int:pk>/aanbod/nieuw/", views.service_create, name="service_create"),
    path("organisatie/<int:pk>/locatie/nieuw/", views.location_create, name="location_create"),
    path("organisatie/<int:pk>/contactpersoon/nieuw/", views.contact_create, name="contact_create"),
    path("aanbod/<int:pk>/bewerken/", views.service_update, name="service_update"),
    path("aanbod/<int:pk>/verwijderen/", views.service_delete, name="service_delete"),
    path("contactpersoon/<int:pk>/verwijderen/", views.contact_remove, name="contact_remove"),
    path("samenvoegen/<int:first>/<int:second>/", views.merge, name="merge"),
    path("controle/<str:token>/", views_verification.verify, name="verify"),
    path("<slug:region_slug>/", views.region_page, name="region"),
    path(
        "<slug:region_slug>/controle/",
        views_verification.verification_overview,
        name="verification",
    ),
    path("<slug:region_slug>/aanmelden/", views_verification.propose, name="propose"),
    path(
        "<slug:region_slug>/aanmeldingen/<int:pk>/",
        views_verification.proposal_decide,
        name="proposal_decide",
    ),
    path(
        "<slug:region_slug>/organisatie/nieuw/",
        views.organization_create,
        name="organization_create",
    ),
    path("<slug:region_slug>/dubbelingen/", views.duplicates, name="duplicates"),
]
