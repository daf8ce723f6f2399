"""Merging two records of one kind — two spellings of one city — into the one an editor keeps.

Every row that points at the merged record moves to the kept one: memberships, participations, their quotes, the
links in article bodies, an initiative's networks, bodies and topics, and whatever else has a foreign key to it —
found from the models (relations_to), so that a relation added later moves too. A row the kept record already
has (a membership of the same network in the same role: a unique constraint would refuse the two side by side)
is not moved: its own rows move onto the kept record's, then it goes. The merged record's names become aliases
of the kept one, so that the links in article bodies and the search find it by them.

In one transaction, the history gets two revisions: "Before merging “X” into “Y”", both records as they were
with their rows (snapshot_before_delete), and "Merged “X” into “Y”", the kept one as it is after, with its rows;
the merged record's own versions stay under its id, where Recover deleted … finds them. Undoing a merge is the
history's ordinary work: recovering the merged record moves its rows back, by their ids, and brings back those
that went (plan_links_taken_back adds the one thing the history would not: the kept record loses the links of
other records the merge gave it, an initiative's networks); reverting the kept one to its version "Before
merging …" gives back its names. The merged record's address can redirect to the kept one
(RedirectsMergedRecords, which reads merged_into).

The admin's part (MergeAdmin, mixed into NamedRecordAdmin): the action "Merge the selected records", and the page
that shows, for each choice of the record to keep, what will move before anything is written.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.fields.reverse_related import ManyToOneRel
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion.models import Version

from citydip.core.admin.history import (
    NOUNS,
    RestorePlan,
    RevisionRows,
    after_restore_steps,
    linking_relations,
    planning_steps,
    snapshot_before_delete,
)
from citydip.core.models import Versioned

from .linking import FIELDS, names_of, render_paragraphs
from .models import Mention

# The fields of editors' reasoning that a merge joins rather than keeps the kept one's: the quotes that move
# may rest on the merged one's.
NOTES = ("inference",)
# The first words of the comment of a merge's revision "before": what the history's steps and merged_into know
# a merge by.
BEFORE_MERGING = "Before merging"


class MergeRefused(Exception):
    """Two records that cannot be merged, and why, in an editor's words."""


# Which rows point at a record, and which of them the kept record already has.


def relations_to(model: type[models.Model]) -> list[ManyToOneRel]:
    """Every foreign key that points at the model, the link tables' of many-to-many fields included (hidden
    relations): each names rows that must move."""
    return [rel for rel in model._meta.get_fields(include_hidden=True) if isinstance(rel, ManyToOneRel)]


def noun(rel: ManyToOneRel) -> str:
    """What an editor calls the rows of the relation: as the history does ("link", "quote"); a link table's
    rows by the records at their other end (an initiative's networks: "network")."""
    rows = rel.related_model
    if rows._meta.auto_created:
        other = next(fk for fk in rows._meta.concrete_fields if fk.many_to_one and fk is not rel.field)
        return str(other.related_model._meta.verbose_name)
    return NOUNS.get(rel.get_accessor_name(), str(rows._meta.verbose_name))


def unique_keys(model: type[models.Model], fk: models.ForeignKey) -> list[tuple[tuple[str, ...], Q | None, bool]]:
    """(other columns, condition, whether nulls differ) of each unique rule of the model that holds the foreign
    key: rows equal on those columns cannot point at the same record."""
    rules = [
        (rule.fields, rule.condition, rule.nulls_distinct is not False)
        for rule in model._meta.constraints if isinstance(rule, models.UniqueConstraint) and rule.fields
    ]
    rules += [(fields, None, True) for fields in model._meta.unique_together]
    rules += [((column.name,), None, True) for column in model._meta.concrete_fields
              if column.unique and not column.primary_key]
    return [
        (tuple(model._meta.get_field(name).attname for name in fields if name != fk.name), condition, nulls_differ)
        for fields, condition, nulls_differ in rules if fk.name in fields
    ]


def twins(rel: ManyToOneRel, merged: models.Model, kept: models.Model) -> list[tuple[models.Model, models.Model]]:
    """(row, the kept record's row) for each row of the merged record that the kept record already has."""
    model, fk = rel.related_model, rel.field
    found = {}
    for columns, condition, nulls_differ in unique_keys(model, fk):
        rows = model._base_manager.filter(**{fk.name: merged})
        theirs = model._base_manager.filter(**{fk.name: kept})
        if condition is not None:
            rows, theirs = rows.filter(condition), theirs.filter(condition)
        by_key = {tuple(getattr(row, column) for column in columns): row for row in theirs}
        for row in rows:
            key = tuple(getattr(row, column) for column in columns)
            if key in by_key and not (nulls_differ and None in key):
                found.setdefault(row.pk, (row, by_key[key]))
    return list(found.values())


@dataclass
class Rows:
    """The rows of one relation that point at the merged record: how many move as they are, and the merges of
    those the kept record already has into its own."""

    relation: ManyToOneRel
    moving: int
    joining: list["MergePlan"]


@dataclass
class MergePlan:
    """What merging one record (or row) into another writes, worked out before anything is."""

    merged: models.Model
    kept: models.Model
    rows: list[Rows] = field(default_factory=list)
    new_aliases: list[str] = field(default_factory=list)  # the merged record's names the kept one takes

    def counts(self) -> Counter:
        """{(noun, moving: bool): n}: the rows that move, and (False) those the kept one has already, which go
        once their own rows moved onto its — theirs counted too."""
        counts = Counter()
        for rows in self.rows:
            counts[noun(rows.relation), True] += rows.moving
            counts[noun(rows.relation), False] += len(rows.joining)
            for joining in rows.joining:
                counts.update(joining.counts())
        return +counts

    def table(self) -> list[tuple[str, int, int]]:
        """(noun, moving, already there) for each kind of row, as the confirmation page lists them."""
        counts = self.counts()
        nouns = dict.fromkeys(noun for noun, _ in counts)
        return [(noun, counts[noun, True], counts[noun, False]) for noun in nouns]


def refuse_unless_mergeable(merged: models.Model, kept: models.Model) -> None:
    """Raises MergeRefused for records of two kinds, or one record twice."""
    if type(merged) is not type(kept):
        raise MergeRefused(
            f"“{merged}” is a {merged._meta.verbose_name} and “{kept}” a {kept._meta.verbose_name}: "
            "only two records of one kind can be merged."
        )
    if merged.pk == kept.pk:
        raise MergeRefused(f"“{kept}” cannot be merged with itself: choose two records.")


def plan_merge(merged: models.Model, kept: models.Model) -> MergePlan:
    """What merging `merged` into `kept` moves, and the names it gives the kept one."""
    refuse_unless_mergeable(merged, kept)
    plan = plan_rows(merged, kept)
    known = set(names_of(kept))
    plan.new_aliases = [name for name in dict.fromkeys(names_of(merged)) if name not in known]
    return plan


def plan_rows(merged: models.Model, kept: models.Model) -> MergePlan:
    plan = MergePlan(merged, kept)
    for rel in relations_to(type(merged)):
        joining = [plan_rows(row, twin) for row, twin in twins(rel, merged, kept)]
        count = rel.related_model._base_manager.filter(**{rel.field.name: merged}).count()
        plan.rows.append(Rows(rel, count - len(joining), joining))
    return plan


# Writing it.


def move_rows(plan: MergePlan) -> None:
    """Move every row of the merged record (or row) to the kept one; merge those it has already into its own
    first, then delete them. A moved row's edit counter moves on, so that a form opened on it before is refused."""
    for rows in plan.rows:
        model, fk = rows.relation.related_model, rows.relation.field
        for joining in rows.joining:
            move_rows(joining)
            if notes := join_notes(joining.merged, joining.kept):
                model._base_manager.filter(pk=joining.kept.pk).update(**notes)
        gone = [joining.merged.pk for joining in rows.joining]
        if gone:
            model._base_manager.filter(pk__in=gone).delete()
        counter = {"version": F("version") + 1} if issubclass(model, Versioned) else {}
        model._base_manager.filter(**{fk.name: plan.merged}).update(**{fk.name: plan.kept}, **counter)


def join_notes(row: models.Model, kept: models.Model) -> dict[str, str]:
    """The merged record's or row's notes joined to the kept one's, {field: text}, for those that differ: the
    quotes moved onto the kept one may rest on its reasoning (an inference note)."""
    joined = {}
    for name in NOTES:
        note = getattr(row, name, "").strip()
        own = getattr(kept, name, "").strip()
        if note and note not in own:
            joined[name] = f"{own}\n\n{note}" if own else note
    return joined


def merge(merged: models.Model, kept: models.Model, user) -> MergePlan:
    """Merge `merged` into `kept`, in one transaction, with the history's two revisions (see the module's note).
    Returns what it moved."""
    refuse_unless_mergeable(merged, kept)
    model = type(kept)
    with transaction.atomic():
        # Locked, so that no row is added to the merged record between the plan and its deletion.
        both = model._base_manager.select_for_update().filter(pk__in=[merged.pk, kept.pk])
        locked = {record.pk: record for record in both}
        if len(locked) != 2:
            raise MergeRefused("One of the two records was deleted meanwhile.")
        merged, kept = locked[merged.pk], locked[kept.pk]
        plan = plan_merge(merged, kept)
        snapshot_before_delete([merged, kept], user, f"{BEFORE_MERGING} “{merged}” into “{kept}”.")
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(f"Merged “{merged}” into “{kept}”.")
            move_and_rename(plan)
            reversion.add_to_revision(kept)
            for rel in linking_relations(model):  # the records whose links to it changed (an initiative's networks)
                for linker in getattr(kept, rel.get_accessor_name()).all():
                    reversion.add_to_revision(linker)
    return plan


def move_and_rename(plan: MergePlan) -> None:
    """Inside merge's revision: the rows, the names, the deletion, and the links in article bodies."""
    merged, kept = plan.merged, plan.kept
    target = FIELDS.get(type(kept))
    linked = set(Mention.objects.filter(**{target: merged}).values_list("paragraph", flat=True)) if target else set()
    move_rows(plan)
    kept.aliases = "\n".join([*kept.alias_list(), *plan.new_aliases])
    # The names first, without a save's relinking, which would point them back at the record about to go: the
    # deletion relinks the paragraphs that hold them, and finds them on the kept record.
    type(kept)._base_manager.filter(pk=kept.pk).update(aliases=kept.aliases)
    merged.delete()
    for name, text in join_notes(merged, kept).items():
        setattr(kept, name, text)
    kept.save()  # its search entry and edit counter; its names are stored already, so nothing is relinked
    render_paragraphs(linked)  # the links moved by hand-picked target, whose names the relinking did not read


# Undoing it: what the history's recovery does besides for a merged record.

MOVED_LINKS = "initiatives: links the merge moved"  # the key of the plan's note


def plan_links_taken_back(plan: RestorePlan) -> None:
    """Recovering a merged record links it again where other records linked it (an initiative's networks); the
    links the merge gave the kept record in their stead go, where the snapshot says the linker had none."""
    revision = plan.version.revision
    if not plan.recovering or not plan.links or not revision.get_comment().startswith(BEFORE_MERGING):
        return
    rows = RevisionRows(revision)
    others = [version.object_id for version in rows.of(plan.version._model) if version != plan.version]
    kept = plan.version._model._default_manager.filter(pk__in=others).first()
    if kept is None:
        return
    held = {
        (model, version.object_id): version.field_dict
        for model in {type(linker) for linker, _ in plan.links} for version in rows.of(model)
    }
    plan.noted[MOVED_LINKS] = [
        (linker, name, kept) for linker, name in plan.links
        if str(kept.pk) not in map(str, held.get((type(linker), str(linker.pk)), {}).get(name) or [])
    ]


def take_back_links(plan: RestorePlan) -> None:
    for linker, name, kept in plan.noted.get(MOVED_LINKS, ()):
        getattr(linker, name).remove(kept)


planning_steps.append(plan_links_taken_back)
after_restore_steps.append(take_back_links)


def merged_into(model: type[models.Model], slug: str) -> models.Model | None:
    """The record that the record once at this address was merged into — through later merges too — for its old
    address to redirect to; None if it was not merged. Read from the history: the snapshots before merges."""
    seen = set()
    while slug not in seen:
        seen.add(slug)
        snapshots = Version.objects.get_for_model(model).filter(
            revision__comment__startswith=BEFORE_MERGING, serialized_data__contains=f'"slug": "{slug}"'
        )
        version = next((each for each in snapshots.order_by("-pk") if each.field_dict.get("slug") == slug), None)
        if version is None:
            return None
        other = version.revision.version_set.filter(content_type=version.content_type).exclude(pk=version.pk).first()
        if other is None:
            return None
        if kept := model._default_manager.filter(pk=other.object_id).first():
            return kept
        slug = other.field_dict.get("slug", "")
    return None


class RedirectsMergedRecords:
    """Mixed into a record's detail view, before the view: the address of a record merged into another answers a
    permanent redirect to the one kept, with the same parameters, instead of a 404."""

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            kept = merged_into(self.get_queryset().model, kwargs.get("slug", ""))
            if kept is None:
                raise
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return HttpResponsePermanentRedirect(f"{kept.get_absolute_url()}{query}")


# The admin's part.


class MergeAdmin:
    """Mixed into a named record's admin: the action "Merge the selected records", which leads to the page where
    the editor picks the record to keep (merge_view, `admin:<app>_<model>_merge`)."""

    actions = ["merge_selected"]

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_merge"
        return [path("merge/", self.admin_site.admin_view(self.merge_view), name=name), *super().get_urls()]

    def has_merge_permission(self, request: HttpRequest) -> bool:
        """A merge changes one record and deletes the other."""
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description="Merge the selected records", permissions=["merge"])
    def merge_selected(self, request: HttpRequest, queryset: models.QuerySet) -> HttpResponse | None:
        ids = list(queryset.values_list("pk", flat=True)[:3])
        if len(ids) != 2:
            self.message_user(request, self.choose_two(), messages.WARNING)
            return None
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_merge")
        return redirect(f"{url}?{urlencode({'ids': ids}, doseq=True)}")

    def choose_two(self) -> str:
        return f"Choose two {self.opts.verbose_name_plural} to merge: the one to keep and the one to merge into it."

    def merge_view(self, request: HttpRequest) -> HttpResponse:
        """GET: the two records, and for each choice of the one to keep, what will move. POST: merge."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        records = list(self.get_queryset(request).filter(pk__in=request.GET.getlist("ids")[:3]).order_by("name", "pk"))
        if len(records) != 2:
            self.message_user(request, self.choose_two(), messages.WARNING)
            return redirect(changelist)
        if request.method == "POST":
            kept = next((record for record in records if str(record.pk) == request.POST.get("kept")), None)
            if kept is not None:
                return self.merge_chosen(request, next(r for r in records if r is not kept), kept)
            self.message_user(request, f"Choose the {self.opts.verbose_name} to keep.", messages.ERROR)
        first, second = records
        choices = [plan_merge(second, first), plan_merge(first, second)]  # keeping the first, or the second
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Merge two {self.opts.verbose_name_plural}",
            "choices": choices,
            "changelist": changelist,
        }
        return TemplateResponse(request, "admin/initiatives/merge.html", context)

    def merge_chosen(self, request: HttpRequest, merged: models.Model, kept: models.Model) -> HttpResponse:
        try:
            plan = merge(merged, kept, request.user)
        except MergeRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        self.message_user(request, merge_summary(plan), messages.SUCCESS)
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[kept.pk]))


def merge_summary(plan: MergePlan) -> str:
    """'Merged “Milan” into “Mexico City”: 4 links, 3 participations moved; 1 participation it had already.
    “Milan” is one of its names now.'"""
    counts = plan.counts()
    moved = plural_counts((noun, n) for (noun, moving), n in counts.items() if moving)
    there = plural_counts((noun, n) for (noun, moving), n in counts.items() if not moving)
    done = "; ".join([*([f"{moved} moved"] if moved else []), *([f"{there} it had already"] if there else [])])
    names = ", ".join(f"“{name}”" for name in plan.new_aliases)
    verb = "is" if len(plan.new_aliases) == 1 else "are"
    return f"Merged “{plan.merged}” into “{plan.kept}”{f': {done}' if done else ''}." + (
        f" {names} {verb} among its names now." if names else ""
    )


def plural_counts(counts: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for noun, n in counts)
