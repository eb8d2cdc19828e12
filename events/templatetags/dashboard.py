from django import template

from events.dashboard import dashboard
from events.models import Edition

register = template.Library()


@register.inclusion_tag("admin/events/dashboard.html", takes_context=True)
def edition_dashboard(context):
    """Show the edition being prepared and its to-do list, to those who may see events."""
    user = context["request"].user
    if not user.has_perms(["events.view_event", "events.view_session"]):
        return {}
    edition = Edition.objects.being_prepared()
    return {"dashboard": edition and dashboard(edition)}
