from django.contrib.auth import views as auth_views
from django.urls import path

from . import history, views, views_privacy

app_name = "core"

urlpatterns = [
    path("regios/", views.region_list, name="region_list"),
    path("regios/<slug:slug>/", views.region_detail, name="region_detail"),
    path("privacy/", views_privacy.privacy_statement, name="privacy"),
    path("geschiedenis/<str:label>/<str:pk>/", history.history, name="history"),
    path(
        "beheer/verwerkingsregister/",
        views_privacy.processing_register,
        name="processing_register",
    ),
    path("beheer/privacy/", views_privacy.subject_request, name="privacy_subject"),
]

auth_urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(template_name="core/login.html"),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
]
