"""/data/releases/: the numbered releases of the data, each with its files, its changelog and its citation."""


from django.db.models.functions import Length
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from citydip.core.caching import query_parameters
from citydip.core.record_views import html_only
from citydip.data import releases
from citydip.data.models import Release
from citydip.data.tables import BY_NAME

# The release page's name for each citation file (templates/release.html).
CITATION_FILES = {"bibtex": "citation.bib", "ris": "citation.ris", "csl": "citation.json", "cff": "CITATION.cff"}


@query_parameters("format")
def release_list(request):
    html_only(request)
    return render(request, "releases.html", {"releases": Release.objects.order_by("-number")})


@query_parameters("format")
def release_detail(request, number):
    html_only(request)
    release = Release.objects.filter(number=number).first()
    if release is None:
        raise Http404(f"there is no release {number}; the releases are listed at /data/releases/")
    sizes = dict(release.files.annotate(size=Length("content")).values_list("path", "size"))
    files = [
        {"path": path, "size": sizes.get(path), "url": reverse("release_file", args=[number, path])}
        for path in releases.release_paths()
    ]
    changes = [
        {"table": table, "title": BY_NAME[table].title if table in BY_NAME else table, "rows": release.counts.get(table), "kinds": kinds}
        for table, kinds in release.changes.items()
    ]
    texts = {name: content.decode() for name, content in releases.citations(release).items()}
    context = {
        "release": release,
        "files": files,
        "changes": changes,
        "url": releases.release_url(release),
        # The texts of the release's own citation files, as its downloads hold them.
        "citations": {key: texts[name] for key, name in CITATION_FILES.items()},
    }
    return render(request, "release.html", context)


@query_parameters()
def release_file(request, number, path):
    if path not in set(releases.release_paths()):
        raise Http404(f"a release has no file {path}; each release's page lists its files")
    return releases.release_file_response(number, path)
