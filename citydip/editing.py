"""Nothing an editor does is lost: the admin base for every content model.

- History (django-reversion): who changed what and when; revert to any version; recover a deleted record.
- A field-by-field comparison of any two versions of a record, its inlines included.
- Optimistic locking: a form made from an older version of the record is refused, with what changed
  meanwhile, instead of silently overwriting a colleague's work.
- Autocomplete fields that show the records the page has already loaded (citydip.admin_widgets).
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from reversion.admin import VersionAdmin
from reversion.models import Version

from .admin_widgets import HeldAutocompleteFields, HeldChoicesForm


def readable(model, field_name, value):
    """A stored value as an editor reads it: related records by name, choices by label."""
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:  # a field the model has lost since that version was saved
        return value
    if value in (None, ""):
        return "—"
    if field.is_relation:
        related = field.related_model
        ids = value if isinstance(value, list) else [value]
        names = [str(record) for record in related._default_manager.filter(pk__in=ids)]
        return ", ".join(names) or "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def differences(model, before, after):
    """[(label, before, after)] for each editable field whose stored value differs."""
    rows = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created or not field.editable or field.name == "version":
            continue
        name = field.attname if field.is_relation and not field.many_to_many else field.name
        old, new = before.get(name), after.get(name)
        if old != new:
            rows.append((field.verbose_name, readable(model, field.name, old), readable(model, field.name, new)))
    return rows


def related_versions(version):
    """The inline records saved in the same revision, as {(model label, pk): (str, field dict)}."""
    return {
        (v.content_type.model_class()._meta.verbose_name, v.object_id): (v.object_repr, v.field_dict)
        for v in version.revision.version_set.exclude(pk=version.pk).select_related("content_type")
        if v.content_type.model_class() is not None
    }


class LockedModelForm(HeldChoicesForm):
    """Carries the version of the record the editor opened, and refuses the save if it is no longer current."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = getattr(self.instance, "version", None)

    def clean(self):
        cleaned = super().clean()
        loaded, record = cleaned.get("loaded_version"), self.instance
        if loaded is not None and record.pk and hasattr(record, "version"):
            # Locked until the admin's transaction ends, so two saves cannot both pass this check.
            current = type(record)._default_manager.select_for_update().filter(pk=record.pk).values_list("version", flat=True).first()
            if current is not None and current != loaded:
                raise ValidationError(stale_message(record, loaded))
        return cleaned


class HistoryAdmin(HeldAutocompleteFields, VersionAdmin):
    form = LockedModelForm
    object_history_template = "admin/citydip/object_history.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="%s_%s_compare" % info,
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        record = self.get_object(request, unquote(object_id))
        versions = list(Version.objects.get_for_object(record).select_related("revision__user")) if record else []
        return super().history_view(request, object_id, {**(extra_context or {}), "versions": versions})

    def compare_view(self, request, object_id):
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404("No such record.")
        if not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        try:
            chosen = {int(request.GET.get(key, "")) for key in ("a", "b")}
        except ValueError:
            raise Http404("Choose two versions of this record to compare.") from None
        versions = Version.objects.get_for_object(record).filter(pk__in=chosen).select_related("revision__user", "content_type")
        if len(versions) != 2:
            raise Http404("Choose two different versions of this record to compare.")
        older, newer = sorted(versions, key=lambda v: v.revision.date_created)
        before, after = related_versions(older), related_versions(newer)
        inline_changes = [
            (key[0], (before.get(key) or after.get(key))[0], "added" if key not in before else "removed" if key not in after else "changed")
            for key in sorted({*before, *after}, key=str)
            if before.get(key, (None, None))[1] != after.get(key, (None, None))[1]
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": record,
            "title": f"Compare two versions of “{record}”",
            "older": older,
            "newer": newer,
            "rows": differences(self.model, older.field_dict, newer.field_dict),
            "inline_changes": inline_changes,
        }
        return TemplateResponse(request, "admin/citydip/compare.html", context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and hasattr(obj, "version"):
            fieldsets = [*fieldsets, (None, {"fields": ["loaded_version"]})]
        return fieldsets


def stale_message(record, loaded_version):
    """Why a save from an older form is refused: who saved since, and which fields they changed."""
    current = type(record)._default_manager.get(pk=record.pk)
    versions = Version.objects.get_for_object(current).select_related("revision__user")
    loaded = next((v for v in versions if v.field_dict.get("version") == loaded_version), None)
    latest = versions.first()
    who = ""
    if latest is not None:
        user = latest.revision.user.get_username() if latest.revision.user else "someone"
        who = f" by {user} at {latest.revision.date_created:%Y-%m-%d %H:%M} UTC"
    changes = differences(type(record), loaded.field_dict, latest.field_dict) if loaded and latest else []
    detail = "; ".join(f"{label}: “{old}” → “{new}”" for label, old, new in changes)
    return (
        f"This {record._meta.verbose_name} was saved by another editor{who} after you opened it, so your changes "
        f"were not saved. {('Changed meanwhile — ' + detail + '. ') if detail else ''}"
        "Reload the page to see the current version, then make your changes again."
    )
