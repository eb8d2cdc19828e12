from django.urls import path

from events import feeds, selection, views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("selection.ics", feeds.selection_feed, name="selection-ics"),
    path("ma-selection/", selection.selection, name="selection"),
    path("partenaires/", views.partner_list, name="partners"),
    path("partenaires/<slug:slug>/", views.partner_detail, name="partner"),
    path("editions/", views.edition_list, name="editions"),
    path("proposer/", views.propose, name="propose"),
    path("proposer/envoyee/<str:token>/", views.proposal_sent, name="proposal-sent"),
    path("proposer/suivi/<str:token>/", views.proposal_follow, name="proposal-follow"),
    path("programme/", views.programme_current, name="programme-current"),
    path("<slug:edition>/", views.edition_detail, name="edition"),
    path("<slug:edition>/programme/", views.programme, name="programme"),
    path("<slug:edition>/programme.ics", feeds.programme_feed, name="programme-ics"),
    path("<slug:edition>/evenements/<slug:slug>.ics", feeds.event_feed, name="event-ics"),
    path("<slug:edition>/evenements/<slug:slug>/", views.event_detail, name="event"),
]
