"""schema.org JSON-LD in a page's <head>: the one way a record's structured data reaches its page.

RecordDetailView puts `json_ld_script()` of the record's representation's JSON-LD in the context as `json_ld`,
which templates/base.html writes in its head block.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    """<script type="application/ld+json"> with the JSON safe inside HTML (no '</script>' can close it)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
