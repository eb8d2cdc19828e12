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
