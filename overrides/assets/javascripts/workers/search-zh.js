/*
 * Chinese query processing for Material's search worker (wraps it, changes nothing else).
 *
 * main.html points Material's worker URL here, with the original worker as `?w=search.<hash>.min.js`
 * (same directory). This script hooks the worker's message listener and postMessage, then
 * imports the original worker:
 *
 * 1. Query segmentation. jieba segmented the index at build time; the browser gets the raw query
 *    ("为什么除以根号dk", "kv缓存显存"). We split Han from Latin/digits and segment each Han run
 *    against the index's own vocabulary (the tokens jieba produced, with their document
 *    frequencies) by dynamic programming, as jieba does with its dictionary: the best
 *    segmentation maximises the product of token probabilities, so domain words of the user
 *    dictionary (旋转位置编码, 复读机) come out whole whenever the index has them. This matches the
 *    build-time segmentation more closely than Intl.Segmenter (ICU's dictionary knows neither our
 *    terms nor jieba's choices) and ships no extra file.
 * 2. Function words (的, 吗, 什么, 如何 …) are dropped: with Material's trailing wildcard each of
 *    them would match hundreds of sections.
 * 3. Synonyms (mianjing/search/synonyms.txt, shipped in search_index.json as config.synonyms) are
 *    expanded here, at query time, not in the index: Material renders only title/text/tags, so
 *    index-time expansion needs a hidden field that loses the title boost (a synonym of a word in
 *    the question title would weigh like one in the text) and grows the index; at query time
 *    the expansion matches the title with its full boost, and Material's `?h=` highlighting on
 *    the landing page marks the word that is actually on the page. Expansions are exact terms
 *    (`term^1`: no trailing wildcard) and are not listed as "missing" terms in results.
 * 4. Material's own experimental segmentation (greedy, over the same inverted index, splitting
 *    our words again: 显存 → 显*) is switched off by hiding the inverted index from the `in`
 *    operator it uses; lunr itself only reads postings by key.
 * 5. Results: zero-width spaces that jieba put between words (kept in the index so lunr can
 *    split on them) are removed from titles and snippets before Material renders them.
 * 6. Lazy index: the SETUP message Material sends on page load carries only the index's config
 *    (`config.index` names the documents file, see mianjing/hooks/search.py). It is held back
 *    until the reader opens search: assets/javascripts/search-lazy.js says so on the
 *    "mianjing-search" BroadcastChannel; then the documents are fetched and SETUP is passed on
 *    with them. Without BroadcastChannel the documents are fetched at once.
 */
(function () {
  "use strict"

  var SETUP = 0, QUERY = 2, RESULT = 3
  var HAN = /\p{sc=Han}/u
  var HAN_RUN = /\p{sc=Han}+/gu
  var ZW = /[\u200b\u200c\u200d\u2060\ufeff\u007f]/g   // \u007f: word breaks in the index file
  var MAX_WORD = 8

  // function words and question words: no topic in them
  var STOP = new Set(("的 了 是 在 和 与 及 或 吗 呢 吧 啊 么 呀 也 都 就 而 之 其 把 被 让 给 对 " +
    "从 到 着 过 又 很 将 地 得 呃 请 下 一下 什么 怎么 怎样 怎么样 如何 为何 为什么 哪些 哪个 哪里 " +
    "是否 是什么 有没有 能否 可以 一个 一些 这个 那个 这些 那些 还是 以及 还有 吗 请问 说说 讲讲 谈谈 " +
    "what why how is are the an of to in and or do does").split(" "))

  var vocab = null          // Han token -> document frequency (from lunr's inverted index)
  var total = 1             // number of documents
  var synonyms = []         // [[member tokens...], ...] per group
  var lastExpansions = new Set()
  var pendingSynonyms = null

  var separator = /[\s]+/   // replaced by the index's separator at SETUP

  var source = new URL(self.location.href).searchParams.get("w") || "search.js"

  /* ----- segmentation ----------------------------------------------------- */

  function df(word) {
    if (!vocab) return 0
    return vocab.get(word) || 0
  }

  // jieba-style: maximise sum log P(word); unknown single characters get a low probability
  function segmentHan(run, notWhole) {
    var n = run.length
    var best = new Array(n + 1).fill(-Infinity)
    var back = new Array(n + 1).fill(0)
    var logN = Math.log(total + 1)
    best[0] = 0
    for (var i = 0; i < n; i++) {
      if (best[i] === -Infinity) continue
      for (var j = i + 1; j <= Math.min(n, i + MAX_WORD); j++) {
        var w = run.slice(i, j)
        var f = notWhole && j - i === n ? 0 : df(w)
        var score
        if (f > 0) score = Math.log(f) - logN
        else if (j === i + 1) score = -logN - 8   // unknown character
        else continue
        if (best[i] + score > best[j]) {
          best[j] = best[i] + score
          back[j] = i
        }
      }
    }
    var words = []
    for (var k = n; k > 0; k = back[k]) words.unshift(run.slice(back[k], k))
    return words
  }

  function tokenize(query) {
    // lunr syntax and punctuation are separators here (the index splits on them too)
    var text = query.normalize("NFKC").replace(ZW, "")
      .replace(/[^\p{L}\p{N}\s.#]/gu, " ")
      .replace(/(\p{sc=Han})(?=[^\p{sc=Han}\s])|([^\p{sc=Han}\s])(?=\p{sc=Han})/gu, "$1$2 ")
    var tokens = []
    text.split(/\s+/).forEach(function (part) {
      if (!part) return
      if (HAN.test(part)) {
        segmentHan(part).forEach(function (w) {
          tokens.push(w)
          // like jieba's cut_for_search: a word the index has only once or twice was probably
          // cut differently elsewhere (职业规划 vs 职业 + 规划): search its parts as well
          if (w.length > 2 && df(w) <= 2) {
            var parts = segmentHan(w, true)
            if (parts.length > 1 && parts.every(function (p) { return df(p) > df(w) }))
              parts.forEach(function (p) { tokens.push(p) })
          }
        })
      } else {
        // split like the index does (camelCase: LLaVA → L LaVA), so we know the real terms
        part.split(separator).forEach(function (t) {
          t = t.replace(/^\.+|\.+$/g, "")
          if (t) tokens.push(t)
        })
      }
    })
    return tokens
  }

  // a group applies when one of its members occurs in the query as a run of whole tokens, and
  // that run is not part of a longer member of another group ("speculative decoding" must not
  // pull in the "decoding" group)
  function expand(tokens) {
    var lower = tokens.map(function (t) { return t.toLowerCase() })
    var matches = []
    synonyms.forEach(function (group, g) {
      group.forEach(function (member) {
        var at = indexOfSeq(lower, member)
        if (at >= 0) matches.push({ group: g, start: at, end: at + member.length })
      })
    })
    matches.sort(function (a, b) { return (b.end - b.start) - (a.end - a.start) })
    var accepted = []
    matches.forEach(function (m) {
      var inside = accepted.some(function (a) {
        return a.group !== m.group && a.start <= m.start && m.end <= a.end &&
          (a.end - a.start) > (m.end - m.start)
      })
      if (!inside) accepted.push(m)
    })
    var extra = []
    accepted.forEach(function (m) {
      synonyms[m.group].forEach(function (member) {
        // a phrase member ("position encoding") only completes words the query already has
        // (kv 缓存 → cache): its words alone ("position", "embedding") would outweigh the query
        if (member.length > 1 && !member.some(function (t) { return lower.indexOf(t) >= 0 })) return
        member.forEach(function (t) {
          if (lower.indexOf(t) < 0 && extra.indexOf(t) < 0) extra.push(t)
        })
      })
    })
    return extra
  }

  function indexOfSeq(list, seq) {
    outer: for (var i = 0; i + seq.length <= list.length; i++) {
      for (var j = 0; j < seq.length; j++) if (list[i + j] !== seq[j]) continue outer
      return i
    }
    return -1
  }

  function transformQuery(query) {
    var tokens = tokenize(query)
    var kept = tokens.filter(function (t) { return !STOP.has(t.toLowerCase()) })
    if (!kept.length) kept = tokens  // a query of function words only: search them anyway
    var extra = expand(kept)
    lastExpansions = new Set(extra)
    var terms = kept.map(function (t) { return t.length === 1 && !HAN.test(t) ? t + "^1" : t })
    return terms.concat(extra.map(function (t) { return t + "^1" })).join(" ")
  }

  // synonym members become token lists the same way queries do (vocabulary known by then)
  function prepareSynonyms(groups) {
    synonyms = (groups || []).map(function (group) {
      return group.map(function (member) {
        return tokenize(member).map(function (t) { return t.toLowerCase() })
      }).filter(function (m) { return m.length })
    })
  }

  /* ----- results ---------------------------------------------------------- */

  function cleanResult(result) {
    (result.items || []).forEach(function (group) {
      group.forEach(function (doc) {
        if (typeof doc.title === "string") doc.title = doc.title.replace(ZW, "")
        if (typeof doc.text === "string") doc.text = doc.text.replace(ZW, "")
        if (doc.terms) {
          Object.keys(doc.terms).forEach(function (term) {
            if (!doc.terms[term] && lastExpansions.has(term)) delete doc.terms[term]
          })
        }
      })
    })
    if (result.suggest)
      result.suggest = result.suggest.map(function (s) { return s.replace(ZW, "") })
    return result
  }

  /* ----- hooks around the original worker --------------------------------- */

  var listeners = []
  var addEventListener = self.addEventListener.bind(self)
  self.addEventListener = function (type, fn, options) {
    if (type === "message") listeners.push(fn)
    else addEventListener(type, fn, options)
  }

  function deliver(message) {
    if (message && message.type === SETUP && message.data.config) {
      pendingSynonyms = message.data.config.synonyms
      try { separator = new RegExp(message.data.config.separator) } catch (err) { /* keep \s */ }
    }
    try {
      if (message && message.type === QUERY && typeof message.data === "string")
        message = { type: QUERY, data: transformQuery(message.data) }
    } catch (err) {
      console.warn("search-zh: query left as typed", err)
    }
    listeners.forEach(function (fn) { fn({ data: message }) })
  }

  /* ----- lazy index: documents only once search is opened ------------------ */

  var heldSetup = null, opened = false, loading = false
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("mianjing-search") : null
  if (channel) channel.onmessage = function (ev) {
    if (ev.data === "open") { opened = true; loadDocuments() }
  }

  function loadDocuments() {
    if (!heldSetup || loading || !(opened || !channel)) return
    loading = true
    var setup = heldSetup
    fetch(new URL(setup.data.config.index, self.location.href))
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
    deliver(message)
  })
  var postMessage = self.postMessage.bind(self)
  self.postMessage = function (message) {
    try {
      if (message && message.type === RESULT && message.data) cleanResult(message.data)
    } catch (err) {
      console.warn("search-zh: result left as is", err)
    }
    return postMessage.apply(null, arguments)
  }

  importScripts(source)

  // the index is built by lunr.Builder when SETUP arrives: take its vocabulary, and hide the
  // inverted index from Material's `term in index` segmentation (lunr reads postings by key)
  var lunr = self.lunr
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
    vocab = map
    total = Math.max(refs.size, 1)
    prepareSynonyms(pendingSynonyms)
    index.invertedIndex = new Proxy(inverted, { has: function () { return false } })
    return index
  }
})()
