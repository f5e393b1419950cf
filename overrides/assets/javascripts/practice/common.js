/* Shared by the practice modules: the site's base URL, the question data (questions.json), the one
 * progress store of the page, small DOM helpers and the message banner. */
(function (root) {
  "use strict"
  var M = (root.Mianjing = root.Mianjing || {})

  function base() {
    var cfg = document.getElementById("__config")
    var b = cfg ? JSON.parse(cfg.textContent).base : "."
    return new URL(b.replace(/\/?$/, "/"), location.href)
  }

  // From disk (the offline copy, opened as file://) nothing can be fetched; the offline build
  // (mianjing/hooks/offline.py) writes the same data as scripts that set a global instead.
  var fromDisk = location.protocol === "file:"
  var scripts = {}
  function loadScript(path) {
    var url = new URL(path, base()).href
    if (!scripts[url]) {
      scripts[url] = new Promise(function (resolve, reject) {
        var s = document.createElement("script")
        s.src = url
        s.onload = resolve
        s.onerror = function () { delete scripts[url]; reject(new Error("加载失败：" + path)) }
        document.head.appendChild(s)
      })
    }
    return scripts[url]
  }

  var questions = null
  // questions.index.json: every record of questions.json (docs/about/data.md) but the 要点 HTML,
  // which is cut from the question's page when needed (partOf). Loaded once per visit.
  function loadQuestions() {
    if (!questions) {
      questions = fromDisk
        ? loadScript("questions.index.js").then(function () { return root.__mianjingQuestions })
        : fetch(new URL("questions.index.json", base()))
          .then(function (r) { if (!r.ok) throw new Error("题目数据加载失败：" + r.status); return r.json() })
      questions = questions.catch(function (err) { questions = null; throw err })
    }
    return questions.then(function (data) { return data.questions })
  }

  var pages = {}
  // the question's page as a document: fetched, or from disk its questions' HTML (offline/<page>.js)
  function pageDocument(q, pageUrl) {
    if (fromDisk) {
      return loadScript("offline/" + q.url.replace(/\.html$/, "") + ".js").then(function () {
        var sections = (root.__mianjingSections || {})[q.url] || {}
        return new DOMParser().parseFromString(Object.keys(sections).map(function (id) { return sections[id] }).join(""),
                                               "text/html")
      })
    }
    return fetch(pageUrl).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + pageUrl)
      return r.text()
    }).then(function (html) { return new DOMParser().parseFromString(html, "text/html") })
  }

  /* A part of a question ("q-keypoints" or "q-answer") cut from its page, rendered exactly as
   * there (formulas, code, diagrams), links made absolute, ids dropped (no clashes here). */
  function partOf(q, part) {
    var pageUrl = new URL(q.url, base())
    var key = pageUrl.href
    if (!pages[key]) {
      pages[key] = pageDocument(q, pageUrl).catch(function (err) { delete pages[key]; throw err })
    }
    return pages[key].then(function (doc) {
      var found = doc.querySelector('section[data-q="' + q.id + '"] .' + part)
      if (!found) return null
      var node = document.importNode(found, true)
      node.querySelectorAll("[href], [src]").forEach(function (n) {
        var attr = n.hasAttribute("href") ? "href" : "src"
        var v = n.getAttribute(attr)
        if (v && v[0] === "#") n.setAttribute(attr, pageUrl.href + v)
        else if (v && !/^[a-z]+:/i.test(v)) n.setAttribute(attr, new URL(v, pageUrl).href)
      })
      node.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id") })
      return node
    })
  }

  var store = null
  function getStore() {
    if (!store) store = M.store.browserStore()
    return store
  }

  // el("button", {class: "x", onclick: fn}, "text", child…)
  function el(tag, attrs) {
    var node = document.createElement(tag)
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k]
      if (v === null || v === undefined || v === false) return
      if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v)
      else if (k === "html") node.innerHTML = v
      else node.setAttribute(k, v === true ? "" : v)
    })
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i]
      if (c === null || c === undefined || c === false) continue
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c)
    }
    return node
  }

  // store messages (corrupt data reset, no storage), shown once per visit above the content
  function showMessages(container) {
    var s = getStore()
    if (!s.messages.length || !container) return
    var messages = s.messages.splice(0)
    var box = el("div", { class: "admonition warning practice-message", role: "status" },
                 el("p", { class: "admonition-title" }, "练习记录"))
    messages.forEach(function (m) { box.appendChild(el("p", null, m)) })
    container.insertBefore(box, container.firstChild)
  }

  function questionUrl(q) {
    return new URL(q.url + "#" + q.anchor, base()).href
  }

  // the practice page's container, the first time this page asks for it (null otherwise): a page
  // mounts once even when Material re-runs the page hooks
  function claim(id) {
    var container = document.getElementById(id)
    if (!container || container.getAttribute("data-mounted")) return null
    container.setAttribute("data-mounted", "1")
    return container
  }

  M.common = { base: base, loadQuestions: loadQuestions, partOf: partOf, store: getStore, el: el,
               showMessages: showMessages, questionUrl: questionUrl, claim: claim,
               GRADE_LABELS: { know: "会", fuzzy: "模糊", dont: "不会" } }

  // Material swaps pages without reloading (navigation.instant): mount on every page. document$
  // replays the current page to a late subscriber (a module loaded on demand, below).
  M.onPage = function (fn) {
    if (root.document$) root.document$.subscribe(function () { fn() })
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn)
    else fn()
  }

  // The drill, mock-interview and progress pages' own modules load when a page has their
  // container, not on every topic page.
  var PAGE_MODULES = { "practice-drill": "drill.js", "practice-mock": "mock.js", "practice-progress": "progress.js" }
  M.onPage(function () {
    Object.keys(PAGE_MODULES).forEach(function (id) {
      if (document.getElementById(id)) {
        loadScript("assets/javascripts/practice/" + PAGE_MODULES[id]).catch(function (err) {
          document.getElementById(id).textContent = err.message
        })
      }
    })
  })
})(this)
