from django.urls import path

from events.views import (
    calendar,
    editions,
    embed,
    events,
    partners,
    programme,
    proposals,
    selection,
    venues,
)

app_name = "events"

urlpatterns = [
    path("", editions.home, name="home"),
    path("selection.ics", calendar.selection_feed, name="selection-ics"),
    path("ma-selection/", selection.selection, name="selection"),
    path("partenaires/", partners.partner_list, name="partners"),
    path("partenaires/<slug:slug>/", partners.partner_detail, name="partner"),
    path("editions/", editions.edition_list, name="editions"),
    path("proposer/", proposals.propose, name="propose"),
    path("proposer/envoyee/<str:token>/", proposals.proposal_sent, name="proposal-sent"),
    path("proposer/suivi/<str:token>/", proposals.proposal_follow, name="proposal-follow"),
    path("programme/", programme.programme_current, name="programme-current"),
    path("donnees-ouvertes/", embed.open_data, name="open-data"),
    path("integrer/", embed.embed_generator, name="embed-generator"),
    path("integrer/programme/", embed.embed_programme, name="embed-programme"),
    path("integrer/integrer.js", embed.embed_script, name="embed-script"),
    path("<slug:edition>/", editions.edition_detail, name="edition"),
    path("<slug:edition>/programme/", programme.programme, name="programme"),
    path("<slug:edition>/programme.ics", calendar.programme_feed, name="programme-ics"),
    path("<slug:edition>/evenements/<slug:slug>.ics", calendar.event_feed, name="event-ics"),
    path("<slug:edition>/evenements/<slug:slug>/", events.event_detail, name="event"),
]

# The venues' pages and feed show their sessions, so they are served from here, under the
# "venues" namespace of the Venue model's own app (quinzaine/urls.py includes them so).
venue_urlpatterns = [
    path("lieux/", venues.venue_list, name="list"),
    path("lieux/<slug:slug>.ics", calendar.venue_feed, name="ics"),
    path("lieux/<slug:slug>/", venues.venue_detail, name="detail"),
]
