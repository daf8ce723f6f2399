from django.dispatch import Signal

# Sent once an article and its paragraphs are saved together (admin, import, seed), so that apps which
# link records into article bodies can recompute the links: articles knows nothing of what is linked.
article_saved = Signal()
