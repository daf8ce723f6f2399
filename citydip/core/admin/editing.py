"""Nothing an editor does is lost: the admin base for every content model.

- History (django-reversion): who changed what and when; revert a record to any version, or recover a deleted
  one, with what will change shown first — touching that record and its own rows only (citydip.core.admin.history).
- A field-by-field comparison of any two versions of a record, its inline rows included.
- Optimistic locking: a form made from an older version of the record or of one of its inline rows is
  refused, with what changed meanwhile, instead of silently overwriting a colleague's work (citydip.core.admin.locking).
- Autocomplete fields that show the records the page has already loaded (citydip.core.admin.widgets).
"""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from citydip.core.admin.history import (
    RestorePlan,
    after_restore,
    apply,
    differences,
    own_rows,
    plan_restore,
    quoted,
    snapshot_before_delete,
)
from citydip.core.admin.locking import LockedModelForm
from citydip.core.admin.widgets import PreloadedAutocompleteFields


class Preview(Exception):
    """Carries the page that shows a restore before it is saved, out of the transaction that undoes it."""

    def __init__(self, response):
        self.response = response


class HistoryAdmin(PreloadedAutocompleteFields, VersionAdmin):
    """The admin of every content model: its history, compared and restored one record at a time, its
    deletions recoverable, its forms locked against overwriting a colleague's save."""

    form = LockedModelForm
    object_history_template = "admin/citydip/object_history.html"
    revision_form_template = "admin/citydip/revision_form.html"
    recover_form_template = "admin/citydip/recover_form.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
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
        versions = Version.objects.get_for_object(record).filter(pk__in=chosen)
        versions = versions.select_related("revision__user", "content_type")
        if len(versions) != 2:
            raise Http404("Choose two different versions of this record to compare.")
        older, newer = sorted(versions, key=lambda v: v.revision.date_created)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": record,
            "title": f"Compare two versions of “{record}”",
            "older": older,
            "newer": newer,
            "rows": differences(self.model, older.field_dict, newer.field_dict),
            "inline_changes": own_row_changes(older, newer),
        }
        return TemplateResponse(request, "admin/citydip/compare.html", context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and hasattr(obj, "version"):
            fieldsets = [*fieldsets, (None, {"fields": ["loaded_version"]})]
        return fieldsets

    # Reverting and recovering one record, not the whole revision its version belongs to.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        versions = Version.objects.get_for_model(self.model)
        version = get_object_or_404(versions, pk=version_id, object_id=unquote(object_id))
        context = {**(extra_context or {}), "title": f"Revert {version.object_repr}", "revert": True}
        return self.restore_view(request, version, False, self.revision_form_template, context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        context = {**(extra_context or {}), "title": f"Recover {version.object_repr}", "recover": True}
        return self.restore_view(request, version, True, self.recover_form_template, context)

    def restore_view(self, request, version, recovering, template, context):
        """The record's change form as the version would make it, with what will change above it (GET: shown,
        then undone); saved (POST), the record and its own rows as the plan says, and nothing else."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        try:
            plan = plan_restore(version, recovering)
            with transaction.atomic(using=version.db):
                return self.restore_and_save(request, plan, template, {**context, "plan": plan})
        except (RevertError, IntegrityError) as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        except Preview as preview:
            return preview.response

    def restore_and_save(self, request, plan: RestorePlan, template, context):
        """Inside restore_view's transaction: write the plan and run the change form over the result. Saved, the
        work the raw saves skipped is done; shown, the page is raised out of the transaction, which undoes it."""
        apply(plan)
        request.restoring = plan  # for response_change's message
        with self.create_revision(request):
            response = self.changeform_view(request, quote(plan.version.object_id), request.path, context)
            if request.method == "POST" and response.status_code == 302:
                reversion.set_comment(plan.summary())
                after_restore(plan)
                return response
        if response.status_code != 200:
            raise RevertError(f"“{plan.version.object_repr}” could not be loaded.")
        response.template_name = template
        response.render()  # now, while the transaction still holds the restored rows
        raise Preview(response)

    def response_change(self, request, obj):
        plan = getattr(request, "restoring", None)
        if plan is None:
            return super().response_change(request, obj)
        self.message_user(request, plan.summary(), messages.SUCCESS)
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(obj.pk)]))

    # Deleting: a revision of what goes, saved before it goes, is what a recovery brings back.

    def delete_model(self, request, obj):
        snapshot_before_delete([obj], request.user, f"Deleted “{obj}”.")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        records = list(queryset)
        kind = self.opts.verbose_name if len(records) == 1 else self.opts.verbose_name_plural
        snapshot_before_delete(records, request.user, f"Deleted {len(records)} {kind}.")
        super().delete_queryset(request, queryset)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action") == "delete_selected":
            # Outside VersionAdmin's revision, which would be saved after the records are gone: the deletion
            # saves its own first (delete_queryset).
            return super(VersionAdmin, self).changelist_view(request, extra_context)
        return super().changelist_view(request, extra_context)


def own_row_changes(older: Version, newer: Version) -> list[tuple[str, str, str]]:
    """(noun, name, "added" | "removed" | "changed") for each own row of the record that differs between two
    of its versions."""
    before, after = own_rows(older), own_rows(newer)
    changes = []
    for key in sorted({*before, *after}, key=lambda key: (key[0]._meta.label, key[1])):
        noun, name, _ = before.get(key) or after[key]
        if key not in before or key not in after:
            changes.append((noun, quoted(name), "added" if key not in before else "removed"))
        elif differences(key[0], before[key][2], after[key][2]):
            changes.append((noun, quoted(after[key][1]), "changed"))
    return changes
