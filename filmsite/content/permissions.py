"""Who may change what in the admin: one rule for every content row.
The rule is generic; each content app declares its models' locks (LOCKS).

Visitors see published films, people and reviews, and everything those show.
A user may add, change or delete a row only with the model permission for it
(the groups' permissions, films.signals.grant_role_permissions) and, where
the row is live, with the publish permission of what makes it live:

- a film, a person or a review is live when published (or scheduled);
- a row that belongs to a film (a credit, a reported score, a watch option,
  a review...) is live when its film is, and needs the right to change the
  film as well: whoever may not change the film may not change its rows;
- an entry shared by many (a genre, a company, a critic...) is live when a
  published film or review shows it.

Editors hold every publish permission and superusers every permission, so
the rule never stops them; Contributors hold none, so they work on drafts.

The admin asks it about one object (`may_change`), about every row of a kind
under one film (`may_change_rows`, for inlines) and about a queryset
(`changeable`: bulk actions, and the films a row may be attached to). The
last is the same table read as a filter.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.db.models import Q

from .models import Publishable

PUBLISHED = Publishable.Status.PUBLISHED

# For each content model, the paths from a row to what makes it live: "" is
# the row's own state; every path ends at a publishable model. Each content
# app declares its own models' locks from its AppConfig.ready() (register_locks).
LOCKS = {}


def register_locks(locks):
    """Declare the locks of some models: {model: [path, ...]}."""
    LOCKS.update(locks)


def perm(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def locks(model):
    """(path, the publishable model at its end) for each lock on `model`."""
    found = []
    for path in LOCKS.get(model, []):
        target = model
        for name in path.split("__") if path else []:
            target = target._meta.get_field(name).related_model
        found.append((path, target))
    return found


def parent_paths(model):
    """The foreign keys to the item a row belongs to ("film" for a credit)."""
    return [path for path, _ in locks(model) if is_parent(model, path)]


def is_parent(model, path):
    """Whether `path` is the row's own foreign key to what it belongs to."""
    return bool(path) and "__" not in path and model._meta.get_field(path).many_to_one


def may_change(user, obj, action="change"):
    """Whether `user` may `action` ("add", "change", "delete") `obj`; when
    adding, `obj` is the unsaved row with the film it would belong to."""
    return refusal(user, obj, action) is None


def refusal(user, obj, action="change"):
    """Why `user` may not `action` `obj` (a Refusal), or None when they may:
    the rule of may_change, saying which permission is missing."""
    model = type(obj)
    if not user.has_perm(perm(model, action)):
        return Refusal(model, action, f"to {action} {a(model)}")
    for path, target in locks(model):
        if path and is_parent(model, path) and not user.has_perm(perm(target, "change")):
            return Refusal(target, "change", f"to {action} {a(model)} of {a(target)}")
        if not user.has_perm(perm(target, "publish")) and is_live(obj, path):
            if not path:
                purpose = f"to {action} a published {name(model)}"
            elif is_parent(model, path):
                purpose = f"to {action} {a(model)} of a published {name(target)}"
            else:
                purpose = f"to {action} {a(model)} that a published {name(target)} shows"
            return Refusal(target, "publish", purpose)
    return None


@dataclass(frozen=True)
class Refusal:
    """A missing permission and what it would allow. Its words (str()) read
    the permission's name from the database, only when they are shown."""

    model: type
    action: str
    purpose: str

    def __str__(self):
        codename = f"{self.action}_{self.model._meta.model_name}"
        label = (
            Permission.objects.filter(
                content_type__app_label=self.model._meta.app_label, codename=codename
            )
            .values_list("name", flat=True)
            .first()
        ) or perm(self.model, self.action)
        return f"You need the permission “{label}” {self.purpose}."


def missing(user, model, action, purpose):
    """A Refusal when `user` lacks the model permission for `action`, else None."""
    return None if user.has_perm(perm(model, action)) else Refusal(model, action, purpose)


def name(model):
    return str(model._meta.verbose_name)


def a(model):
    noun = name(model)
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def is_live(obj, path):
    if not path:
        return obj.status == PUBLISHED
    if is_parent(type(obj), path):
        parent = getattr(obj, path, None)
        return parent is not None and parent.status == PUBLISHED
    if obj.pk is None:
        return False
    return type(obj)._default_manager.filter(pk=obj.pk, **{f"{path}__status": PUBLISHED}).exists()


def may_publish(user, model):
    """Whether `user` holds the publish permission of everything that makes a
    `model` row live: whoever may change it however visitors see it."""
    return all(user.has_perm(perm(target, "publish")) for _, target in locks(model))


def may_change_rows(user, model, film, action="change"):
    """For the film's inlines: whether `user` may `action` the rows of
    `model` on `film` (None while the film itself is being added, and then
    a draft or theirs to publish)."""
    if not user.has_perm(perm(model, action)):
        return False
    if film is not None and not may_change(user, film):
        return False
    # Rows with a state of their own (reviews) may be published; the inline
    # cannot tell them apart, so only who may publish them changes them there.
    own_state = issubclass(model, Publishable) and action != "add"
    return not own_state or user.has_perm(perm(model, "publish"))


def changeable(user, queryset, action="change"):
    """The rows of `queryset` that `user` may `action`: may_change as a filter."""
    model = queryset.model
    if not user.has_perm(perm(model, action)):
        return queryset.none()
    for path, target in locks(model):
        if path and is_parent(model, path) and not user.has_perm(perm(target, "change")):
            return queryset.none()
        if not user.has_perm(perm(target, "publish")):
            field = f"{path}__status" if path else "status"
            queryset = queryset.exclude(Q(**{field: PUBLISHED}))
    return queryset
