"""The citydip app's models live with the package that uses them; Django finds them here, under the app label
`citydip` and their tables' old names."""

from citydip.core.models import ContentVersion, VersionTag
from citydip.data.models import DatasetFile, Lease, Release, ReleasedRecord, ReleaseFile
from citydip.search.models import SearchEntry, SearchLink, SearchName

__all__ = [
    "ContentVersion", "DatasetFile", "Lease", "Release", "ReleaseFile", "ReleasedRecord", "SearchEntry", "SearchLink",
    "SearchName", "VersionTag",
]
