from django.urls import path

from . import views

# Included by kennisbank/urls.py under bewijs/, in the kennisbank namespace.
urlpatterns = [
    path("vergelijken/", views.compare, name="evidence_compare"),
    path("uitspraken/", views.review, name="evidence_review"),
    path("uitspraken/<int:pk>/", views.review_decide, name="evidence_decide"),
    path("uitspraken/<int:pk>/verplaatsen/", views.review_move, name="evidence_move"),
    path("<slug:slug>/beoordelen/", views.profile_edit, name="evidence_edit"),
    path("<slug:slug>/niveau-verwijderen/", views.profile_clear, name="evidence_clear"),
]
