/* Spaced repetition: the next review date of a question, from its review log, with FSRS
 * (the pinned npm `ts-fsrs`, shipped in the site as vendor/ts-fsrs.js and loaded on first need).
 *
 * Grades map to FSRS ratings: 会 → Good, 模糊 → Hard, 不会 → Again. Intervals are whole days
 * (no same-day learning steps: one grade a day is how readers practise) and deterministic (no
 * fuzz), capped at 180 days (an interview season). The card is rebuilt by replaying the log, so
 * the schedule is a pure function of the stored history.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory(require("ts-fsrs"))
  else (root.Mianjing = root.Mianjing || {}).schedule = factory(null)
})(typeof self !== "undefined" ? self : this, function (FSRSModule) {
  "use strict"

  var RATING = { know: "Good", fuzzy: "Hard", dont: "Again" }
  var DAY = 24 * 3600 * 1000
  var lib = FSRSModule
  var loading = null

  // browser: load vendor/ts-fsrs.js (next to this file's folder) once, when first needed
  function ready() {
    if (lib) return Promise.resolve()
    if (typeof window !== "undefined" && window.FSRS) { lib = window.FSRS; return Promise.resolve() }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script")
        s.src = new URL("../vendor/ts-fsrs.js", scriptUrl).href
        s.onload = function () { lib = window.FSRS; resolve() }
        s.onerror = function () { loading = null; reject(new Error("无法加载复习调度程序（ts-fsrs）")) }
        document.head.appendChild(s)
      })
    }
    return loading
  }
  var scriptUrl = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : ""

  function scheduler() {
    return lib.fsrs(lib.generatorParameters({ enable_fuzz: false, enable_short_term: false, maximum_interval: 180 }))
  }

  /* The card after replaying a history (oldest first); null for a question never graded. */
  function replay(history) {
    if (!history || !history.length) return null
    var f = scheduler()
    var card = lib.createEmptyCard(new Date(history[0].at))
    history.forEach(function (h) {
      card = f.next(card, new Date(h.at), lib.Rating[RATING[h.grade]]).card
    })
    return card
  }

  function startOfDay(date) {
    var d = new Date(date)
    d.setHours(0, 0, 0, 0)
    return d
  }

  /* Next review date (a Date) or null for a question never graded. */
  function due(history) {
    var card = replay(history)
    return card ? new Date(card.due) : null
  }

  /* Due today or earlier (reviews are by day, in the reader's time zone). */
  function isDue(history, now) {
    var d = due(history)
    return !!d && startOfDay(d) <= startOfDay(now || new Date())
  }

  function daysUntil(history, now) {
    var d = due(history)
    return d === null ? null : Math.round((startOfDay(d) - startOfDay(now || new Date())) / DAY)
  }

  return { ready: ready, replay: replay, due: due, isDue: isDue, daysUntil: daysUntil, RATING: RATING }
})
