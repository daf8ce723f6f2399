import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydip.settings")
# Serving web requests: settings bound each statement's time (commands, backups and restores run unbounded).
os.environ["CITYDIP_SERVING"] = "1"
application = get_wsgi_application()
