from django.db import models
from django.utils.translation import gettext_lazy as _

from quinzaine.querysets import FrenchColumnsQuerySet


class Vocabulary(models.Model):
    """A word of the programme's vocabulary that sessions are filtered by, in display order."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = FrenchColumnsQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Category(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")


class Theme(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
