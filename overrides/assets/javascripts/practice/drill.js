/* Random drill with spaced repetition (练习 → 随机练习, docs/practice/drill.md).
 *
 * Filters: sections, minimum importance, sources, tags, and the pool (all, not yet practised,
 * 不会/模糊, due for review). Due questions come first (earliest due date first), then the others
 * in random order. One card at a time: title → 要点 → full answer (cut from the question's own
 * page, so it is rendered exactly as there) → grade → next. Keyboard: Space reveals, 1/2/3 grade.
 * The URL can preset the pool: drill/?pool=due.
 */
(function (root) {
  "use strict"
  var M = root.Mianjing
  var C = M.common
  var el = C.el
  var S = M.schedule
  var POOLS = [["all", "全部"], ["new", "未做"], ["weak", "不会 / 模糊"], ["due", "待复习"]]

  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1))
      var t = list[i]; list[i] = list[j]; list[j] = t
    }
    return list
  }

  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i }) }

  /* The questions a drill draws from, in drill order. criteria: {sections, minImportance, sources,
   * tags, pool}; empty lists mean "any". */
  function selectQuestions(questions, criteria, store, now) {
    var picked = questions.filter(function (q) {
      if (criteria.sections.length && criteria.sections.indexOf(q.section) < 0) return false
      if (q.importance < criteria.minImportance) return false
      if (criteria.sources.length && !q.sources.some(function (s) { return criteria.sources.indexOf(s) >= 0 })) return false
      if (criteria.tags.length && !q.tags.some(function (t) { return criteria.tags.indexOf(t) >= 0 })) return false
      var last = store.lastGrade(q.id)
      if (criteria.pool === "new") return !last
      if (criteria.pool === "weak") return last === "fuzzy" || last === "dont"
      if (criteria.pool === "due") return S.isDue(store.history(q.id), now)
      return true
    })
    var due = picked.filter(function (q) { return S.isDue(store.history(q.id), now) })
      .sort(function (a, b) { return S.due(store.history(a.id)) - S.due(store.history(b.id)) })
    var rest = shuffle(picked.filter(function (q) { return due.indexOf(q) < 0 }))
    return due.concat(rest)
  }

  function checkboxes(name, values, labels) {
    var box = el("fieldset", { class: "drill-field" }, el("legend", null, labels.legend))
    values.forEach(function (v) {
      box.appendChild(el("label", { class: "drill-choice" },
        el("input", { type: "checkbox", name: name, value: v[0] }), " " + v[1]))
    })
    return box
  }

  function checked(form, name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]:checked'))
      .map(function (i) { return i.value })
  }

  function renderForm(container, questions) {
    var sections = unique(questions.map(function (q) { return q.section + "\u0000" + q.section_title }))
      .map(function (s) { return s.split("\u0000") })
    var sources = unique(questions.reduce(function (a, q) { return a.concat(q.sources) }, [])).sort()
      .map(function (s) { return [s, s] })
    var tags = unique(questions.reduce(function (a, q) { return a.concat(q.tags) }, [])).sort()
    var params = new URLSearchParams(location.search)
    var form = el("form", { class: "drill-form", "aria-label": "随机练习的范围" },
      checkboxes("section", sections, { legend: "栏目（不选 = 全部）" }),
      el("div", { class: "drill-field" },
        el("label", { for: "drill-importance" }, "最低重要度 "),
        el("select", { id: "drill-importance", name: "importance" },
          el("option", { value: "1" }, "★ 以上（全部）"), el("option", { value: "2" }, "★★ 以上"),
          el("option", { value: "3" }, "只要 ★★★"))),
      checkboxes("source", sources, { legend: "来源（不选 = 全部）" }),
      el("div", { class: "drill-field" },
        el("label", { for: "drill-tags" }, "标签（逗号分隔，不填 = 全部）"),
        el("input", { id: "drill-tags", name: "tags", list: "drill-tag-list", autocomplete: "off", placeholder: "如：LoRA、KV Cache" }),
        (function () {
          var dl = el("datalist", { id: "drill-tag-list" })
          tags.forEach(function (t) { dl.appendChild(el("option", { value: t })) })
          return dl
        })()),
      (function () {
        var box = el("fieldset", { class: "drill-field" }, el("legend", null, "从哪些题里抽"))
        POOLS.forEach(function (p) {
          box.appendChild(el("label", { class: "drill-choice" },
            el("input", { type: "radio", name: "pool", value: p[0], checked: (params.get("pool") || "all") === p[0] }), " " + p[1]))
        })
        return box
      })(),
      el("button", { type: "submit", class: "md-button md-button--primary" }, "开始练习"),
      el("p", { class: "drill-count", role: "status" }))
    container.appendChild(form)
    return form
  }

  function criteriaOf(form) {
    return {
      sections: checked(form, "section"),
      minImportance: +form.querySelector("#drill-importance").value,
      sources: checked(form, "source"),
      tags: form.querySelector("#drill-tags").value.split(/[,，、]/).map(function (t) { return t.trim() }).filter(Boolean),
      pool: (form.querySelector('input[name="pool"]:checked') || { value: "all" }).value,
    }
  }

  function Drill(container, queue) {
    this.container = container
    this.queue = queue
    this.index = 0
    this.card = null
    this.done = { know: 0, fuzzy: 0, dont: 0 }
  }

  Drill.prototype.show = function () {
    var self = this
    var q = this.queue[this.index]
    if (this.card) this.card.remove()
    if (!q) {
      this.card = el("div", { class: "drill-card drill-card--done", role: "status" },
        el("h2", null, "这一组练完了"),
        el("p", null, "会 " + this.done.know + " · 模糊 " + this.done.fuzzy + " · 不会 " + this.done.dont),
        el("a", { href: new URL("practice/", C.base()).href, class: "md-button" }, "看全站进度"))
      this.container.appendChild(this.card)
      return
    }
    var history = C.store().history(q.id)
    var days = S.daysUntil(history)
    var status = history.length ? "上次：" + C.GRADE_LABELS[history[history.length - 1].grade] +
      (days !== null ? (days <= 0 ? "，今天该复习" : "，" + days + " 天后复习") : "") : "还没练过"
    this.card = el("div", { class: "drill-card", "data-q": q.id, tabindex: "-1" },
      el("p", { class: "drill-card__meta" }, "第 " + (this.index + 1) + " / " + this.queue.length + " 题 · " +
         q.section_title + " · " + q.page_title + " · " + "★".repeat(q.importance) + "☆".repeat(3 - q.importance) + " · " + status),
      el("h2", { class: "drill-card__title" }, el("a", { href: C.questionUrl(q) }, q.title)),
      el("div", { class: "drill-card__keypoints", hidden: true, "aria-live": "polite" }),
      el("div", { class: "drill-card__answer", hidden: true, "aria-live": "polite" }),
      el("div", { class: "q-controls", role: "group", "aria-label": "显示" },
        el("button", { type: "button", class: "md-button drill-show-kp", onclick: function () { self.reveal(false) } }, "显示要点"),
        el("button", { type: "button", class: "md-button drill-show-all", onclick: function () { self.reveal(true) } }, "显示答案"),
        el("button", { type: "button", class: "md-button drill-skip", onclick: function () { self.next() } }, "跳过")),
      el("div", { class: "q-controls q-grade", role: "group", "aria-label": "自评这道题", hidden: true },
        el("span", { class: "q-grade__label" }, "自评："),
        el("button", { type: "button", class: "md-button q-grade--know", onclick: function () { self.grade("know") } }, "会"),
        el("button", { type: "button", class: "md-button q-grade--fuzzy", onclick: function () { self.grade("fuzzy") } }, "模糊"),
        el("button", { type: "button", class: "md-button q-grade--dont", onclick: function () { self.grade("dont") } }, "不会")))
    this.container.appendChild(this.card)
    this.card.focus({ preventScroll: true })
    this.card.scrollIntoView({ block: "nearest" })
  }

  function fill(box, q, part, what) {
    if (!box.hidden) return
    box.hidden = false
    box.textContent = "正在加载" + what + "…"
    C.partOf(q, part).then(function (node) {
      box.textContent = ""
      if (node) box.appendChild(node)
    }).catch(function (err) {
      box.textContent = what + "加载失败（" + err.message + "），请打开原题："
      box.appendChild(el("a", { href: C.questionUrl(q) }, q.title))
    })
  }

  Drill.prototype.reveal = function (all) {
    var card = this.card
    var q = this.queue[this.index]
    var kp = card.querySelector(".drill-card__keypoints")
    var showAll = all || !kp.hidden
    fill(kp, q, "q-keypoints", "要点")
    card.querySelector(".drill-show-kp").hidden = true
    card.querySelector(".q-grade").hidden = false
    if (!showAll) return
    card.querySelector(".drill-show-all").hidden = true
    fill(card.querySelector(".drill-card__answer"), q, "q-answer", "解答")
  }

  Drill.prototype.grade = function (g) {
    C.store().grade(this.queue[this.index].id, g)
    this.done[g]++
    this.next()
  }

  Drill.prototype.next = function () {
    this.index++
    this.show()
  }

  Drill.prototype.key = function (ev) {
    if (!this.card || !this.card.isConnected || ev.ctrlKey || ev.metaKey || ev.altKey) return
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) return
    if (ev.key === " " && !this.card.querySelector(".drill-show-all").hidden) {
      ev.preventDefault()
      this.reveal(false)
    } else if (/^[123]$/.test(ev.key) && !this.card.querySelector(".q-grade").hidden) {
      ev.preventDefault()
      this.grade(["know", "fuzzy", "dont"][+ev.key - 1])
    }
  }

  var drill = null
  function mount() {
    var container = C.claim("practice-drill")
    if (!container) return
    C.showMessages(container)
    container.appendChild(el("p", { class: "drill-loading" }, "正在加载题目…"))
    Promise.all([C.loadQuestions(), S.ready()]).then(function (all) {
      var questions = all[0]
      container.querySelector(".drill-loading").remove()
      var form = renderForm(container, questions)
      var count = form.querySelector(".drill-count")
      function preview() {
        var queue = selectQuestions(questions, criteriaOf(form), C.store(), new Date())
        var due = queue.filter(function (q) { return S.isDue(C.store().history(q.id)) }).length
        count.textContent = "符合条件的题：" + queue.length + "，其中今天待复习 " + due + " 题。"
        return queue
      }
      form.addEventListener("change", preview)
      form.addEventListener("input", preview)
      preview()
      form.addEventListener("submit", function (ev) {
        ev.preventDefault()
        var queue = preview()
        if (!queue.length) { count.textContent = "没有符合条件的题，请放宽筛选。"; return }
        if (drill && drill.card) drill.card.remove()
        drill = new Drill(container, queue)
        drill.show()
      })
    }).catch(function (err) {
      container.textContent = "随机练习无法启动：" + err.message
    })
  }

  document.addEventListener("keydown", function (ev) { if (drill) drill.key(ev) })
  M.drill = { selectQuestions: selectQuestions, mount: mount }
  M.onPage(mount)
})(this)
