"""The Editors group: everyone who curates content. They add, change and delete records of the content
apps, and nothing else — no users, groups or permissions."""

from django.conf import settings

GROUP_NAME = "Editors"


def grant_editor_permissions(group_model, permission_model):
    group, _ = group_model.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(permission_model.objects.filter(content_type__app_label__in=settings.CONTENT_APPS))
    return group
