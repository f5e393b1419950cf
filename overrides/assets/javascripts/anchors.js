/* A link to a question that is not on this page (the question moved to another page, or it was
 * renamed and the link uses its old id): look the id up in the question data and go there. */
(function () {
  "use strict"
  function rescue() {
    var id = decodeURIComponent(location.hash.slice(1))
    if (!id || document.getElementById(id)) return
    var base = JSON.parse(document.getElementById("__config").textContent).base
    fetch(new URL(base + "/questions.index.json", location.href))
      .then(function (r) { return r.json() })
      .then(function (data) {
        var q = data.questions.find(function (q) { return q.id === id || q.aliases.indexOf(id) >= 0 })
        if (q) location.replace(new URL(base + "/" + q.url + "#" + q.id, location.href).href)
      })
      .catch(function () { /* offline or no data: stay on this page */ })
  }
  if (window.document$) window.document$.subscribe(rescue)
  else window.addEventListener("DOMContentLoaded", rescue)
})()
