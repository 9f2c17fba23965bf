"""Lots, their events and certificates: the record behind each QR code (Circular 02/2024/TT-BKHCN).

Plain models, not pages (see DESIGN.md): there are many lots and staff manage them through a model
viewset in `wagtail_hooks.py`, a lot and its ordered events in one form.
"""

import datetime
import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.images import get_image_model
from wagtail.models import Orderable

from catalogue.admin_fields import (
    YEARS_AHEAD,
    furthest_ahead,
    native_date_input,
    native_datetime_input,
    too_far_ahead,
    years_after,
)
from catalogue.forms import DemoMarkForSuperusers, InlineRowsKnowTheUser, protected_by_other_records
from catalogue.gtin import short_gtin
from catalogue.models import PackSize
from catalogue.money import group_thousands
from ops.private_media import private_storage

# GS1 AI (10) takes up to 20 characters of the "CSET 82" set. "/" is left out on purpose: web
# servers hand Django a decoded path, so a "/" inside a lot would split the Digital Link.
LOT_CODE_RE = re.compile(r"^[!\"%-.0-9:-?A-Z_a-z]{1,20}$")


def validate_lot_code(value: str) -> None:
    if not LOT_CODE_RE.match(value or ""):
        raise ValidationError(
            _(
                "Số lô gồm tối đa 20 ký tự: chữ cái không dấu, chữ số và dấu câu như - . _ "
                "(không dấu cách, không chữ có dấu, không dấu /)."
            ),
            code="invalid_lot",
        )


EARLIEST_PRODUCTION = datetime.date(2000, 1, 1)
LONGEST_SHELF_LIFE_YEARS = 10
NOTICE_MAX_LENGTH = 1000


class NoticeLevel(models.TextChoices):
    NONE = "", _("Không có")
    WARNING = "warning", _("Cảnh báo")
    RECALL = "recall", _("Thu hồi")


# A lot is one production run of one pack size. Ten million packages is far beyond any OCOP producer's
# run (a large one makes a few hundred thousand packs a year), yet leaves room for any real one; a
# mistyped figure (an extra three zeros, a GTIN pasted in) is caught before the public lot page says
# "99.999.999.999.999 gói hàng". It also keeps every quantity (and its serial count) well inside a
# 32-bit integer, which PostgreSQL would otherwise refuse with a server error above 2.147.483.647.
MAX_LOT_QUANTITY = 10_000_000
LOT_QUANTITY_RANGE_MESSAGE = _("Số lượng sản xuất phải từ 1 đến 10.000.000 gói.")


def codes_in_circulation(lot) -> bool:
    """Whether QR codes naming the lot's GTIN and code are out in the world: serials issued for it,
    scans recorded, or packages shipped to buyers (another app's rows protecting the lot)."""
    return (
        lot.serials.exists()
        or lot.scan_count > 0
        or lot.first_scanned_at is not None
        or protected_by_other_records(lot)
    )


class LotForm(DemoMarkForSuperusers, InlineRowsKnowTheUser, WagtailAdminModelForm):
    """Lists pack sizes with their product in one query (their __str__ shows the product title).
    Keeps the code and pack size (its GTIN) of a lot whose codes are printed: they are in every QR
    code printed for it, which would otherwise all answer "not a genuine package"."""

    locked_code_message = _(
        "Lô này đã có tem in ra (tem theo gói, lượt quét hoặc hàng đã giao) nên không thể đổi số lô: "
        "mọi mã QR đã in sẽ bị báo là không chính hãng. Hãy giữ số lô %(code)s, hoặc thêm một lô mới."
    )
    locked_pack_size_message = _(
        "Lô này đã có tem in ra (tem theo gói, lượt quét hoặc hàng đã giao) nên không thể đổi quy cách: "
        "mã QR đã in mang mã GTIN %(gtin)s. Hãy giữ quy cách cũ, hoặc thêm một lô mới."
    )
    quantity_below_serials_message = _(
        "Lô này đã có %(in_use)s mã đang dùng (tem theo gói) nên số lượng sản xuất không thể ít hơn "
        "%(in_use)s: người mua quét các mã đó sẽ đọc một số gói sai. Nếu một đợt tem bị mất hoặc in "
        "hỏng, hãy huỷ đợt tem đó trước."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "pack_size" in self.fields:
            self.fields["pack_size"].queryset = PackSize.objects.select_related("product").by_product()
        if events := self.formsets.get("events"):
            for row in [*events.forms, events.empty_form]:
                # An event has happened: LotEvent.clean refuses any day after today and says so,
                # where the field's "at most 10 years ahead" would suggest next year is fine.
                row.fields["occurred_at"].bounded_ahead = False
                name_the_missing_field(row)

    look_alike_code_message = _(
        "Quy cách này đã có lô %(code)s, chỉ khác chữ hoa, chữ thường: người mua đọc mã in trên gói không "
        "phân biệt được hai lô. Hãy dùng đúng mã %(code)s, hoặc một mã khác hẳn."
    )

    def clean(self):
        cleaned_data = super().clean()
        self._refuse_a_look_alike_code(cleaned_data.get("code"), cleaned_data.get("pack_size"))
        saved = self.instance
        if saved.pk is None:
            return cleaned_data
        # The instance still holds the saved values here: the form's are put on it after clean().
        code_changed = "code" in cleaned_data and cleaned_data["code"] != saved.code
        pack_changed = "pack_size" in cleaned_data and cleaned_data["pack_size"].pk != saved.pack_size_id
        if (code_changed or pack_changed) and codes_in_circulation(saved):
            if code_changed:
                self.add_error("code", self.locked_code_message % {"code": saved.code})
            if pack_changed:
                self.add_error(
                    "pack_size", self.locked_pack_size_message % {"gtin": short_gtin(saved.pack_size.gtin)}
                )
        self._keep_a_package_for_each_serial(cleaned_data.get("quantity"))
        return cleaned_data

    def _refuse_a_look_alike_code(self, code: str | None, pack_size) -> None:
        """GS1 lot codes are case-sensitive, so "l261121-01" beside "L261121-01" is legal, but a buyer
        reading the printed code cannot tell them apart. (The same code exactly is the constraint's.)"""
        pack_size = pack_size or (self.instance.pack_size if self.instance.pack_size_id else None)
        if not code or pack_size is None:
            return
        others = Lot.objects.filter(pack_size=pack_size, code__iexact=code).exclude(code=code)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if (other := others.first()) is not None:
            self.add_error("code", self.look_alike_code_message % {"code": other.code})

    def _keep_a_package_for_each_serial(self, quantity: int | None) -> None:
        """Refuse a quantity lowered below the serials in use: every scan of the lot's labels shows
        "Lô gồm N gói", and a genuine package of a lot said to hold fewer looks like a fake. Counted
        only when the quantity goes down, so saving other fields costs no query."""
        if quantity is None or quantity >= self.instance.quantity:
            return
        in_use = self.instance.serials.in_use().count()
        if quantity < in_use:
            self.add_error(
                "quantity", self.quantity_below_serials_message % {"in_use": group_thousands(in_use)}
            )


def name_the_missing_field(row) -> None:
    """An event row's "required" error names its field: a row is a block of boxes, and a bare "Trường
    này là bắt buộc." read in a summary or beside a narrow column did not say which box was empty."""
    for field in row.fields.values():
        if field.required:
            field.error_messages["required"] = _("Sự kiện này còn thiếu “%(field)s”.") % {
                "field": field.label
            }


# How the lot page shows an event's photo (templates/traceability/lot_page.html), as Wagtail keys it.
EVENT_PHOTO = "fill-480x320|format-webp"


def _events_for_page():
    photos = get_image_model().objects.prefetch_renditions(EVENT_PHOTO)
    return (
        LotEvent.objects.select_related("document")
        .prefetch_related(models.Prefetch("image", queryset=photos))
        .order_by("sort_order", "occurred_at")
    )


class LotQuerySet(models.QuerySet):
    def for_page(self):
        """Everything the lot page shows, in a number of queries that does not grow with events."""
        return self.select_related(
            "pack_size__product__image",
            "pack_size__product__certification",
            "pack_size__product__producer__province",
            "pack_size__product__producer__commune",
        ).prefetch_related(models.Prefetch("events", queryset=_events_for_page()))


class SerialQuerySet(models.QuerySet):
    def in_use(self):
        """Serials on sheets that are not voided: the packages labelled (or about to be)."""
        return self.filter(sheet__voided_at__isnull=True)

    def for_page(self):
        """A package's page: the serial, its sheet and its lot as `Lot.objects.for_page()` loads it."""
        return self.select_related(
            "sheet",
            "lot__pack_size__product__image",
            "lot__pack_size__product__certification",
            "lot__pack_size__product__producer__province",
            "lot__pack_size__product__producer__commune",
        ).prefetch_related(models.Prefetch("lot__events", queryset=_events_for_page()))


class Lot(ClusterableModel):
    """A production lot (số lô) of one pack size: what a printed QR code points at."""

    pack_size = models.ForeignKey(
        PackSize,
        verbose_name=_("quy cách (GTIN)"),
        # A traceability record outlives the catalogue row: a pack size with lots cannot be deleted.
        on_delete=models.PROTECT,
        related_name="lots",
    )
    code = models.CharField(
        _("số lô"),
        max_length=20,
        validators=[validate_lot_code],
        help_text=_("In trên bao bì sau chữ 'Số lô' hoặc (10); ví dụ: L2406-01"),
    )
    production_date = models.DateField(_("ngày sản xuất (NSX)"))
    expiry_date = models.DateField(_("hạn sử dụng (HSD)"))
    quantity = models.PositiveIntegerField(
        _("số lượng sản xuất"),
        help_text=_("Số gói/hộp trong lô"),
        validators=[
            MinValueValidator(1, message=LOT_QUANTITY_RANGE_MESSAGE),
            MaxValueValidator(MAX_LOT_QUANTITY, message=LOT_QUANTITY_RANGE_MESSAGE),
        ],
    )
    raw_material_area = models.CharField(
        _("vùng nguyên liệu"), max_length=200, help_text=_("Ví dụ: ấp Phú Lợi, xã Phú Túc, tỉnh Vĩnh Long")
    )
    raw_material_grower = models.CharField(_("hộ trồng / hợp tác xã cung cấp"), max_length=200, blank=True)
    harvest_date = models.DateField(_("ngày thu hoạch nguyên liệu"), null=True, blank=True)
    notice_level = models.CharField(
        _("cảnh báo / thu hồi"), max_length=10, choices=NoticeLevel.choices, blank=True, default=""
    )
    notice = models.TextField(
        _("nội dung thông báo"),
        blank=True,
        help_text=_("Lý do: hiện thành dải cảnh báo trên trang truy xuất của lô"),
    )
    notice_action = models.TextField(
        _("người mua nên làm gì"),
        blank=True,
        help_text=_("Ví dụ: ngừng sử dụng, mang sản phẩm tới nơi mua để được hoàn tiền"),
    )
    notice_from = models.DateTimeField(_("áp dụng từ"), null=True, blank=True)
    notice_until = models.DateField(
        _("áp dụng đến hết ngày"), null=True, blank=True, help_text=_("Để trống nếu chưa rõ")
    )
    is_demo = models.BooleanField(
        _("dữ liệu minh hoạ"), default=False, help_text=_("Lô, sự kiện và giấy tờ được giả lập cho bản demo")
    )
    # Scans are counted in the cache and flushed here in batches (see scans.py).
    scan_count = models.PositiveBigIntegerField(_("số lượt quét đã ghi"), default=0, editable=False)
    first_scanned_at = models.DateTimeField(_("lần quét đầu"), null=True, blank=True, editable=False)
    last_scanned_at = models.DateTimeField(_("lần quét gần nhất"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LotQuerySet.as_manager()

    base_form_class = LotForm
    panels = [
        FieldRowPanel([FieldPanel("pack_size"), FieldPanel("code")]),
        FieldRowPanel(
            [
                FieldPanel("production_date", widget=native_date_input()),
                FieldPanel("expiry_date", widget=native_date_input()),
                FieldPanel("quantity"),
            ]
        ),
        MultiFieldPanel(
            [
                FieldPanel("raw_material_area"),
                FieldRowPanel(
                    [
                        FieldPanel("raw_material_grower"),
                        FieldPanel("harvest_date", widget=native_date_input()),
                    ]
                ),
            ],
            heading=_("Vùng nguyên liệu"),
        ),
        InlinePanel("events", heading=_("Hành trình của lô (theo thứ tự)"), label=_("Sự kiện")),
        FieldPanel("is_demo"),
    ]
    # No notice fields: a recall or warning is set on its own screen ("Thu hồi / cảnh báo",
    # recalls.NoticeForm), which tells buyers. Here, a form opened before a recall would post the old,
    # empty notice back and lift the recall.

    class Meta:
        verbose_name = _("lô sản xuất")
        verbose_name_plural = pgettext_lazy("plural", "lô sản xuất")
        ordering = ["-production_date", "code"]
        permissions = [
            ("view_all_lots", _("Xem mọi lô sản xuất (không chỉ lô của chủ thể mình)")),
            # Programme staff: a recall or warning on any producer's lot, without changing the lot.
            ("recall_any_lot", _("Thu hồi hoặc cảnh báo về mọi lô sản xuất")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["pack_size", "code"], name="lot_code_unique_per_pack_size"),
            models.CheckConstraint(
                condition=Q(expiry_date__gt=models.F("production_date")), name="lot_expiry_after_production"
            ),
        ]
        indexes = [models.Index(fields=["code"])]

    def __str__(self):
        """ "L261119-01 · Kẹo dừa ca cao – Hộp 400g", as the lot list shows it: several products' lots
        share a code, and a GTIN-14 tells a producer nothing. Load `pack_size__product` with the lot."""
        return f"{self.code} · {self.pack_size.full_label}" if self.pack_size_id else self.code

    def clean(self):
        super().clean()
        errors = {}
        if self.production_date and self.expiry_date and self.expiry_date <= self.production_date:
            errors["expiry_date"] = _("Hạn sử dụng phải sau ngày sản xuất.")
        if self.harvest_date and self.production_date and self.harvest_date > self.production_date:
            errors["harvest_date"] = _("Nguyên liệu phải được thu hoạch trước ngày sản xuất.")
        errors.update(self._date_range_errors())
        errors.update(self._notice_text_errors())
        first_day = timezone.localdate(self.notice_from) if self.notice_from else None
        if first_day and self.notice_until and self.notice_until < first_day:
            # Shown until the end of `notice_until`: a last day before the first would never show.
            errors["notice_until"] = _(
                "Ngày kết thúc phải cùng ngày hoặc sau ngày bắt đầu (%(start)s); hãy sửa một trong hai ngày."
            ) % {"start": first_day.strftime("%d/%m/%Y")}
        if errors:
            raise ValidationError(errors)

    def _date_range_errors(self) -> dict:
        """Dates a real lot can have: made since 2000 and not in the future, kept at most ten years
        (a typo such as 01/01/0001 or 31/12/9999 would otherwise print on every label)."""
        errors = {}
        if not self.production_date:
            return errors
        if self.production_date < EARLIEST_PRODUCTION:
            errors["production_date"] = _("Ngày sản xuất phải từ 01/01/2000 trở đi; hãy kiểm tra lại năm.")
        elif self.production_date > timezone.localdate():
            errors["production_date"] = _("Ngày sản xuất không thể ở tương lai.")
        if self.harvest_date and self.harvest_date < EARLIEST_PRODUCTION:
            errors["harvest_date"] = _("Ngày thu hoạch phải từ 01/01/2000 trở đi; hãy kiểm tra lại năm.")
        if "production_date" not in errors and self.expiry_date and self.expiry_date > self.production_date:
            latest = years_after(self.production_date, LONGEST_SHELF_LIFE_YEARS)
            if self.expiry_date > latest:
                errors["expiry_date"] = _(
                    "Hạn sử dụng không thể quá %(years)s năm sau ngày sản xuất (muộn nhất %(latest)s); "
                    "hãy kiểm tra lại năm."
                ) % {"years": LONGEST_SHELF_LIFE_YEARS, "latest": latest.strftime("%d/%m/%Y")}
        return errors

    def _notice_text_errors(self) -> dict:
        """A notice is a banner on a phone's screen and a paragraph of an email: a few sentences, not
        a pasted report (the text fields have no limit of their own)."""
        errors = {}
        for name in ("notice", "notice_action"):
            length = len(getattr(self, name))
            if length > NOTICE_MAX_LENGTH:
                errors[name] = _(
                    "Hãy viết ngắn gọn, tối đa %(limit)s ký tự (hiện có %(length)s): người mua đọc thông "
                    "báo này trên điện thoại."
                ) % {"limit": NOTICE_MAX_LENGTH, "length": length}
        if "notice" not in errors and self.notice_level and not self.notice.strip():
            errors["notice"] = _("Hãy ghi nội dung cảnh báo hoặc thu hồi cho người mua.")
        return errors

    @property
    def gtin(self) -> str:
        return self.pack_size.gtin

    @property
    def is_expired(self) -> bool:
        return self.expiry_date <= timezone.localdate()

    @property
    def notice_active(self) -> bool:
        """A recall or warning shows from its start until the end of its last day (if it has one)."""
        if not self.notice_level:
            return False
        if self.notice_from and self.notice_from > timezone.now():
            return False
        return not (self.notice_until and self.notice_until < timezone.localdate())

    @property
    def notice_ends_at(self) -> datetime.datetime | None:
        """The moment the notice stops showing: the start of the day after its last (Việt Nam's time,
        as `notice_active` reads it). A last day at the calendar's end (31/12/9999, which the notice
        form refuses but an older record may hold) has no day after: such a notice never ends."""
        if not self.notice_until or self.notice_until == datetime.date.max:
            return None
        day_after = self.notice_until + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))

    def notice_changes_at(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        """When the banner next appears or goes by itself (its start or end still to come), or None: a
        page showing this lot is good until then."""
        if not self.notice_level:
            return None
        now = now or timezone.now()
        return next(
            (moment for moment in (self.notice_from, self.notice_ends_at) if moment and moment > now), None
        )

    def get_absolute_url(self) -> str:
        from .gs1 import lot_path

        return lot_path(self.pack_size.gtin, self.code)


class EventKind(models.TextChoices):
    HARVEST = "harvest", _("Thu hoạch nguyên liệu")
    PROCESSING = "processing", _("Chế biến")
    PACKAGING = "packaging", _("Đóng gói")
    QUALITY_TEST = "quality_test", _("Kiểm nghiệm chất lượng")
    SHIPMENT = "shipment", _("Xuất kho, vận chuyển")
    OTHER = "other", _("Khác")


class LotEvent(Orderable):
    """One step of a lot's story, in the order staff enter them."""

    lot = ParentalKey(Lot, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("loại sự kiện"), max_length=20, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("thời gian"))
    place = models.CharField(_("địa điểm"), max_length=200)
    actor = models.CharField(_("người / đơn vị thực hiện"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh minh chứng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tài liệu minh chứng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("occurred_at", widget=native_datetime_input())]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("actor")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("document")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("sự kiện của lô")
        verbose_name_plural = pgettext_lazy("plural", "sự kiện của lô")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.occurred_at:%d/%m/%Y}"

    def clean(self):
        super().clean()
        # A harvest, a test or a shipment on the buyer's timeline has happened. Any time today is
        # accepted: a phone's clock running a little ahead, or a step being entered as it ends.
        if self.occurred_at and timezone.localdate(self.occurred_at) < EARLIEST_PRODUCTION:
            raise ValidationError(
                {"occurred_at": _("Sự kiện phải từ 01/01/2000 trở đi; hãy kiểm tra lại năm.")}
            )
        if self.occurred_at and timezone.localdate(self.occurred_at) > timezone.localdate():
            raise ValidationError(
                {
                    "occurred_at": _(
                        "Sự kiện đã diễn ra nên không thể ở tương lai: hãy chọn thời gian đến hết hôm nay "
                        "(%(today)s); hãy kiểm tra lại năm."
                    )
                    % {"today": timezone.localdate().strftime("%d/%m/%Y")}
                }
            )


class CertificateKind(models.TextChoices):
    FOOD_SAFETY = "food_safety", _("Cơ sở đủ điều kiện an toàn thực phẩm")
    VIETGAP = "vietgap", _("VietGAP")
    OCOP = "ocop", _("Quyết định công nhận OCOP")
    ISO_22000 = "iso22000", _("ISO 22000")
    HACCP = "haccp", _("HACCP")
    ORGANIC = "organic", _("Hữu cơ")
    TEST_REPORT = "test_report", _("Phiếu kết quả kiểm nghiệm")
    OTHER = "other", _("Khác")


class CertificateQuerySet(models.QuerySet):
    def shown(self):
        """Certificates shown to buyers and reminded of: not an OCOP decision recorded here before
        the product's "Chứng nhận OCOP" record became its one source. Held by the producer, such a
        certificate named no product (every lot of the producer listed it) and stayed "in force" when
        the record was revoked; the lot page lists the record itself instead."""
        return self.exclude(kind=CertificateKind.OCOP)

    def for_lot(self, lot):
        """The lot's own certificates and its producer's, in one query."""
        producer_id = lot.pack_size.product.producer_id
        return (
            self.shown()
            .filter(Q(lot=lot) | Q(producer_id=producer_id, lot__isnull=True))
            .select_related("document")
            .order_by("kind", "-valid_from")
        )


class CertificateForm(DemoMarkForSuperusers, WagtailAdminModelForm):
    """An OCOP recognition decision is the product's "Chứng nhận OCOP" record, recorded there by
    programme staff: it names the product and follows its renewal, upgrade or revocation, which a
    certificate here (held by the producer, shown on every lot of it) did not. Not recorded here by
    anyone; were it posted, clean_kind refuses it and says where it goes."""

    ocop_refused_message = _(
        "Quyết định công nhận OCOP được ghi ở mục “Chứng nhận OCOP” (cán bộ chương trình OCOP ghi "
        "nhận cho từng sản phẩm), không ghi ở đây: trang truy xuất của lô hiện chứng nhận OCOP của sản "
        "phẩm từ đó. Hãy chọn loại giấy chứng nhận khác."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            # Not offered, but still a valid choice of the field: posted (an old tab, a forged form),
            # it reaches clean_kind, whose message says where the decision goes.
            widget = self.fields["kind"].widget
            widget.choices = [choice for choice in widget.choices if choice[0] != CertificateKind.OCOP]

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if kind == CertificateKind.OCOP:
            raise ValidationError(self.ocop_refused_message, code="ocop_recorded_on_certification")
        return kind


class Certificate(models.Model):
    """A certificate or decision, held by a producer (all its lots) or by one lot."""

    kind = models.CharField(_("loại giấy chứng nhận"), max_length=20, choices=CertificateKind.choices)
    number = models.CharField(_("số"), max_length=80)
    issuer = models.CharField(_("cơ quan cấp"), max_length=200)
    valid_from = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, help_text=_("Để trống nếu không thời hạn")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("bản scan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    producer = models.ForeignKey(
        "catalogue.ProducerPage",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    lot = models.ForeignKey(
        Lot,
        verbose_name=_("lô"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    objects = CertificateQuerySet.as_manager()

    base_form_class = CertificateForm
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("number")]),
        FieldPanel("issuer"),
        FieldRowPanel(
            [
                FieldPanel("valid_from", widget=native_date_input()),
                FieldPanel("valid_until", widget=native_date_input()),
            ]
        ),
        FieldPanel("document"),
        FieldRowPanel([FieldPanel("producer"), FieldPanel("lot")]),
        FieldPanel("is_demo"),
    ]

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = pgettext_lazy("plural", "giấy chứng nhận")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(producer__isnull=False, lot__isnull=True)
                | Q(producer__isnull=True, lot__isnull=False),
                name="certificate_held_by_producer_or_lot",
                # Said once, by the constraint's own check (forms validate constraints after `clean`).
                violation_error_message=_("Chọn đúng một nơi giữ giấy chứng nhận: chủ thể hoặc lô."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="certificate_valid_until_after_valid_from",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày cấp."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def clean(self):
        super().clean()
        errors = {}
        if self.valid_from and not EARLIEST_PRODUCTION <= self.valid_from <= timezone.localdate():
            # Issued on a day that has come, and this century: 01/01/0001 or 31/12/9999 is a typo
            # every lot page of the holder would print.
            errors["valid_from"] = _(
                "Ngày cấp phải từ 01/01/2000 đến hôm nay (%(today)s); hãy kiểm tra lại năm."
            ) % {"today": timezone.localdate().strftime("%d/%m/%Y")}
        if self.valid_until and too_far_ahead(self.valid_until):
            errors["valid_until"] = _(
                "Hiệu lực không thể quá %(years)s năm sau hôm nay (muộn nhất %(latest)s); hãy kiểm tra lại "
                "năm, hoặc để trống nếu không thời hạn."
            ) % {"years": YEARS_AHEAD, "latest": furthest_ahead().strftime("%d/%m/%Y")}
        elif self.valid_until and self.valid_from and self.valid_until <= self.valid_from:
            errors["valid_until"] = _("Ngày hết hiệu lực phải sau ngày cấp.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until <= timezone.localdate()


class LabelSheet(models.Model):
    """A batch of serialised labels issued for a lot; voiding it (a lost roll) voids its serials."""

    lot = models.ForeignKey(Lot, verbose_name=_("lô"), on_delete=models.CASCADE, related_name="label_sheets")
    number = models.PositiveIntegerField(_("đợt phát hành số"))
    created_at = models.DateTimeField(_("phát hành lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voided_at = models.DateTimeField(_("huỷ lúc"), null=True, blank=True)
    void_reason = models.CharField(_("lý do huỷ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("đợt tem theo gói")
        verbose_name_plural = pgettext_lazy("plural", "đợt tem theo gói")
        ordering = ["lot", "number"]
        constraints = [models.UniqueConstraint(fields=["lot", "number"], name="label_sheet_number_per_lot")]

    def __str__(self):
        return f"{self.lot.code} #{self.number}"


class Serial(models.Model):
    """One package's own code, GS1 AI (21): the first check of it is the genuine one."""

    lot = models.ForeignKey(Lot, verbose_name=_("lô"), on_delete=models.CASCADE, related_name="serials")
    sheet = models.ForeignKey(
        LabelSheet, verbose_name=_("đợt tem"), on_delete=models.CASCADE, related_name="serials"
    )
    serial = models.CharField(_("số sê-ri"), max_length=20)
    check_code = models.CharField(_("mã kiểm tra"), max_length=8)
    check_count = models.PositiveIntegerField(_("số lần kiểm tra"), default=0)
    first_checked_at = models.DateTimeField(_("kiểm tra lần đầu"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("kiểm tra gần nhất"), null=True, blank=True)
    # Only what the first scanner chose to share: a province name, never coordinates.
    first_place = models.CharField(_("nơi kiểm tra lần đầu"), max_length=80, blank=True)

    objects = SerialQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã theo gói")
        verbose_name_plural = pgettext_lazy("plural", "mã theo gói")
        ordering = ["sheet", "pk"]
        constraints = [models.UniqueConstraint(fields=["lot", "serial"], name="serial_unique_per_lot")]

    def __str__(self):
        return self.serial

    def get_absolute_url(self) -> str:
        from .gs1 import serial_path

        return serial_path(self.lot.pack_size.gtin, self.lot.code, self.serial)


def copy_report_photo_name(report, filename: str) -> str:
    """A name nobody can guess (a phone's "IMG_0001.jpg" is easy to guess); the extension is kept
    (the form has checked it is an image's) so the admin view can say what it serves."""
    extension = PurePath(filename).suffix.lower()
    return f"copy-reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class CheckStatus(models.TextChoices):
    """What a package's check said (`traceability.checks`), and so what the page said to the buyer
    who then sent a copied-label report."""

    FIRST = "first", _("Lần kiểm tra đầu tiên")  # genuine, this is the first check
    REPEAT = "repeat", _("Mã đã được kiểm tra trước đó")  # genuine code, checked before
    UNRECORDED = "unrecorded", _("Chưa ghi được lượt kiểm tra")  # genuine; not recorded right now
    # Genuine, no person has checked it yet: what an app reading the data is told (never a report's).
    UNCHECKED = "unchecked", _("Chưa ai kiểm tra")
    UNKNOWN = "unknown", _("Mã không có trong hồ sơ")  # no such serial under this lot
    VOIDED = "voided", _("Mã thuộc đợt tem đã huỷ")  # the serial's sheet was voided (lost labels)


class CopyReport(models.Model):
    """A buyer's report of a label that looks copied, for the producer and programme staff."""

    lot = models.ForeignKey(
        Lot,
        verbose_name=_("lô"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copy_reports",
    )
    # The product's pack the scanned code named (its GTIN), also when the lot is unknown: a code that
    # was never ours still reaches the producer whose product it copies.
    pack_size = models.ForeignKey(
        PackSize,
        verbose_name=_("quy cách"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copy_reports",
    )
    serial_code = models.CharField(_("mã trên tem"), max_length=20, blank=True)
    page_status = models.CharField(_("trang đã báo"), max_length=40, blank=True, choices=CheckStatus.choices)
    details = models.TextField(_("mô tả"), max_length=2000)
    where_bought = models.CharField(_("mua ở đâu"), max_length=200, blank=True)
    contact = models.CharField(_("liên hệ người báo"), max_length=120, blank=True)
    # A buyer's photo may show their home or face: kept in the private storage and shown only through
    # the admin (`copyreports:photo`), to those who may read the report.
    photo = models.ImageField(_("ảnh"), upload_to=copy_report_photo_name, storage=private_storage, blank=True)
    page_url = models.CharField(_("trang"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("đã gửi email lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo tem sao chép")
        verbose_name_plural = pgettext_lazy("plural", "báo tem sao chép")
        ordering = ["-created_at"]

    def __str__(self):
        about = self.lot or (self.pack_size.full_label if self.pack_size else "?")
        return f"{about} {self.serial_code} · {timezone.localtime(self.created_at):%d/%m/%Y}"

    @property
    def reported_pack(self) -> PackSize | None:
        """The pack the report is about: its lot's, else the one whose GTIN a code under no lot carried
        (a counterfeiter's invented code: the commonest report, and the producer's to act on)."""
        return self.lot.pack_size if self.lot else self.pack_size

    @admin.display(description=_("sản phẩm"))
    def pack_named(self) -> str:
        """The pack as its producer finds it: product, pack and the GTIN its labels carry."""
        pack = self.reported_pack
        return f"{pack.full_label} (GTIN {pack.gtin})" if pack else ""
