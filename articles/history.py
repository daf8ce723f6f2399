"""What the history of articles, their authors and topics holds (citydip.core.admin.history): an article's
revisions hold its byline, paragraphs and topics, its own rows; a topic's, its links to the articles, which go
with it when it is deleted. Registered by ArticlesConfig.ready.
"""

from citydip.core.admin.history import register

from .models import Article, ArticleTopic, Author, Authorship, Paragraph, Topic

register(Topic, with_it={"article_links": "article"})
register(Author)
register(Article, own={"authorships": "author", "paragraphs": "paragraph", "topic_links": "topic"})
register(Authorship)
register(Paragraph)
register(ArticleTopic)
