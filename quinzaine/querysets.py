from django.db import models


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
