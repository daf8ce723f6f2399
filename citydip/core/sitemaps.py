"""What every app's sitemaps build on."""

from django.contrib.sitemaps import Sitemap


class RecordSitemap(Sitemap):
    """Records of one model, by slug; `get_absolute_url` gives each location."""

    model = None
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return self.model.objects.only("slug").order_by("slug")
