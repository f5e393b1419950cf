/* Site-wide practice progress (练习, docs/practice/index.md): progress by section, the questions
 * graded 不会 / 模糊, how many are due today, reset (all or one section) for a second pass, and
 * export / import of the progress file to move between devices. */
(function (root) {
  "use strict"
  var M = root.Mianjing
  var C = M.common
  var el = C.el
  var S = M.schedule

  function render(container, questions) {
    var store = C.store()
    var now = new Date()
    container.textContent = ""
    var bySection = []
    questions.forEach(function (q) {
      var row = bySection.filter(function (r) { return r.section === q.section })[0]
      if (!row) bySection.push(row = { section: q.section, title: q.section_title, ids: [], know: 0, fuzzy: 0, dont: 0, none: 0 })
      row.ids.push(q.id)
      row[store.lastGrade(q.id) || "none"]++
    })
    var due = questions.filter(function (q) { return S.isDue(store.history(q.id), now) })
    var graded = questions.filter(function (q) { return store.lastGrade(q.id) }).length
    var status = el("p", { class: "practice-status", role: "status" })

    container.appendChild(el("p", { class: "practice-summary" },
      "全站 " + questions.length + " 题，已自评 " + graded + " 题；今天待复习 ",
      el("strong", { class: "practice-due" }, String(due.length)), " 题。 ",
      el("a", { href: new URL("practice/drill/?pool=due", C.base()).href, class: "md-button md-button--primary" }, "复习到期的题")))

    var table = el("table", { class: "practice-table" },
      el("thead", null, el("tr", null, el("th", null, "栏目"), el("th", null, "会"), el("th", null, "模糊"),
                                       el("th", null, "不会"), el("th", null, "未做"), el("th", null, "二刷"))))
    var body = el("tbody")
    bySection.forEach(function (r) {
      body.appendChild(el("tr", { "data-section": r.section },
        el("th", { scope: "row" }, r.title), el("td", null, String(r.know)), el("td", null, String(r.fuzzy)),
        el("td", null, String(r.dont)), el("td", null, String(r.none)),
        el("td", null, el("button", { type: "button", class: "md-button practice-reset-section",
          "aria-label": "清空「" + r.title + "」的自评记录",
          disabled: r.know + r.fuzzy + r.dont === 0,
          onclick: function () {
            if (!confirm("清空「" + r.title + "」的全部自评记录，从头再练？")) return
            store.reset(r.ids)
            render(container, questions)
          } }, "清空"))))
    })
    table.appendChild(body)
    container.appendChild(el("div", { class: "md-typeset__scrollwrap" }, el("div", { class: "md-typeset__table" }, table)))

    ;[["dont", "不会的题"], ["fuzzy", "模糊的题"]].forEach(function (g) {
      var list = questions.filter(function (q) { return store.lastGrade(q.id) === g[0] })
      container.appendChild(el("h2", { id: "practice-" + g[0] }, g[1] + "（" + list.length + "）"))
      if (!list.length) { container.appendChild(el("p", null, "没有。")); return }
      var ul = el("ul", { class: "practice-list practice-list--" + g[0] })
      list.forEach(function (q) {
        ul.appendChild(el("li", null, el("a", { href: C.questionUrl(q) }, q.title), " · " + q.section_title))
      })
      container.appendChild(ul)
    })

    var file = el("input", { type: "file", accept: "application/json,.json", class: "practice-import-file",
                             "aria-label": "选择要导入的进度文件" })
    file.addEventListener("change", function () {
      var f = file.files[0]
      if (!f) return
      f.text().then(function (text) {
        var ids = {}
        questions.forEach(function (q) { ids[q.id] = q.id; q.aliases.forEach(function (a) { ids[a] = q.id }) })
        var result = store.importData(text, function (id) { return ids[id] || null })
        render(container, questions)
        var s = container.querySelector(".practice-status")
        s.textContent = result.message
        s.className = "practice-status " + (result.ok ? "practice-status--ok" : "practice-status--error")
      })
    })
    container.appendChild(el("h2", { id: "practice-data" }, "备份与换设备"))
    container.appendChild(el("p", null, "进度只保存在这个浏览器里。导出成文件，可以在另一台设备上导入（和那边的记录合并）。"))
    container.appendChild(el("div", { class: "q-controls" },
      el("button", { type: "button", class: "md-button practice-export", onclick: function () {
        var blob = new Blob([store.exportData()], { type: "application/json" })
        var a = el("a", { href: URL.createObjectURL(blob), download: "mianjing-progress-" + now.toISOString().slice(0, 10) + ".json" })
        document.body.appendChild(a)
        a.click()
        a.remove()
        status.textContent = "已导出 " + graded + " 道题的记录。"
      } }, "导出进度"),
      el("label", { class: "md-button practice-import" }, "导入进度", file),
      el("button", { type: "button", class: "md-button practice-reset-all", onclick: function () {
        if (!confirm("清空全部自评记录和笔记？建议先导出备份。")) return
        store.reset()
        render(container, questions)
        container.querySelector(".practice-status").textContent = "已清空全部记录。"
      } }, "全部清空")))
    container.appendChild(status)
  }

  function mount() {
    var container = C.claim("practice-progress")
    if (!container) return
    C.showMessages(container.parentNode)
    Promise.all([C.loadQuestions(), S.ready()]).then(function (all) {
      var questions = all[0]
      var aliases = {}
      questions.forEach(function (q) { q.aliases.forEach(function (a) { aliases[a] = q.id }) })
      C.store().aliases(aliases)
      render(container, questions)
    }).catch(function (err) {
      container.textContent = "练习进度无法显示：" + err.message
    })
  }

  M.progress = { mount: mount }
  M.onPage(mount)
})(this)
