"""Old addresses keep working: a renamed or merged film, person, critic or
publication leaves its old slug behind (SlugRedirect), and its public pages
answer that slug with a permanent redirect to the current one.

Each content app connects its slug-addressed models (`connect`) and gives
their detail views `RedirectsOldSlugs`; merges move redirects themselves
(filmsite.content.merging). A lookup costs one query, and only when no
object has the slug."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, pre_save
from django.http import Http404, HttpResponsePermanentRedirect

from .models import SlugRedirect


def remember(obj, old_slug):
    """`old_slug` (no longer `obj`'s) leads to `obj` from now on; its current
    slug leads nowhere but to itself."""
    content_type = ContentType.objects.get_for_model(type(obj))
    SlugRedirect.objects.filter(content_type=content_type, old_slug=obj.slug).delete()
    SlugRedirect.objects.update_or_create(
        content_type=content_type, old_slug=old_slug, defaults={"object_id": obj.pk}
    )


def move(duplicate, target):
    """The old slugs of `duplicate` and its own slug lead to `target` (a merge)."""
    content_type = ContentType.objects.get_for_model(type(target))
    SlugRedirect.objects.filter(content_type=content_type, object_id=duplicate.pk).update(
        object_id=target.pk
    )
    if duplicate.slug != target.slug:
        remember(target, duplicate.slug)


def current_slug(queryset, slug):
    """The slug now used by the object of `queryset` that `slug` used to name,
    or None: one query, joining the redirect and the object (so a redirect to
    an object the queryset excludes, a draft for visitors, leads nowhere)."""
    opts = queryset.model._meta
    old = SlugRedirect.objects.filter(
        content_type__app_label=opts.app_label, content_type__model=opts.model_name, old_slug=slug
    ).values("object_id")
    return queryset.prefetch_related(None).filter(pk__in=old).values_list("slug", flat=True).first()


class MovedPermanently(Exception):
    def __init__(self, url):
        self.url = url


def moved(request, slug, new_slug):
    """MovedPermanently to this page's address with `new_slug` for `slug`."""
    return MovedPermanently(request.path.replace(f"/{slug}/", f"/{new_slug}/", 1))


class RedirectsOldSlugs:
    """For a view of an object addressed by slug: an old slug answers a
    permanent redirect (with the query string) to the current address. A
    DetailView gets it from get_object; other views call `redirect_old_slug`
    where their own lookup finds nothing."""

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            queryset = queryset if queryset is not None else self.get_queryset()
            self.redirect_old_slug(queryset, self.kwargs.get(self.slug_url_kwarg))
            raise

    def redirect_old_slug(self, queryset, slug):
        """Raise MovedPermanently when `slug` used to name an object of
        `queryset`; return when it did not."""
        new_slug = current_slug(queryset, slug) if slug else None
        if new_slug is not None:
            raise moved(self.request, slug, new_slug) from None

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except MovedPermanently as answer:
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(answer.url + (f"?{query}" if query else ""))


def remember_old_slug(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old_slug = sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old_slug and old_slug != instance.slug:
        remember(instance, old_slug)


def forget(sender, instance, **kwargs):
    """A deleted object's old slugs lead nowhere (its id could come back)."""
    SlugRedirect.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def connect(models):
    """Renaming the slug of one of `models` leaves a redirect behind."""
    for model in models:
        uid = f"slug-redirect-{model._meta.label_lower}"
        pre_save.connect(remember_old_slug, sender=model, dispatch_uid=uid)
        post_delete.connect(forget, sender=model, dispatch_uid=f"{uid}-delete")
