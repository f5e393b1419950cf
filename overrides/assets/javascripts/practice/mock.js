/* Mock interview (练习 → 模拟面试, docs/practice/mock.md).
 *
 * N questions (default 8) drawn from the chosen sections, each with probability proportional to
 * its importance (★★★ three times as likely as ★), without repeats. A timer per question (default
 * 3 minutes, counting past zero) and one for the whole interview; a notes box per question, kept
 * in the browser; a summary at the end with grades, times and links.
 */
(function (root) {
  "use strict"
  var M = root.Mianjing
  var C = M.common
  var el = C.el

  /* n questions drawn with weight = importance, without replacement. rand: () -> [0, 1). */
  function draw(questions, n, rand) {
    rand = rand || Math.random
    var pool = questions.slice()
    var out = []
    while (out.length < n && pool.length) {
      var total = pool.reduce(function (s, q) { return s + q.importance }, 0)
      var r = rand() * total
      var i = 0
      while (i < pool.length - 1 && (r -= pool[i].importance) >= 0) i++
      out.push(pool.splice(i, 1)[0])
    }
    return out
  }

  function clock(seconds) {
    var sign = seconds < 0 ? "-" : ""
    seconds = Math.abs(Math.round(seconds))
    return sign + Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0")
  }

  function Interview(container, questions, minutes) {
    this.container = container
    this.questions = questions
    this.limit = minutes * 60
    this.index = 0
    this.results = []
    this.started = Date.now()
    this.questionStarted = Date.now()
    this.view = null
    var self = this
    this.timer = setInterval(function () { self.tick() }, 1000)
  }

  Interview.prototype.tick = function () {
    if (!this.view || !this.view.isConnected) return this.stop()
    var now = Date.now()
    var left = this.limit - (now - this.questionStarted) / 1000
    var q = this.view.querySelector(".mock-timer__question")
    q.textContent = clock(left)
    q.classList.toggle("mock-timer--over", left < 0)
    this.view.querySelector(".mock-timer__total").textContent = clock((now - this.started) / 1000)
  }

  Interview.prototype.stop = function () { clearInterval(this.timer) }

  Interview.prototype.show = function () {
    var self = this
    var q = this.questions[this.index]
    if (this.view) this.view.remove()
    if (!q) return this.summary()
    this.questionStarted = Date.now()
    var notes = el("textarea", { id: "mock-notes", class: "mock-notes", rows: "5",
                                 placeholder: "要点草稿、没答好的地方……（只保存在本机浏览器）" })
    notes.value = C.store().note(q.id)
    notes.addEventListener("input", function () { C.store().note(q.id, notes.value) })
    this.view = el("div", { class: "mock-question", "data-q": q.id, tabindex: "-1" },
      el("div", { class: "mock-timer", role: "timer", "aria-label": "计时" },
        el("span", null, "本题 "), el("strong", { class: "mock-timer__question" }, clock(this.limit)),
        el("span", null, " · 总用时 "), el("strong", { class: "mock-timer__total" }, "0:00")),
      el("p", { class: "drill-card__meta" }, "第 " + (this.index + 1) + " / " + this.questions.length + " 题 · " +
         q.section_title + " · " + "★".repeat(q.importance) + "☆".repeat(3 - q.importance)),
      el("h2", { class: "mock-question__title" }, q.title),
      el("label", { for: "mock-notes" }, "笔记"),
      notes,
      (function () {
        var box = el("div", null, "正在加载要点…")
        var d = el("details", { class: "mock-keypoints" }, el("summary", null, "答完后看要点"), box)
        d.addEventListener("toggle", function () {
          if (!d.open || box.getAttribute("data-loaded")) return
          box.setAttribute("data-loaded", "1")
          C.partOf(q, "q-keypoints").then(function (node) { box.textContent = ""; if (node) box.appendChild(node) })
            .catch(function (err) { box.textContent = "要点加载失败：" + err.message })
        })
        return d
      })(),
      el("div", { class: "q-controls q-grade", role: "group", "aria-label": "自评这道题" },
        el("span", { class: "q-grade__label" }, "自评："),
        el("button", { type: "button", class: "md-button q-grade--know", onclick: function () { self.answer("know") } }, "会"),
        el("button", { type: "button", class: "md-button q-grade--fuzzy", onclick: function () { self.answer("fuzzy") } }, "模糊"),
        el("button", { type: "button", class: "md-button q-grade--dont", onclick: function () { self.answer("dont") } }, "不会")),
      el("button", { type: "button", class: "md-button mock-end", onclick: function () { self.summary() } }, "结束面试"))
    this.container.appendChild(this.view)
    this.view.focus({ preventScroll: true })
    this.view.scrollIntoView({ block: "nearest" })
    this.tick()
  }

  Interview.prototype.answer = function (grade) {
    var q = this.questions[this.index]
    C.store().grade(q.id, grade)
    this.results.push({ q: q, grade: grade, seconds: (Date.now() - this.questionStarted) / 1000 })
    this.index++
    this.show()
  }

  Interview.prototype.summary = function () {
    this.stop()
    if (this.view) this.view.remove()
    var total = (Date.now() - this.started) / 1000
    var table = el("table", null,
      el("thead", null, el("tr", null, el("th", null, "#"), el("th", null, "题目"), el("th", null, "自评"),
                                       el("th", null, "用时"), el("th", null, "笔记"))))
    var body = el("tbody")
    this.results.forEach(function (r, i) {
      var note = C.store().note(r.q.id)
      body.appendChild(el("tr", { "data-grade": r.grade },
        el("td", null, String(i + 1)), el("td", null, el("a", { href: C.questionUrl(r.q) }, r.q.title)),
        el("td", null, C.GRADE_LABELS[r.grade]), el("td", null, clock(r.seconds)),
        el("td", null, note.length > 40 ? note.slice(0, 40) + "…" : note)))
    })
    this.questions.slice(this.results.length).forEach(function (q, i) {
      body.appendChild(el("tr", { "data-grade": "none" },
        el("td", null, String(this.results.length + i + 1)), el("td", null, el("a", { href: C.questionUrl(q) }, q.title)),
        el("td", null, "未答"), el("td", null, "—"), el("td", null, "")))
    }, this)
    table.appendChild(body)
    var count = function (g) { return this.results.filter(function (r) { return r.grade === g }).length }.bind(this)
    this.view = el("div", { class: "mock-summary", role: "region", "aria-label": "面试小结", tabindex: "-1" },
      el("h2", null, "面试小结"),
      el("p", null, "答了 " + this.results.length + " / " + this.questions.length + " 题，总用时 " + clock(total) +
         "。会 " + count("know") + " · 模糊 " + count("fuzzy") + " · 不会 " + count("dont") + "。"),
      el("div", { class: "md-typeset__scrollwrap" }, el("div", { class: "md-typeset__table" }, table)),
      el("p", null, "自评已记入练习进度；没答好的题可以在「随机练习」里选「不会 / 模糊」再练。"))
    this.container.appendChild(this.view)
    this.view.focus({ preventScroll: true })
  }

  var interview = null
  function mount() {
    var container = C.claim("practice-mock")
    if (!container) return
    C.showMessages(container)
    C.loadQuestions().then(function (questions) {
      var sections = []
      questions.forEach(function (q) {
        if (!sections.some(function (s) { return s[0] === q.section })) sections.push([q.section, q.section_title])
      })
      var box = el("fieldset", { class: "drill-field" }, el("legend", null, "栏目（不选 = 全部）"))
      sections.forEach(function (s) {
        box.appendChild(el("label", { class: "drill-choice" }, el("input", { type: "checkbox", name: "section", value: s[0] }), " " + s[1]))
      })
      var form = el("form", { class: "drill-form", "aria-label": "模拟面试设置" },
        el("div", { class: "drill-field" }, el("label", { for: "mock-n" }, "题数 "),
           el("input", { id: "mock-n", type: "number", min: "1", max: "30", value: "8", inputmode: "numeric" })),
        el("div", { class: "drill-field" }, el("label", { for: "mock-minutes" }, "每题时间（分钟） "),
           el("input", { id: "mock-minutes", type: "number", min: "1", max: "30", value: "3", inputmode: "numeric" })),
        box,
        el("button", { type: "submit", class: "md-button md-button--primary" }, "开始模拟面试"),
        el("p", { class: "drill-count", role: "status" }))
      container.appendChild(form)
      form.addEventListener("submit", function (ev) {
        ev.preventDefault()
        var chosen = Array.prototype.slice.call(form.querySelectorAll('input[name="section"]:checked')).map(function (i) { return i.value })
        var pool = questions.filter(function (q) { return !chosen.length || chosen.indexOf(q.section) >= 0 })
        var n = Math.max(1, Math.min(30, +form.querySelector("#mock-n").value || 8))
        var minutes = Math.max(1, Math.min(30, +form.querySelector("#mock-minutes").value || 3))
        if (interview) { interview.stop(); if (interview.view) interview.view.remove() }
        interview = new Interview(container, draw(pool, n), minutes)
        form.querySelector(".drill-count").textContent = "已抽 " + interview.questions.length + " 题，每题 " + minutes + " 分钟。"
        interview.show()
      })
    }).catch(function (err) {
      container.textContent = "模拟面试无法启动：" + err.message
    })
  }

  M.mock = { draw: draw, clock: clock, mount: mount }
  M.onPage(mount)
})(this)
