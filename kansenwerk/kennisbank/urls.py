from django.urls import include, path

from . import views, views_import

app_name = "kennisbank"

urlpatterns = [
    path("", views.index, name="index"),
    path("importeren/", views_import.import_upload, name="import"),
    path("importeren/<int:pk>/", views_import.import_job, name="import_job"),
    path("controleren/", views.review_list, name="review"),
    path("controleren/<int:pk>/gecontroleerd/", views.review_clear, name="review_clear"),
    path("bewijs/", include("kansenwerk.kennisbank.evidence.urls")),
    path("landelijke-themas/", include("kansenwerk.kennisbank.national.urls")),
    path("<str:kind>/", views.record_list, name="list"),
    path("<str:kind>/nieuw/", views.record_create, name="create"),
    path("<str:kind>/<str:lookup>/", views.record_detail, name="detail"),
    path("<str:kind>/<str:lookup>/bewerken/", views.record_update, name="update"),
    path("<str:kind>/<str:lookup>/verwijderen/", views.record_delete, name="delete"),
    path("<str:kind>/<str:lookup>/geschiedenis/", views.record_history, name="history"),
]
