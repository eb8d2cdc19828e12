"""The API's addresses, under /api/v1/ (quinzaine/urls.py), and its OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from events.api import views

app_name = "api"

urlpatterns = [
    path("", views.APIRoot.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("editions/", views.EditionList.as_view(), name="editions"),
    path("editions/<slug:slug>/", views.EditionDetail.as_view(), name="edition"),
    path("sessions/", views.SessionList.as_view(), name="sessions"),
    path("events/", views.EventList.as_view(), name="events"),
    path("events/<int:pk>/", views.EventDetail.as_view(), name="event"),
    path("venues/", views.VenueList.as_view(), name="venues"),
    path("venues/<slug:slug>/", views.VenueDetail.as_view(), name="venue"),
    path("partners/", views.PartnerList.as_view(), name="partners"),
    path("partners/<slug:slug>/", views.PartnerDetail.as_view(), name="partner"),
    path("categories/", views.CategoryList.as_view(), name="categories"),
    path("themes/", views.ThemeList.as_view(), name="themes"),
    path("schema-org/events/", views.SchemaOrgEvents.as_view(), name="schema-org-events"),
]
