"""Keep the French translation columns as the original ones are: text, never NULL.

django-modeltranslation makes every translation column nullable: an event saved without a
summary would have NULL in summary_fr, the column pages read, and "" in summary, the one
queries read (quinzaine.querysets). Both hold the same French text.
"""

from django.db.models.signals import pre_save
from modeltranslation.translator import translator


def _fill_french(sender, instance, **kwargs):
    for name in translator.get_options_for_model(sender).fields:
        french = f"{name}_fr"
        if getattr(instance, french) is None and not sender._meta.get_field(name).null:
            setattr(instance, french, "")


def keep_french_text(*models):
    """Save the French columns of these translated models as "" rather than NULL."""
    for model in models:
        pre_save.connect(
            _fill_french, sender=model, dispatch_uid=f"french-text-{model._meta.label}"
        )
