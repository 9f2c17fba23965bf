"""The cart: pack size → quantity in the session, works for guests. Gift combos sit beside the pack
sizes under keys "c<combo id>".

The session keeps what the buyer saw (quantity and price per pack size). Every step (cart page,
checkout) re-reads price and stock from the database with one query, adjusts the cart, and tells the
buyer what changed, in one message per line that says where the line ended up. The count shown in the header is kept in the session too, so showing it costs no
query.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from catalogue.combos import GiftComboPage
from catalogue.models import PackSize
from catalogue.money import format_vnd

from .combos import sellable_combos
from .errors import CartError

SESSION_KEY = "cart"
COUNT_KEY = "cart_count"
MAX_QUANTITY = 99  # per line: a shop for households, not wholesale
MAX_LINES = 30


@dataclass
class CartLine:
    pack: PackSize
    quantity: int
    is_combo = False

    @property
    def unit_price(self) -> int:
        return self.pack.price

    @property
    def line_total(self) -> int:
        return self.pack.price * self.quantity

    @property
    def name(self) -> str:
        return self.pack.full_label


@dataclass
class ComboCartLine:
    combo: GiftComboPage
    quantity: int
    is_combo = True

    @property
    def unit_price(self) -> int:
        return self.combo.price

    @property
    def line_total(self) -> int:
        return self.combo.price * self.quantity

    @property
    def name(self) -> str:
        return self.combo.title


def combo_key(combo_id: int) -> str:
    return f"c{combo_id}"


def _is_key(key) -> bool:
    key = str(key)
    return key.isdigit() or (key.startswith("c") and key[1:].isdigit())


def sellable_packs(ids):
    """Pack sizes still for sale (their product page is live), with the product, in one query."""
    return PackSize.objects.filter(pk__in=ids, product__live=True).select_related("product").order_by("pk")


def pack_names(ids) -> dict[int, str]:
    """The names cart lines show ("Kẹo dừa sầu riêng – Hộp 400g"), for sale or not, in one query (none
    for no ids); a pack deleted since has none."""
    ids = list(ids)
    if not ids:
        return {}
    return {
        pack.pk: pack.full_label for pack in PackSize.objects.filter(pk__in=ids).select_related("product")
    }


def combo_titles(ids) -> dict[int, str]:
    """The gift combos' titles, live or not, in one query (none for no ids)."""
    ids = list(ids)
    if not ids:
        return {}
    return dict(GiftComboPage.objects.filter(pk__in=ids).values_list("pk", "title"))


class Notices:
    """What a refresh changed, one message per cart line (by its session key): a step that changes a
    line again (a pack shared with the cart's gift combos) replaces what an earlier one said about its
    quantity, so the buyer reads each line's final state once, after its new price if that changed."""

    def __init__(self):
        self._lines: dict[str, dict[str, str]] = {}

    def price(self, key: str, text: str) -> None:
        self._lines.setdefault(key, {})["price"] = text

    def quantity(self, key: str, text: str) -> None:
        self._lines.setdefault(key, {})["quantity"] = text

    def messages(self) -> list[str]:
        return [" ".join(said.values()) for said in self._lines.values()]


def _room_left(name: str, in_cart: int, room: int, why: str) -> str:
    """Adding to a line that holds `in_cart` already: how many more fit (`room`), and why no more."""
    if room > 0:
        said = _("Giỏ hàng đã có %(in_cart)s “%(name)s”; chỉ thêm được %(room)s nữa.")
    else:
        said = _("Giỏ hàng đã có %(in_cart)s “%(name)s”; không thêm được nữa.")
    return f"{said % {'in_cart': in_cart, 'name': name, 'room': room}} {why}"


def _most_per_line() -> str:
    return _("Mỗi sản phẩm đặt tối đa %(max)s đơn vị.") % {"max": MAX_QUANTITY}


class Cart:
    def __init__(self, session):
        self.session = session
        raw = session.get(SESSION_KEY)
        raw = raw if isinstance(raw, dict) else {}
        # Only well-formed lines survive (a session written by an older version is not trusted).
        self.items: dict[str, dict] = {
            pk: item
            for pk, item in raw.items()
            if _is_key(pk)
            and isinstance(item, dict)
            and isinstance(item.get("q"), int)
            and isinstance(item.get("p"), int)
            and 0 < item["q"] <= MAX_QUANTITY
        }

    def __len__(self):
        return len(self.items)

    @property
    def count(self) -> int:
        return sum(item["q"] for item in self.items.values())

    def quantities(self) -> dict[int, int]:
        """Pack sizes bought one by one (combos are in `combo_quantities`)."""
        return {int(pk): item["q"] for pk, item in self.items.items() if pk.isdigit()}

    def seen_prices(self) -> dict[int, int]:
        return {int(pk): item["p"] for pk, item in self.items.items() if pk.isdigit()}

    def combo_quantities(self) -> dict[int, int]:
        return {int(pk[1:]): item["q"] for pk, item in self.items.items() if pk.startswith("c")}

    def combo_seen_prices(self) -> dict[int, int]:
        return {int(pk[1:]): item["p"] for pk, item in self.items.items() if pk.startswith("c")}

    def save(self):
        self.session[SESSION_KEY] = self.items
        self.session[COUNT_KEY] = self.count
        self.session.modified = True

    def clear(self):
        self.items = {}
        self.save()

    def _pack(self, pack_id: int) -> PackSize:
        pack = sellable_packs([pack_id]).first()
        if pack is None:
            raise CartError(_("Sản phẩm này không còn bán."), field="pack_size", pack_size_id=pack_id)
        return pack

    def add(self, pack_id: int, quantity: int) -> PackSize:
        """Add to a line; the resulting quantity must fit the stock and the per-line maximum."""
        pack = self._pack(pack_id)
        current = self.items.get(str(pack.pk), {}).get("q", 0)
        self._check(pack, quantity, held=self._held_by_combos(pack.pk), in_cart=current)
        if not current and len(self.items) >= MAX_LINES:
            raise CartError(
                _("Giỏ hàng đã có %(n)s loại sản phẩm, không thêm được nữa.") % {"n": MAX_LINES},
                field="pack_size",
                pack_size_id=pack.pk,
            )
        self.items[str(pack.pk)] = {"q": current + quantity, "p": pack.price}
        self.save()
        return pack

    def set(self, pack_id: int, quantity: int) -> PackSize | None:
        """Change a line's quantity; 0 removes it."""
        if str(pack_id) not in self.items:
            raise CartError(
                _("Sản phẩm này không có trong giỏ hàng."), field="pack_size", pack_size_id=pack_id
            )
        if quantity == 0:
            self.remove(pack_id)
            return None
        pack = self._pack(pack_id)
        self._check(pack, quantity, held=self._held_by_combos(pack.pk))
        self.items[str(pack.pk)] = {"q": quantity, "p": pack.price}
        self.save()
        return pack

    def remove(self, pack_id: int) -> None:
        if self.items.pop(str(pack_id), None) is None:
            raise CartError(
                _("Sản phẩm này không có trong giỏ hàng."), field="pack_size", pack_size_id=pack_id
            )
        self.save()

    def _held_by_combos(self, pack_id: int) -> int:
        """Units of this pack the cart's gift combos need: a single purchase gets only the rest (as
        `_share_stock` would leave it), so adding more is refused now rather than said to be added
        and then taken back out by the cart page."""
        boxes = self.combo_quantities()
        if not boxes:
            return 0
        return sum(
            component.quantity * boxes[combo.pk]
            for combo in sellable_combos(boxes.keys())
            for component in combo.component_list
            if component.pack_size_id == pack_id
        )

    @staticmethod
    def _check(pack: PackSize, quantity: int, *, held: int = 0, in_cart: int = 0) -> None:
        """`quantity` (more) of the pack for a line holding `in_cart`, beside `held` units the cart's
        gift combos need: refused with what fits, counting what the line holds already."""
        most = min(MAX_QUANTITY, pack.stock - held)
        if in_cart + quantity <= most:
            return
        concerns = {"field": "quantity", "pack_size_id": pack.pk}
        if in_cart:
            raise CartError(
                _room_left(pack.full_label, in_cart, most - in_cart, _why_no_more(pack, held)), **concerns
            )
        raise CartError(_too_many(pack, quantity, held), **concerns)

    # --- Gift combos ---------------------------------------------------------------------------------

    def _combo(self, combo_id: int) -> GiftComboPage:
        combo = sellable_combos([combo_id]).first()
        if combo is None or not combo.is_available:
            raise CartError(_("Gói quà này hiện không bán."), field="combo")
        return combo

    def add_combo(self, combo_id: int, quantity: int) -> GiftComboPage:
        combo = self._combo(combo_id)
        key = combo_key(combo.pk)
        current = self.items.get(key, {}).get("q", 0)
        self._check_combo(combo, quantity, in_cart=current)
        if not current and len(self.items) >= MAX_LINES:
            raise CartError(
                _("Giỏ hàng đã có %(n)s loại sản phẩm, không thêm được nữa.") % {"n": MAX_LINES},
                field="combo",
            )
        self.items[key] = {"q": current + quantity, "p": combo.price}
        self.save()
        return combo

    def set_combo(self, combo_id: int, quantity: int) -> GiftComboPage | None:
        key = combo_key(combo_id)
        if key not in self.items:
            raise CartError(_("Gói quà này không có trong giỏ hàng."), field="combo")
        if quantity == 0:
            self.remove_combo(combo_id)
            return None
        combo = self._combo(combo_id)
        self._check_combo(combo, quantity)
        self.items[key] = {"q": quantity, "p": combo.price}
        self.save()
        return combo

    def remove_combo(self, combo_id: int) -> None:
        if self.items.pop(combo_key(combo_id), None) is None:
            raise CartError(_("Gói quà này không có trong giỏ hàng."), field="combo")
        self.save()

    @staticmethod
    def _check_combo(combo: GiftComboPage, quantity: int, *, in_cart: int = 0) -> None:
        """As `_check`, for gift boxes: what today's stock makes, and at most MAX_QUANTITY a line."""
        most = min(MAX_QUANTITY, combo.available_count)
        if in_cart + quantity <= most:
            return
        if in_cart:
            if combo.available_count >= MAX_QUANTITY:
                why = _most_per_line()
            else:
                why = _("Cửa hàng chỉ còn đủ hàng cho %(count)s gói.") % {"count": combo.available_count}
            raise CartError(_room_left(combo.title, in_cart, most - in_cart, why), field="quantity")
        if quantity > MAX_QUANTITY:
            raise CartError(_most_per_line(), field="quantity")
        if quantity > combo.available_count:
            raise CartError(
                _("“%(name)s” chỉ còn đủ hàng cho %(count)s gói.")
                % {"name": combo.title, "count": combo.available_count},
                field="quantity",
            )

    def _refresh_combos(self, lines: list, notices: Notices) -> None:
        combos = {combo.pk: combo for combo in sellable_combos(self.combo_quantities().keys())}
        gone = combo_titles(pk for pk in self.combo_quantities() if pk not in combos)
        for key, item in list(self.items.items()):
            if not key.startswith("c"):
                continue
            combo = combos.get(int(key[1:]))
            if combo is None or not combo.is_available:
                del self.items[key]
                name = combo.title if combo else gone.get(int(key[1:]), _("Một gói quà"))
                notices.quantity(key, _("“%(name)s” hiện không bán và đã được bỏ khỏi giỏ.") % {"name": name})
                continue
            if combo.price != item["p"]:
                notices.price(
                    key,
                    _("Giá của “%(name)s” đã đổi từ %(old)s thành %(new)s.")
                    % {"name": combo.title, "old": format_vnd(item["p"]), "new": format_vnd(combo.price)},
                )
                item["p"] = combo.price
            if item["q"] > combo.available_count:
                item["q"] = combo.available_count
                notices.quantity(
                    key,
                    _(
                        "“%(name)s” chỉ còn đủ hàng cho %(count)s gói; số lượng trong giỏ đã giảm còn %(count)s."
                    )
                    % {"name": combo.title, "count": combo.available_count},
                )
            lines.append(ComboCartLine(combo=combo, quantity=item["q"]))

    def _share_stock(self, lines: list, notices: Notices) -> None:
        """A pack in a combo of the cart and bought singly too: the single line gets what the combos
        leave, so the buyer learns it here rather than at the order's stock check. What it says of such a
        line replaces what the pack's own stock check said: the line's final state."""
        in_combos = Counter()
        for line in lines:
            if line.is_combo:
                for component in line.combo.component_list:
                    in_combos[component.pack_size_id] += component.quantity * line.quantity
        for line in [line for line in lines if not line.is_combo and in_combos[line.pack.pk]]:
            left = line.pack.stock - in_combos[line.pack.pk]
            if line.quantity <= left:
                continue
            key, name = str(line.pack.pk), line.pack.full_label
            if left <= 0:
                del self.items[key]
                lines.remove(line)
                notices.quantity(
                    key,
                    _("“%(name)s” chỉ còn đủ cho gói quà trong giỏ; phần mua lẻ đã được bỏ ra.")
                    % {"name": name},
                )
                continue
            self.items[key]["q"] = line.quantity = left
            notices.quantity(
                key,
                _(
                    "“%(name)s” còn %(left)s sản phẩm ngoài phần trong gói quà; số lượng mua lẻ đã giảm còn %(left)s."
                )
                % {"name": name, "left": left},
            )

    def refresh(self) -> tuple[list, list[str]]:
        """Re-read price and stock; fix the cart to what can be bought and say what changed."""
        packs = {pack.pk: pack for pack in sellable_packs(self.quantities().keys())}
        gone = pack_names(pk for pk in self.quantities() if pk not in packs)  # no query when none went
        lines, notices = [], Notices()
        for pk_text, item in list(self.items.items()):
            if not pk_text.isdigit():
                continue
            pack = packs.get(int(pk_text))
            if pack is None:
                del self.items[pk_text]
                notices.quantity(pk_text, _no_longer_sold(gone.get(int(pk_text))))
                continue
            name = pack.full_label
            if pack.price != item["p"]:
                notices.price(
                    pk_text,
                    _("Giá của “%(name)s” đã đổi từ %(old)s thành %(new)s.")
                    % {"name": name, "old": format_vnd(item["p"]), "new": format_vnd(pack.price)},
                )
                item["p"] = pack.price
            if pack.stock == 0:
                del self.items[pk_text]
                notices.quantity(pk_text, _("“%(name)s” đã hết hàng và được bỏ khỏi giỏ.") % {"name": name})
                continue
            if item["q"] > pack.stock:
                item["q"] = pack.stock
                notices.quantity(
                    pk_text,
                    _("“%(name)s” chỉ còn %(stock)s sản phẩm; số lượng trong giỏ đã giảm còn %(stock)s.")
                    % {"name": name, "stock": pack.stock},
                )
            lines.append(CartLine(pack=pack, quantity=item["q"]))
        if any(key.startswith("c") for key in self.items):
            self._refresh_combos(lines, notices)
            self._share_stock(lines, notices)
        said = notices.messages()
        if said:
            self.save()
        return lines, said


def _why_no_more(pack: PackSize, held: int) -> str:
    """What caps a line of the pack: the most per line, or the stock (less what the gift boxes need)."""
    if pack.stock - held >= MAX_QUANTITY:
        return _most_per_line()
    if held:
        return _("Cửa hàng còn %(stock)s sản phẩm này, %(held)s trong số đó dành cho gói quà trong giỏ.") % {
            "stock": pack.stock,
            "held": held,
        }
    return _("Cửa hàng chỉ còn %(stock)s sản phẩm này.") % {"stock": pack.stock}


def _too_many(pack: PackSize, quantity: int, held: int) -> str:
    """A quantity for a line (a new one, or a line's new quantity) above what it may hold."""
    name, left = pack.full_label, pack.stock - held
    if quantity > MAX_QUANTITY:
        return _most_per_line()
    if held and left <= 0:
        return _("“%(name)s” chỉ còn đủ cho gói quà trong giỏ.") % {"name": name}
    if held:
        return _("“%(name)s” còn %(left)s sản phẩm ngoài phần trong gói quà.") % {"name": name, "left": left}
    if pack.stock == 0:
        return _("“%(name)s” đã hết hàng.") % {"name": name}
    return _("“%(name)s” chỉ còn %(stock)s sản phẩm.") % {"name": name, "stock": pack.stock}


def _no_longer_sold(name: str | None) -> str:
    if name is None:  # the pack was deleted: nothing left to name it by
        return _("Một sản phẩm trong giỏ không còn bán và đã được bỏ ra.")
    return _("“%(name)s” không còn bán và đã được bỏ khỏi giỏ.") % {"name": name}


def subtotal(lines: list[CartLine]) -> int:
    return sum(line.line_total for line in lines)
