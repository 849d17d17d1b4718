"""Posting admin change forms back as a browser would."""

import datetime

from django.db.models.fields.files import FieldFile


def form_data(page):
    """What the change form on `page` posts back unchanged."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {
            management.add_prefix(name): management[name].value() for name in management.fields
        }
        forms += inline.formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, datetime.datetime):  # a split date/time widget
                data[form.add_prefix(name) + "_0"] = value.date().isoformat()
                data[form.add_prefix(name) + "_1"] = value.time().isoformat("seconds")
            elif value is not None and not isinstance(value, FieldFile):
                data[form.add_prefix(name)] = value
    return data
