"""The admin's model form for content (ContentAdmin.form): a value that must be
unique and is already taken says so in words, on its field, with a link to
the object that holds it ("A person named “Moira Shearer” already exists.").

The database's constraints stay the rule: each case-insensitive name
constraint carries its own words (`violation_error_message`), which
Model.validate_constraints gives anywhere else a model is validated. This
form only finds the holder first, so that it can name and link it; a field
with an error is left out of Django's own unique and constraint checks, so
the value is reported once.
"""

from django import forms
from django.db import models
from django.db.models import Value
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from . import permissions

# Fields named by these are what an object is called: "A person named …".
NAME_FIELDS = {"name", "title"}


def unique_lookups(model):
    """(field name, expression or None) for each single field `model` keeps
    unique: None for `unique=True` (compared as stored), the constraint's
    expression for a unique constraint on one expression of one field
    (LOWER("name"), compared as the database compares it)."""
    found = {}
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            found.setdefault(field.name, None)
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or constraint.condition:
            continue
        if len(constraint.expressions) != 1:
            continue
        (expression,) = constraint.expressions
        sources = expression.get_source_expressions()
        if len(sources) == 1 and isinstance(sources[0], models.F):
            found[sources[0].name] = expression
    return found.items()


def holder(model, name, expression, value, exclude_pk):
    """The row of `model` that already holds `value` in field `name`, if any."""
    queryset = model._default_manager.all()
    if expression is None:
        queryset = queryset.filter(**{name: value})
    else:
        compared = expression.copy()
        compared.set_source_expressions([Value(value)])
        queryset = queryset.alias(unique_value=expression).filter(unique_value=compared)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.order_by("pk").first()


def taken_message(obj, field, value):
    """The words for a duplicate, with a link to the object's change page."""
    opts = obj._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        url = None
    link = format_html('<a href="{}">{}</a>', url, obj) if url else format_html("{}", obj)
    if field.name in NAME_FIELDS:
        return format_html(
            "{} named “{}” already exists.", capfirst(permissions.a(type(obj))), link
        )
    return format_html(
        "The {} “{}” is already used by the {} “{}”.",
        field.verbose_name,
        value,
        opts.verbose_name,
        link,
    )


class ContentForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        model = type(self.instance)
        for name, expression in unique_lookups(model):
            value = cleaned_data.get(name)
            if name not in self.fields or self.has_error(name) or value in (None, ""):
                continue
            if found := holder(model, name, expression, value, self.instance.pk):
                field = model._meta.get_field(name)
                self.add_error(name, forms.ValidationError(taken_message(found, field, value)))
        return cleaned_data
