"""Comparing cities, the chains between records and the networks' overlap take as many queries among four times
the curated records (the `larger` fixture, for this module) as among the curated ones: the chains are searched
in Python over edges loaded in four queries, never a query per record."""

import pytest

from tests.initiatives.test_connections import CONTENT_VERSION, QUERY_COUNTS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url, queries", QUERY_COUNTS)
def test_query_counts_do_not_grow_with_the_data(larger, client, django_assert_num_queries, url, queries):
    with django_assert_num_queries(CONTENT_VERSION + queries):
        assert client.get(url).status_code == 200


def test_the_chains_are_found_among_four_times_the_records(larger, client):
    data = client.get("/connections/?from=seoul&to=freetown&format=json").json()
    assert data["length"] == 4 and len(data["chains"]) == 5
    overlap = client.get("/networks/overlap/?format=json").json()
    assert len(overlap["networks"]) == 20 < overlap["total"]
