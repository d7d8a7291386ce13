"""Script injection in a real Chromium: the OWASP XSS corpus, and the Content-Security-Policy.

Each vector comes from the OWASP XSS Filter Evasion Cheat Sheet, changed to set
`window.__xss` instead of calling alert(), and to load nothing from another host. They go
into every Markdown section, the title, a timeline entry, a factor, an action item and a
comment; then each page that shows them is loaded. Nothing may run, no dialog may open, and
no element may carry an event handler or a script URL (vectors that need a click or a hover
would otherwise pass unnoticed). It runs twice: with the Content-Security-Policy, and with
the browser told to ignore it, so the Markdown sanitiser and template escaping are proven on
their own and not only behind the policy. The policy itself must not break any of our pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect

from app.extensions import db
from app.reviews import services as reviews
from tests.browser.conftest import TIMEOUT_MS
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.incidents import (
    make_action,
    make_complete_review,
    make_entry,
    make_factor,
    make_incident,
    make_service,
    publish_example,
)

SET = "window.__xss=1"
ENCODED_SET = "".join(f"&#{ord(c)};" for c in SET)  # decimal HTML entities
JS = "javascript:" + SET
JS_DECIMAL = "".join(f"&#{ord(c)}" for c in "javascript:") + SET  # no semicolons
JS_HEX = "".join(f"&#x{ord(c):X}" for c in "javascript:") + SET

VECTORS = [
    f"<script>{SET}</script>",  # basic
    f"<SCRIPT SRC=data:text/javascript,{SET}></SCRIPT>",  # script from a data: URL
    f'<IMG SRC="{JS}">',  # image XSS using the JavaScript directive
    f"<IMG SRC={JS}>",  # no quotes and no semicolon
    f"<IMG SRC=JaVaScRiPt:{SET}>",  # case insensitive
    f"<IMG SRC=`{JS}`>",  # grave accent obfuscation
    f'<a onmouseover="{SET}">xxs link</a>',  # malformed A tags
    f'<IMG """><SCRIPT>{SET}</SCRIPT>">',  # malformed IMG tags
    f'<IMG SRC=/ onerror="{SET}"></img>',  # default SRC tag by leaving it empty
    f'<IMG SRC= onmouseover="{SET}">',  # default SRC tag left empty
    f'<IMG onmouseover="{SET}">',  # default SRC tag left out entirely
    f'<img src=x onerror="{ENCODED_SET}">',  # on error with encoded handler
    f"<IMG SRC={JS_DECIMAL}>",  # decimal HTML character references without semicolons
    f"<IMG SRC={JS_HEX}>",  # hexadecimal HTML character references without semicolons
    f'<IMG SRC="jav\tascript:{SET};">',  # embedded tab
    f'<IMG SRC="jav&#x09;ascript:{SET};">',  # embedded encoded tab
    f'<IMG SRC="jav&#x0A;ascript:{SET};">',  # embedded newline
    f'<IMG SRC="jav&#x0D;ascript:{SET};">',  # embedded carriage return
    f'<IMG SRC=" &#14;  {JS};">',  # spaces and meta characters before the directive
    f'<SCRIPT/XSS SRC="data:text/javascript,{SET}"></SCRIPT>',  # non-alpha-non-digit
    f"<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`={SET}>",  # non-alpha-non-digit in a handler
    f"<<SCRIPT>{SET};//\\<</SCRIPT>",  # extraneous open brackets
    f"<SCRIPT SRC=data:text/javascript,{SET}?< B >",  # no closing script tags
    f'<IMG SRC="{JS}"',  # half open HTML/JavaScript
    f'<iframe srcdoc="<script>parent.{SET}</script>" <',  # double open angle brackets
    f'\\";{SET};//',  # escaping JavaScript escapes
    f"</TITLE><SCRIPT>{SET};</SCRIPT>",  # end title tag
    f'<INPUT TYPE="IMAGE" SRC="{JS};">',  # INPUT image
    f'<BODY BACKGROUND="{JS}">',  # BODY image
    f'<IMG LOWSRC="{JS}">',  # IMG lowsrc
    f'<STYLE>li {{list-style-image: url("{JS}");}}</STYLE><UL><LI>XSS</br>',  # list-style
    f"<svg/onload={SET}>",  # SVG object tag
    f"<BODY ONLOAD={SET}>",  # BODY tag
    f'<details open ontoggle="{SET}">',  # an event that fires by itself
    f'<video><source onerror="{SET}"></video>',  # another that fires by itself
    f'<input autofocus onfocus="{SET}">',  # and one more
    f'<TABLE BACKGROUND="{JS}">',  # TABLE
    f'<DIV STYLE="background-image: url({JS})">',  # DIV background-image
    f'<DIV STYLE="width: expression({SET});">',  # DIV expression
    f'<BASE HREF="{JS};//">',  # BASE tag
    f'<OBJECT TYPE="text/x-scriptlet" DATA="data:text/html,<script>parent.{SET}</script>">',
    f"<EMBED SRC=\"data:image/svg+xml,<svg onload='parent.{SET}'>\">",  # EMBED SVG
    f'<META HTTP-EQUIV="refresh" CONTENT="0;url={JS};">',  # META refresh
    f'<form><button formaction="{JS}">x</button></form>',  # form action
    f"<math><mtext><table><mglyph><style><img src=x onerror={SET}>",  # mutation XSS
    f'<noscript><p title="</noscript><img src=x onerror={SET}>">',  # mutation XSS
    f'"><img src=x onerror="{SET}">',  # breaking out of a double-quoted attribute
    f"'><img src=x onerror='{SET}'>",  # breaking out of a single-quoted attribute
    f'</textarea><img src=x onerror="{SET}">',  # breaking out of a text area
    f"[click me]({JS})",  # Markdown link
    f"![alt]({JS})",  # Markdown image
    f"[click me](JaVaScRiPt&#58;{SET})",  # Markdown link, encoded colon
    f"<{JS}>",  # Markdown autolink
    f"[ref link][evil]\n\n[evil]: {JS}",  # Markdown reference link
]
TITLES = [v for v in VECTORS if len(v) <= 200 and "\n" not in v]
CORPUS = "\n\n".join(VECTORS)
SECTIONS = ("summary", "impact", "went_well", "got_lucky", "surprised")

# Every element and attribute that could run script, looked for after the page settles.
SCAN = """() => {
  // Resolve a URL as the browser would when following or loading it.
  const schemeOf = (value) => {
    try {
      const scheme = new URL(value, document.baseURI).protocol;
      return ["javascript:", "vbscript:", "data:"].includes(scheme) ? scheme : "ok";
    } catch {
      return "ok";  // not a URL the browser could follow or load at all
    }
  };
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "background",
                         "data", "lowsrc", "dynsrc", "poster", "srcdoc"];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (["iframe", "frame", "object", "embed", "base", "applet", "style"].includes(tag)) {
      found.push(`<${tag}>`);
    }
    if (tag === "meta" && el.hasAttribute("http-equiv")) found.push("<meta http-equiv>");
    if (tag === "script" && !(el.getAttribute("src") || "").startsWith("/static/")) {
      found.push(`<script src=${el.getAttribute("src")}>`);
    }
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) found.push(`<${tag} ${name}>`);
      if (name === "style") found.push(`<${tag} style>`);
      if (urlAttributes.includes(name) && schemeOf(attribute.value) !== "ok") {
        found.push(`<${tag} ${name}=${attribute.value.slice(0, 40)}>`);
      }
    }
  }
  return found;
}"""


# Runs before any page script: collect what the browser refused, with the directive it broke.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
MARKDOWN = (
    "**Checkout** failed for `38 min`.\n\n| zone | errors |\n| --- | --- |\n| eu | 4% |\n\n"
    "See [the runbook](https://runbooks.example/checkout)."
)


class Watched:
    """A page that records CSP violations and console errors, per address visited."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: dict[str, list[str]] = {}
        self.error_pages: set[str] = set()  # addresses that answer an error page on purpose
        page.add_init_script(WATCH)
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        text = message.text
        if text.startswith("Failed to load") and urlsplit(message.location["url"]).path in (
            self.error_pages
        ):
            return
        if message.type == "error" or "Policy" in text:
            self.problems.setdefault(self.page.url, []).append(f"console {message.type}: {text}")

    def visit(self, path: str, status: int = 200) -> None:
        if status != 200:
            self.error_pages.add(path)
        response = self.page.goto(path)
        assert response is not None
        assert response.status == status, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        self.settle()

    def settle(self) -> None:
        self.page.wait_for_load_state("networkidle")  # language hints, similar reviews
        if violations := self.page.evaluate("window.__violations"):
            self.problems.setdefault(self.page.url, []).extend(violations)


@pytest.fixture
def reader(
    app: Flask,
    browser: Browser,
    base_url: str,
    new_page: Callable[[], Page],
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    """A page with the policy enforced (the shared harness), or one that ignores it."""
    if request.param == "policy enforced":
        yield new_page()
        return
    context = browser.new_context(base_url=base_url, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def sign_in(page: Page, email: str) -> None:
    """Sign in through the real sign-in form and land on the incident list."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Incidents", exact=True)).to_be_visible()


@pytest.mark.parametrize("reader", ["policy enforced", "policy ignored"], indirect=True)
def test_no_vector_runs_on_any_page_that_shows_it(app: Flask, reader: Page) -> None:
    author = make_user(email="xss@example.com", name="Xavier Writer")
    incident = make_incident(
        author,
        title='"><img src=x onerror="window.__xss=1"></title><script>window.__xss=1</script>',
        **dict.fromkeys(SECTIONS, CORPUS),
    )
    entry = make_entry(incident, author, body=CORPUS)
    factor = make_factor(incident, author, description=CORPUS)
    action = make_action(incident, author, title=TITLES[0], description=CORPUS)
    reviews.add_comment(actor=author, incident=incident, section="summary", body=CORPUS)
    for title in TITLES:
        make_incident(author, title=title, summary=title)
    db.session.commit()
    ref = incident.ref
    pages = [
        "/incidents/?per_page=100",
        f"/incidents/{ref}",
        f"/incidents/{ref}/review",
        *(f"/incidents/{ref}/edit/{step}" for step in ("basics", "timeline", "factors")),
        *(f"/incidents/{ref}/edit/{step}" for step in ("actions", "learnings", "summary")),
        f"/incidents/{ref}/timeline/{entry.id}",
        f"/incidents/{ref}/factors/{factor.id}",
        f"/incidents/{ref}/actions/{action.id}",
    ]
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    reader.on("dialog", refuse)
    sign_in(reader, "xss@example.com")
    findings = {}
    for path in pages:
        response = reader.goto(path)
        assert response is not None
        assert response.status == 200, path
        reader.wait_for_load_state("networkidle")
        reader.wait_for_timeout(200)  # events queued after load: toggle, media errors, focus
        ran, found = reader.evaluate("window.__xss"), reader.evaluate(SCAN)
        if ran is not None or found:
            findings[path] = {"ran": ran, "found": found}
    assert findings == {}
    assert dialogs == []


@pytest.mark.parametrize(
    ("reader", "runs"), [("policy enforced", False), ("policy ignored", True)], indirect=["reader"]
)
def test_the_flag_is_seen_when_script_does_run(app: Flask, reader: Page, runs: bool) -> None:
    make_user(email="xss@example.com")
    db.session.commit()
    reader.add_init_script(WATCH)
    sign_in(reader, "xss@example.com")
    reader.evaluate(
        """() => {
          const img = document.createElement("img");
          img.setAttribute("onerror", "window.__xss = 1");
          img.src = "/no-such-image";
          document.body.append(img);
        }"""
    )
    reader.wait_for_load_state("networkidle")
    reader.wait_for_timeout(200)
    # Without the policy an inline handler runs, and the flag shows it; with it, it cannot,
    # and the browser reports what it refused.
    assert (reader.evaluate("window.__xss") == 1) is runs
    violations = reader.evaluate("window.__violations")
    assert bool(violations) is not runs
    assert all(v.startswith("script-src") for v in violations), violations


def test_no_page_breaks_the_content_security_policy(app: Flask, page: Page) -> None:
    admin = make_user(email="ada@example.com", name="Ada Admin", admin=True)
    make_service("checkout", team="Payments")
    published = publish_example(admin)
    draft = make_complete_review(admin, went_well=MARKDOWN, got_lucky=MARKDOWN)
    reviews.add_comment(actor=admin, incident=draft, section="summary", body=MARKDOWN)
    db.session.commit()
    entry, factor, action = draft.timeline[0], draft.factors[0], draft.actions[0]
    ref = draft.ref
    pages = [
        "/incidents/",
        "/incidents/new",
        f"/incidents/{published.ref}",
        f"/incidents/{published.ref}/review",
        f"/incidents/{published.ref}/revisions/1",
        f"/incidents/{ref}",
        *(f"/incidents/{ref}/edit/{step}" for step in ("basics", "timeline", "factors")),
        *(f"/incidents/{ref}/edit/{step}" for step in ("actions", "learnings", "summary")),
        f"/incidents/{ref}/timeline/{entry.id}",
        f"/incidents/{ref}/factors/{factor.id}",
        f"/incidents/{ref}/actions/{action.id}",
        f"/incidents/{ref}/review",
        "/catalog/",
        "/profile",
        "/admin/audit",
    ]
    watched = Watched(page)

    watched.visit("/login")
    sign_in(page, "ada@example.com")
    watched.settle()
    for path in pages:
        watched.visit(path)
    watched.visit("/incidents/INC-9999", status=404)
    page.get_by_text("Ada Admin").click()  # the account menu, then sign out through its form
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Hindsight")).to_be_visible()
    watched.settle()

    assert watched.problems == {}
