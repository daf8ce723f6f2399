"""Renaming a city takes as many queries among four times the curated records (the `larger` fixture, for this
module) as among the curated ones."""

import pytest

from tests.initiatives.test_linking import rename_milan


@pytest.mark.django_db
def test_renaming_a_city_takes_as_many_queries_among_four_times_the_records(larger, django_assert_num_queries):
    rename_milan(django_assert_num_queries)
