/* Practice controls on every topic page: 阅读 / 自测 modes, reveal, self-grading, grade badges.
 *
 * The page is prepared at build time (mianjing/hooks/questions.py): each question is a
 * <section class="q-section" data-q="id">, its 要点 in .q-keypoints and the rest of the answer in
 * .q-answer. 自测 mode (html[data-practice="test"], set before first paint by main.html) hides
 * both until revealed: first 要点, then the answer, or both at once. Grades go to the store,
 * keyed by the question id. Keyboard: Space reveals, 1 / 2 / 3 grade, J / K next / previous.
 */
(function (root) {
  "use strict"
  var M = root.Mianjing
  var C = M.common
  var el = C.el
  var GRADES = [["know", "会", "1"], ["fuzzy", "模糊", "2"], ["dont", "不会", "3"]]
  var current = null          // the question section keyboard commands act on
  var live = null             // polite live region for screen readers

  function sections() { return Array.prototype.slice.call(document.querySelectorAll("article .q-section")) }
  function mode() { return C.store().setting("mode") === "test" ? "test" : "read" }
  function reveal() { return C.store().setting("reveal") === "all" ? "all" : "step" }

  function setMode(m) {
    C.store().setting("mode", m)
    document.documentElement.setAttribute("data-practice", m)
    refreshBar()
    say(m === "test" ? "自测模式：要点和答案已隐藏" : "阅读模式")
  }

  function say(text) { if (live) live.textContent = text }

  function badge(grade) {
    return el("span", { class: "q-badge q-badge--" + grade, title: "上次自评：" + C.GRADE_LABELS[grade] },
              C.GRADE_LABELS[grade])
  }

  function paintBadges(section) {
    var id = section.getAttribute("data-q")
    var grade = C.store().lastGrade(id)
    var targets = [section.querySelector("h2")]
    // TOC links (Material makes their href absolute: compare the fragment)
    document.querySelectorAll(".md-nav--secondary a.md-nav__link").forEach(function (a) {
      if (decodeURIComponent(a.hash.slice(1)) === id) targets.push(a)
    })
    targets.forEach(function (t) {
      if (!t) return
      var old = t.querySelector(".q-badge")
      if (old) old.remove()
      if (grade) {
        var b = badge(grade)
        var permalink = t.querySelector(".headerlink")
        t.insertBefore(b, permalink || null)
      }
    })
    section.setAttribute("data-grade", grade || "none")
  }

  function showNext(section, all) {
    var shown = section.getAttribute("data-shown") || ""
    var hasKp = !!section.querySelector(".q-keypoints")
    var next = all || reveal() === "all" || !hasKp || shown === "kp" ? "all" : "kp"
    if (shown === "all") return false
    section.setAttribute("data-shown", next)
    updateButtons(section)
    say(next === "all" ? "已显示答案" : "已显示要点")
    return true
  }

  function updateButtons(section) {
    var shown = section.getAttribute("data-shown") || ""
    var kpBtn = section.querySelector(".q-reveal-kp")
    var allBtn = section.querySelector(".q-reveal-all")
    if (kpBtn) kpBtn.hidden = shown !== "" || !section.querySelector(".q-keypoints")
    if (allBtn) allBtn.hidden = shown === "all"
  }

  function grade(section, g) {
    var id = section.getAttribute("data-q")
    C.store().grade(id, g)
    paintBadges(section)
    refreshBar()
    say("已记录：" + C.GRADE_LABELS[g])
    section.querySelectorAll(".q-grade button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-grade") === g ? "true" : "false")
    })
  }

  function mountSection(section) {
    if (section.querySelector(".q-controls")) return
    var meta = section.querySelector(".q-meta") || section.querySelector("h2")
    var reveals = el("div", { class: "q-controls q-reveal", role: "group", "aria-label": "显示答案" },
      el("button", { type: "button", class: "md-button q-reveal-kp", onclick: function () { current = section; showNext(section, false) } },
         "显示要点"),
      el("button", { type: "button", class: "md-button q-reveal-all", onclick: function () { current = section; showNext(section, true) } },
         "显示答案"))
    meta.parentNode.insertBefore(reveals, meta.nextSibling)
    var grades = el("div", { class: "q-controls q-grade", role: "group", "aria-label": "自评这道题" },
                    el("span", { class: "q-grade__label" }, "自评："))
    GRADES.forEach(function (g) {
      grades.appendChild(el("button", { type: "button", class: "md-button q-grade--" + g[0], "data-grade": g[0],
                                        "aria-pressed": C.store().lastGrade(section.getAttribute("data-q")) === g[0] ? "true" : "false",
                                        title: g[1] + "（快捷键 " + g[2] + "）",
                                        onclick: function () { current = section; grade(section, g[0]) } }, g[1]))
    })
    section.appendChild(grades)
    section.addEventListener("focusin", function () { current = section })
    section.addEventListener("click", function () { current = section })
    updateButtons(section)
    paintBadges(section)
  }

  var bar = null
  function refreshBar() {
    if (!bar) return
    var counts = { know: 0, fuzzy: 0, dont: 0, none: 0 }
    var list = sections()
    list.forEach(function (s) { counts[C.store().lastGrade(s.getAttribute("data-q")) || "none"]++ })
    var done = list.length - counts.none
    bar.querySelector(".practice-bar__progress").value = done
    bar.querySelector(".practice-bar__progress").max = list.length
    bar.querySelector(".practice-bar__counts").textContent =
      "本页 " + done + "/" + list.length + " 已自评：会 " + counts.know + " · 模糊 " + counts.fuzzy + " · 不会 " + counts.dont
    bar.querySelectorAll("[data-mode]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-mode") === mode() ? "true" : "false")
    })
    var r = bar.querySelector(".practice-bar__reveal")
    r.checked = reveal() === "all"
  }

  // the bar is in the page already (mianjing/hooks/questions.py renders it, so that it takes its
  // place before the first paint); here it gets its behaviour
  function mountBar() {
    live = el("div", { class: "md-visually-hidden practice-live", "aria-live": "polite" })
    bar = document.querySelector("article .practice-bar")
    if (!bar) return
    bar.querySelectorAll("[data-mode]").forEach(function (b) {
      b.addEventListener("click", function () { setMode(b.getAttribute("data-mode")) })
    })
    bar.querySelector(".practice-bar__reveal").addEventListener("change", function (ev) {
      C.store().setting("reveal", ev.target.checked ? "all" : "step")
    })
    bar.appendChild(live)
    refreshBar()
    bar.setAttribute("data-ready", "")
  }

  function onKey(ev) {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return
    var t = ev.target
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return
    if (document.getElementById("__search") && document.getElementById("__search").checked) return
    var list = sections()
    if (!list.length) return
    if (!current || list.indexOf(current) < 0) current = nearest(list)
    var i = list.indexOf(current)
    if (ev.key === " " && mode() === "test" && current.getAttribute("data-shown") !== "all") {
      ev.preventDefault()
      showNext(current, false)
    } else if (ev.key === "1" || ev.key === "2" || ev.key === "3") {
      if (mode() === "test" && !current.getAttribute("data-shown")) { say("先显示要点或答案，再自评"); return }
      ev.preventDefault()
      grade(current, GRADES[+ev.key - 1][0])
    } else if (ev.key === "j" || ev.key === "J" || ev.key === "k" || ev.key === "K") {
      ev.preventDefault()
      var next = list[Math.min(list.length - 1, Math.max(0, i + (/j/i.test(ev.key) ? 1 : -1)))]
      current = next
      next.scrollIntoView({ block: "start" })
      var h = next.querySelector("h2")
      if (h) { h.setAttribute("tabindex", "-1"); h.focus({ preventScroll: true }) }
    }
  }

  // the question whose top is closest above the middle of the screen
  function nearest(list) {
    var best = list[0]
    list.forEach(function (s) { if (s.getBoundingClientRect().top < innerHeight / 2) best = s })
    return best
  }

  var keysBound = false
  function mount() {
    var list = sections()
    bar = null
    current = null
    if (!list.length) return
    var article = document.querySelector("article")
    document.documentElement.setAttribute("data-practice", mode())
    C.showMessages(article)
    list.forEach(function (s) {
      var old = (s.getAttribute("data-aliases") || "").split(" ").filter(Boolean)
      if (old.length) {
        var map = {}
        old.forEach(function (o) { map[o] = s.getAttribute("data-q") })
        C.store().aliases(map)
      }
      mountSection(s)
    })
    mountBar()
    if (!keysBound) { document.addEventListener("keydown", onKey); keysBound = true }
  }

  M.page = { mount: mount }
  M.onPage(mount)
})(this)
