/*
 * Material's search worker, wrapped (changes nothing else). main.html points Material's worker URL
 * here, with the original worker as `?w=search.<hash>.min.js` (same directory). This script loads
 * the query processing (search-query.js, next to it), hooks the worker's message listener and
 * postMessage, then imports the original worker:
 *
 * - queries (QUERY messages) are rewritten by MianjingSearchQuery: Chinese segmented against the
 *   index's own vocabulary, technical terms joined and canonicalised, function words dropped,
 *   synonyms expanded (see search-query.js);
 * - Material's own experimental segmentation (greedy, over the same inverted index, splitting our
 *   words again: 显存 → 显*) is switched off by hiding the inverted index from the `in` operator it
 *   uses; lunr itself only reads postings by key;
 * - results (RESULT messages): word breaks removed from titles and snippets; per page up to three
 *   questions that answer about as well as the best are shown instead of folded, and a notebook
 *   page shows at most MAX_NOTEBOOK_SECTIONS sections, so questions stay in view (arrange);
 * - lazy index: the SETUP message Material sends on page load carries only the index's config
 *   (`config.index` names the documents file, see mianjing/hooks/search.py). It is held back until
 *   the reader opens search: assets/javascripts/search-lazy.js says so on the "mianjing-search"
 *   BroadcastChannel; then the documents are fetched and SETUP is passed on with them. The query
 *   code and Material's worker (17 KiB gzip) are loaded then too, not with every page. Without
 *   BroadcastChannel everything is loaded at once.
 *
 * - from disk (the offline copy) there are no workers: the `iframe-worker` shim runs this script
 *   in a hidden iframe, where importScripts returns a Promise and this script's URL is the
 *   <script> element's, not the location's. So scripts are loaded with `load` (either way), and
 *   messages that arrive before Material's worker is in place wait in `queue`.
 *
 * What this relies on in Material's worker is checked by tests/test_search_contract.py.
 */
(function () {
  "use strict"

  var SETUP = 0, QUERY = 2, RESULT = 3      // Material's SearchMessageType (a const enum)
  var MAX_NOTEBOOK_SECTIONS = 3
  var MAX_VISIBLE_QUESTIONS = 3     // per page: questions scoring at least SHOW_RATIO of the best
  var SHOW_RATIO = 0.5
  var HAN = /\p{sc=Han}/u

  var here = self.document && document.currentScript ? document.currentScript.src : self.location.href
  // the shim appends "?<timestamp>" to the worker URL: "?w=search.<hash>.min.js?123"
  var source = new URL((new URL(here).searchParams.get("w") || "search.js").split("?")[0], here).href
  var Q = null, query = null
  var pendingConfig = {}
  var ready = false, queue = []

  function load(url, then) {
    var pending = importScripts(url)
    if (pending && typeof pending.then === "function") pending.then(then)
    else then()
  }

  var stats = { vocab: new Map(), total: 1 }

  /* ----- hooks around the original worker --------------------------------- */

  var listeners = []
  var addEventListener = self.addEventListener.bind(self)
  self.addEventListener = function (type, fn, options) {
    if (type === "message") listeners.push(fn)
    else addEventListener(type, fn, options)
  }

  function deliver(message) {
    if (!ready) { queue.push(message); return }
    if (message && message.type === SETUP && message.data.config) pendingConfig = message.data.config
    try {
      if (message && message.type === QUERY && typeof message.data === "string")
        message = { type: QUERY, data: query.transform(message.data) }
    } catch (err) {
      console.warn("search-zh: query left as typed", err)
    }
    listeners.forEach(function (fn) { fn({ data: message }) })
  }

  /* ----- lazy index: documents only once search is opened ------------------ */

  var heldSetup = null, opened = false, loading = false
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("mianjing-search") : null
  if (channel) channel.onmessage = function (ev) {
    if (ev.data === "open") { opened = true; start(); loadDocuments() }
  }

  function loadDocuments() {
    if (!heldSetup || loading || !(opened || !channel)) return
    loading = true
    var setup = heldSetup
    fetch(new URL(setup.data.config.index, here))
      .then(function (r) { if (!r.ok) throw new Error(r.status + " " + r.url); return r.json() })
      .then(function (full) {
        deliver({ type: SETUP, data: { config: full.config, docs: full.docs, options: setup.data.options } })
      })
      .catch(function (err) { loading = false; console.error("search-zh: index not loaded", err) })
  }

  addEventListener("message", function (ev) {
    var message = ev.data
    if (message && message.type === SETUP && message.data.config && message.data.config.index) {
      heldSetup = message
      loadDocuments()
      return
    }
    start()   // anything else (the offline copy's whole index, a query) needs the worker now
    deliver(message)
  })

  /* ----- results ---------------------------------------------------------- */

  /* Material shows, per page, only the sections that tie with the best one and folds the rest
   * under "N more": a second question that answers the query almost as well stays hidden. Up to
   * MAX_VISIBLE_QUESTIONS questions of a page scoring at least SHOW_RATIO of the best are shown
   * (by lifting their score to the best's); a notebook page shows at most MAX_NOTEBOOK_SECTIONS. */
  function arrange(result) {
    (result.items || []).forEach(function (group) {
      if (!group.length) return
      if (/^notebooks\//.test(group[0].location)) { group.splice(MAX_NOTEBOOK_SECTIONS); return }
      var sections = group.filter(function (d) { return d.location.indexOf("#") >= 0 })
      if (!sections.length) return
      var best = sections[0].score
      sections.slice(1, MAX_VISIBLE_QUESTIONS).forEach(function (d) {
        if (d.score >= SHOW_RATIO * best) d.score = best
      })
    })
    return result
  }

  var postMessage = self.postMessage.bind(self)
  self.postMessage = function (message) {
    try {
      if (message && message.type === RESULT && message.data) arrange(query.cleanResult(message.data))
    } catch (err) {
      console.warn("search-zh: result left as is", err)
    }
    return postMessage.apply(null, arguments)
  }

  // the index is built by lunr.Builder when SETUP arrives: take its vocabulary, and hide the
  // inverted index from Material's `term in index` segmentation (lunr reads postings by key)
  function patchLunr(lunr) {
    var build = lunr.Builder.prototype.build
    lunr.Builder.prototype.build = function () {
      var index = build.apply(this, arguments)
      var inverted = index.invertedIndex
      var map = new Map()
      var refs = new Set()
      Object.keys(inverted).forEach(function (term) {
        if (!HAN.test(term)) return
        var posting = inverted[term], count = 0
        Object.keys(posting).forEach(function (field) {
          if (field === "_index") return
          Object.keys(posting[field]).forEach(function (ref) { count++; refs.add(ref) })
        })
        map.set(term, count)
      })
      stats = { vocab: map, total: Math.max(refs.size, 1) }
      query = new Q.Query(pendingConfig, stats)
      index.invertedIndex = new Proxy(inverted, { has: function () { return false } })
      return index
    }
  }

  // the query code, then Material's worker; messages wait in `queue` until both are in place
  var started = false
  function start() {
    if (started) return
    started = true
    load(new URL("search-query.js", here).href, function () {
      Q = self.MianjingSearchQuery
      query = new Q.Query({}, {})
      load(source, function () {
        patchLunr(self.lunr)
        ready = true
        queue.splice(0).forEach(deliver)
      })
    })
  }
  if (!channel) start()
})()
