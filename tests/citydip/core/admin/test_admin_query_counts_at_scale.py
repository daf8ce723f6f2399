"""The admin's change and add pages take as many queries among four times the curated records (the `larger`
fixture, for this module) as among the curated ones."""

import pytest

from tests.citydip.core.admin.test_admin_query_counts import (
    ADD_PAGES,
    CHANGE_PAGES,
    IDS,
    assert_add_page,
    assert_change_pages,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model, path, inline_rows, queries, add_queries", CHANGE_PAGES, ids=IDS)
def test_admin_change_page_query_count_does_not_grow_with_the_data(
    larger, editor_client, django_assert_num_queries, model, path, inline_rows, queries, add_queries
):
    assert_change_pages(editor_client, django_assert_num_queries, model, path, inline_rows, queries)


@pytest.mark.parametrize("path, queries", ADD_PAGES)
def test_admin_add_page_query_count_does_not_grow_with_the_data(
    larger, editor_client, django_assert_num_queries, path, queries
):
    assert_add_page(editor_client, django_assert_num_queries, path, queries)
