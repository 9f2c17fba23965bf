"""Give a producer's staff their corner of the admin (README, "Onboarding a producer").

A producer's staff sign in with a plain account: never a superuser, who sees every producer's data.
The account is made in the admin (Người dùng → Thêm người dùng, no group ticked: this command adds the
producer's), or here with `--create --email …`, which prints a password for the first sign-in.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.forms import ValidationError
from django.utils.translation import gettext as _

from catalogue.models import ProducerPage
from catalogue.permissions import grant_producer_access

# 12 characters of `token_urlsafe` (72 random bits): typed once, then changed by its owner.
FIRST_PASSWORD_BYTES = 9


class Command(BaseCommand):
    @property
    def help(self):
        # Read when the parser is built, in the language then active (argparse takes no lazy text).
        return _(
            "Cho một người dùng quyền của nhân viên một chủ thể: sửa trang chủ thể và sản phẩm của chủ thể đó "
            "(bản sửa chờ cán bộ OCOP duyệt, trừ chủ thể được đăng trực tiếp), ghi lô và giấy chứng nhận, xem "
            "đơn hàng, tồn kho và chứng nhận OCOP của mình; không thấy gì của chủ thể khác."
        )

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("tên đăng nhập của người dùng"))
        parser.add_argument(
            "producer",
            help=_("slug của trang chủ thể: phần cuối địa chỉ /chu-the/<slug>/, ví dụ dong-a"),
        )
        parser.add_argument(
            "--create",
            action="store_true",
            help=_(
                "tạo người dùng (tài khoản thường, không phải quản trị viên) và in mật khẩu cho lần đăng "
                "nhập đầu; cần --email"
            ),
        )
        parser.add_argument("--email", default="", help=_("email của người dùng mới (với --create)"))

    def handle(self, *args, username, producer, create=False, email="", **options):
        producer_page = ProducerPage.objects.filter(slug=producer).first()
        if producer_page is None:
            raise CommandError(
                _(
                    "Không có trang chủ thể nào có slug “%(slug)s”. Slug là phần cuối địa chỉ của trang "
                    "chủ thể (/chu-the/<slug>/), ghi ở ô “đường dẫn (slug)” khi sửa trang đó."
                )
                % {"slug": producer}
            )
        with transaction.atomic():
            if create:
                user, password = self.create_user(username, email)
            else:
                user, password = self.existing_user(username), None
            group = grant_producer_access(user, producer_page)
        if password:
            self.stdout.write(
                _(
                    "Đã tạo người dùng %(username)s. Mật khẩu cho lần đăng nhập đầu: %(password)s\n"
                    "Hãy gửi riêng mật khẩu này cho họ và nhắc đổi ngay sau khi đăng nhập (Tài khoản → "
                    "Mật khẩu), hoặc để họ dùng “Quên mật khẩu?” ở trang đăng nhập với email %(email)s."
                )
                % {"username": user.username, "password": password, "email": user.email}
            )
        if user.is_superuser:
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "Lưu ý: %(username)s là quản trị viên cao nhất (superuser) nên vẫn thấy dữ liệu của "
                        "mọi chủ thể. Nhân viên của một chủ thể nên dùng tài khoản thường."
                    )
                    % {"username": user.username}
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(username)s đã vào nhóm “%(group)s”.") % {"username": user.username, "group": group.name}
            )
        )

    def existing_user(self, username):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                _(
                    "Chưa có người dùng “%(username)s”. Hãy tạo một tài khoản thường trong trang quản trị "
                    "(Người dùng → Thêm người dùng; không đánh dấu quản trị viên, không chọn nhóm), hoặc "
                    "chạy lại lệnh với --create --email <email> để tạo ngay. Đừng dùng createsuperuser: "
                    "quản trị viên cao nhất thấy dữ liệu của mọi chủ thể."
                )
                % {"username": username}
            )
        return user

    def create_user(self, username, email):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(
                _("Đã có người dùng “%(username)s”: chạy lại lệnh không có --create để cấp quyền cho họ.")
                % {"username": username}
            )
        try:
            User._meta.get_field(User.USERNAME_FIELD).run_validators(username)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(
                _(
                    "Người dùng mới cần một email đúng (--email), để họ lấy lại mật khẩu khi quên: "
                    "“%(email)s” không phải email."
                )
                % {"email": email}
            ) from None
        password = secrets.token_urlsafe(FIRST_PASSWORD_BYTES)
        return User.objects.create_user(username, email, password), password
