"""The OCOP certification as a record: granted by the province (3★, 4★) or the national council (5★),
never by the producer.

A product's certifications are a history: recording a new one (a recertification or a star upgrade)
supersedes the one before, a revocation is kept with its reason, nothing is deleted. The product
points at its current record (`ProductPage.certification`) so that cards and listings read it with a
join; whether it is *in force* is decided at read time from `valid_until`, so a certificate lapses on
its day without any scheduled job. Only programme staff (`catalogue.certify_product`) change them.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import tree
from .ocop import PROGRAMME_START, CertifyingLevel, Stars, certificate_expiry

CERTIFY_PERMISSION = "catalogue.certify_product"
PROGRAMME_STAFF_GROUP = "Cán bộ OCOP"


class Outcome(models.TextChoices):
    NEW = "new", _("Chứng nhận mới")
    RENEWAL = "renewal", _("Tái chứng nhận")
    UPGRADE = "upgrade", _("Nâng hạng sao")


class State(models.TextChoices):
    """What is stored; "expired" is never stored but read from `valid_until`."""

    ACTIVE = "active", _("Còn hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế")


class Status(models.TextChoices):
    """What a record is today, as shown to people."""

    IN_FORCE = "in_force", _("Còn hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế")


def today() -> datetime.date:
    return timezone.localdate()


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def level_for(stars) -> str:
    """3★ and 4★ are recognised by the province, 5★ by the national council (Decision 148/QĐ-TTg)."""
    return CertifyingLevel.NATIONAL if stars == Stars.FIVE else CertifyingLevel.PROVINCE


def validate_decision_date(day: datetime.date) -> None:
    """A decision lies within the programme's life and is recorded once signed, never ahead of its day
    (a future one would count as in force before it exists)."""
    if day < PROGRAMME_START:
        raise ValidationError(
            _(
                "Chương trình OCOP bắt đầu từ ngày %(start)s (Quyết định 490/QĐ-TTg): ngày quyết định "
                "không thể sớm hơn."
            ),
            code="before_programme",
            params={"start": dmy(PROGRAMME_START)},
        )
    if day > today():
        raise ValidationError(
            _("Ngày quyết định không thể sau hôm nay (%(today)s): hãy ghi nhận khi quyết định đã được ký."),
            code="future",
            params={"today": dmy(today())},
        )


def in_force_q(prefix="", on=None) -> Q:
    """Records in force on a day (today by default): active and not yet at their expiry date."""
    on = on or today()
    return Q(**{f"{prefix}state": State.ACTIVE, f"{prefix}valid_until__gt": on})


def stars_in_force(on=None):
    """An expression for a product queryset: its stars when its current record is in force, else NULL."""
    return Case(When(in_force_q("certification__", on), then=F("certification__stars")), default=None)


def potential_five_in_force(on=None):
    """An expression for a product queryset: whether its current record, in force, marks it "tiềm năng 5 sao"."""
    marked = in_force_q("certification__", on) & Q(certification__potential_five=True)
    return Case(When(marked, then=Value(True)), default=Value(False), output_field=models.BooleanField())


class CertificationQuerySet(models.QuerySet):
    def in_force(self, on=None):
        return self.filter(in_force_q(on=on))

    def expiring_within(self, days, on=None):
        on = on or today()
        return self.in_force(on).filter(valid_until__lte=on + datetime.timedelta(days=days))


class Certification(models.Model):
    product = models.ForeignKey(
        "catalogue.ProductPage",
        verbose_name=_("sản phẩm"),
        null=True,
        on_delete=models.SET_NULL,  # the record outlives the page: history is never deleted
        related_name="certifications",
    )
    product_title = models.CharField(_("tên sản phẩm khi công nhận"), max_length=255, editable=False)
    stars = models.PositiveSmallIntegerField(_("hạng sao OCOP"), choices=Stars.choices)
    potential_five = models.BooleanField(
        _("tiềm năng 5 sao"), default=False, help_text=_("Sản phẩm 4 sao được tỉnh gửi đánh giá cấp quốc gia")
    )
    level = models.CharField(_("cấp công nhận"), max_length=20, choices=CertifyingLevel.choices)
    outcome = models.CharField(
        _("kết quả đánh giá"), max_length=20, choices=Outcome.choices, default=Outcome.NEW
    )
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    valid_until = models.DateField(
        _("hiệu lực đến"), blank=True, help_text=_("Để trống: 36 tháng kể từ ngày quyết định")
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.ACTIVE, editable=False
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("thay cho"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), default=timezone.now, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True, editable=False)
    is_demo = models.BooleanField(
        _("dữ liệu minh hoạ"), default=False, help_text=_("Số và ngày quyết định là giả lập cho bản demo")
    )

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("chứng nhận OCOP")
        verbose_name_plural = pgettext_lazy("plural", "chứng nhận OCOP")
        ordering = ["-decision_date", "-pk"]
        permissions = [("certify_product", _("Ghi nhận, tái chứng nhận, nâng hạng, thu hồi chứng nhận OCOP"))]
        indexes = [models.Index(fields=["state", "valid_until"], name="certification_in_force")]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=3, stars__lte=5), name="certification_stars_3_to_5"
            ),
            models.CheckConstraint(
                condition=Q(potential_five=False) | Q(stars=4), name="certification_potential_five_is_4"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("decision_date")), name="certification_valid_after_decision"
            ),
            # A new record supersedes the active one: two in force would show two star ratings.
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(state=State.ACTIVE),
                name="certification_one_active_per_product",
            ),
        ]

    def __str__(self):
        return f"{self.product_title} · {self.get_stars_display()} · {self.decision_number}"

    def save(self, *args, **kwargs):
        if not self.valid_until and self.decision_date:
            self.valid_until = certificate_expiry(self.decision_date)
        if self.product_id and not self.product_title:
            self.product_title = self.product.title
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.potential_five and self.stars != Stars.FOUR:
            errors["potential_five"] = _("Chỉ sản phẩm 4 sao mới được đánh dấu tiềm năng 5 sao.")
        if self.stars and self.level and self.level != level_for(self.stars):
            errors["level"] = (
                _("Sản phẩm 5 sao do Hội đồng cấp quốc gia công nhận.")
                if self.stars == Stars.FIVE
                else _("Sản phẩm 3 sao và 4 sao do UBND cấp tỉnh công nhận; hãy chọn “Cấp tỉnh”.")
            )
        if self.decision_date:
            try:
                validate_decision_date(self.decision_date)
            except ValidationError as error:
                errors["decision_date"] = error
            else:
                errors.update(self._validity_errors())
        if errors:
            raise ValidationError(errors)

    def _validity_errors(self) -> dict:
        """`valid_until` lies after the decision, at most 36 months after it, and after today: a
        record is entered to be in force (an expired one would supersede the product's valid one)."""
        if not self.valid_until:
            return {}
        latest = certificate_expiry(self.decision_date)
        if self.valid_until <= self.decision_date:
            return {"valid_until": _("Ngày hết hiệu lực phải sau ngày quyết định.")}
        if self.valid_until > latest:
            message = _(
                "Chứng nhận OCOP có hiệu lực tối đa %(months)s tháng: với quyết định ngày %(decided)s, "
                "ngày hết hiệu lực muộn nhất là %(latest)s. Để trống để lấy đúng %(months)s tháng."
            )
            params = {
                "months": settings.OCOP_CERTIFICATE_MONTHS,
                "decided": dmy(self.decision_date),
                "latest": dmy(latest),
            }
            return {"valid_until": ValidationError(message, code="too_long", params=params)}
        if self.valid_until <= today():
            # The default validity ran out: the decision is too old; a date typed in: that date.
            field = "decision_date" if self.valid_until == latest else "valid_until"
            message = _(
                "Chứng nhận theo quyết định này đã hết hiệu lực ngày %(lapsed)s: chỉ ghi nhận quyết định "
                "còn hiệu lực."
            )
            return {field: ValidationError(message, code="lapsed", params={"lapsed": dmy(self.valid_until)})}
        return {}

    def status(self, on=None) -> str:
        on = on or today()
        if self.state == State.REVOKED:
            return Status.REVOKED
        if self.state == State.SUPERSEDED:
            return Status.SUPERSEDED
        return Status.IN_FORCE if self.valid_until > on else Status.EXPIRED

    def get_status_display(self) -> str:
        return Status(self.status()).label

    @property
    def in_force(self) -> bool:
        return self.status() == Status.IN_FORCE


# --- What programme staff do ---------------------------------------------------------------------------


def may_certify(user) -> bool:
    return bool(user and user.is_active and user.has_perm(CERTIFY_PERMISSION))


def _require(user):
    if not may_certify(user):
        raise PermissionDenied(_("Chỉ cán bộ OCOP mới được ghi nhận hoặc thu hồi chứng nhận."))


def _point_product_at(certification):
    # An update, not a page save: the pointer never goes through a revision, a form or a copy.
    type(certification.product).objects.filter(pk=certification.product_id).update(
        certification=certification
    )


def current_record(product, *, for_update=False) -> Certification | None:
    """The record a new one would supersede: the product's active record (in force, or lapsed by
    date), or None. Chosen by its state, never by date: a revoked record decided later does not hide
    the one in force (a unique constraint keeps one active record per product)."""
    records = product.certifications.filter(state=State.ACTIVE)
    return (records.select_for_update() if for_update else records).first()


def resolve_outcome(outcome, stars, current) -> str:
    """ "New" while a record is in force means its renewal (same stars) or upgrade (more stars)."""
    if outcome == Outcome.NEW and current is not None and current.in_force and stars >= current.stars:
        return Outcome.UPGRADE if stars > current.stars else Outcome.RENEWAL
    return outcome


def outcome_errors(outcome, stars, decision_date, current) -> dict:
    """The three outcomes of an evaluation round against the record they supersede (`current`):
    a new certification never lowers the stars of one in force; a renewal keeps the stars; an
    upgrade raises them; both need a record to renew or upgrade, decided no later than this one."""
    if current is None:
        if outcome in (Outcome.RENEWAL, Outcome.UPGRADE):
            return {
                "outcome": [
                    _(
                        "Sản phẩm chưa có chứng nhận nào để tái chứng nhận hoặc nâng hạng (hoặc chứng nhận "
                        "gần nhất đã bị thu hồi); hãy chọn “Chứng nhận mới”."
                    )
                ]
            }
        return {}
    params = {
        "stars": current.stars,
        "until": dmy(current.valid_until),
        "decided": dmy(current.decision_date),
    }
    errors = {}
    if outcome == Outcome.NEW and current.in_force and stars < current.stars:
        message = _(
            "Sản phẩm đang có chứng nhận %(stars)s sao còn hiệu lực đến %(until)s: không ghi nhận hạng thấp "
            "hơn khi chứng nhận đó còn hiệu lực. Nếu sản phẩm không còn đạt, hãy thu hồi chứng nhận đó trước."
        )
        errors["stars"] = [ValidationError(message, code="lower_than_in_force", params=params)]
    elif outcome == Outcome.RENEWAL and stars != current.stars:
        message = _(
            "Tái chứng nhận giữ nguyên hạng sao của chứng nhận trước (%(stars)s sao). Nếu hạng sao cao hơn, "
            "hãy chọn “Nâng hạng sao”."
        )
        errors["stars"] = [ValidationError(message, code="renewal_changes_stars", params=params)]
    elif outcome == Outcome.UPGRADE and stars <= current.stars:
        message = _("Nâng hạng sao phải có số sao cao hơn hạng hiện tại (%(stars)s sao).")
        errors["stars"] = [ValidationError(message, code="upgrade_not_higher", params=params)]
    if decision_date < current.decision_date:
        message = _(
            "Ngày quyết định không thể trước ngày quyết định của chứng nhận được thay thế (%(decided)s)."
        )
        errors["decision_date"] = [ValidationError(message, code="before_current", params=params)]
    return errors


@transaction.atomic
def record(
    product,
    user,
    *,
    stars,
    decision_number,
    decision_date,
    level=None,
    potential_five=False,
    valid_until=None,
    outcome=Outcome.NEW,
    is_demo=False,
) -> Certification:
    """Record an evaluation round's decision; the record it supersedes (see `current_record`) is
    checked against the outcome (`outcome_errors`). A record is recorded in force or not at all, so a
    product's valid certificate is never superseded by one that is not."""
    _require(user)
    current = current_record(product, for_update=True)
    outcome = resolve_outcome(outcome, stars, current)
    certification = Certification(
        product=product,
        product_title=product.title,
        stars=stars,
        potential_five=potential_five,
        level=level or level_for(stars),
        outcome=outcome,
        decision_number=decision_number,
        decision_date=decision_date,
        valid_until=valid_until,
        recorded_by=user,
        is_demo=is_demo,
    )
    if certification.valid_until is None:
        certification.valid_until = certificate_expiry(decision_date)
    errors = outcome_errors(outcome, stars, decision_date, current)
    try:
        certification.full_clean(exclude=["product", "supersedes"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if current is not None:
        current.state = State.SUPERSEDED
        current.save(update_fields=["state"])
        certification.supersedes = current
    certification.save()
    _point_product_at(certification)
    return certification


def load_records(pairs):
    """Data loading (demo, benchmarks, factories): one record per (product, fields) pair, created in one
    insert and made current, with no permission check: no person is acting."""
    records = []
    for product, fields in pairs:
        record = Certification(product=product, product_title=product.title, **fields)
        if not record.valid_until:
            record.valid_until = certificate_expiry(record.decision_date)
        if not record.level:
            record.level = (
                CertifyingLevel.NATIONAL if record.stars == Stars.FIVE else CertifyingLevel.PROVINCE
            )
        records.append(record)
    Certification.objects.bulk_create(records)
    products = []
    for (product, _fields), record in zip(pairs, records, strict=True):
        product.certification = record
        products.append(product)
    if products:
        type(products[0]).objects.bulk_update(products, ["certification"])
    return records


def renew(previous, user, *, decision_number, decision_date, **changes) -> Certification:
    """Tái chứng nhận: the same stars (unless given) for another 36 months."""
    values = {"stars": previous.stars, "potential_five": previous.potential_five, "level": previous.level}
    values.update(changes)
    return record(
        previous.product,
        user,
        decision_number=decision_number,
        decision_date=decision_date,
        outcome=Outcome.RENEWAL,
        **values,
    )


def upgrade(previous, user, *, stars, decision_number, decision_date, **changes) -> Certification:
    """Nâng hạng sao: more stars (checked by `record`), a new decision, a new 36 months."""
    return record(
        previous.product,
        user,
        stars=stars,
        decision_number=decision_number,
        decision_date=decision_date,
        outcome=Outcome.UPGRADE,
        **changes,
    )


REASON_MAX_LENGTH = 1000


def check_revocation_reason(reason: str) -> None:
    """A reason is a few sentences on the record, read by the producer and the programme: not a pasted
    report (the column has no limit of its own). The same limit and words as a recall's notice."""
    length = len((reason or "").strip())
    if length > REASON_MAX_LENGTH:
        raise ValidationError(
            _(
                "Hãy viết ngắn gọn, tối đa %(limit)s ký tự (hiện có %(length)s): lý do thu hồi được ghi "
                "trên hồ sơ chứng nhận."
            )
            % {"limit": REASON_MAX_LENGTH, "length": length},
            code="max_length",
        )


@transaction.atomic
def revoke(certification, user, reason) -> Certification:
    """Thu hồi: the product no longer meets the standard; kept, shown as revoked."""
    _require(user)
    if not (reason or "").strip():
        raise ValidationError({"revocation_reason": _("Cần ghi lý do thu hồi.")})
    check_revocation_reason(reason)
    certification = Certification.objects.select_for_update().get(pk=certification.pk)
    if certification.state != State.ACTIVE:
        raise ValidationError(_("Chỉ thu hồi được chứng nhận đang có hiệu lực."))
    certification.state = State.REVOKED
    certification.revoked_by = user
    certification.revoked_at = timezone.now()
    certification.revocation_reason = reason.strip()
    certification.save(update_fields=["state", "revoked_by", "revoked_at", "revocation_reason"])
    return certification


@receiver(post_save, sender=Certification)
@receiver(post_delete, sender=Certification)
def _listings_follow_the_stars(sender, **kwargs):
    tree.changed()  # listings are ordered by the stars in force (catalogue/tree.py)
