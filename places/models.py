"""Vietnam's administrative units since 1 July 2025: 34 provinces and cities, about 3,321 communes and
wards, no district level. Kept as data (synced from the `vietnam-provinces` package by `sync_places`)
so that the next reform is a data update, not a code change."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Province(models.Model):
    code = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    short_name = models.CharField(_("tên ngắn"), max_length=100, help_text=_("Không có 'Tỉnh', 'Thành phố'"))
    codename = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = pgettext_lazy("plural", "tỉnh/thành phố")

    def __str__(self):
        return self.name


class Commune(models.Model):
    code = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    division_type = models.CharField(_("loại"), max_length=30)
    codename = models.CharField(max_length=100)
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="communes")

    class Meta:
        ordering = ["name"]
        verbose_name = _("xã/phường")
        verbose_name_plural = pgettext_lazy("plural", "xã/phường")
        indexes = [models.Index(fields=["province", "name"])]

    def __str__(self):
        return self.name
