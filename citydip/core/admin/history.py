"""Nothing an editor does is lost: what each record's history holds, and bringing back one record.

Every content model is registered with django-reversion by its app (register, from the app's history module),
with the rows it follows: saved in the same revision whenever it is saved, and with it just before it is deleted
(snapshot_before_delete):

- its *own* rows, the inline rows of its admin form (a city's memberships and participations, a membership's
  quotes, an article's byline, paragraphs and topics): a revert brings them back as they were and removes
  those added since;
- the rows that go *with it* when it is deleted but that no form of its own edits: the links in article
  bodies that point at it, with the editors' decisions on them, and a topic's links to articles and
  initiatives. A recovery brings them back; a revert leaves them alone (the links are found again).

Reversion's admin reverts the whole revision a version belongs to, deleting what that revision does not
hold, and the seed saves every curated record in one revision: reverting one city rewound every record and
deleted what colleagues had added. Here a revert touches the chosen record and its own rows, and a recovery
what was deleted with it (plan_restore, apply). Reversion writes with raw saves, which the apps' receivers
skip: the apps' steps (planning_steps, after_restore_steps, after_restore_refreshes) do that work instead —
relinking, reindexing — and the cached pages know of every write (citydip.core.versions).
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from reversion.errors import RevertError
from reversion.models import Revision, Version


@dataclass(frozen=True)
class Follows:
    """The reverse relations whose rows a record's revisions hold: `own`, the inline rows of its admin form;
    `with_it`, rows deleted with it that no form of its own edits."""

    own: tuple[str, ...] = ()
    with_it: tuple[str, ...] = ()


FOLLOWS: dict[type[models.Model], Follows] = {}

# What an editor calls the rows reached through each relation, and the records that link to a recovered one.
NOUNS: dict[str, str] = {}


def register(
    model: type[models.Model], own: Mapping[str, str] | None = None, with_it: Mapping[str, str] | None = None
) -> None:
    """Register a content model with reversion, following the reverse relations `own` and `with_it` (see
    Follows), each with what an editor calls its rows: own={"memberships": "membership"}. Called again for the
    same model, it adds to what the model follows: an app adds the rows of its own that hang on another app's
    model (initiatives, the links in an article's paragraphs)."""
    own, with_it = own or {}, with_it or {}
    before = FOLLOWS.get(model, Follows())
    follows = FOLLOWS[model] = Follows(before.own + tuple(own), before.with_it + tuple(with_it))
    NOUNS.update({**own, **with_it})
    # Registered again when it was before: with less to follow, by an app or by reversion's admin, which
    # registers a model it finds unregistered, and its inlines' models without any follow — and the admin is
    # made before the apps are ready.
    if reversion.is_registered(model):
        reversion.unregister(model)
    reversion.register(model, follow=follows.own + follows.with_it)


# Comparing versions.


def readable(model, field_name, value):
    """A stored value as an editor reads it: related records by name, choices by label."""
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:  # a field the model has lost since that version was saved
        return value
    if value in (None, "", []):
        return "—"
    if field.is_relation:
        ids = value if isinstance(value, list) else [value]
        return ", ".join(str(record) for record in field.related_model._default_manager.filter(pk__in=ids)) or "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def versioned_fields(model):
    """The fields an editor changes, as a version stores them: concrete editable fields but the version
    counter, and the many-to-many fields kept in the record's own data (not those with a model of their own
    between, like topics, which are rows of their own)."""
    return [
        field for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and not field.auto_created and field.editable and field.name != "version"
        and (not field.many_to_many or field.remote_field.through._meta.auto_created)
    ]


def stored_key(field):
    """The key of the field in a version's stored fields."""
    return field.name if field.many_to_many else field.attname


def current_fields(record: models.Model) -> dict:
    """The record's fields as a version stores them (see versioned_fields): foreign keys by id, many-to-many
    fields as lists of ids."""
    return {
        stored_key(field): (
            list(getattr(record, field.name).values_list("pk", flat=True)) if field.many_to_many
            else getattr(record, field.attname)
        )
        for field in versioned_fields(type(record))
    }


def differences(model, before: dict, after: dict) -> list[tuple[str, object, object]]:
    """[(label, before, after)] for each field an editor changes whose stored value differs."""
    rows = []
    for field in versioned_fields(model):
        name = stored_key(field)
        old, new = before.get(name), after.get(name)
        if field.many_to_many:
            old, new = sorted(old or []), sorted(new or [])
        if old != new:
            rows.append((field.verbose_name, readable(model, field.name, old), readable(model, field.name, new)))
    return rows


class RevisionRows:
    """The versions one revision holds, read once per model, found by the record whose rows they were."""

    def __init__(self, revision: Revision):
        self.revision = revision
        self.by_model = {}

    def of(self, model) -> list[Version]:
        if model not in self.by_model:
            content_type = ContentType.objects.get_for_model(model)
            self.by_model[model] = list(self.revision.version_set.filter(content_type=content_type).order_by("pk"))
        return self.by_model[model]

    def rows(self, version: Version, relation: str) -> list[Version]:
        """The versions of the rows that `relation`, a reverse foreign key of the version's model, held."""
        rel = version._model._meta.get_field(relation)
        key = rel.field.attname
        return [row for row in self.of(rel.related_model) if str(row.field_dict.get(key)) == version.object_id]

    def knows_of(self, model) -> bool:
        """Whether the revision says which rows of the model there were: it holds some, or versions of that model
        were saved before it. A revision saved before the model's rows were followed holds none of them, and
        that does not mean there were none (quotes and topics were not followed at first)."""
        if self.of(model):
            return True
        earlier = Version.objects.get_for_model(model).filter(revision_id__lte=self.revision.pk)
        return earlier.exists()


def own_rows(version: Version) -> dict[tuple[type[models.Model], str], tuple[str, str, dict]]:
    """The record's own rows as the version's revision holds them: {(model, id): (noun, name, stored fields)}."""
    rows = RevisionRows(version.revision)
    return {
        (row._model, row.object_id): (NOUNS[relation], row.object_repr, row.field_dict)
        for relation in FOLLOWS[version._model].own
        for row in rows.rows(version, relation)
    }


def with_all_it_follows(rows: RevisionRows, version: Version, relation: str) -> list[tuple[Version, str]]:
    """The version and, parents first, every row it follows in its revision, each with the relation that
    reached it: what went when the record was deleted."""
    found, queue = [], [(version, relation)]
    while queue:
        current, via = queue.pop(0)
        found.append((current, via))
        follows = FOLLOWS[current._model]
        queue += [(row, name) for name in follows.own + follows.with_it for row in rows.rows(current, name)]
    return found


# Planning a revert or a recovery.


def foreign_keys(model):
    """The model's own foreign keys: what a row needs to exist before it can be written."""
    return [field for field in model._meta.concrete_fields if field.many_to_one]


def linking_relations(model):
    """The many-to-many fields of other registered models that point at this one and keep the links in their
    own data (an initiative's networks and bodies): deleting the record takes those links away."""
    return [
        rel for rel in model._meta.related_objects
        if rel.many_to_many and rel.through._meta.auto_created and reversion.is_registered(rel.related_model)
    ]


@dataclass
class Row:
    """One row a restore writes: its version, the relation that reached it ("" for the chosen record), and
    the row as it is now (None: it comes back)."""

    version: Version
    relation: str
    now: models.Model | None = None

    @property
    def model(self):
        return self.version._model

    @property
    def restored(self) -> models.Model:
        return self.version._object_version.object

    @cached_property
    def changes(self) -> list[tuple[str, object, object]]:
        return differences(self.model, current_fields(self.now), self.version.field_dict) if self.now else []


@dataclass
class RestorePlan:
    """What a revert or a recovery of one record writes, worked out before anything is: the rows to write
    (parents first), the record's own rows to remove, the links other records held to a recovered one, and
    the rows that cannot come back. The apps' planning steps may add rows to remove."""

    version: Version
    recovering: bool
    rows: list[Row]
    removed: list[tuple[models.Model, str]]
    links: list[tuple[models.Model, str]]
    skipped: list[tuple[Version, str]]
    noted: dict[str, object]  # what the apps' planning steps note for their steps after the restore

    @property
    def fields(self) -> list[tuple[str, object, object]]:
        """The chosen record's own fields that change, old → new (none when it comes back whole)."""
        record = next((row for row in self.rows if row.relation == ""), None)
        return record.changes if record else []

    def row_changes(self) -> list[tuple[str, str, str, list]]:
        """(noun, “name”, what happens, [(field, old, new)]) for every other row the restore writes or removes."""
        changes = [
            (NOUNS[row.relation], quoted(row.version.object_repr), "as it was" if row.now else "back", row.changes)
            for row in self.rows if row.relation
        ]
        changes += [(NOUNS[relation], quoted(record), "removed", []) for record, relation in self.removed]
        changes += [(record._meta.verbose_name, quoted(record), "linked again", []) for record, _ in self.links]
        changes += [(version._model._meta.verbose_name, quoted(version.object_repr), f"cannot come back: {why}", [])
                    for version, why in self.skipped]
        return changes

    def summary(self) -> str:
        """The message the editor reads once it is done: "Recovered “London” with 3 memberships, 4 quotes,
        5 links." or "Reverted “Milan” to the version of 28 November 2026 14:02 by alice: 1 membership back."."""
        name = self.version.object_repr
        if self.recovering:
            counts = Counter((NOUNS[row.relation], "") for row in self.rows if row.relation)
            counts.update((record._meta.verbose_name, "") for record, _ in self.links)
            return f"Recovered “{name}”{f' with {counted(counts)}' if counts else ''}."
        revision = self.version.revision
        when = timezone.localtime(revision.date_created)
        by = f" by {revision.user.get_username()}" if revision.user else ""
        counts = Counter(
            (NOUNS[row.relation], "back" if row.now is None else "as it was") for row in self.rows if row.relation
        )
        counts.update((NOUNS[relation], "removed") for _, relation in self.removed)
        detail = f": {counted(counts)}" if counts else ""
        return f"Reverted “{name}” to the version of {when:%-d %B %Y %H:%M}{by}{detail}."


def quoted(name) -> str:
    """The name in quotation marks, unless it starts with its own (a quote's, a link's)."""
    name = str(name)
    return name if name.startswith("“") else f"“{name}”"


def counted(counts: Counter) -> str:
    """"3 memberships, 1 quote back" from {("membership", ""): 3, ("quote", "back"): 1}."""
    return ", ".join(
        f"{n} {noun}{'' if n == 1 else 's'}{f' {what}' if what else ''}" for (noun, what), n in counts.items()
    )


# What the apps do around a restore, since reversion's raw saves skip their receivers; each step is given the
# plan. Before anything is written: add the rows in the way, note what the steps after compare with.
planning_steps: list[Callable[[RestorePlan], None]] = []
# Once the restore is saved: put right what the receivers would have (relinking the paragraphs).
after_restore_steps: list[Callable[[RestorePlan], None]] = []
# Then bring what is derived from the rows in line (the search entries): after the steps, to read them settled.
after_restore_refreshes: list[Callable[[RestorePlan], None]] = []


def plan_restore(version: Version, recovering: bool) -> RestorePlan:
    """What bringing the record back to this version writes. A revert: the record and its own rows as the
    version's revision holds them, its own rows added since removed; an own row deleted since comes back
    with what it follows. A recovery: the record and everything its revision followed, and the links other
    records held to it. Raises RevertError when the record itself cannot come back."""
    rows = RevisionRows(version.revision)
    if recovering:
        wanted, removed = with_all_it_follows(rows, version, ""), []
    else:
        record = version._model._default_manager.filter(pk=version.object_id).first()
        if record is None:
            raise RevertError(f"“{version.object_repr}” was deleted: recover it from the list of deleted records.")
        wanted, removed = revert_rows(rows, version, record)
    wanted, skipped = restorable(wanted, removed)
    if not wanted or wanted[0][0] != version:
        raise RevertError(f"“{version.object_repr}” cannot be brought back: {skipped[0][1]}. Recover that first.")
    skipped += links_to_gone_records(wanted)
    plan = RestorePlan(
        version=version,
        recovering=recovering,
        rows=rows_as_they_are(wanted),
        removed=removed,
        links=links_held_to(rows, version) if recovering else [],
        skipped=skipped,
        noted={},
    )
    for step in planning_steps:
        step(plan)
    return plan


def revert_rows(rows: RevisionRows, version: Version, record: models.Model):
    """The versions a revert writes — the record, its own rows as the revision holds them, and with an own
    row that is gone since, what it follows — and the own rows it removes, which the revision does not hold."""
    wanted, removed = [(version, "")], []
    for relation in FOLLOWS[type(record)].own:
        held = rows.rows(version, relation)
        related = record._meta.get_field(relation).related_model
        if not rows.knows_of(related):
            continue
        held_ids = {row.object_id for row in held}
        removed += [(row, relation) for row in getattr(record, relation).all() if str(row.pk) not in held_ids]
        existing = {str(pk) for pk in related._default_manager.filter(pk__in=held_ids).values_list("pk", flat=True)}
        for row in held:
            wanted += [(row, relation)] if row.object_id in existing else with_all_it_follows(rows, row, relation)
    return wanted, removed


def restorable(wanted, removed):
    """The versions that can be written, and (version, why) for those pointing at a record that is gone and
    does not come back with them — a membership whose network was deleted since, and its quotes."""
    referenced = defaultdict(set)
    for version, _ in wanted:
        for field in foreign_keys(version._model):
            if (value := getattr(version._object_version.object, field.attname)) is not None:
                referenced[field.related_model].add(value)
    existing = {
        (model, pk) for model, ids in referenced.items()
        for pk in model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
    }
    existing -= {(type(record), record.pk) for record, _ in removed}
    ready, skipped = [], []
    for version, relation in wanted:
        restored = version._object_version.object
        missing = [
            field for field in foreign_keys(version._model)
            if (value := getattr(restored, field.attname)) is not None and (field.related_model, value) not in existing
        ]
        if missing:
            skipped.append((version, f"its {missing[0].verbose_name} is gone"))
            continue
        existing.add((version._model, restored.pk))
        ready.append((version, relation))
    return ready, skipped


def rows_as_they_are(wanted) -> list[Row]:
    """Each version with its row as it is now, leaving out the rows that already hold what it holds."""
    ids = defaultdict(list)
    for version, _ in wanted:
        ids[version._model].append(version.object_id)
    now = {
        (model, str(record.pk)): record
        for model, pks in ids.items() for record in model._default_manager.filter(pk__in=pks)
    }
    plan = [Row(version, relation, now.get((version._model, version.object_id))) for version, relation in wanted]
    return [row for row in plan if row.now is None or row.changes]


def links_to_gone_records(wanted) -> list[tuple[Version, str]]:
    """Leave out of the many-to-many fields that come back the records deleted since, and say how many."""
    skipped = []
    for version, _ in wanted:
        stored = version._object_version.m2m_data or {}
        for name, ids in stored.items():
            related = version._model._meta.get_field(name).related_model
            kept = list(related._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
            if len(kept) < len(ids):
                stored[name] = version.field_dict[name] = kept
                skipped.append((version, f"{len(ids) - len(kept)} of its {name} are gone"))
    return skipped


def links_held_to(rows: RevisionRows, version: Version) -> list[tuple[models.Model, str]]:
    """(record, field) for each record that still exists and whose many-to-many field held the recovered one
    when it was deleted: those links went with it."""
    links = []
    for rel in linking_relations(version._model):
        holding = [row.object_id for row in rows.of(rel.related_model)
                   if version.object_id in map(str, row.field_dict.get(rel.field.name) or [])]
        links += [(record, rel.field.name) for record in rel.related_model._default_manager.filter(pk__in=holding)]
    return links


# Writing it, and what the raw saves skip.


def apply(plan: RestorePlan) -> None:
    """Write the plan: the rows removed first (a row that comes back may take the place of one), then the
    versions, parents first, then the links other records held. Each row's version counter moves past the one
    it has now, so that a form made before the restore is refused. Reversion's raw saves, which our receivers
    skip: after_restore does their work once the editor's form is saved too."""
    for record, _ in plan.removed:
        try:
            record.delete()
        except ProtectedError:
            raise RevertError(f"“{record}” cannot be removed: quotes rest on it. Remove them first.") from None
    for row in plan.rows:
        restored = row.restored
        if hasattr(restored, "version"):
            restored.version = max(row.now.version if row.now else 0, restored.version or 0) + 1
        row.version._object_version.save()
    if plan.links:
        record = plan.version._model._default_manager.get(pk=plan.version.object_id)
        for linker, field_name in plan.links:
            getattr(linker, field_name).add(record)


def after_restore(plan: RestorePlan) -> None:
    """Once the restore and the editor's form are saved: the apps' steps, then their refreshes."""
    for step in (*after_restore_steps, *after_restore_refreshes):
        step(plan)


def snapshot_before_delete(records: Iterable[models.Model], user, comment: str) -> None:
    """Save a revision of the records as they are, with all they follow and the records whose many-to-many
    fields link to them: the point a recovery brings them back to. Saved now, before they go, because reversion
    leaves out of a revision every record that no longer exists when it is saved — so it must not run inside
    another revision, which would be saved after the deletion."""
    if reversion.is_active():
        raise RuntimeError("A deletion's revision is saved before the deletion, outside any other revision.")
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        for record in records:
            reversion.add_to_revision(record)
            for rel in linking_relations(type(record)):
                for linker in getattr(record, rel.get_accessor_name()).all():
                    reversion.add_to_revision(linker)
