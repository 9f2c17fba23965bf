"""A producer's founding year is a year that has been: a craft village may be centuries old, but no
producer was founded after this year (the page would read "từ năm 3000")."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone


@pytest.mark.django_db
@pytest.mark.parametrize("year", [0, 999, timezone.localdate().year + 1, 3000])
def test_a_founding_year_that_has_not_been_is_refused_with_a_message(producer, year):
    producer.founded_year = year
    with pytest.raises(ValidationError) as refused:
        producer.full_clean()
    assert "Năm thành lập" in " ".join(refused.value.message_dict["founded_year"])


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1000, 1468, 2001, timezone.localdate().year])
def test_a_founding_year_that_has_been_is_kept(producer, year):
    producer.founded_year = year
    producer.full_clean()
