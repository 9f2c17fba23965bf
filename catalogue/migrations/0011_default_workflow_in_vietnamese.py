"""Wagtail's default workflow and its task, made by Wagtail's own migration for the root page, are named
"Moderators approval": a store's editor read "Gửi Moderators approval" on its button. They get
Vietnamese names (a site whose staff already renamed them keeps its names)."""

from django.db import migrations

ENGLISH = "Moderators approval"
WORKFLOW = "Duyệt trang"
TASK = "Quản trị viên duyệt"


def to_vietnamese(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=ENGLISH).update(name=WORKFLOW)
    apps.get_model("wagtailcore", "Task").objects.filter(name=ENGLISH).update(name=TASK)


def to_english(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).update(name=ENGLISH)
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK).update(name=ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0010_combo_search_text_split_at_punctuation"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_vietnamese, to_english)]
