import pytest
from django.contrib.auth.models import Group


@pytest.fixture(autouse=True, scope="session")
def jinja2_templates_are_recorded():
    """The test client records each response's templates and context
    (response.context) from a signal that Django's test setup makes its own
    template engine send; this makes the Jinja2 backend of the public pages
    send it too."""
    from django.template.backends import jinja2
    from django.test.signals import template_rendered

    render = jinja2.Template.render

    def recorded_render(self, context=None, request=None):
        template_rendered.send(sender=self, template=self, context=context or {})
        return render(self, context, request)

    jinja2.Template.render = recorded_render
    yield
    jinja2.Template.render = render


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Serve static files unhashed in tests: the manifest exists only after
    collectstatic, which tests/test_settings.py runs once on its own."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache and no film list index: the
    content version that keys both is rolled back with each test's database
    changes."""
    from django.core.cache import cache

    from films import catalogue

    cache.clear()
    catalogue.forget()


@pytest.fixture
def editor(django_user_model):
    """A staff member of the Editors group created by the migration."""
    user = django_user_model.objects.create_user(
        username="editor", password="editor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
