from django.urls import path

from kansenwerk.regio import views

app_name = "regio"

urlpatterns = [
    path("", views.index, name="index"),
    path("landelijk/", views.national, name="national"),
    path("landelijk/signalen/samenvoegen/", views.signal_groups_merge, name="signal_groups_merge"),
    path("landelijk/signalen/<int:pk>/", views.signal_group, name="signal_group"),
    path(
        "landelijk/signalen/<int:pk>/splitsen/", views.signal_group_split, name="signal_group_split"
    ),
    path(
        "landelijk/signalen/<int:pk>/naam/", views.signal_group_rename, name="signal_group_rename"
    ),
    path("<slug:slug>/", views.region, name="region"),
    path("<slug:slug>/cijfers/", views.indicators_upload, name="indicators_upload"),
]
