"""The data migration turns yesterday's star fields into certification records, then drops the fields."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("catalogue", "0004_gift_combos")]
AFTER = [("catalogue", "0005_ocop_certification_records")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_star_fields_become_records(home, producer):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    ProductPage = old_apps.get_model("catalogue", "ProductPage")
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="catalogue", model="productpage")

    def product(slug, **ocop):
        return ProductPage.objects.create(
            title=slug,
            slug=slug,
            path=f"{producer.path}{slug[:4].upper()}",
            depth=producer.depth + 1,
            content_type_id=content_type.pk,
            summary="",
            producer_id=producer.pk,
            locale_id=producer.locale_id,
            **ocop,
        )

    product(
        "keo1",
        ocop_stars=5,
        ocop_decision_number="1842/QĐ-BNN",
        ocop_decision_date=datetime.date(2023, 12, 20),
        ocop_level="national",
    )
    product("tra1", ocop_stars=4, ocop_potential_five=True, ocop_decision_date=datetime.date(2020, 6, 10))
    product("banh", ocop_stars=None)

    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new_apps = executor.loader.project_state(AFTER).apps
        Certification = new_apps.get_model("catalogue", "Certification")
        NewProductPage = new_apps.get_model("catalogue", "ProductPage")
        keo = NewProductPage.objects.get(slug="keo1")
        record = Certification.objects.get(pk=keo.certification_id)
        assert (record.stars, record.level, record.decision_number, record.valid_until, record.state) == (
            5,
            "national",
            "1842/QĐ-BNN",
            datetime.date(2026, 12, 20),
            "active",
        )
        tra = Certification.objects.get(product__slug="tra1")
        assert (tra.potential_five, tra.level, tra.valid_until) == (
            True,
            "province",
            datetime.date(2023, 6, 10),
        )
        assert NewProductPage.objects.get(slug="banh").certification_id is None
        assert "ocop_stars" not in {f.name for f in NewProductPage._meta.get_fields()}
    finally:
        # Whatever happened, later tests on this worker need the schema at its latest state.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


BEFORE_ONE_ACTIVE = [("catalogue", "0011_default_workflow_in_vietnamese")]
AFTER_ONE_ACTIVE = [("catalogue", "0013_certification_one_active_constraint")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_product_left_with_two_active_records_keeps_its_latest_decision_in_force(product):
    """The report's product 31: a record in force, never superseded, beside a later one."""
    shown = product.certification
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_ONE_ACTIVE)
    old_apps = executor.loader.project_state(BEFORE_ONE_ACTIVE).apps
    Certification = old_apps.get_model("catalogue", "Certification")
    forgotten = Certification.objects.create(
        product_id=product.pk,
        product_title=product.title,
        stars=3,
        level="province",
        decision_number="07/QĐ-T7",
        decision_date=shown.decision_date - datetime.timedelta(days=30),
        valid_until=shown.valid_until - datetime.timedelta(days=30),
        state="active",
    )

    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER_ONE_ACTIVE)
        new_apps = executor.loader.project_state(AFTER_ONE_ACTIVE).apps
        records = new_apps.get_model("catalogue", "Certification").objects
        assert list(records.filter(product_id=product.pk, state="active").values_list("pk", flat=True)) == [
            shown.pk
        ]
        assert records.get(pk=forgotten.pk).state == "superseded"
        assert records.get(pk=shown.pk).supersedes_id == forgotten.pk
        page = new_apps.get_model("catalogue", "ProductPage").objects.get(pk=product.pk)
        assert page.certification_id == shown.pk
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
