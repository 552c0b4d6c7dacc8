// filmkg query page: SPARQL editor with highlighting, named-query examples with parameter fields,
// results as a sortable table, CSV/JSON downloads, the query kept in the URL.
// Every value from the data goes into the page through textContent, never innerHTML.
"use strict";

(function () {
  const editor = document.getElementById("query");
  if (!editor) return;
  const highlight = document.getElementById("highlight");
  const form = document.getElementById("query-form");
  const paramsBox = document.getElementById("params");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const csv = document.getElementById("download-csv");
  const json = document.getElementById("download-json");
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const prefixes = JSON.parse(document.getElementById("prefixes-data").textContent);
  let current = null; // the named query shown, for its parameter fields

  // --- highlighting -------------------------------------------------------------------------
  const TOKEN = new RegExp([
    "(#[^\\n]*)",                                                   // 1 comment
    "(\"\"\"[\\s\\S]*?\"\"\"|'''[\\s\\S]*?'''|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*')", // 2 string
    "(<[^<>\"{}|^`\\\\\\s]*>)",                                      // 3 IRI
    "([?$][A-Za-z_0-9]+)",                                          // 4 variable
    "((?:[A-Za-z][\\w.-]*)?:[\\w.:%-]*)",                            // 5 prefixed name
    "([A-Za-z_]\\w*)",                                              // 6 word
  ].join("|"), "g");
  const KEYWORDS = new Set(("select construct describe ask where filter optional union minus graph service " +
    "prefix base distinct reduced order by group having limit offset values bind as not exists in a " +
    "from named asc desc count sum min max avg sample group_concat str lang lcase ucase contains " +
    "strstarts strends regex coalesce if bound isiri isliteral year").split(" "));

  function paint() {
    const text = editor.value;
    highlight.textContent = "";
    let at = 0;
    for (const m of text.matchAll(TOKEN)) {
      if (m.index > at) highlight.append(text.slice(at, m.index));
      const kind = m[1] ? "comment" : m[2] ? "string" : m[3] ? "iri" : m[4] ? "var" : m[5] ? "pname"
        : KEYWORDS.has(m[6].toLowerCase()) ? "kw" : "";
      const span = document.createElement("span");
      if (kind) span.className = "t-" + kind;
      span.textContent = m[0];
      highlight.append(span);
      at = m.index + m[0].length;
    }
    highlight.append(text.slice(at) + "\n");
    highlight.parentElement.scrollTop = editor.scrollTop;
  }
  editor.addEventListener("input", paint);
  editor.addEventListener("scroll", () => { highlight.parentElement.scrollTop = editor.scrollTop; });
  editor.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
  });

  // --- named queries and their parameters ---------------------------------------------------
  function showParams(example, values) {
    paramsBox.textContent = "";
    current = example;
    if (!example) return;
    for (const p of example.params) {
      const label = document.createElement("label");
      label.textContent = p.name + " ";
      const input = document.createElement("input");
      input.name = "param." + p.name;
      input.placeholder = p.type + (p.meaning ? " – " + p.meaning : "");
      input.title = p.meaning;
      input.value = values.get("param." + p.name) || "";
      label.append(input);
      paramsBox.append(label);
    }
  }
  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => {
      const example = examples.find((e) => e.name === button.dataset.name);
      editor.value = example.text;
      paint();
      showParams(example, new URLSearchParams());
      run();
    });
  }

  // --- running ------------------------------------------------------------------------------
  function request() {
    const data = new URLSearchParams();
    data.set("query", editor.value);
    if (current) data.set("example", current.name);
    for (const input of paramsBox.querySelectorAll("input")) {
      if (input.value.trim()) data.set(input.name, input.value);
    }
    return data;
  }

  function compact(iri) {
    let best = "";
    for (const [p, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && ns.length > (prefixes[best] || "").length) best = p;
    }
    return best ? best + ":" + iri.slice(prefixes[best].length) : iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = "/entity?iri=" + encodeURIComponent(term.value);
      a.textContent = compact(term.value);
      a.title = term.value;
      td.append(a);
      td.dataset.sort = compact(term.value);
    } else {
      td.textContent = term.value;
      td.dataset.sort = term.value;
      if (term.datatype && /#(integer|decimal|double|float)$/.test(term.datatype)) td.dataset.num = term.value;
    }
    return td;
  }

  function table(doc) {
    results.textContent = "";
    if ("boolean" in doc) {
      const p = document.createElement("p");
      p.className = "boolean";
      p.textContent = doc.boolean ? "yes" : "no";
      results.append(p);
      return;
    }
    const vars = doc.head.vars;
    const t = document.createElement("table");
    t.className = "results";
    t.id = "result-table";
    const head = t.createTHead().insertRow();
    vars.forEach((name, i) => {
      const th = document.createElement("th");
      th.textContent = name;
      th.tabIndex = 0;
      th.addEventListener("click", () => sort(t, i, th));
      head.append(th);
    });
    const body = t.createTBody();
    for (const b of doc.results.bindings) {
      const row = body.insertRow();
      for (const name of vars) row.append(cell(b[name]));
    }
    results.append(t);
  }

  function sort(t, column, th) {
    const ascending = th.dataset.order !== "asc";
    for (const other of t.tHead.rows[0].cells) delete other.dataset.order;
    th.dataset.order = ascending ? "asc" : "desc";
    const rows = Array.from(t.tBodies[0].rows);
    rows.sort((a, b) => {
      const x = a.cells[column], y = b.cells[column];
      const order = (x.dataset.num && y.dataset.num) ? Number(x.dataset.num) - Number(y.dataset.num)
        : (x.dataset.sort || "").localeCompare(y.dataset.sort || "", undefined, {numeric: true});
      return ascending ? order : -order;
    });
    for (const r of rows) t.tBodies[0].append(r);
  }

  async function run() {
    const data = request();
    history.replaceState(null, "", "/?" + data.toString());
    for (const [a, fmt] of [[csv, "csv"], [json, "json"]]) {
      const d = new URLSearchParams(data);
      d.set("format", fmt);
      a.href = "/api/query?" + d.toString();
      a.hidden = false;
    }
    status.textContent = "running…";
    status.className = "";
    const started = performance.now();
    try {
      const response = await fetch("/api/query", {method: "POST", body: data,
        headers: {"Accept": "application/sparql-results+json"}});
      const doc = await response.json();
      if (!response.ok) {
        results.textContent = "";
        status.className = "error";
        status.textContent = response.status + " " + doc.error.code + ": " + doc.error.message;
        return;
      }
      table(doc);
      const rows = doc.results ? doc.results.bindings.length : 1;
      const cut = response.headers.get("Filmkg-Truncated") === "true";
      status.textContent = rows + (rows === 1 ? " row" : " rows") + " in " +
        Math.round(performance.now() - started) + " ms" + (cut ? " — cut off at the row limit" : "");
      if (cut) status.className = "warning";
    } catch (e) {
      status.className = "error";
      status.textContent = "the service did not answer: " + e;
    }
  }
  form.addEventListener("submit", (ev) => { ev.preventDefault(); run(); });

  // --- the query in the URL -----------------------------------------------------------------
  const given = new URLSearchParams(location.search);
  if (given.get("query")) {
    editor.value = given.get("query");
    showParams(examples.find((e) => e.name === given.get("example")), given);
    paint();
    run();
  } else {
    paint();
  }
})();
