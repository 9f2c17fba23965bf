"""OCOP certification rules: stars, the "potential 5 stars" mark, and the 36-month validity."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Stars(models.IntegerChoices):
    THREE = 3, _("3 sao")
    FOUR = 4, _("4 sao")
    FIVE = 5, _("5 sao")


class CertifyingLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Cấp quốc gia")


def certificate_expiry(decision_date: datetime.date) -> datetime.date:
    """A certificate is valid 36 months from the decision; it lapses on that day."""
    return decision_date + relativedelta(months=settings.OCOP_CERTIFICATE_MONTHS)


@dataclass(frozen=True)
class Badge:
    """What a shopper sees of a product's certification."""

    stars: int
    potential_five: bool
    expired: bool
    valid_until: datetime.date | None

    @property
    def label(self) -> str:
        if self.potential_five:
            return str(_("OCOP 4 sao · tiềm năng 5 sao"))
        return str(_("OCOP %(stars)s sao") % {"stars": self.stars})

    @property
    def css_class(self) -> str:
        return "potential" if self.potential_five else f"stars-{self.stars}"


def badge_for(stars, potential_five, decision_date, today=None) -> Badge | None:
    """The badge to show, or None when the product holds no certificate at all."""
    if not stars:
        return None
    valid_until = certificate_expiry(decision_date) if decision_date else None
    today = today or datetime.date.today()
    expired = valid_until is not None and today >= valid_until
    return Badge(int(stars), bool(potential_five) and int(stars) == 4, expired, valid_until)
