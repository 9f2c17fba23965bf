"""Producers' edits wait for programme staff's approval ("Duyệt nội dung") unless they are trusted."""

from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import GroupPagePermission, Workflow, WorkflowState

from catalogue.models import ProductPage
from catalogue.moderation import WORKFLOW_NAME, moderation_workflow
from catalogue.permissions import producer_editors
from tests.admin_forms import form_data


def edit_and_publish(client, product, title):
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    data.update(title=title, **{"action-publish": "1"})
    client.post(url, data)
    data.pop("action-publish")
    data["action-submit"] = "1"
    return client.post(url, data)


def mark_trusted(client, staff, producer, trusted):
    """Programme staff tick (or untick) "được đăng trực tiếp" on the producer's page and publish it."""
    client.force_login(staff)
    url = f"/admin/pages/{producer.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    data.pop("trusted_publisher", None)
    if trusted:
        data["trusted_publisher"] = "on"
    data.update({"action-publish": "1", "story-count": "0"})  # the editor's script builds the story
    assert client.post(url, data).status_code == 302
    return type(producer).objects.get(pk=producer.pk).get_latest_revision()


def test_a_producers_publish_goes_to_moderation_and_staff_are_told(client, product, producer_user, staff):
    client.force_login(producer_user)
    response = edit_and_publish(client, product, "Kẹo dừa sầu riêng mới")
    assert response.status_code == 302
    assert ProductPage.objects.get(pk=product.pk).title == "Kẹo dừa sầu riêng"  # the live page waits
    state = WorkflowState.objects.get(object_id=str(product.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == WORKFLOW_NAME
    assert any("canbo@ocop.example" in message.to for message in mail.outbox)

    client.force_login(staff)
    dashboard = client.get("/admin/").content.decode()
    assert "Kẹo dừa sầu riêng mới" in dashboard  # "awaiting your review"
    task_state = state.current_task_state
    url = f"/admin/pages/workflow/action/{product.pk}/approve/{task_state.pk}/"
    assert client.post(url, {"comment": ""}).status_code in (200, 302)
    assert ProductPage.objects.get(pk=product.pk).title == "Kẹo dừa sầu riêng mới"


def test_a_trusted_producer_publishes_directly(client, product, producer, producer_user, staff):
    mark_trusted(client, staff, producer, True)
    client.force_login(producer_user)
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    data.update(title="Kẹo dừa đăng ngay", **{"action-publish": "1"})
    assert client.post(url, data).status_code == 302
    assert ProductPage.objects.get(pk=product.pk).title == "Kẹo dừa đăng ngay"
    assert not WorkflowState.objects.filter(object_id=str(product.pk), status="in_progress").exists()


def test_only_programme_staff_see_the_trusted_mark(client, producer, producer_user, staff):
    client.force_login(producer_user)
    assert 'name="trusted_publisher"' not in client.get(f"/admin/pages/{producer.pk}/edit/").content.decode()
    client.force_login(staff)
    assert 'name="trusted_publisher"' in client.get(f"/admin/pages/{producer.pk}/edit/").content.decode()


def test_a_second_workflow_of_the_same_name_does_not_stop_setting_up_moderation(db):
    staff = Group.objects.create(name="Cán bộ thử")
    first = moderation_workflow(staff)
    Workflow.objects.create(name=WORKFLOW_NAME)  # staff may add one alike in the admin
    assert moderation_workflow(staff) == first


def test_reverting_to_a_trusted_revision_does_not_give_direct_publishing_back(
    client, product, producer, producer_user, staff
):
    trusted = mark_trusted(client, staff, producer, True)
    mark_trusted(client, staff, producer, False)

    # The producer reverts its page to the revision staff saved while it was trusted, and submits it.
    client.force_login(producer_user)
    revert = f"/admin/pages/{producer.pk}/revisions/{trusted.pk}/revert/"
    data = form_data(client.get(revert).content.decode())
    data.update({"action-submit": "1", "story-count": "0"})
    assert client.post(revert, data).status_code == 302
    state = WorkflowState.objects.get(object_id=str(producer.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(staff)
    url = f"/admin/pages/workflow/action/{producer.pk}/approve/{state.current_task_state.pk}/"
    assert client.post(url, {"comment": ""}).status_code in (200, 302)

    producer.refresh_from_db()
    assert producer.trusted_publisher is False
    # Its next product edit still waits for approval.
    client.force_login(producer_user)
    edit_and_publish(client, product, "Kẹo dừa không duyệt")
    assert ProductPage.objects.get(pk=product.pk).title == "Kẹo dừa sầu riêng"


def test_staff_withdraw_direct_publishing_from_a_renamed_producer(
    client, product, producer, producer_user, staff
):
    mark_trusted(client, staff, producer, True)
    producer.refresh_from_db()
    producer.title = "Công ty Cổ phần Đông Á"  # renamed after its group was made
    producer.save_revision(user=staff).publish(user=staff)

    mark_trusted(client, staff, producer, False)

    assert not GroupPagePermission.objects.filter(page=producer, permission__codename="publish_page").exists()
    client.force_login(producer_user)
    edit_and_publish(client, product, "Kẹo dừa không duyệt")
    assert ProductPage.objects.get(pk=product.pk).title == "Kẹo dừa sầu riêng"  # waits for approval
    assert producer_editors(producer).user_set.get() == producer_user  # the same group, not a new one
