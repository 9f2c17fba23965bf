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
