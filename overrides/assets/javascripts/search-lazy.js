/* Tells the search worker (workers/search-zh.js) that the reader opened search, so it fetches the
 * search documents now and not on every page load. Search opens by the header button, the "/" or
 * "s" key (which focus the box), or a shared link with ?q=. */
(function () {
  "use strict"
  if (typeof BroadcastChannel !== "function") return   // the worker then loads at once
  var channel = new BroadcastChannel("mianjing-search")
  // said again a little later: the worker may still be starting (messages are not queued)
  function open() {
    channel.postMessage("open")
    setTimeout(function () { channel.postMessage("open") }, 500)
    setTimeout(function () { channel.postMessage("open") }, 2000)
  }
  var toggle = document.getElementById("__search")
  if ((toggle && toggle.checked) || new URLSearchParams(location.search).has("q")) open()
  document.addEventListener("change", function (ev) { if (ev.target === toggle && toggle.checked) open() })
  document.addEventListener("focusin", function (ev) {
    if (ev.target && ev.target.matches && ev.target.matches(".md-search__input")) open()
  })
  document.addEventListener("keyup", function (ev) {
    if (ev.target && ev.target.matches && ev.target.matches(".md-search__input")) channel.postMessage("open")
  })
  document.addEventListener("click", function (ev) {
    if (ev.target && ev.target.closest && ev.target.closest("label[for=__search]")) open()
  })
})()
