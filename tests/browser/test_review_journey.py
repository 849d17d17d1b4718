"""The review workflow in a browser (issue #15): a contributor changes a live
film as a draft change and submits it; an editor finds it on the dashboard,
reads the diff, previews it, compares it with the revision before, and
approves it; only then do visitors see it. The live page is checked before
and after, and each step's page is saved as a screenshot
(test-artifacts/screenshots/review-journey-*.png) for review. The revision pages
pass axe's WCAG 2.2 AA rules."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from films.models import Film
from filmsite.content.models import RevisionInfo

from .test_accessibility import AXE_SOURCE, AXE_TAGS, RUN_AXE, axe_report

pytestmark = pytest.mark.browser

NEW_SYNOPSIS = "A young dancer must choose between love and her art, revised by a contributor."


def logged_in(browser, live_server, user):
    """A page in a context with `user`'s session (a test client's force_login)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def shoot(tab, directory, name):
    tab.screenshot(path=str(directory / f"review-journey-{name}.png"), full_page=True)


def assert_accessible(tab):
    tab.evaluate(AXE_SOURCE)
    found = tab.evaluate(RUN_AXE, AXE_TAGS)
    assert not found, axe_report(tab.url, {"desktop": found})


def test_contributor_to_editor_journey(
    browser, live_server, site_data, new_page, django_user_model, screenshot_dir
):
    film = site_data.film
    old_synopsis = Film.objects.get(pk=film.pk).synopsis
    contributor = django_user_model.objects.create_user("casey", is_staff=True)
    contributor.groups.add(Group.objects.get(name="Contributors"))
    editor = django_user_model.objects.create_user("erin", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))

    # The contributor edits the live film: the form says saves become draft changes.
    tab = logged_in(browser, live_server, contributor)
    tab.goto(reverse("admin:films_film_change", args=[film.pk]))
    assert "saved as a draft change" in tab.locator(".messagelist").first.inner_text()
    assert tab.locator('input[name="_save"]').count() == 0
    tab.fill("#id_synopsis", NEW_SYNOPSIS)
    shoot(tab, screenshot_dir, "1-contributor-form")
    tab.click('input[name="_submit"]')
    tab.wait_for_url("**/revisions/*/")
    assert "submitted for review" in tab.locator(".messagelist").inner_text()
    assert NEW_SYNOPSIS in tab.locator(".revision-diff").inner_text()
    shoot(tab, screenshot_dir, "2-submitted")

    # Visitors still see the live synopsis.
    visitor = new_page()
    visitor.goto(film.get_absolute_url())
    assert NEW_SYNOPSIS not in visitor.content()

    # The editor finds it on the dashboard and in the queue.
    desk = logged_in(browser, live_server, editor)
    desk.goto(reverse("admin:index"))
    desk.get_by_role("link", name="Changes awaiting review").click()
    shoot(desk, screenshot_dir, "3-queue")
    assert "casey" in desk.locator("#result_list").inner_text()
    desk.locator("#result_list a", has_text=str(film)).click()
    desk.wait_for_url("**/revisions/*/")
    assert "Awaiting review" in desk.locator(".revision-facts").inner_text()
    diff = desk.locator(".revision-diff").inner_text()
    assert "Synopsis" in diff and NEW_SYNOPSIS in diff and old_synopsis[:40] in diff
    assert_accessible(desk)
    shoot(desk, screenshot_dir, "4-review")

    # The preview shows the change as visitors will see it; the live page is untouched.
    desk.get_by_role("link", name="Preview as visitors will see it").click()
    assert "Preview, not live." in desk.locator(".preview-banner").inner_text()
    assert NEW_SYNOPSIS in desk.content()
    shoot(desk, screenshot_dir, "5-preview")
    desk.go_back()

    # Compare the submitted change with the revision before it (the live state then).
    submitted = RevisionInfo.objects.get(state=RevisionInfo.State.AWAITING)
    desk.goto(reverse("admin:films_film_revisions", args=[film.pk]))
    desk.check(f'input[name="from"][value="{submitted.based_on_id}"]')
    desk.check(f'input[name="to"][value="{submitted.revision_id}"]')
    desk.click('input[value="Compare the two chosen"]')
    compared = desk.locator(".revision-diff").inner_text()
    assert "Synopsis" in compared and NEW_SYNOPSIS in compared
    assert_accessible(desk)
    shoot(desk, screenshot_dir, "6-compare")

    # Approve with a comment: the change goes live.
    desk.goto(reverse("admin:films_film_revision", args=[film.pk, submitted.revision_id]))
    desk.fill("#id_comment", "Clearer, thanks.")
    desk.get_by_role("button", name="Approve and publish").click()
    desk.wait_for_url("**/revisions/")
    assert "is live" in desk.locator(".messagelist").inner_text()
    shoot(desk, screenshot_dir, "7-approved")
    visitor.goto(film.get_absolute_url())
    assert NEW_SYNOPSIS in visitor.content()
    shoot(visitor, screenshot_dir, "8-live")

    # The contributor sees the outcome in their queue.
    tab.goto(reverse("admin:content_revisioninfo_changelist"))
    row = tab.locator("#result_list").inner_text()
    assert "Approved and published" in row and "erin" in row
    for page in (tab, desk, visitor):
        page.context.close()
