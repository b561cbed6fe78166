from django.urls import path

from . import views

# Included by kennisbank/urls.py under landelijke-themas/, in the kennisbank namespace.
urlpatterns = [
    path("", views.overview, name="national_themes"),
    path("nieuw/", views.create, name="national_theme_create"),
    path("opnieuw-voorstellen/", views.resuggest, name="national_themes_resuggest"),
    path("<int:pk>/bewerken/", views.update, name="national_theme_update"),
    path("<int:pk>/samenvoegen/", views.merge, name="national_theme_merge"),
    path("thema/<int:pk>/", views.decide, name="national_theme_decide"),
]
