"""Submit an admin change form as an editor's browser would: every field with the value it shows."""


def form_values(form):
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = str(getattr(value, "pk", value))
    return data


def admin_form_data(response, **changes):
    """The POST data of the admin form rendered in `response`, with `changes` applied to the main form."""
    context = response.context
    data = form_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    data.update({name: str(value) for name, value in changes.items()})
    return data


def admin_url(record, view="change"):
    """The admin page of the record: its change, delete or history page."""
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/{record.pk}/{view}/"


def save_admin_form(client, url, **changes):
    """GET the admin form at `url` and POST it back, as an editor pressing Save with `changes` made."""
    return client.post(url, admin_form_data(client.get(url), **changes))


def messages_of(response) -> list[str]:
    """The messages the admin left for the editor with this response."""
    from django.contrib.messages import get_messages

    return [str(message) for message in get_messages(response.wsgi_request)]


def form_errors(response) -> list:
    """Every error of the admin form in `response`, its inlines' included: what an editor reads in red."""
    context = response.context
    formsets = [inline.formset for inline in context["inline_admin_formsets"]]
    return [
        *context["adminform"].form.errors.items(),
        *(error for formset in formsets for error in [*formset.non_form_errors(), *formset.errors] if error),
    ]


def inline_row(data, prefix, record):
    """The prefix of the fields of `record`'s row in the inline formset `prefix` of the POST data."""
    return next(name[: -len("-id")] for name, value in data.items()
                if name.startswith(f"{prefix}-") and name.endswith("-id") and value == str(record.pk))


def add_inline_row(data, prefix, **fields):
    """Add a row to the inline formset `prefix` of the POST data, as the editor's "Add another" does."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": str(value) for name, value in fields.items()})
    return data


def signed_in_editor(username):
    """A browser of a second editor, signed in: for the cases where two editors work at once."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    user = User.objects.create_user(username, password=f"{username}-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client
