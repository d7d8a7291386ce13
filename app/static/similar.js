// While someone drafts a review's basics, say which earlier reviews look like it.
// Asks /search/similar (the script tag's data-similar-url) once typing pauses.
(() => {
  const script = document.currentScript;
  const url = script ? script.dataset.similarUrl : null;
  const onBasics = /\/incidents\/(new|[^/]+\/edit\/basics)$/.test(window.location.pathname);
  const title = document.querySelector('form input[name="title"]');
  if (!url || !onBasics || !title) return;
  const services = document.querySelector('form select[name="services"]');
  const ref = (window.location.pathname.match(/\/incidents\/([^/]+)\/edit/) || [])[1] || "";
  const box = document.createElement("div");
  box.className = "similar-hint";
  box.setAttribute("aria-live", "polite");
  title.insertAdjacentElement("afterend", box);
  let timer = null;
  let asked = "";

  function show(results) {
    box.replaceChildren();
    results.slice(0, 3).forEach((item) => {
      const line = document.createElement("p");
      line.append("This looks like ");
      const link = document.createElement("a");
      link.href = item.url;
      link.target = "_blank";
      link.textContent = `${item.ref}: ${item.title}`;
      line.append(link);
      const why = document.createElement("small");
      why.className = "muted";
      why.textContent = ` (${item.reason})`;
      line.append(why);
      box.append(line);
    });
  }

  function ask() {
    const params = new URLSearchParams({ title: title.value.trim(), ref });
    if (services) {
      Array.from(services.selectedOptions).forEach((o) => params.append("services", o.value));
    }
    const query = params.toString();
    if (query === asked || title.value.trim().length < 4) {
      if (title.value.trim().length < 4) box.replaceChildren();
      return;
    }
    asked = query;
    fetch(`${url}?${query}`, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => show(data.results || []))
      .catch(() => box.replaceChildren());
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 400);
  }

  title.addEventListener("input", later);
  if (services) services.addEventListener("change", later);
  if (title.value.trim()) later();
})();
