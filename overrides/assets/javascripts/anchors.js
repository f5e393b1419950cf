/* A link to a question that is not on this page (the question moved to another page, or it was
 * renamed and the link uses its old id): look the id up in the question data and go there.
 * The data comes through the practice modules' loader (practice/common.js, loaded before this
 * file), which also knows how to read it from disk in the offline copy. */
(function () {
  "use strict"
  function rescue() {
    var id = decodeURIComponent(location.hash.slice(1))
    if (!id || document.getElementById(id) || !window.Mianjing || !window.Mianjing.common) return
    var common = window.Mianjing.common
    common.loadQuestions()
      .then(function (questions) {
        var q = questions.find(function (q) { return q.id === id || q.aliases.indexOf(id) >= 0 })
        if (q) location.replace(new URL(q.url + "#" + q.id, common.base()).href)
      })
      .catch(function () { /* no data: stay on this page */ })
  }
  if (window.document$) window.document$.subscribe(rescue)
  else window.addEventListener("DOMContentLoaded", rescue)
})()
