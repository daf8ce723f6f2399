"""Optimistic locking: a form made from an older version of a record, or of any of its inline rows, is
refused, with who changed what meanwhile, instead of silently overwriting a colleague's work.

Every form of a versioned row carries the version it was made from (`loaded_version`); the row's current
version is read, locked until the admin's transaction ends, when the form is checked, so that two saves cannot
both pass. A form for an existing row that does not say its version is refused too: it would otherwise pass
unchecked.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from reversion.models import Version

from citydip.core.admin.history import differences
from citydip.core.admin.widgets import PreloadedChoicesForm


class VersionedForm(PreloadedChoicesForm):
    """Carries the version of the row the form was made from."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = getattr(self.instance, "version", None)


class LockedModelForm(VersionedForm):
    """A record's own form: refused if the record is no longer at the version the form was made from."""

    def clean(self):
        cleaned = super().clean()
        record = self.instance
        if record.pk is not None and hasattr(record, "version"):
            stored = stored_versions(type(record), [record.pk]).get(record.pk)
            if problem := staleness(record, cleaned.get("loaded_version"), stored):
                raise ValidationError(problem)
        return cleaned


class LockedInlineFormSet(BaseInlineFormSet):
    """Inline rows: each existing row is checked against the version its form was made from — all the rows
    in one query — whether it is changed, kept or deleted: deleting a row a colleague just changed would lose
    their change as surely as overwriting it."""

    def clean(self):
        super().clean()
        rows = [form for form in self.initial_forms if form.instance.pk is not None]
        if not rows or not hasattr(self.model, "version"):
            return
        stored = stored_versions(self.model, [form.instance.pk for form in rows])
        problems = [
            problem for form in rows
            if (problem := staleness(row := form.instance, form.cleaned_data.get("loaded_version"), stored.get(row.pk)))
        ]
        if problems:
            raise ValidationError(problems)


class LockedInline:
    """For an inline admin: its rows carry their versions (see LockedInlineFormSet)."""

    form = VersionedForm
    formset = LockedInlineFormSet

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if "loaded_version" in fields else [*fields, "loaded_version"]


def stored_versions(model, pks) -> dict[int, int]:
    """{id: version} of these rows, locked until the transaction ends."""
    return dict(model._default_manager.select_for_update().filter(pk__in=pks).values_list("pk", "version"))


def staleness(record, loaded_version: int | None, stored_version: int | None) -> str:
    """Why a form made from `loaded_version` of the record may not be saved, or "" when it may. A row deleted
    meanwhile (no stored version) is the formset's to refuse."""
    if stored_version is None or loaded_version == stored_version:
        return ""
    if loaded_version is None:
        return (
            f"The form for the {record._meta.verbose_name} “{record}” does not say which version of it you opened, "
            "so your changes were not saved. Reload the page, then make your changes again."
        )
    return stale_message(record, loaded_version)


def stale_message(record, loaded_version: int) -> str:
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
        f"The {record._meta.verbose_name} “{current}” was saved by another editor{who} after you opened it, so your "
        f"changes were not saved. {('Changed meanwhile — ' + detail + '. ') if detail else ''}"
        "Reload the page to see the current version, then make your changes again."
    )
