from django.core.management.base import BaseCommand

from initiatives.gazetteer import attach_geonames_ids, ensure_loaded
from initiatives.models import City, PlaceName


class Command(BaseCommand):
    help = (
        "Load the GeoNames gazetteer (its cities of 15,000 people or more, CC BY 4.0) where its table is empty — "
        "the migration loads it, a flush empties it — then give each city without a GeoNames id the one that is "
        "certainly its own (same name and country, within 25 km)."
    )

    def handle(self, **options):
        loaded = ensure_loaded()
        matched = attach_geonames_ids(City, PlaceName)
        self.stdout.write(f"{loaded} places loaded; {matched} cities given their GeoNames id.")
