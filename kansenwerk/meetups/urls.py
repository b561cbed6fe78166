from django.urls import path

from .views import manage, public

app_name = "meetups"

urlpatterns = [
    path("", public.index, name="index"),
    path("agenda/<slug:region_slug>/", public.region_agenda, name="region_agenda"),
    path(
        "agenda/<slug:region_slug>/agenda.ics", public.region_agenda_ics, name="region_agenda_ics"
    ),
    path("aanmelding/<str:token>/", public.registration_manage, name="registration_manage"),
    path(
        "aanmelding/<str:token>/afmelden/",
        public.registration_cancel_confirm,
        name="registration_cancel_confirm",
    ),
    path(
        "aanmelding/<str:token>/ander-thema/",
        public.registration_switch_theme,
        name="registration_switch_theme",
    ),
    # Organisers
    path("beheer/", manage.manage_list, name="manage_list"),
    path("beheer/nieuw/", manage.meetup_create, name="create"),
    path("beheer/<slug:slug>/", manage.manage_meetup, name="manage_meetup"),
    path("beheer/<slug:slug>/bewerken/", manage.meetup_edit, name="edit"),
    path("beheer/<slug:slug>/status/", manage.meetup_status, name="status"),
    path("beheer/<slug:slug>/thema/<int:theme_id>/", manage.theme_edit, name="theme_edit"),
    path(
        "beheer/<slug:slug>/oplossingsrichting/<int:direction_id>/",
        manage.direction_edit,
        name="direction_edit",
    ),
    path("beheer/<slug:slug>/aanmeldingen/", manage.registrations, name="registrations"),
    path(
        "beheer/<slug:slug>/aanmeldingen/nieuw/", manage.registration_add, name="registration_add"
    ),
    path(
        "beheer/<slug:slug>/aanmeldingen/<int:registration_id>/",
        manage.registration_edit,
        name="registration_edit",
    ),
    path(
        "beheer/<slug:slug>/aanmeldingen/<int:registration_id>/thema/",
        manage.registration_move,
        name="registration_move",
    ),
    path(
        "beheer/<slug:slug>/aanmeldingen/<int:registration_id>/plaats-geven/",
        manage.registration_promote,
        name="registration_promote",
    ),
    path(
        "beheer/<slug:slug>/aanmeldingen/<int:registration_id>/annuleren/",
        manage.registration_cancel,
        name="registration_cancel",
    ),
    path("beheer/<slug:slug>/aanmeldingen.csv", manage.export_csv, name="export_csv"),
    path("beheer/<slug:slug>/aanmeldingen.xlsx", manage.export_xlsx, name="export_xlsx"),
    path("beheer/<slug:slug>/bericht/", manage.message_all, name="message"),
    path(
        "beheer/<slug:slug>/bericht/<str:result_id>/",
        manage.message_status,
        name="message_status",
    ),
    path("beheer/<slug:slug>/inchecklijst/", manage.checkin_list, name="checkin_list"),
    path("beheer/<slug:slug>/inchecken/", manage.checkin, name="checkin"),
    path(
        "beheer/<slug:slug>/inchecken/<int:registration_id>/",
        manage.checkin_toggle,
        name="checkin_toggle",
    ),
    # Public meetup pages
    path("<slug:slug>/", public.detail, name="detail"),
    path("<slug:slug>/aanmelden/", public.register, name="register"),
    path(
        "<slug:slug>/aanmelden/soort-organisatie/",
        public.organisation_kind_lookup,
        name="organisation_kind",
    ),
    path("<slug:slug>/briefing/", public.briefing, name="briefing"),
    path("<slug:slug>/briefing.pdf", public.briefing_pdf, name="briefing_pdf"),
    path("<slug:slug>/agenda.ics", public.meetup_ics, name="ics"),
]
