"""The GeoNames gazetteer as the data migration loads it — its cities, their names in Latin script, our regions
and country names — and the GeoNames ids given to the curated cities where certain."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from initiatives import gazetteer
from initiatives.models import City, Place, PlaceName

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    """The migration loaded the gazetteer; a `flush` earlier in the run (the backup tests, the larger records)
    empties it, so it is loaded again here, once, outside the tests' transactions."""
    with django_db_blocker.unblock():
        gazetteer.ensure_loaded()


def test_the_table_holds_every_city_of_15000_people_but_antarcticas_two():
    assert Place.objects.count() == 34_004
    montevideo = Place.objects.get(geonames_id=3441575)
    assert (montevideo.name, montevideo.country, montevideo.country_code, montevideo.region) == (
        "Montevideo", "Uruguay", "UY", "latin-america"
    )
    assert montevideo.population > 1_000_000
    assert (round(montevideo.latitude, 1), round(montevideo.longitude, 1)) == (-34.9, -56.2)


def test_alternate_names_are_kept_in_latin_script_only():
    names = set(PlaceName.objects.filter(place_id=2267057).values_list("name", flat=True))  # Lisbon
    assert {"Lisbon", "Lisboa", "Lissabon"} <= names
    assert not any(name.isupper() for name in names), "codes such as LIS are no names a text gives"
    assert all(gazetteer.is_usable_name(name) for name in names)
    assert PlaceName.objects.filter(place_id=3688689, name="Bogota").exists(), "Bogotá, without its accent"
    assert 100_000 < PlaceName.objects.count() < 150_000


@pytest.mark.parametrize(
    "name, usable",
    [
        ("Rio de Janeiro", True), ("Port-au-Prince", True), ("St. Louis", True), ("Xi'an", True), ("São Paulo", True),
        ("Москва", False), ("東京", False), ("lisboa", False), ("NYC", False), ("Kota 2", False),
        ("Lungsod ng New York", False),  # "ng" is no particle of a name an English text writes
    ],
)
def test_a_usable_name_is_one_an_english_text_could_write(name, usable):
    assert gazetteer.is_usable_name(name) is usable


@pytest.mark.parametrize(
    "country, continent, region",
    [
        ("US", "NA", "north-america"), ("CA", "NA", "north-america"), ("MX", "NA", "latin-america"),
        ("JM", "NA", "latin-america"), ("UY", "SA", "latin-america"), ("TR", "AS", "middle-east"),
        ("AE", "AS", "middle-east"), ("JP", "AS", "asia"), ("MA", "AF", "africa"), ("FR", "EU", "europe"),
        ("NZ", "OC", "oceania"), ("AQ", "AN", ""),
    ],
)
def test_regions_are_the_bases_own(country, continent, region):
    assert gazetteer.region_of(country, continent) == region


def test_the_curated_regions_agree_with_the_gazetteers():
    for city in City.objects.all():
        place = gazetteer.certain_place(city, list(Place.objects.filter(names__name=city.name)))
        assert place is not None, city
        assert place.region == city.region, city


def test_every_curated_city_gets_its_geonames_id_where_certain():
    City.objects.update(geonames_id=None)
    assert gazetteer.attach_geonames_ids(City, PlaceName) == 37
    ids = dict(City.objects.values_list("slug", "geonames_id"))
    assert ids["new-york"] == 5128581, "by an alternate name: GeoNames says New York City"
    assert ids["marrakech"] == 2542997, "GeoNames says Marrakesh"
    assert ids["prague"] == 3067696, "its country as the base names it, Czech Republic"
    assert gazetteer.attach_geonames_ids(City, PlaceName) == 0, "a second run finds nothing left to do"


def test_no_id_is_given_where_not_certain():
    City.objects.update(geonames_id=None)
    City.objects.filter(slug="paris").update(latitude=Decimal("45.0"))  # not where GeoNames puts Paris
    City.objects.filter(slug="london").update(country="Canada")  # London, Ontario: far from these coordinates
    City.objects.filter(slug="berlin").update(latitude=None, longitude=None)
    gazetteer.attach_geonames_ids(City, PlaceName)
    unmatched = set(City.objects.filter(geonames_id=None).values_list("slug", flat=True))
    assert unmatched == {"paris", "london", "berlin"}


def test_a_place_two_cities_claim_goes_to_neither():
    City.objects.update(geonames_id=None)
    tokyo = City.objects.get(slug="tokyo")
    City.objects.create(name="Tokyo", slug="tokyo-2", country="Japan", region="asia",
                        latitude=tokyo.latitude, longitude=tokyo.longitude)
    gazetteer.attach_geonames_ids(City, PlaceName)
    assert not City.objects.filter(name="Tokyo", geonames_id__isnull=False).exists()


def test_places_named_finds_each_town_of_a_name_the_most_populous_first():
    found = gazetteer.places_named(["Córdoba", "Montevideo", "Nowhere at all"])
    assert [place.country_code for place in found["Córdoba"]][:2] == ["AR", "ES"]
    assert [place.pk for place in found["Montevideo"]] == [3441575]
    assert "Nowhere at all" not in found


def test_countries_are_read_by_every_name_a_text_gives_them():
    codes = gazetteer.country_codes_by_name()
    assert codes["U.S."] == codes["United States"] == "US"
    assert codes["Czech Republic"] == codes["Czechia"] == "CZ"
    assert {"Armenia", "Washington", "Asia"} <= gazetteer.not_city_names()


def test_the_gazetteer_is_loaded_again_when_empty():
    PlaceName.objects.all().delete()
    Place.objects.all().delete()
    assert gazetteer.ensure_loaded() == 34_004
    assert gazetteer.ensure_loaded() == 0


def test_the_command_loads_what_a_flush_emptied_and_gives_the_cities_their_ids():
    PlaceName.objects.all().delete()
    Place.objects.all().delete()
    City.objects.update(geonames_id=None)
    out = StringIO()
    call_command("load_gazetteer", stdout=out)
    assert out.getvalue() == "34004 places loaded; 37 cities given their GeoNames id.\n"
