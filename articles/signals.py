"""What articles tells the apps above it; articles knows nothing of what listens.

`article_saved` — sent once an article and its paragraphs are saved together (admin, import, seed), with
`article`. Listeners: initiatives.receivers (links the paragraphs to the records they name) and
citydip.search.receivers (brings the article's search entry in line). The two questions asked before an
article is published are in articles.publishing; initiatives.receivers answers them.

`article_imported` — sent by `import_article` once an article is in, with `article`; each receiver returns the
lines that say what it suggests from the text (initiatives.receivers: the claims its sentences make), which
the command prints.
"""

from django.dispatch import Signal

article_saved = Signal()
article_imported = Signal()
