"""Accessibility of every page type, in headless chromium.

axe-core (bundled in the axe-playwright-python package, so it works offline) runs the
WCAG 2.0/2.1/2.2 A and AA rules plus the landmark, region and skip-link best practices
on every page type, in the light and the dark colour scheme, at phone and desktop
widths. On failure the message lists each rule, its impact, the CSS selector of every
failing element, axe's failure summary and the variants it fails in.

Then what axe cannot see: keyboard focus is visible, the skip link moves focus to the
main content, and the landmarks are there exactly once.
"""

import re
from collections import defaultdict

import pytest
from axe_playwright_python.base import AXE_FILE_PATH

from .seed import PAGE_IDS, page_by_id, page_urls

pytestmark = pytest.mark.browser

AXE_SOURCE = AXE_FILE_PATH.read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = ["light", "dark"]
VIEWPORTS = ["phone", "desktop"]

RUN_AXE = """async (tags) => {
  const extra = axe.getRules(["best-practice"]).map((rule) => rule.ruleId)
    .filter((id) => id.startsWith("landmark-") || id === "region" || id === "skip-link");
  const rules = Object.fromEntries(extra.map((id) => [id, {enabled: true}]));
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    rules,
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map((part) => [].concat(part).join(" >>> ")).join(", "),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}"""

STYLESHEETS = """() => [...document.styleSheets].filter((sheet) => sheet.href).map((sheet) => {
  try { return [sheet.href, sheet.cssRules.length]; } catch (e) { return [sheet.href, -1]; }
})"""


def open_page(new_page, page, viewport="desktop", color_scheme="light"):
    """Open `page` (a tests.browser.seed.Page) and check it answered as expected and is
    styled: axe's colour checks mean nothing on an unstyled page."""
    tab = new_page(viewport=viewport, color_scheme=color_scheme)
    failed = []
    tab.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}")
            if response.request.resource_type == "stylesheet" and response.status >= 400
            else None
        ),
    )
    response = tab.goto(page.url)
    assert response.status == page.status, f"{page.url} answered {response.status}"
    sheets = tab.evaluate(STYLESHEETS)
    assert sheets, f"{page.url} links no stylesheet"
    assert not failed, f"{page.url}: stylesheets failed to load: {failed}"
    empty = [href for href, rules in sheets if rules <= 0]
    assert not empty, f"{page.url}: stylesheets without rules: {empty}"
    return tab


def axe_report(url, found):
    """`found`: {variant: [violation, …]} → one readable report, each failing
    element once with the variants it fails in."""
    rules = {}
    nodes = defaultdict(lambda: defaultdict(list))
    for variant, violations in found.items():
        for violation in violations:
            rules[violation["id"]] = violation
            for node in violation["nodes"]:
                key = (node["target"], node["html"])
                nodes[violation["id"]][key].append((variant, node["summary"]))
    count = sum(len(targets) for targets in nodes.values())
    lines = [f"{url}: {len(rules)} axe rule(s) fail on {count} element(s)"]
    for rule_id, violation in sorted(rules.items()):
        lines.append(
            f"\n[{rule_id}] impact={violation['impact']}: {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for (target, html), seen in nodes[rule_id].items():
            variants = ", ".join(variant for variant, _ in seen)
            lines.append(f"  - target: {target}\n    in: {variants}")
            lines.append(f"    html: {html[:300]}")
            summaries = dict.fromkeys(summary for _, summary in seen)
            for summary in summaries:
                prefix = "    " if len(summaries) == 1 else "    (varies by variant) "
                lines.append(prefix + summary.replace("\n", "\n" + " " * len(prefix)))
    return "\n".join(lines)


BROKEN_PAGE = """<!DOCTYPE html><html><head><title>Broken</title></head><body>
<div><img src="data:,"><input type="text">
<p style="color:#bbb;background:#fff">Too faint</p></div></body></html>"""


def test_axe_runs_and_reports_violations(browser):
    """The checker itself works (offline, with these options): on a page built to
    fail it finds the missing alt text, label, contrast, lang and landmarks."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_content(BROKEN_PAGE)
    tab.evaluate(AXE_SOURCE)
    found = {violation["id"] for violation in tab.evaluate(RUN_AXE, AXE_TAGS)}
    context.close()
    expected = {"image-alt", "label", "color-contrast", "html-has-lang", "region"}
    assert expected <= found, f"axe missed {expected - found}; found {found}"


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_axe_finds_no_violations(page_id, site_data, new_page):
    """Each width in its own context (a phone is a mobile, touch device); both colour
    schemes on the same loaded page, switched with emulate_media."""
    page = page_by_id(site_data, page_id)
    found = {}
    for viewport in VIEWPORTS:
        tab = open_page(new_page, page, viewport)
        tab.evaluate(AXE_SOURCE)
        for color_scheme in SCHEMES:
            tab.emulate_media(color_scheme=color_scheme)
            violations = tab.evaluate(RUN_AXE, AXE_TAGS)
            if violations:
                found[f"{color_scheme}/{viewport}"] = violations
        tab.context.close()
    assert not found, axe_report(page.url, found)


# --- What axe cannot check -----------------------------------------------------

FOCUS_STYLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const transparent = (color) => /rgba\\(.*,\\s*0\\)$/.test(color) || color === "transparent";
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    && !transparent(style.outlineColor);
  const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
  const label = element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + (element.className && typeof element.className === "string"
       ? "." + element.className.trim().split(/\\s+/).join(".") : "")
    + (element.getAttribute("href") ? `[href="${element.getAttribute("href")}"]` : "")
    + (element.getAttribute("name") ? `[name="${element.getAttribute("name")}"]` : "");
  return {
    label,
    focusVisible: element.matches(":focus-visible"),
    visible: outline || shadow,
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    boxShadow: style.boxShadow,
  };
}"""
FOCUS_PAGES = ["home", "film-list", "film-detail"]
TAB_STOPS = 12


def test_keyboard_focus_is_visible(site_data, new_page):
    """Tab through the first stops of the main page types, in both colour schemes:
    each focused element matches :focus-visible and has an outline or box-shadow."""
    problems = []
    for page_id in FOCUS_PAGES:
        page = page_by_id(site_data, page_id)
        for color_scheme in SCHEMES:
            tab = open_page(new_page, page, "desktop", color_scheme)
            seen = 0
            for _ in range(TAB_STOPS):
                tab.keyboard.press("Tab")
                focus = tab.evaluate(FOCUS_STYLE)
                if focus is None:
                    break
                seen += 1
                if not (focus["focusVisible"] and focus["visible"]):
                    problems.append(
                        f"{page.url} ({color_scheme}) tab stop {seen}: {focus['label']}: "
                        f":focus-visible={focus['focusVisible']}, outline {focus['outline']}, "
                        f"box-shadow {focus['boxShadow']}"
                    )
            if not seen:
                problems.append(f"{page.url} ({color_scheme}): Tab focuses nothing")
            tab.context.close()
    assert not problems, "focus is not visible:\n" + "\n".join(problems)


SKIP_LINK = """() => {
  const link = document.activeElement;
  if (!link || link.tagName !== "A") return {error: "the first Tab stop is not a link"};
  const href = link.getAttribute("href") || "";
  const target = href.startsWith("#") ? document.getElementById(href.slice(1)) : null;
  const main = document.querySelector("main, [role=main]");
  const box = link.getBoundingClientRect();
  return {
    text: link.textContent.trim(),
    href,
    targetsMain: !!(target && main && (target === main || main.contains(target))),
    onScreen: box.width > 1 && box.height > 1 && box.top >= 0 && box.left >= 0
      && box.bottom <= innerHeight && box.right <= innerWidth,
  };
}"""
FOCUS_IN_MAIN = """() => {
  const main = document.querySelector("main, [role=main]");
  const element = document.activeElement;
  return !!(main && element && (element === main || main.contains(element)));
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_skip_link_moves_focus_to_main(viewport, site_data, new_page):
    problems = []
    for page_id in ["home", "film-list", "film-detail", "person-detail"]:
        page = page_by_id(site_data, page_id)
        tab = open_page(new_page, page, viewport)
        tab.keyboard.press("Tab")
        link = tab.evaluate(SKIP_LINK)
        if "error" in link:
            problems.append(f"{page.url}: {link['error']}")
            continue
        if not re.search(r"skip|jump|main content|content", link["text"], re.IGNORECASE):
            problems.append(f"{page.url}: the first Tab stop is {link['text']!r}, no skip link")
            continue
        if not link["targetsMain"]:
            problems.append(f"{page.url}: the skip link {link['href']!r} does not target <main>")
        if not link["onScreen"]:
            problems.append(f"{page.url}: the focused skip link is not visible on screen")
        tab.keyboard.press("Enter")
        if not tab.evaluate(FOCUS_IN_MAIN):
            problems.append(f"{page.url}: after the skip link, focus is not in <main>")
        tab.keyboard.press("Tab")
        if not tab.evaluate(FOCUS_IN_MAIN):
            problems.append(f"{page.url}: the Tab after the skip link leaves <main>")
        tab.context.close()
    assert not problems, "\n".join(problems)


def test_landmarks_appear_once(site_data, new_page):
    """One banner (with the site navigation in it), one main, one contentinfo, and
    one h1, inside main, on every page type."""
    problems = []
    tab = new_page()
    for page in page_urls(site_data):
        response = tab.goto(page.url)
        assert response.status == page.status, f"{page.url} answered {response.status}"
        counts = {
            "banner (header)": tab.get_by_role("banner").count(),
            "main": tab.get_by_role("main").count(),
            "contentinfo (footer)": tab.get_by_role("contentinfo").count(),
            "navigation in the banner": tab.get_by_role("banner").get_by_role("navigation").count(),
            "h1": tab.locator("h1").count(),
            "h1 in main": tab.get_by_role("main").locator("h1").count(),
        }
        wrong = {name: count for name, count in counts.items() if count != 1}
        if wrong:
            problems.append(f"{page.url}: expected exactly one of each, found {wrong}")
    assert not problems, "\n".join(problems)


BACKGROUND = """() => {
  const colors = [document.body, document.documentElement]
    .map((element) => getComputedStyle(element).backgroundColor);
  return colors.find((color) => !/rgba\\(.*,\\s*0\\)$/.test(color)) || "transparent";
}"""


def luminance(color):
    channels = [int(value) / 255 for value in re.findall(r"\d+(?:\.\d+)?", color)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_dark_scheme_is_dark(site_data, new_page):
    """The pages declare `color-scheme: light dark`; the dark scheme the axe tests
    check must really be dark (and the light one light)."""
    page = page_by_id(site_data, "film-detail")
    light = open_page(new_page, page, color_scheme="light").evaluate(BACKGROUND)
    dark = open_page(new_page, page, color_scheme="dark").evaluate(BACKGROUND)
    assert luminance(light) > 0.5, f"light scheme background {light}"
    assert luminance(dark) < 0.1, f"dark scheme background {dark}"


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return null;
  const label = (element) => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + (typeof element.className === "string" && element.className.trim()
       ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  const wide = [...document.body.querySelectorAll("*")].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1;
  });
  // The outermost overflowing elements: the ones to fix.
  const outermost = wide.filter((element) => !wide.includes(element.parentElement));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width,
    elements: outermost.slice(0, 5).map((element) =>
      `${label(element)} (right edge ${Math.round(element.getBoundingClientRect().right)}px)`),
  };
}"""


def test_no_horizontal_scrolling_on_a_phone(site_data, new_page):
    """WCAG 1.4.10 (reflow), which axe does not check: at 390 px no page scrolls
    sideways. Wide tables belong in a container that scrolls on its own."""
    problems = []
    tab = new_page(viewport="phone")
    for page in page_urls(site_data):
        tab.goto(page.url)
        overflow = tab.evaluate(OVERFLOW)
        if overflow:
            problems.append(
                f"{page.url}: the page is {overflow['scrollWidth']}px wide in a "
                f"{overflow['width']}px viewport; overflowing: {'; '.join(overflow['elements'])}"
            )
    assert not problems, "\n".join(problems)
