/* pingan site search worker (written over Material's lunr worker by generator/site/search.py).
 *
 * Material's search box starts this file as its worker: a real Worker over http(s),
 * and from file:// an iframe on the page's own thread (the iframe-worker shim). It
 * speaks Material's protocol: SETUP → READY, QUERY(text) → RESULT({items}), where an
 * item is one page: [page, ...sections], each {location, title, text, score, terms}
 * with title and text as HTML (escaped here, <mark data-md-highlight> around hits).
 *
 * The index is the pages' plain text in search/pingan-search-N.js, loaded as scripts
 * (each one a short task, so the page never freezes) and folded with the table in
 * __pinganSearchMeta.fold (Traditional → Simplified, full-width → ASCII, A–Z → a–z; one
 * character to one, so positions in the folded text are positions in the original).
 * A query is split at spaces; a page matches when its text contains every part.
 * Order: pages with the whole query as typed first, then pages whose title has it,
 * then more hits first. A part found in no page at all is split into the longest
 * pieces that some page has (消火栓检查 → 消火栓 + 检查), shown as "missing" in Material's way.
 */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var SNIPPET_BEFORE = 30, SNIPPET_LENGTH = 160;
  // Material draws 10 results, then more as the list scrolls: the first FULL_ITEMS pages get
  // their best sections too, later ones only their title and opening text, so that a query
  // such as 的 over 1000 pages still answers in one short task.
  var FULL_ITEMS = 50, SECTIONS_PER_PAGE = 8;
  var LOADING_AT_ONCE = 4;
  var meta = self.__pinganSearchMeta;
  var inFrame = typeof document !== "undefined"; // the file:// shim runs workers in an iframe
  var here = inFrame ? document.currentScript.src : self.location.href;
  var pages = [];
  var pending = meta.shards.length;
  var loaded = false;

  var FOLD = {};
  for (var f = 0; f < meta.fold.length; f += 2) FOLD[meta.fold[f]] = meta.fold[f + 1];
  var FOLD_RE = new RegExp("[" + meta.foldClass + "]", "g");
  function foldChar(c) { return FOLD[c]; }
  function fold(s) { return s.replace(FOLD_RE, foldChar); }

  /* One shard: [[url, [[anchor, title, text], ...]], ...]. A page keeps one string,
   * "title\ntext\ntitle\ntext…", its folded copy and where each field starts. */
  self.__pinganSearchShard = function (shard) {
    for (var i = 0; i < shard.length; i++) {
      var url = shard[i][0], sections = shard[i][1];
      var fields = [], starts = [], at = 0;
      for (var j = 0; j < sections.length; j++) {
        for (var k = 1; k <= 2; k++) {
          starts.push(at);
          fields.push(sections[j][k]);
          at += sections[j][k].length + 1;
        }
      }
      var raw = fields.join("\n");
      pages.push({
        url: url,
        anchors: sections.map(function (s) { return s[0]; }),
        raw: raw,
        hay: fold(raw),
        starts: starts,
      });
    }
    if (--pending === 0) ready();
  };

  function ready() {
    loaded = true;
    postMessage({ type: READY });
  }

  function load() {
    var urls = meta.shards.map(function (name) { return new URL("../../../" + name, here).href; });
    if (!urls.length) return ready();
    if (!inFrame) return importScripts.apply(self, urls);
    // A few at a time: starting every request at once is itself one long task on the page.
    var next = 0;
    function more() {
      if (next >= urls.length) return;
      var script = document.createElement("script");
      script.src = urls[next++];
      script.onload = script.onerror = more; // a missing shard must not stall the rest
      document.body.appendChild(script);
    }
    for (var i = 0; i < LOADING_AT_ONCE; i++) more();
  }

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function countOf(hay, needle, from, to, cap) {
    var n = 0;
    for (var at = hay.indexOf(needle, from); at >= 0 && at < to && n < cap; at = hay.indexOf(needle, at + 1)) n++;
    return n;
  }

  /* The parts of a query that no page has, split into the longest pieces that some page has. */
  function pieces(part) {
    var out = [];
    for (var start = 0; start < part.length;) {
      var end = part.length;
      while (end > start + 1 && !pages.some(function (p) { return p.hay.indexOf(part.slice(start, end)) >= 0; })) end--;
      out.push(part.slice(start, end));
      start = end;
    }
    return out;
  }

  function parse(text) {
    var q = fold(text).replace(/\s+/g, " ").trim();
    var parts = q ? q.split(" ").filter(function (p, i, all) { return all.indexOf(p) === i; }) : [];
    var needles = [], missing = [];
    parts.forEach(function (part) {
      if (pages.some(function (p) { return p.hay.indexOf(part) >= 0; })) return needles.push(part);
      missing.push(part);
      var split = pieces(part); // single characters would match nearly any page: then nothing is found
      (split.every(function (p) { return p.length > 1; }) ? split : [part]).forEach(function (piece) {
        if (needles.indexOf(piece) < 0) needles.push(piece);
      });
    });
    var phrases = parts.length > 1 ? [q, parts.join("")] : [q];
    return { phrases: phrases, needles: needles, missing: missing, original: text.replace(/\s+/g, " ").trim() };
  }

  /* [start, end) of every hit of the needles in hay[0, to), in order, merged where they overlap. */
  function hits(hay, needles, to) {
    var found = [];
    needles.forEach(function (needle) {
      for (var at = hay.indexOf(needle); at >= 0 && at < to; at = hay.indexOf(needle, at + 1)) {
        found.push([at, at + needle.length]);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    found.forEach(function (h) {
      var last = merged[merged.length - 1];
      if (last && h[0] <= last[1]) last[1] = Math.max(last[1], h[1]);
      else merged.push(h.slice());
    });
    return merged;
  }

  /* Field k of a page as HTML: escaped, hits marked, cut to a snippet around its first hit.
   * ``spans`` are the page's hits (no hit crosses a field: fields end in a newline). */
  function marked(page, k, spans, cut) {
    var from = page.starts[k];
    var to = k + 1 < page.starts.length ? page.starts[k + 1] - 1 : page.raw.length;
    var own = spans.filter(function (h) { return h[0] >= from && h[1] <= to; });
    var start = cut && own.length ? Math.max(from, own[0][0] - SNIPPET_BEFORE) : from;
    var end = cut ? Math.min(to, start + SNIPPET_LENGTH) : to;
    var html = start > from ? "…" : "", at = start;
    own.forEach(function (h) {
      if (h[0] >= end || h[1] <= start) return;
      var a = Math.max(h[0], start), b = Math.min(h[1], end);
      html += escapeHtml(page.raw.slice(at, a)) + "<mark data-md-highlight>" + escapeHtml(page.raw.slice(a, b)) + "</mark>";
      at = b;
    });
    html += escapeHtml(page.raw.slice(at, end)) + (end < to ? "…" : "");
    return { html: html, count: own.length };
  }

  /* The words to highlight on the page that opens (Material's ?h=): the spellings the page uses. */
  function termsOf(page, query) {
    var terms = {};
    query.needles.forEach(function (needle) {
      var at = page.hay.indexOf(needle);
      if (at >= 0) terms[page.raw.slice(at, at + needle.length)] = true;
    });
    query.missing.forEach(function (part) { terms[part] = false; });
    return terms;
  }

  function rank(page, query) {
    for (var i = 0; i < query.needles.length; i++) if (page.hay.indexOf(query.needles[i]) < 0) return -1;
    var titleEnd = page.starts[1] - 1; // the page title is field 0
    var phrase = query.missing.length === 0 && query.phrases.some(function (p) { return page.hay.indexOf(p) >= 0; });
    var inTitle = query.needles.every(function (n) { return page.hay.indexOf(n) < titleEnd; });
    var count = 0;
    query.needles.forEach(function (n) { count += countOf(page.hay, n, 0, page.raw.length, 50); });
    return (phrase ? 200 : 0) + (inTitle ? 100 : 0) + Math.min(count, 99);
  }

  function item(page, score, query, full) {
    var terms = termsOf(page, query);
    var location = function (i) { return page.anchors[i] ? page.url + "#" + page.anchors[i] : page.url; };
    var fields = full ? page.anchors.length : 1; // a light item: the title and opening text only
    var docs = [], sections = [], spans = hits(page.hay, query.needles, page.starts[2 * fields] || page.raw.length);
    for (var i = 0; i < fields; i++) {
      var title = marked(page, 2 * i, spans, false);
      var text = marked(page, 2 * i + 1, spans, true);
      var doc = { location: location(i), title: title.html, text: text.html ? "<p>" + text.html + "</p>" : "", terms: terms, hits: title.count + text.count };
      if (i === 0) docs.push(doc);
      else if (doc.hits) sections.push(doc);
    }
    sections.sort(function (a, b) { return b.hits - a.hits; });
    sections.length = Math.min(sections.length, SECTIONS_PER_PAGE);
    var best = docs[0].hits > 0 ? -1 : 0; // the page's own text, or else its best section, shows; the rest fold away
    docs[0].score = score;
    sections.forEach(function (s, i) { s.score = i === best ? score : score - 1 - i / 1000; });
    return docs.concat(sections).map(function (d) { delete d.hits; return d; });
  }

  function search(text) {
    var query = parse(text);
    if (!query.needles.length) return [];
    var found = [];
    pages.forEach(function (page, order) {
      var score = rank(page, query);
      if (score >= 0) found.push({ page: page, score: score, order: order });
    });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.map(function (f, i) { return item(f.page, f.score, query, i < FULL_ITEMS); });
  }

  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message.type === SETUP && loaded) postMessage({ type: READY });
    else if (message.type === QUERY && loaded) postMessage({ type: RESULT, data: { items: search(message.data) } });
  });

  self.__pinganSearch = search; // for tests that query the index directly
  load();
})();
