from django import forms
from django.utils import timezone

from films.importer.formats import format_names


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (Django's documented recipe).
    An empty file is let through: the importer rejects it by name, beside
    the others, rather than the form rejecting the whole batch."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        # A file is true while it has a name, however short its content.
        files = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        single_file_clean = super().clean
        return [single_file_clean(item, initial) for item in files]


class ImportDocumentsForm(forms.Form):
    documents = MultipleFileField(
        error_messages={"required": "Choose at least one file."},
        help_text="Plain-text dumps of film pages. Each one is imported on its own: "
        "a bad document is reported and changes nothing.",
    )
    format = forms.ChoiceField(
        choices=[("", "Detect automatically")] + [(name, name) for name in format_names()],
        required=False,
    )
    captured_at = forms.DateTimeField(
        label="Captured",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="When the pages were fetched, if they do not say so themselves. "
        "Default: now. A film keeps the values of its newest capture.",
    )
    publish = forms.BooleanField(
        required=False, help_text="Publish the films and people this import creates."
    )
    dry_run = forms.BooleanField(
        label="Dry run", required=False, help_text="Show what would change, write nothing."
    )

    def clean_captured_at(self):
        captured_at = self.cleaned_data["captured_at"]
        if captured_at and captured_at > timezone.now():
            raise forms.ValidationError("The capture time cannot be in the future.")
        return captured_at
