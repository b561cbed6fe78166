from django.urls import path

from . import door_views, views

app_name = "tafels"

urlpatterns = [
    path("", views.index, name="index"),
    path("meetup/<slug:slug>/", views.meetup, name="meetup"),
    path("meetup/<slug:slug>/nieuw/", views.plan_create, name="plan_create"),
    path("meetup/<slug:slug>/regels/", views.rule_create, name="rule_create"),
    path("regel/<int:rule_id>/verwijderen/", views.rule_delete, name="rule_delete"),
    path("indeling/<int:plan_id>/", views.plan_detail, name="plan"),
    path("indeling/<int:plan_id>/voortgang/", views.plan_status, name="plan_status"),
    path("indeling/<int:plan_id>/verplaatsen/", views.seat_move, name="seat_move"),
    path("indeling/<int:plan_id>/herindelen/", views.plan_rebalance, name="rebalance"),
    path("indeling/<int:plan_id>/status/", views.plan_status_set, name="plan_status_set"),
    path("indeling/<int:plan_id>/verwijderen/", views.plan_delete, name="plan_delete"),
    path("indeling/<int:plan_id>/tafelkaarten.pdf", views.plan_cards, name="cards_pdf"),
    path("indeling/<int:plan_id>/overzicht.pdf", views.plan_overview, name="overview_pdf"),
    path("indeling/<int:plan_id>/deurlijst/", door_views.door_list, name="door"),
    path("indeling/<int:plan_id>/deurlijst.pdf", door_views.door_list_file, name="door_pdf"),
    path("indeling/<int:plan_id>/tafelhosts/", door_views.host_links, name="host_links"),
]
