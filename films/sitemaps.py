from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Film, Person


class FilmSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Film.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, film):
        return film.updated_at


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Person.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, person):
        return person.updated_at


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "films:film-list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": PagesSitemap, "films": FilmSitemap, "people": PersonSitemap}
