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
