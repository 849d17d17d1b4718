from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from films.sitemaps import SITEMAPS
from films.views import HomeView, healthz, robots_txt
from filmsite.views import readyz

admin.site.site_header = "Filmsite administration"
admin.site.site_title = "Filmsite admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("films.urls")),
    path("", include("reviews.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    # A trivial view: the baseline the benchmarks compare pages with.
    path("healthz", healthz, name="healthz"),
    # Readiness for a load balancer: 503 while the database does not answer.
    path("readyz", readyz, name="readyz"),
]

# A database outage answers 503 with Retry-After, other errors 500 (filmsite/views.py).
handler500 = "filmsite.views.server_error"
# In the admin, a refusal is an admin page saying which permission is missing.
handler403 = "filmsite.views.permission_denied"
