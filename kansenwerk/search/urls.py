from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path("suggesties/", views.suggest, name="suggestions"),
    path("naar/<int:entry_id>/", views.result_click, name="click"),
    path("inzicht/", views.insights, name="insights"),
]
