from django.urls import path

from events import feeds
from venues import views

app_name = "venues"

urlpatterns = [
    path("lieux/", views.venue_list, name="list"),
    path("lieux/<slug:slug>.ics", feeds.venue_feed, name="ics"),
    path("lieux/<slug:slug>/", views.venue_detail, name="detail"),
]
