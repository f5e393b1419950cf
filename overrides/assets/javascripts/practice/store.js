/* Practice progress, kept in the reader's browser (localStorage), keyed by stable question ids.
 *
 * What is stored is the review log only: per question, the list of {at, grade}. Everything else
 * (last grade, next review date) is derived from it (schedule.js), so merging two devices is
 * merging two logs, and a scheduler change never needs a data migration.
 *
 *   { version: 1,
 *     cards:    { "<question id>": { history: [{ at: "<ISO time>", grade: "know"|"fuzzy"|"dont" }] } },
 *     notes:    { "<question id>": "<text from the mock interview>" },
 *     settings: { mode: "read"|"test" } }
 *
 * Loading never breaks a page: data that does not parse or does not fit the schema is kept in a
 * backup key and replaced by an empty state, with a message; where storage is unavailable
 * (private mode, blocked), an in-memory state is used, with a message. Stored data from older
 * versions is migrated step by step (MIGRATIONS); renamed question ids (aliases in
 * questions.json) are moved to their new id.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory()
  else (root.Mianjing = root.Mianjing || {}).store = factory()
})(typeof self !== "undefined" ? self : this, function () {
  "use strict"

  var KEY = "mianjing:practice"
  var VERSION = 1
  var FORMAT = "mianjing-practice"
  var GRADES = ["know", "fuzzy", "dont"]
  var LABELS = { know: "会", fuzzy: "模糊", dont: "不会" }

  // version n -> n + 1. Version 0 is the unversioned shape an early draft would have written:
  // { grades: { id: "know" } } (one grade, no dates).
  var MIGRATIONS = {
    0: function (old) {
      var cards = {}
      Object.keys(old.grades || {}).forEach(function (id) {
        if (GRADES.indexOf(old.grades[id]) >= 0)
          cards[id] = { history: [{ at: new Date(0).toISOString(), grade: old.grades[id] }] }
      })
      return { version: 1, cards: cards, notes: {}, settings: {} }
    }
  }

  function empty() {
    return { version: VERSION, cards: {}, notes: {}, settings: { mode: "read" } }
  }

  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x) }

  // the current schema, strictly: anything else is corrupt
  function validate(state) {
    if (!isObject(state) || state.version !== VERSION) return "版本不对"
    if (!isObject(state.cards) || !isObject(state.notes) || !isObject(state.settings)) return "结构不对"
    for (var id in state.cards) {
      var card = state.cards[id]
      if (!isObject(card) || !Array.isArray(card.history)) return "题目 " + id + " 的记录不对"
      for (var i = 0; i < card.history.length; i++) {
        var h = card.history[i]
        if (!isObject(h) || GRADES.indexOf(h.grade) < 0 || isNaN(Date.parse(h.at))) return "题目 " + id + " 的记录不对"
      }
    }
    for (var n in state.notes) if (typeof state.notes[n] !== "string") return "笔记不对"
    return null
  }

  function migrate(data) {
    var state = data
    if (isObject(state) && state.version === undefined && isObject(state.grades)) state.version = 0
    while (isObject(state) && typeof state.version === "number" && state.version < VERSION) {
      var step = MIGRATIONS[state.version]
      if (!step) break
      state = step(state)
    }
    return state
  }

  // move everything stored under an old id to the id that replaced it
  function applyAliases(state, aliases) {
    var moved = 0
    Object.keys(aliases || {}).forEach(function (old) {
      var now = aliases[old]
      if (!state.cards[old] || old === now) return
      var into = state.cards[now] || { history: [] }
      into.history = sortHistory(into.history.concat(state.cards[old].history))
      state.cards[now] = into
      delete state.cards[old]
      if (state.notes[old] && !state.notes[now]) state.notes[now] = state.notes[old]
      delete state.notes[old]
      moved++
    })
    return moved
  }

  function sortHistory(history) {
    var seen = {}
    return history.filter(function (h) {
      var key = h.at + "|" + h.grade
      if (seen[key]) return false
      seen[key] = true
      return true
    }).sort(function (a, b) { return Date.parse(a.at) - Date.parse(b.at) })
  }

  /* A store over a Storage-like object (window.localStorage in the page, a fake in tests). */
  function Store(storage, options) {
    options = options || {}
    this.storage = storage
    this.messages = []
    this.persistent = true
    this.now = options.now || function () { return new Date() }
    this.state = this._load(options.aliases)
  }

  Store.prototype._load = function (aliases) {
    var raw = null
    try {
      if (!this.storage) throw new Error("no storage")
      raw = this.storage.getItem(KEY)
    } catch (err) {
      this.persistent = false
      this.messages.push("浏览器存储不可用（隐私模式或被禁用）：这次练习的记录在关闭页面后不会保留。")
      return empty()
    }
    if (raw === null) return empty()
    var state
    try {
      state = migrate(JSON.parse(raw))
    } catch (err) {
      state = null
    }
    var problem = state === null ? "不是有效的 JSON" : validate(state)
    if (problem) {
      var backup = KEY + ":backup:" + this.now().toISOString()
      try { this.storage.setItem(backup, raw) } catch (err) { /* full: the message still says so */ }
      this.messages.push("保存的练习记录已损坏（" + problem + "），已重置为空。原始数据备份在浏览器存储的「" + backup + "」中。")
      state = empty()
      this._save(state)
      return state
    }
    if (applyAliases(state, aliases)) this._save(state)
    return state
  }

  Store.prototype._save = function (state) {
    if (!this.persistent) return
    try {
      this.storage.setItem(KEY, JSON.stringify(state || this.state))
    } catch (err) {
      this.persistent = false
      this.messages.push("无法写入浏览器存储（空间已满或被禁用）：新的记录在关闭页面后不会保留。")
    }
  }

  Store.prototype.aliases = function (aliases) {
    if (applyAliases(this.state, aliases)) this._save()
  }

  Store.prototype.history = function (id) {
    var card = this.state.cards[id]
    return card ? card.history.slice() : []
  }

  Store.prototype.lastGrade = function (id) {
    var h = this.history(id)
    return h.length ? h[h.length - 1].grade : null
  }

  Store.prototype.grade = function (id, grade, at) {
    if (GRADES.indexOf(grade) < 0) throw new Error("unknown grade " + grade)
    var card = this.state.cards[id] || (this.state.cards[id] = { history: [] })
    card.history.push({ at: (at || this.now()).toISOString(), grade: grade })
    this._save()
  }

  Store.prototype.note = function (id, text) {
    if (text === undefined) return this.state.notes[id] || ""
    if (text) this.state.notes[id] = String(text)
    else delete this.state.notes[id]
    this._save()
  }

  Store.prototype.setting = function (name, value) {
    if (value === undefined) return this.state.settings[name]
    this.state.settings[name] = value
    this._save()
  }

  // reset all, or only the questions for which keep(id) is false
  Store.prototype.reset = function (ids) {
    var self = this
    if (!ids) {
      var settings = this.state.settings
      this.state = empty()
      this.state.settings = settings
    } else {
      ids.forEach(function (id) { delete self.state.cards[id]; delete self.state.notes[id] })
    }
    this._save()
  }

  Store.prototype.exportData = function () {
    return JSON.stringify({ format: FORMAT, version: VERSION, exported_at: this.now().toISOString(),
                            cards: this.state.cards, notes: this.state.notes }, null, 1)
  }

  /* Merge an exported file into the state. Returns {ok, message}; on any problem nothing changes.
   * known(id) -> the current id for a known id or alias, or null for an unknown one. */
  Store.prototype.importData = function (text, known) {
    var data
    try {
      data = JSON.parse(text)
    } catch (err) {
      return { ok: false, message: "导入失败：文件不是 JSON。请选择从本站「导出进度」得到的 .json 文件。" }
    }
    if (!isObject(data) || data.format !== FORMAT)
      return { ok: false, message: "导入失败：这不是本站导出的练习进度文件。" }
    if (data.version !== VERSION)
      return { ok: false, message: "导入失败：文件版本是 " + data.version + "，本站只认 " + VERSION + "。" }
    var candidate = { version: VERSION, cards: data.cards, notes: data.notes || {}, settings: {} }
    var problem = validate(candidate)
    if (problem) return { ok: false, message: "导入失败：文件内容不完整（" + problem + "）。" }
    var unknown = Object.keys(candidate.cards).concat(Object.keys(candidate.notes))
      .filter(function (id) { return !known(id) })
    if (unknown.length)
      return { ok: false, message: "导入失败：文件里有 " + unknown.length + " 个本站没有的题目 id（" +
               unknown.slice(0, 5).join("、") + (unknown.length > 5 ? "…" : "") + "），没有导入任何记录。" }
    var cards = JSON.parse(JSON.stringify(this.state.cards))
    var notes = JSON.parse(JSON.stringify(this.state.notes))
    var added = 0
    Object.keys(candidate.cards).forEach(function (id) {
      var to = known(id)
      var before = (cards[to] || { history: [] }).history
      var merged = sortHistory(before.concat(candidate.cards[id].history))
      added += merged.length - before.length
      cards[to] = { history: merged }
    })
    Object.keys(candidate.notes).forEach(function (id) {
      var to = known(id)
      if (!notes[to]) notes[to] = candidate.notes[id]
    })
    this.state.cards = cards
    this.state.notes = notes
    this._save()
    return { ok: true, message: "导入成功：合并了 " + added + " 条新的练习记录。" }
  }

  function browserStore(aliases) {
    var storage = null
    try { storage = window.localStorage } catch (err) { storage = null }
    return new Store(storage, { aliases: aliases })
  }

  return { Store: Store, browserStore: browserStore, KEY: KEY, VERSION: VERSION, FORMAT: FORMAT,
           GRADES: GRADES, LABELS: LABELS, migrate: migrate, validate: validate }
})
