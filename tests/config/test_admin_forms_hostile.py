"""Every admin form of ours, and Wagtail's page editor, posted with one field at a time replaced by a
hostile value: a form error or a clear 400, never a 5xx (config/admin_input.py, config/admin_bulk.py).
Property-based: hypothesis picks the form's field and the value."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.admin_forms import form_data
from tests.config.test_hostile_input import NASTY
from traceability.factories import LotFactory

HOSTILE = st.one_of(st.sampled_from([*NASTY, "²", "٣", "1e9", "2026-13-45", "[]"]), st.text(max_size=20))
EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def forms(product):
    lot = LotFactory(pack_size=product.pack_sizes.get(), code="L2406-01")
    return {
        "product page": f"/admin/pages/{product.pk}/edit/",
        "lot": reverse("lots:edit", args=[lot.pk]),
        "new lot": reverse("lots:add"),
        "new certificate": reverse("certificates:add"),
        "OCOP certification": reverse("ocop_certifications:add"),
        "pack size": reverse("pack_sizes:edit", args=[product.pack_sizes.get().pk]),
    }


@pytest.mark.parametrize(
    "form", ["product page", "lot", "new lot", "new certificate", "OCOP certification", "pack size"]
)
@EXAMPLES
@given(data=st.data())
def test_an_admin_form_with_any_value_in_any_field_never_fails(admin_client, forms, form, data):
    path = forms[form]
    fields = form_data(admin_client.get(path).content)
    # By position: the form may change between examples (an example that saves adds a revision, a row).
    names = sorted(fields)
    name = names[data.draw(st.integers(min_value=0, max_value=999), label="field") % len(names)]
    value = data.draw(HOSTILE, label="value")
    response = admin_client.post(path, {**fields, name: value})
    assert response.status_code < 500, (name, value)
