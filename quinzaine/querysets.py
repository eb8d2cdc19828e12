from django.db import models
from django.dispatch import Signal


class FrenchColumnsQuerySet(models.QuerySet):
    """Filter and order on the original columns, which hold the French text, in any language.

    django-modeltranslation would read title=… or order_by("title") as title_en on an
    English page: untranslated rows (NULL there) would escape filters and lose their order.
    Reading an object's field still gives the active language's text, French if empty.
    """

    def _post_init(self):
        # Called by modeltranslation's MultilingualQuerySet, mixed in after this class.
        self._rewrite = False
        self._populate = None

    def update(self, **kwargs):
        # The French text is in two columns, title and title_fr (the one pages read): an
        # update(title=…) writes both.
        for name in list(kwargs):
            french = f"{name}_fr"
            if any(field.name == french for field in self.model._meta.concrete_fields):
                kwargs.setdefault(french, kwargs[name])
        return super().update(**kwargs)


# Sent by AnnouncedUpdateQuerySet.update() before it writes, with the queryset and the values;
# a receiver may return a function, called once the update is done.
pre_update = Signal()


class AnnouncedUpdateQuerySet(models.QuerySet):
    """A QuerySet whose update() is announced, as save() is by pre_save and post_save.

    update() writes rows without save() or its signals: what must follow every change of
    some fields (events.calendar_changes) would otherwise miss it.
    """

    def update(self, **kwargs):
        responses = pre_update.send(sender=self.model, queryset=self, values=kwargs)
        count = super().update(**kwargs)
        for _receiver, after in responses:
            if after:
                after()
        return count
