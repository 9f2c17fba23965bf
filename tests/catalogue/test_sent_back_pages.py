"""A page programme staff sent back (workflow task rejected: "request changes") stays on its producer's
dashboard, under "Trang chờ duyệt", marked as sent back with the moderator's comment, so the producer
knows to act; before, it fell off the panel as if there were nothing left to do."""

from bs4 import BeautifulSoup
from wagtail.models import WorkflowState

from tests.catalogue.test_moderation import edit_and_publish


def moderation_panel(client):
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    return next(s for s in soup.select("section.ocop-dashboard-panel") if "Trang chờ duyệt" in s.h2.text)


def send_back(client, staff, product, comment):
    state = WorkflowState.objects.get(object_id=str(product.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(staff)
    url = f"/admin/pages/workflow/action/{product.pk}/reject/{state.current_task_state.pk}/"
    assert client.post(url, {"comment": comment}).status_code in (200, 302)
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_NEEDS_CHANGES


def test_a_page_sent_back_shows_on_the_producers_dashboard_with_the_moderators_comment(
    client, product, producer_user, staff
):
    client.force_login(producer_user)
    edit_and_publish(client, product, "Kẹo dừa sầu riêng mới")
    send_back(client, staff, product, "Thiếu ảnh bao bì mặt sau")

    client.force_login(producer_user)
    (line,) = moderation_panel(client).select("li")

    assert line.a.get_text() == "Kẹo dừa sầu riêng mới"
    assert line.a["href"] == f"/admin/pages/{product.pk}/edit/"
    assert "cán bộ OCOP trả lại" in line.get_text()
    assert "Thiếu ảnh bao bì mặt sau" in line.get_text()


def test_a_page_sent_back_without_a_comment_says_it_was_sent_back(client, product, producer_user, staff):
    client.force_login(producer_user)
    edit_and_publish(client, product, "Kẹo dừa sầu riêng mới")
    send_back(client, staff, product, "")

    client.force_login(producer_user)
    (line,) = moderation_panel(client).select("li")

    assert "cán bộ OCOP trả lại" in line.get_text()
    assert "gửi duyệt lúc" not in line.get_text()


def test_a_page_awaiting_review_still_says_when_it_was_sent(client, product, producer_user):
    client.force_login(producer_user)
    edit_and_publish(client, product, "Kẹo dừa sầu riêng mới")

    (line,) = moderation_panel(client).select("li")

    assert "gửi duyệt lúc" in line.get_text() and "trả lại" not in line.get_text()
