"""Record pages open with a line that counts what they list and a contents list; long sections come in groups."""

import re

import pytest

from initiatives.models import City, Participation

pytestmark = pytest.mark.django_db


def test_a_city_page_opens_with_its_counts_and_contents(client):
    city = City.objects.get(slug="los-angeles")
    page = client.get(city.get_absolute_url()).content.decode()
    networks = city.memberships.values("network").distinct().count()
    initiatives = city.participations.values("initiative").distinct().count()
    summary = re.search(r'<p class="record-summary">(.*?)</p>', page).group(1)
    assert summary.startswith(f"Member of {networks} networks, in {initiatives} initiatives, mentioned in ")
    contents = re.search(r'<nav class="contents" aria-label="On this page">(.*?)</nav>', page, re.S).group(1)
    assert f'<a href="#networks">Networks</a> <span class="count">({networks})</span>' in contents
    assert f'<a href="#initiatives">Initiatives</a> <span class="count">({initiatives})</span>' in contents
    for anchor in re.findall(r'href="#([\w-]+)"', contents):
        assert f'id="{anchor}"' in page


def test_a_city_s_many_initiatives_are_grouped_by_role_and_the_large_groups_closed(client):
    page = client.get("/cities/los-angeles/").content.decode()
    groups = re.findall(r'<details class="group"( open)?><summary>As ([^<]+) <span class="count">\((\d+)\)</span>', page)
    roles = Participation.objects.filter(city__slug="los-angeles").values_list("role", flat=True)
    assert sum(int(count) for _, _, count in groups) == len(roles)
    for opened, label, count in groups:
        assert bool(opened) == (int(count) <= 8), label
    assert groups[0][1] == "lead"


def test_a_city_in_no_network_says_so_and_lists_no_empty_section(client):
    city = City.objects.create(name="Nowhereville", slug="nowhereville", country="Nowhere", region="europe")
    page = client.get(city.get_absolute_url()).content.decode()
    assert "In no network yet: none of our articles names a network Nowhereville belongs to." in page
    assert "In no initiative yet" in page
    assert 'class="record-summary"' not in page and 'class="contents"' not in page
    assert "In no network yet" not in client.get("/cities/los-angeles/").content.decode()


def test_an_article_counts_its_paragraphs_claims_and_passages(client):
    page = client.get("/articles/cities-are-transforming-us-foreign-policy/").content.decode()
    assert re.search(r'<p class="record-summary">\d+ paragraphs, the source of \d+ claims in \d+ quoted passages\.</p>', page)
    assert '<a href="#sourced">Records it is the source of</a>' in page


def test_cities_one_sentence_names_together_share_one_item_and_the_quote_is_shown_once(client):
    initiative = "/initiatives/sdg-voluntary-local-reviews/"
    shared = Participation.objects.filter(initiative__slug="sdg-voluntary-local-reviews").order_by("city__name")
    quote = shared[0].sources.get().quote
    assert all(participation.sources.get().quote == quote for participation in shared) and len(shared) == 7
    page = client.get(initiative).content.decode()
    cities = page[page.index('<section aria-labelledby="cities">') : page.index('<section aria-labelledby="sources">')]
    assert cities.count(quote[:40]) == 1
    item = re.search(r"<li>(.*?) — participant", cities).group(1)
    assert re.findall(r'<a id="city-([\w-]+)"', item) == [participation.city.slug for participation in shared]
    # Each city's claim keeps its own address on the page (the admin's "View on site", the JSON's url).
    for participation in shared:
        path, anchor = participation.get_absolute_url().split("#")
        assert path == initiative and f'id="{anchor}"' in item


def test_members_on_one_quote_share_it_and_keep_each_editor_s_note(client):
    page = client.get("/networks/pact-of-free-cities/").content.decode()
    members = page[page.index('<section aria-labelledby="members">') :]
    members = members[: members.index("</section>")]
    assert members.count("came together to create the") == 1
    assert re.search(r'<li><a href="/cities/bratislava/">Bratislava</a>, <a href="/cities/budapest/">Budapest</a>, ', members)
    for city in ("Bratislava", "Budapest", "Prague", "Warsaw"):
        assert f"<strong>Editor’s note on {city}:</strong> The quote names the countries, not their capitals: {city} is" in members
