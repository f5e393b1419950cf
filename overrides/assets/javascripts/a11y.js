/* Accessible names for two of Material's widgets that have a role but no name (axe/Lighthouse:
 * aria-dialog-name, aria-progressbar-name). Runs once: both live outside the swapped content. */
(function () {
  "use strict"
  var names = { ".md-search[role=dialog]": "搜索", ".md-progress[role=progressbar]": "页面加载进度" }
  Object.keys(names).forEach(function (selector) {
    var el = document.querySelector(selector)
    if (el && !el.hasAttribute("aria-label")) el.setAttribute("aria-label", names[selector])
  })
})()
