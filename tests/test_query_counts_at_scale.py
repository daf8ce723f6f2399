"""The pages' and the admin lists' query counts stay the same among four times the curated records (the
`larger` fixture, for this module)."""

import pytest

from tests.test_query_counts import ADMIN_LISTS, CONTENT_VERSION, PAGES, assert_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url, queries", PAGES)
def test_page_query_count_does_not_grow_with_the_data(larger, client, django_assert_num_queries, url, queries):
    assert_queries(client, django_assert_num_queries, url, CONTENT_VERSION + queries)


@pytest.mark.parametrize("model, queries", ADMIN_LISTS)
def test_admin_list_query_count_does_not_grow_with_the_data(larger, editor_client, django_assert_num_queries, model, queries):
    assert_queries(editor_client, django_assert_num_queries, f"/admin/{model}/", queries)
