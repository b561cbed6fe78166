from django.urls import path

from kansenwerk.afspraken import views

app_name = "afspraken"

urlpatterns = [
    path("", views.index, name="index"),
    path("a/<str:token>/", views.owner, name="owner"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/link/", views.link, name="link"),
    path("t/<str:token>/", views.table_link, name="table_link"),
    path("t/<str:token>/signaal/", views.table_link_signal, name="table_link_signal"),
    path("t/<str:token>/suggesties/", views.table_link_suggestions, name="table_link_suggestions"),
    path("meetup/<slug:slug>/tafel/", views.table, name="table"),
    path("meetup/<slug:slug>/tafel/afspraak/", views.table_agreement, name="table_agreement"),
    path("meetup/<slug:slug>/tafel/signaal/", views.table_signal, name="table_signal"),
    path("meetup/<slug:slug>/tafel/suggesties/", views.owner_suggestions, name="owner_suggestions"),
    path("meetup/<slug:slug>/verslag/", views.meetup_report, name="report"),
    path("meetup/<slug:slug>/verslag.pdf", views.meetup_report_pdf, name="report_pdf"),
    path("meetup/<slug:slug>/verslag/delen/", views.report_publish, name="report_publish"),
    path("verslag/<str:token>/", views.public_report, name="public_report"),
    path("verslag/<str:token>/verslag.pdf", views.public_report_pdf, name="public_report_pdf"),
    path("meetup/<slug:slug>/afspraken.csv", views.agreements_csv, name="agreements_csv"),
    path("meetup/<slug:slug>/deadlines.ics", views.deadlines_ics, name="deadlines_ics"),
]
