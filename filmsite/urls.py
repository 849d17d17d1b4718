from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from films.views import HomeView

admin.site.site_header = "Filmsite administration"
admin.site.site_title = "Filmsite admin"
admin.site.index_title = "Content"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("films.urls")),
    path("", include("reviews.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
