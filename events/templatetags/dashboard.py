from django import template

from events.dashboard import dashboard, editions_of_now
from events.models import Edition

register = template.Library()


@register.inclusion_tag("admin/events/dashboard.html", takes_context=True)
def edition_dashboard(context):
    """Show an edition's to-do list, to those who may see events, and the editions that matter.

    Those are the editions running, in preparation, or whose call for proposals is open,
    each with its proposals to read; ?edition=<id> on the admin's home picks one, by default
    the edition being prepared.
    """
    request = context["request"]
    if not request.user.has_perms(["events.view_event", "events.view_session"]):
        return {}
    editions = editions_of_now()
    chosen = {str(edition.pk): edition for edition in editions}.get(request.GET.get("edition", ""))
    edition = chosen or Edition.objects.being_prepared()
    return {"dashboard": edition and dashboard(edition), "editions": editions}
