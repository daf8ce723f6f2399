"""Autocomplete fields that show the records a form already holds, instead of looking each one up again.

Django's autocomplete widget renders its chosen option by querying the chosen record's key: once per field,
so once per row of an inline, and a page with forty memberships runs forty more queries. Here the form hands
each widget the records its instance already holds — a foreign key loaded by the queryset's select_related(),
the list of records a many-to-many field starts with — and the widget renders from those. When the value shown
is not what the instance holds (a form sent back with another choice, a new row), it looks the value up as
Django does.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple


class PreloadedChoicesMixin:
    """Renders the chosen options from `preloaded`, the records the form's instance holds for the field, when those
    are the ones shown; otherwise as Django does."""

    preloaded = None

    def optgroups(self, name, value, attr=None):
        opts = self.field.remote_field.model._meta
        key = opts.get_field(getattr(self.field.remote_field, "field_name", opts.pk.attname)).attname
        shown = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.preloaded is None or {str(getattr(record, key)) for record in self.preloaded} != shown:
            return super().optgroups(name, value, attr)
        blank = not self.is_required and not self.allow_multiple_selected
        options = [self.create_option(name, "", "", False, 0)] if blank else []
        for record in self.preloaded:
            label = self.choices.field.label_from_instance(record)
            options.append(self.create_option(name, getattr(record, key), label, True, len(options)))
        return [(None, options, 0)]


class PreloadedAutocompleteSelect(PreloadedChoicesMixin, AutocompleteSelect):
    pass


class PreloadedAutocompleteSelectMultiple(PreloadedChoicesMixin, AutocompleteSelectMultiple):
    pass


def preloaded_records(form, name):
    """The records `form`'s instance holds for the relation `name` without a query, or None."""
    instance = form.instance
    field = instance._meta.get_field(name)
    if field.many_to_many:
        initial = form.initial.get(name)  # model_to_dict() has loaded the records, once, for the form's initial
        if isinstance(initial, list) and all(isinstance(record, field.related_model) for record in initial):
            return initial
        return None
    if field.is_cached(instance):
        record = field.get_cached_value(instance)
        return [] if record is None else [record]
    return None


class PreloadedChoicesForm(forms.ModelForm):
    """Gives each autocomplete widget of the form the records its instance already holds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # the admin wraps it in RelatedFieldWidgetWrapper
            if isinstance(widget, PreloadedChoicesMixin):
                widget.preloaded = preloaded_records(self, name)


class PreloadedAutocompleteFields:
    """For a ModelAdmin or an inline: its autocomplete fields render the records its form holds. A form set in
    a subclass should be a PreloadedChoicesForm too, or the widgets look their records up as Django's do. Fields that
    limit their choices keep Django's widget, which shows the chosen record only when it is allowed."""

    form = PreloadedChoicesForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self.holds(db_field, request, kwargs):
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if self.holds(db_field, request, kwargs):
            kwargs["widget"] = PreloadedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def holds(self, db_field, request, kwargs):
        return (
            "widget" not in kwargs
            and db_field.name in self.get_autocomplete_fields(request)
            and not db_field.get_limit_choices_to()
        )
