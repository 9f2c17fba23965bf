"""Producers' edits wait for programme staff's approval ("Duyệt nội dung") unless they are trusted."""

from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import Workflow, WorkflowState

from catalogue.models import ProductPage
from catalogue.moderation import WORKFLOW_NAME, moderation_workflow
from tests.admin_forms import form_data


def edit_and_publish(client, product, title):
    url = f"/admin/pages/{product.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    data.update(title=title, **{"action-publish": "1"})
    client.post(url, data)
    data.pop("action-publish")
    data["action-submit"] = "1"
    return client.post(url, data)


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
    producer.trusted_publisher = True
    producer.save_revision(user=staff).publish(user=staff)
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
