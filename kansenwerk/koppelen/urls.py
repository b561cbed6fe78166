from django.urls import path

from . import views, views_public

app_name = "koppelen"

urlpatterns = [
    path("", views.index, name="index"),
    path("open/<int:programme_id>/", views_public.programme_public, name="programme_public"),
    path(
        "open/<int:programme_id>/aanmelden/<str:side>/",
        views_public.intake_form,
        name="intake_form",
    ),
    path("open/<int:programme_id>/bedankt/", views_public.intake_thanks, name="intake_thanks"),
    path("mijn-aanmelding/<str:token>/", views_public.intake_manage, name="intake_manage"),
    path(
        "mijn-aanmelding/<str:token>/intrekken/",
        views_public.intake_withdraw,
        name="intake_withdraw",
    ),
    path(
        "programma/<int:programme_id>/deelnemer/<int:participant_id>/stappen/",
        views.participant_screening,
        name="participant_screening",
    ),
    path("programma/nieuw/", views.programme_create, name="programme_create"),
    path("programma/<int:programme_id>/", views.programme_detail, name="programme_detail"),
    path("programma/<int:programme_id>/bewerken/", views.programme_update, name="programme_update"),
    path("programma/<int:programme_id>/regels/", views.programme_rules, name="programme_rules"),
    path("programma/<int:programme_id>/import/", views.cohort_import, name="cohort_import"),
    path(
        "programma/<int:programme_id>/aanmelden/<str:side>/",
        views.participant_create,
        name="participant_create",
    ),
    path(
        "programma/<int:programme_id>/deelnemer/<int:participant_id>/",
        views.participant_detail,
        name="participant_detail",
    ),
    path(
        "programma/<int:programme_id>/deelnemer/<int:participant_id>/bewerken/",
        views.participant_update,
        name="participant_update",
    ),
    path(
        "programma/<int:programme_id>/deelnemer/<int:participant_id>/vog/",
        views.participant_vog,
        name="participant_vog",
    ),
    path(
        "programma/<int:programme_id>/deelnemer/<int:participant_id>/voorkeuren/",
        views.participant_ranking,
        name="participant_ranking",
    ),
    path(
        "programma/<int:programme_id>/deelnemer/<int:participant_id>/verwijderen/",
        views.participant_delete,
        name="participant_delete",
    ),
    path("programma/<int:programme_id>/koppelen/", views.matching, name="matching"),
    path(
        "programma/<int:programme_id>/koppeling/<int:match_id>/<str:action>/",
        views.match_action,
        name="match_action",
    ),
    path(
        "programma/<int:programme_id>/koppeling/<int:match_id>/",
        views.match_detail,
        name="match_detail",
    ),
]
