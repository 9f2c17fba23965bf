"""The question `manage.py restore` and `restore_bucket` ask before they overwrite anything."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

YES = {"y", "yes", "c", "co", "có"}


def confirm_or_stop(question: str) -> None:
    """Ask on the terminal; stop the command (nothing changed) unless the answer is yes.

    Without a terminal (cron, a pipe from /dev/null, `docker compose exec -T`) there is nobody to ask:
    input() would end in an EOFError's traceback, so the command stops saying how to confirm instead."""
    try:
        answer = input(question + " " + _("[c/K]") + " ")
    except EOFError:
        raise CommandError(
            _(
                "Không có ai trả lời câu hỏi xác nhận (không có terminal): chạy lại với --no-input để xác nhận."
            )
        ) from None
    if answer.strip().lower() not in YES:
        raise CommandError(_("Đã huỷ: không có gì thay đổi."))
