// Blameless-language hints next to review and comment text areas. Advice only: this never
// blocks typing or submitting, and stays quiet when the check is unavailable.
//
// Markup: <textarea data-check-language="review|comment">. Hints go in a
// <div class="language-hints" aria-live="polite"> right after the text area (made if missing).
// Every piece of user text is set with textContent, never as HTML.
(() => {
  "use strict";

  const ENDPOINT = "/language/check";
  const DELAY_MS = 400;
  const state = new WeakMap(); // textarea -> {timer, controller, sequence}

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function hintsBox(area) {
    const next = area.nextElementSibling;
    if (next && next.classList.contains("language-hints")) {
      return next;
    }
    const box = document.createElement("div");
    box.className = "language-hints";
    box.setAttribute("aria-live", "polite");
    box.hidden = true;
    area.insertAdjacentElement("afterend", box);
    return box;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    node.textContent = text;
    return node;
  }

  function render(area, text, findings) {
    const box = hintsBox(area);
    box.replaceChildren();
    box.hidden = findings.length === 0;
    if (box.hidden) {
      return;
    }
    // Offsets count code points (Python's str), not UTF-16 units: slice an array of them.
    const chars = Array.from(text);
    const intro = "Some wording you may want to reconsider (advice only):";
    box.append(element("p", "language-intro", intro));
    const list = document.createElement("ul");
    for (const finding of findings) {
      const item = document.createElement("li");
      item.dataset.rule = finding.rule;
      item.append(
        element("q", "language-quote", chars.slice(finding.start, finding.end).join("")),
        element("span", "language-message", finding.message),
        element("span", "language-suggestion", `Try: ${finding.suggestion}`),
      );
      list.append(item);
    }
    box.append(list);
  }

  async function check(area) {
    const entry = state.get(area);
    const text = area.value;
    if (entry.controller) {
      entry.controller.abort();
    }
    const sequence = ++entry.sequence; // any older answer still on its way is now stale
    if (!text.trim()) {
      render(area, text, []);
      return;
    }
    const kind = area.dataset.checkLanguage === "comment" ? "comment" : "review";
    entry.controller = new AbortController();
    try {
      const response = await fetch(ENDPOINT, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ text, kind }),
        credentials: "same-origin",
        signal: entry.controller.signal,
      });
      if (!response.ok) {
        return;
      }
      const data = await response.json();
      if (sequence === entry.sequence && Array.isArray(data.findings)) {
        render(area, text, data.findings);
      }
    } catch (error) {
      // Aborted by newer typing, or offline: the hints are optional, so say nothing.
    }
  }

  function schedule(area) {
    if (!state.has(area)) {
      state.set(area, { timer: null, controller: null, sequence: 0 });
    }
    const entry = state.get(area);
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => check(area), DELAY_MS);
  }

  document.addEventListener("input", (event) => {
    const area = event.target;
    if (area instanceof HTMLTextAreaElement && area.hasAttribute("data-check-language")) {
      schedule(area);
    }
  });

  function checkPrefilled() {
    for (const area of document.querySelectorAll("textarea[data-check-language]")) {
      if (area.value.trim()) {
        schedule(area);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", checkPrefilled);
  } else {
    checkPrefilled();
  }
})();
