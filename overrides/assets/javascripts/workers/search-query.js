/* Query processing for the search worker: what the reader typed → what lunr is asked.
 *
 * Pure functions, no worker or DOM API: loaded by search-zh.js with importScripts, and by
 * `node --test tests/js/` with require.
 *
 * 1. Chinese: jieba segmented the index at build time; the browser gets the raw query
 *    ("为什么除以根号dk"). Han runs are segmented against the index's own vocabulary (tokens and
 *    their document frequencies) by dynamic programming, as jieba does with its dictionary, so
 *    domain words (旋转位置编码, 复读机) come out whole whenever the index has them.
 * 2. Technical terms: the index carries, per entry, the canonical form of every technical term in
 *    it (fields `keywords` and `keytitle`, see mianjing/search_terms.py): lower case, no hyphens, spaces or dots
 *    between letters ("Q-Former" → qformer, "LLaVA-1.5" → llava1.5, "KV Cache" → kvcache). A
 *    query part whose canonical form is a known term is searched as that term; adjacent parts
 *    that together form one are joined ("llava 1.5", "q former"). Other Latin parts are split
 *    the way the index separator splits them.
 * 3. Numbers keep their "%" ("80%" is one token in the index too).
 * 4. Function words (的, 吗, 什么, 如何 …) are dropped: with Material's trailing wildcard each of
 *    them would match hundreds of sections. Words that frame a question (区别, 原理, 作用, 改进)
 *    are kept with a small weight: the topic decides the ranking, not the framing.
 * 5. Synonyms (config.synonyms) are expanded here, at query time, as exact terms (`term^1`, no
 *    wildcard), not in the index: the expansion then matches titles with their full boost.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory()
  else root.MianjingSearchQuery = factory()
})(typeof self !== "undefined" ? self : this, function () {
  "use strict"

  var HAN = /\p{sc=Han}/u
  var ZW = /[\u200b\u200c\u200d\u2060\ufeff\u007f]/g
  var MAX_WORD = 8
  var MAX_JOIN = 3                // adjacent query parts joined into one known term

  // words that frame a question (区别, 原理, 作用 …): they say what kind of answer is wanted, not
  // what it is about, and nearly every title has one; searched with a small weight, so the
  // topic words decide the ranking
  var FRAME = new Set(("区别 原理 作用 改进 优缺点 优点 缺点 优势 方法 介绍 理解 解释 过程 流程 实现 " +
    "怎么办 含义 意义 思路 原因 问题 场景 方式 步骤 对比 异同 差异 影响 好处 坏处 特点").split(" "))
  var FRAME_WEIGHT = "0.3"

  // function words and question words: no topic in them
  var STOP = new Set(("的 了 是 在 和 与 及 或 吗 呢 吧 啊 么 呀 也 都 就 而 之 其 把 被 让 给 对 " +
    "从 到 着 过 又 很 将 地 得 呃 请 下 一下 什么 怎么 怎样 怎么样 如何 为何 为什么 哪些 哪个 哪里 " +
    "是否 是什么 有没有 能否 可以 一个 一些 这个 那个 这些 那些 还是 以及 还有 吗 请问 说说 讲讲 谈谈 " +
    "what why how is are the an of to in and or do does").split(" "))

  /* The canonical form of a technical term: the same function as canonical() in
   * mianjing/search_terms.py (tests/js/search-query.test.js and tests/test_search_terms.py
   * check both on the same examples). */
  function canonical(word) {
    return word.normalize("NFKC").toLowerCase()
      .replace(/(\d)\.(?=\d)/g, "$1\u0000")        // keep dots between digits (1.5)
      .replace(/[\s\-_.·']+/g, "")
      .replace(/\u0000/g, ".")
  }

  function Query(config, stats) {
    config = config || {}
    stats = stats || {}
    this.vocab = stats.vocab || new Map()          // Han token -> document frequency
    this.total = Math.max(stats.total || 1, 1)
    this.terms = new Set(config.terms || [])
    try { this.separator = new RegExp(config.separator || "[\\s]+") } catch (err) { this.separator = /[\s]+/ }
    this.lastExpansions = new Set()
    this.synonyms = []
    var self = this
    this.synonyms = (config.synonyms || []).map(function (group) {
      return group.map(function (member) {
        return self.tokenize(member).map(function (t) { return t.toLowerCase() })
      }).filter(function (m) { return m.length })
    })
  }

  Query.prototype.df = function (word) { return this.vocab.get(word) || 0 }

  // jieba-style: maximise sum log P(word); unknown single characters get a low probability
  Query.prototype.segmentHan = function (run, notWhole) {
    var n = run.length
    var best = new Array(n + 1).fill(-Infinity)
    var back = new Array(n + 1).fill(0)
    var logN = Math.log(this.total + 1)
    best[0] = 0
    for (var i = 0; i < n; i++) {
      if (best[i] === -Infinity) continue
      for (var j = i + 1; j <= Math.min(n, i + MAX_WORD); j++) {
        var w = run.slice(i, j)
        var f = notWhole && j - i === n ? 0 : this.df(w)
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

  // a Latin part: a known term whole, else split like the index splits it
  Query.prototype.latin = function (part) {
    var c = canonical(part)
    if (this.terms.has(c)) return [{ text: c, term: true }]
    var out = []
    part.split(this.separator).forEach(function (t) {
      t = t.replace(/^\.+|\.+$/g, "")
      if (t) out.push({ text: t, term: false })
    })
    return out
  }

  Query.prototype.tokenize = function (query) {
    var self = this
    var text = query.normalize("NFKC").replace(ZW, "")
      .replace(/[^\p{L}\p{N}\s.#%\-_]/gu, " ")
      .replace(/(\p{sc=Han})(?=[^\p{sc=Han}\s])|([^\p{sc=Han}\s])(?=\p{sc=Han})/gu, "$1$2 ")
    var parts = []
    text.split(/\s+/).forEach(function (part) {
      if (!part) return
      if (HAN.test(part)) {
        self.segmentHan(part).forEach(function (w) {
          parts.push({ text: w, han: true })
          // like jieba's cut_for_search: a word the index has only once or twice was probably
          // cut differently elsewhere (职业规划 vs 职业 + 规划): search its parts as well
          if (w.length > 2 && self.df(w) <= 2) {
            var pieces = self.segmentHan(w, true)
            if (pieces.length > 1 && pieces.every(function (p) { return self.df(p) > self.df(w) }))
              pieces.forEach(function (p) { parts.push({ text: p, han: true }) })
          }
        })
      } else {
        parts.push({ raw: part })
      }
    })
    // adjacent Latin parts that together are a known term ("llava 1.5", "q former", "kv cache")
    var out = []
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].han) { out.push(parts[i].text); continue }
      var joined = null
      for (var n = Math.min(MAX_JOIN, parts.length - i); n >= 2 && !joined; n--) {
        var run = parts.slice(i, i + n)
        if (run.some(function (p) { return p.han })) continue
        var c = canonical(run.map(function (p) { return p.raw }).join(""))
        if (self.terms.has(c)) joined = { text: c, n: n }
      }
      if (joined) {
        out.push(joined.text)
        // the words themselves too, when the reader typed them apart ("beam search"): they
        // still match titles and text written that way
        parts.slice(i, i + joined.n).forEach(function (p) {
          self.latin(p.raw).forEach(function (t) { if (out.indexOf(t.text) < 0) out.push(t.text) })
        })
        i += joined.n - 1
      } else {
        self.latin(parts[i].raw).forEach(function (t) { out.push(t.text) })
      }
    }
    return out
  }

  // a group applies when one of its members occurs in the query as a run of whole tokens, and
  // that run is not part of a longer member of another group ("speculative decoding" must not
  // pull in the "decoding" group)
  Query.prototype.expand = function (tokens) {
    var lower = tokens.map(function (t) { return t.toLowerCase() })
    var synonyms = this.synonyms
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

  /* The lunr query string for what the reader typed. */
  Query.prototype.transform = function (query) {
    var tokens = this.tokenize(query)
    var kept = tokens.filter(function (t) { return !STOP.has(t.toLowerCase()) })
    if (!kept.length) kept = tokens  // a query of function words only: search them anyway
    var extra = this.expand(kept)
    this.lastExpansions = new Set(extra)
    var known = this.terms
    var terms = kept.map(function (t) {
      // lunr syntax characters inside a token would be read as operators
      t = t.replace(/[:^~+\-*]/g, "")
      if (FRAME.has(t)) return t + "^" + FRAME_WEIGHT
      // a known term is searched exactly: "llava" is not "llava1.5", "flashattention" not "flashattention3"
      // (a boost turns Material's trailing wildcard off); so is a single Latin character
      return known.has(t) || (t.length === 1 && !HAN.test(t)) ? t + "^1" : t
    }).filter(Boolean)
    return terms.concat(extra.map(function (t) { return t + "^1" })).join(" ")
  }

  /* Zero-width characters and word breaks out of a result before Material renders it. */
  Query.prototype.cleanResult = function (result) {
    var expansions = this.lastExpansions
    ;(result.items || []).forEach(function (group) {
      group.forEach(function (doc) {
        if (typeof doc.title === "string") doc.title = doc.title.replace(ZW, "")
        if (typeof doc.text === "string") doc.text = doc.text.replace(ZW, "")
        if (doc.terms && typeof doc.terms === "object") {
          Object.keys(doc.terms).forEach(function (term) {
            if (!doc.terms[term] && expansions.has(term)) delete doc.terms[term]
          })
        }
      })
    })
    if (result.suggest) result.suggest = result.suggest.map(function (s) { return s.replace(ZW, "") })
    return result
  }

  return { Query: Query, canonical: canonical, STOP: STOP, FRAME: FRAME }
})
