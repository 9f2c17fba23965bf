"""OCOP certification rules: stars, the "potential 5 stars" mark, and the 36-month validity."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stars(models.IntegerChoices):
    THREE = 3, _("3 sao")
    FOUR = 4, _("4 sao")
    FIVE = 5, _("5 sao")


class CertifyingLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Cấp quốc gia")


# Decision 490/QĐ-TTg of 07/05/2018 approved the national OCOP programme: no certification decision is older.
PROGRAMME_START = datetime.date(2018, 5, 7)


def certificate_expiry(decision_date: datetime.date) -> datetime.date:
    """A certificate is valid 36 months from the decision; it lapses on that day."""
    return decision_date + relativedelta(months=settings.OCOP_CERTIFICATE_MONTHS)


@dataclass(frozen=True)
class Badge:
    """What a shopper sees of a product's certification.

    `expired` means "not in force" (lapsed or revoked): such a record is shown as such, never as a badge.
    """

    stars: int
    potential_five: bool
    expired: bool
    valid_until: datetime.date | None
    revoked: bool = False
    decision_number: str = ""
    decision_date: datetime.date | None = None
    level_label: str = ""

    @property
    def label(self) -> str:
        if self.potential_five:
            return str(_("OCOP 4 sao · tiềm năng 5 sao"))
        return str(_("OCOP %(stars)s sao") % {"stars": self.stars})

    @property
    def css_class(self) -> str:
        return "potential" if self.potential_five else f"stars-{self.stars}"


def badge_for(certification, today=None) -> Badge | None:
    """The badge of a product's current certification record, or None when it never held one.

    In force is decided here, at read time, from `valid_until`: a certificate lapses on its day
    without any scheduled job. Revoked and superseded states are stored on the record.
    """
    if certification is None:
        return None
    today = today or timezone.localdate()
    revoked = certification.state == "revoked"
    expired = revoked or certification.state == "superseded" or today >= certification.valid_until
    stars = int(certification.stars)
    return Badge(
        stars=stars,
        potential_five=bool(certification.potential_five) and stars == 4,
        expired=expired,
        valid_until=certification.valid_until,
        revoked=revoked,
        decision_number=certification.decision_number,
        decision_date=certification.decision_date,
        level_label=str(certification.get_level_display()),
    )
