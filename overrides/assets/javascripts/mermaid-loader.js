/* Stand-in for the global `mermaid` that Material looks for before rendering ```mermaid fences.
 * Without it Material loads mermaid from a CDN; with it the self-hosted bundle
 * (mermaid.min.js next to this file, copied from node_modules by mianjing/hooks/mermaid.py)
 * is loaded on the first diagram only. */
(function () {
  var bundleUrl = new URL("mermaid.min.js", document.currentScript.src).href
  var config = {}
  var loading = null
  var stub = {
    initialize: function (cfg) { config = cfg || {} },
    render: function (id, code) {
      if (!loading) {
        loading = new Promise(function (resolve, reject) {
          var script = document.createElement("script")
          script.src = bundleUrl
          script.onload = function () {
            var real = window.mermaid
            real.initialize(config)
            resolve(real)
          }
          script.onerror = reject
          document.head.appendChild(script)
        })
      }
      return loading.then(function (real) { return real.render(id, code) })
    }
  }
  window.mermaid = stub
})()
