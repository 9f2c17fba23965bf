"""Producers' edits go live after programme staff approve them ("Duyệt nội dung"), unless programme
staff have marked the producer as trusted to publish directly.

Wagtail's own workflow does the work: a group approval task for the programme staff group, assigned
to the producers' index page so it covers every producer page and product below it. A producer's
group holds `publish_page` on its page only while the producer is trusted; without it the editor
offers "Gửi duyệt" instead of "Xuất bản", and the approvers see the task on their dashboard and by
Wagtail's workflow email.
"""

from django.contrib.auth.models import Permission
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

WORKFLOW_NAME = "Duyệt nội dung"
TASK_NAME = "Cán bộ OCOP duyệt"
# Programme staff edit and publish below the producers' index: approving publishes the page.
STAFF_PAGE_PERMISSIONS = ("change_page", "publish_page")


def moderation_workflow(staff_group) -> Workflow:
    # The first of that name: staff may create another one alike in the admin (names are not unique).
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).order_by("pk").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(staff_group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def moderate_producers(producer_index, staff_group) -> Workflow:
    """Put every producer page and product under the workflow (idempotent)."""
    workflow = moderation_workflow(staff_group)
    WorkflowPage.objects.update_or_create(page=producer_index, defaults={"workflow": workflow})
    for codename in STAFF_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=staff_group,
            page=producer_index,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    return workflow


def set_trusted_publisher(producer_page, trusted: bool) -> None:
    """Programme staff's decision, written to the live page at once (revisions never carry it, see
    ProducerPage.with_content_json) with its group's right to publish."""
    from .permissions import producer_group

    type(producer_page).objects.filter(pk=producer_page.pk).update(trusted_publisher=trusted)
    producer_page.trusted_publisher = trusted
    group = producer_group(producer_page)
    if group is not None:
        sync_publish_permission(producer_page, group)


def sync_publish_permission(producer_page, group) -> None:
    """A trusted producer's group may publish its pages directly; any other's submits them for review."""
    permission = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    if producer_page.trusted_publisher:
        GroupPagePermission.objects.get_or_create(group=group, page=producer_page, permission=permission)
    else:
        GroupPagePermission.objects.filter(group=group, page=producer_page, permission=permission).delete()
