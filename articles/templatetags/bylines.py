"""`{% byline article %}`: an article's authors as a byline reads — "A", "A and B", "A, B and C" — as plain
names, or with `linked=True` each a link to the author's page."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def byline(article, linked: bool = False) -> SafeString:
    names = [
        format_html('<a href="{}">{}</a>', author.get_absolute_url(), author.name) if linked else conditional_escape(author.name)
        for author in article.byline()
    ]
    if len(names) < 2:
        return mark_safe("".join(names))
    return mark_safe(", ".join(names[:-1]) + " and " + names[-1])
