// brief preview: the script the preview adds to the paper's print HTML (compiler/preview/server.py serves it).
//
// It draws the side panel (the profile's words and rules, the warnings, the provenance
// of what was clicked) and the overlay of errors in a shadow root, so that the paper's
// CSS and the panel's never meet; it gives each footnote a call and a copy below its
// paragraph (preview.css shows either the margin note or that copy, by the window's
// width); and at each build the server announces (server-sent events) it fetches the
// new state and swaps the paper in place, keeping the scroll position.
// Text from the workspace is only ever set as text; the one HTML it inserts is what the
// compiler made safe (the paper, a source's reference).
(() => {
  "use strict";

  const STATE = "/_brief/state.json";
  const meta = document.querySelector('meta[name="brief-paper"]');
  const view = { paper: meta ? Number(meta.content) : 0, data: null, selected: null, busy: false, again: false };

  // --- the panel and the overlay ---------------------------------------------------------

  const host = document.createElement("brief-preview");
  const shadow = host.attachShadow({ mode: "open" });
  shadow.innerHTML = `
    <link rel="stylesheet" href="/_brief/panel.css">
    <section class="overlay" hidden role="alert" aria-live="assertive">
      <h2>The brief has errors</h2>
      <p class="overlay-note">The paper below is the last one built without errors. Fix the files and save: this goes away.</p>
      <ul class="problems"></ul>
    </section>
    <aside class="panel" aria-label="brief preview">
      <header><strong class="brief"></strong> <span class="status"></span></header>
      <section class="report"><h2>Profile</h2><p class="words"></p><ul class="rules"></ul></section>
      <section class="warnings" hidden><h2>Warnings</h2><ul class="warning-list"></ul></section>
      <section class="provenance">
        <h2>Provenance</h2>
        <p class="hint">Click a numbered paragraph, a table row or a note to see where it comes from.</p>
        <div class="selection"></div>
      </section>
    </aside>`;
  const $ = (selector) => shadow.querySelector(selector);

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined && text !== null) made.textContent = String(text);
    return made;
  }

  function link(href, text, className) {
    const a = element("a", className, text);
    a.href = href;
    if (/^https?:/i.test(href)) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
    return a;
  }

  // where a YAML value is: file:line as a file:// link, and the editor's link when configured
  function yamlPlace(place) {
    const span = element("span", "yaml");
    const label = place.line ? `${place.file}:${place.line}` : place.file;
    span.append(link(place.file_url, label, "file"));
    if (place.editor_url) { span.append(" ", link(place.editor_url, "open in editor", "editor")); }
    return span;
  }

  function problemItem(problem) {
    const item = element("li", problem.severity === "warning" ? "warning" : "error");
    if (problem.place) {
      const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
      item.append(link(problem.place.file_url, where, "file"));
      item.append(element("span", "rest", problem.text.slice(where.length)));
      if (problem.place.editor_url) item.append(" ", link(problem.place.editor_url, "open in editor", "editor"));
    } else {
      item.append(element("span", "rest", problem.text));
    }
    return item;
  }

  function fill(list, problems) {
    list.replaceChildren(...problems.map(problemItem));
  }

  function drawPanel(data) {
    $(".brief").textContent = data.brief;
    const pending = data.pages_pending ? "; counting pages" : "";
    const first = data.build === 0; // the first build is under way
    $(".status").textContent = first ? "building…" : data.ok ? `build ${data.build}: ok${pending}` : `build ${data.build}: errors`;
    $(".status").className = `status ${first ? "" : data.ok ? "ok" : "failed"}`;
    const report = data.report;
    $(".words").textContent = report ? report.line : first ? "" : "No paper yet.";
    $(".rules").replaceChildren(...(report ? report.rules : []).map((rule) => {
      const item = element("li", rule.met ? "met" : "unmet");
      item.append(element("span", "mark", rule.met ? "✓" : "✗"), " ", element("code", "rule", rule.rule), " ",
                  element("span", "message", rule.message));
      return item;
    }));
    $(".warnings").hidden = !data.warnings.length;
    fill($(".warning-list"), data.warnings);
    $(".overlay").hidden = data.ok || first;
    fill($(".problems"), data.problems);
    document.documentElement.dataset.briefBuild = String(data.build);
    if (!first) document.documentElement.dataset.briefOk = String(data.ok);
  }

  // --- provenance ------------------------------------------------------------------------

  function row(list, term, value) {
    if (value === undefined || value === null || value === "") return;
    list.append(element("dt", null, term));
    const dd = element("dd", term.toLowerCase().replace(/\W+/g, "-"));
    if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
    list.append(dd);
  }

  function sourceBlock(provenance, id) {
    const source = provenance.sources[id];
    const block = element("span", "reference");
    const reference = element("span", "reference-text");
    reference.innerHTML = source.reference; // made safe by the compiler (compiler/render/html.py)
    block.append(reference);
    if (source.url && !reference.textContent.includes(source.url)) block.append(" ", link(source.url, source.url, "url"));
    block.append(" ", yamlPlace(source));
    return block;
  }

  function quoteBlock(record, provenance) {
    if (!record.quote) return null;
    const block = element("span", "quote-block");
    block.append(element("q", "quote-text", record.quote), " ");
    const archived = provenance.sources[record.source].archived_text;
    block.append(record.verified
      ? element("span", "verified", `verified against the archived text ${archived}`)
      : element("span", "unverified", "not verified: the source names no archived text"));
    return block;
  }

  function recordCard(provenance, id) {
    const record = provenance.records[id];
    const card = element("article", `record ${record ? record.kind : "unknown"}`);
    card.dataset.id = id;
    if (!record) { card.append(element("p", null, `${id}: not in the store`)); return card; }
    const kind = { fact: "Fact", recommendation: "Recommendation", source: "Source" }[record.kind];
    const title = element("h3", null, `${kind} `);
    title.append(element("code", "id", id));
    card.append(title);
    const list = element("dl");
    if (record.kind === "fact") {
      row(list, "Text", record.text);
      row(list, "In the paper's language", record.translation);
      row(list, "Source", sourceBlock(provenance, record.source));
      row(list, "Locator", record.locator);
      row(list, "Quote", quoteBlock(record, provenance));
      row(list, "YAML", yamlPlace(record));
    } else if (record.kind === "recommendation") {
      row(list, "Text", record.text);
      row(list, "Made by", record.by.join(", "));
      row(list, "Response", record.response);
      row(list, "Source", sourceBlock(provenance, record.source));
      row(list, "Locator", record.locator);
      const assessment = record.assessment;
      if (assessment) {
        const block = element("span", "assessment-block");
        block.append(element("strong", "status", assessment.status), ` as of ${assessment.as_of}`);
        if (assessment.by) block.append(`, by ${assessment.by}`);
        if (assessment.comment) block.append(element("span", "comment", assessment.comment));
        block.append(" ", yamlPlace(assessment));
        row(list, "Assessment", block);
      } else {
        row(list, "Assessment", "none as of the paper's date");
      }
      row(list, "YAML", yamlPlace(record));
    } else {
      row(list, "Source", sourceBlock(provenance, record.source));
    }
    card.append(list);
    return card;
  }

  function noteCard(provenance, number) {
    const note = provenance.notes.find((n) => n.number === number);
    const card = element("article", "note");
    card.append(element("h3", null, `Note ${number}`));
    if (!note) return card;
    card.append(element("p", "note-text", note.text));
    note.cites.forEach((id) => card.append(recordCard(provenance, id)));
    return card;
  }

  // what a click on `target` selects: a note, a table row, a numbered paragraph or a list item stating facts
  function selectionOf(target) {
    const note = target.closest("[data-note]");
    if (note) return { kind: "note", number: Number(note.dataset.note) };
    const rowElement = target.closest("tr[data-records]");
    if (rowElement) return listed("row", rowElement, rowElement.dataset.records, "tr[data-records]");
    const paragraph = target.closest("p.numbered");
    if (paragraph) return { kind: "paragraph", number: Number(paragraph.id.replace("para-", "")) };
    const item = target.closest("li[data-facts]");
    if (item) return listed("item", item, item.dataset.facts, "li[data-facts]");
    const stating = target.closest("[data-facts]");
    if (stating) return { kind: "facts", ids: stating.dataset.facts.split(" "), block: stating.dataset.block, index: -1 };
    return null;
  }

  // a table row or a list item, and its place among those the manifest lists (in the order of the paper)
  function listed(kind, found, ids, selector) {
    const index = [...document.querySelectorAll(selector)].indexOf(found);
    return { kind, ids: ids.split(" "), block: found.dataset.block, index };
  }

  // the manifest's entry of a table row (those with records) or a list item (unnumbered, stating facts)
  function entryOf(provenance, chosen) {
    const rows = chosen.kind === "row";
    const entries = provenance.paragraphs.filter((p) => p.number === null && ("records" in p) === rows);
    const entry = chosen.index >= 0 ? entries[chosen.index] : null;
    return entry && (rows ? entry.records : entry.facts).join(" ") === chosen.ids.join(" ") ? entry : null;
  }

  function drawSelection() {
    const box = $(".selection");
    const provenance = view.data && view.data.provenance;
    const chosen = view.selected;
    if (!provenance || !chosen) { box.replaceChildren(); return; }
    const parts = [];
    if (chosen.kind === "note") {
      parts.push(noteCard(provenance, chosen.number));
    } else if (chosen.kind === "paragraph") {
      const entry = provenance.paragraphs.find((p) => p.number === chosen.number);
      parts.push(element("h3", "selected-title", `Paragraph ${chosen.number}`));
      if (entry) {
        parts.push(element("p", "section", entry.section));
        [...entry.facts, ...(entry.recommendations || [])].forEach((id) => parts.push(recordCard(provenance, id)));
        entry.notes.forEach((n) => parts.push(noteCard(provenance, n)));
      }
    } else {
      parts.push(element("h3", "selected-title", chosen.kind === "row" ? "Table row" : "Stated here"));
      chosen.ids.forEach((id) => parts.push(recordCard(provenance, id)));
      const entry = entryOf(provenance, chosen);
      if (entry) entry.notes.forEach((n) => parts.push(noteCard(provenance, n)));
    }
    box.replaceChildren(...parts);
    $(".hint").hidden = true;
  }

  function mark(chosen) {
    document.querySelectorAll(".brief-selected").forEach((e) => e.classList.remove("brief-selected"));
    if (!chosen) return;
    let found = null;
    if (chosen.kind === "note") found = document.querySelector(`span.fn[data-note="${chosen.number}"]`);
    else if (chosen.kind === "paragraph") found = document.getElementById(`para-${chosen.number}`);
    else found = document.querySelector(`[data-block="${chosen.block}"]`);
    if (found) found.classList.add("brief-selected");
  }

  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Element) || event.target.closest("a[href]")) return;
    const chosen = selectionOf(event.target);
    if (!chosen) return;
    view.selected = chosen;
    mark(chosen);
    drawSelection();
  });

  // --- notes: a call in the text, and a copy below the paragraph ------------------------------

  function holderOf(note) {
    const cell = note.closest("td, th");
    if (cell) return cell.closest("table");
    return note.closest("p, li, h1, h2, h3, h4, div, section") || note.parentElement;
  }

  function decorate() {
    const lists = new Map();
    document.querySelectorAll("span.fn[data-note]").forEach((note) => {
      const number = note.dataset.note;
      const call = element("sup", "brief-call", number);
      call.dataset.note = number;
      note.before(call);
      const holder = holderOf(note);
      let list = lists.get(holder);
      if (!list) {
        list = element("ol", "brief-notes-below");
        if (holder.tagName === "LI") holder.append(list); else holder.after(list);
        lists.set(holder, list);
      }
      const item = element("li");
      item.dataset.note = number;
      item.append(element("span", "brief-note-no", `${number}.`), " ");
      note.childNodes.forEach((child) => item.append(child.cloneNode(true)));
      list.append(item);
    });
  }

  // --- refresh ---------------------------------------------------------------------------

  function swapPaper(html) {
    const fresh = new DOMParser().parseFromString(html, "text/html");
    const x = window.scrollX;
    const y = window.scrollY;
    // the paper's style sheets go where they were: before the preview's, which refines them
    const preview = document.head.querySelector('link[href="/_brief/preview.css"]');
    document.head.querySelectorAll("style").forEach((e) => e.remove());
    fresh.head.querySelectorAll("style").forEach((e) => document.head.insertBefore(document.adoptNode(e), preview));
    document.title = fresh.title;
    document.documentElement.lang = fresh.documentElement.lang;
    document.body.className = fresh.body.className;
    [...document.body.childNodes].forEach((n) => { if (n !== host) n.remove(); });
    const nodes = document.createDocumentFragment();
    [...fresh.body.childNodes].forEach((n) => nodes.append(document.adoptNode(n)));
    document.body.insertBefore(nodes, host);
    decorate();
    mark(view.selected);
    window.scrollTo(x, y);
  }

  async function refresh() {
    if (view.busy) { view.again = true; return; }
    view.busy = true;
    try {
      do {
        view.again = false;
        const response = await fetch(`${STATE}?paper=${view.paper}`, { cache: "no-store" });
        const data = await response.json();
        if (data.html !== undefined) {
          swapPaper(data.html);
          view.paper = data.paper;
        }
        view.data = data;
        drawPanel(data);
        drawSelection();
        document.documentElement.dataset.briefPaper = String(view.paper);
      } while (view.again);
    } catch (error) {
      $(".status").textContent = "the preview server cannot be reached";
      $(".status").className = "status failed";
    } finally {
      view.busy = false;
    }
  }

  function start() {
    document.body.append(host);
    decorate();
    const events = new EventSource("/_brief/events");
    events.addEventListener("build", refresh);
    events.onerror = () => { $(".status").textContent = "reconnecting to the preview server…"; };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
