// Practice progress storage (overrides/assets/javascripts/practice/store.js): versions, corrupt
// data, unavailable storage, export/import. Run: node --test tests/js
const test = require("node:test")
const assert = require("node:assert/strict")
const { Store, KEY, VERSION } = require("../../overrides/assets/javascripts/practice/store.js")

function fakeStorage(initial) {
  const data = new Map(Object.entries(initial || {}))
  return {
    data,
    getItem: k => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => { data.set(k, String(v)) },
    removeItem: k => { data.delete(k) },
  }
}
const NOW = () => new Date("2026-12-01T08:00:00Z")
const known = ids => id => (ids.includes(id) ? id : null)

test("an empty browser starts with an empty, current-version state", () => {
  const s = new Store(fakeStorage(), { now: NOW })
  assert.equal(s.state.version, VERSION)
  assert.deepEqual(s.state.cards, {})
  assert.deepEqual(s.messages, [])
})

test("grades are kept with their dates and survive a reload", () => {
  const storage = fakeStorage()
  const s = new Store(storage, { now: NOW })
  s.grade("lora-init", "fuzzy")
  s.grade("lora-init", "know", new Date("2026-12-03T08:00:00Z"))
  const again = new Store(storage, { now: NOW })
  assert.deepEqual(again.history("lora-init").map(h => h.grade), ["fuzzy", "know"])
  assert.equal(again.lastGrade("lora-init"), "know")
  assert.equal(again.lastGrade("never-seen"), null)
  assert.throws(() => s.grade("x", "maybe"))
})

test("an older version is migrated", () => {
  const storage = fakeStorage({ [KEY]: JSON.stringify({ grades: { "bn-vs-ln": "dont", bad: "??" } }) })
  const s = new Store(storage, { now: NOW })
  assert.equal(s.state.version, VERSION)
  assert.equal(s.lastGrade("bn-vs-ln"), "dont")
  assert.equal(s.lastGrade("bad"), null)
  assert.deepEqual(s.messages, [])
})

for (const [what, raw] of [["not JSON", "{oops"], ["a future version", JSON.stringify({ version: 99, cards: {} })],
                           ["a wrong shape", JSON.stringify({ version: 1, cards: { a: { history: [{ at: "x", grade: "know" }] } }, notes: {}, settings: {} })]]) {
  test(`corrupt data (${what}) is backed up and reset with a message`, () => {
    const storage = fakeStorage({ [KEY]: raw })
    const s = new Store(storage, { now: NOW })
    assert.deepEqual(s.state.cards, {})
    assert.equal(s.messages.length, 1)
    assert.match(s.messages[0], /已损坏/)
    const backups = [...storage.data.keys()].filter(k => k.startsWith(KEY + ":backup:"))
    assert.equal(backups.length, 1)
    assert.equal(storage.getItem(backups[0]), raw)          // nothing lost
    assert.equal(JSON.parse(storage.getItem(KEY)).version, VERSION)
  })
}

test("without storage the page still works, in memory, with a message", () => {
  const broken = { getItem() { throw new Error("SecurityError") }, setItem() { throw new Error("SecurityError") } }
  const s = new Store(broken, { now: NOW })
  s.grade("q", "know")
  assert.equal(s.lastGrade("q"), "know")
  assert.equal(s.persistent, false)
  assert.match(s.messages[0], /不可用/)
  assert.equal(new Store(null, { now: NOW }).persistent, false)
})

test("renamed ids keep their progress", () => {
  const storage = fakeStorage()
  const s = new Store(storage, { now: NOW })
  s.grade("old-id", "dont", new Date("2026-11-01T00:00:00Z"))
  s.grade("new-id", "know", new Date("2026-11-20T00:00:00Z"))
  s.note("old-id", "记得画图")
  const t = new Store(storage, { now: NOW, aliases: { "old-id": "new-id" } })
  assert.deepEqual(t.history("new-id").map(h => h.grade), ["dont", "know"])   // merged, in time order
  assert.equal(t.history("old-id").length, 0)
  assert.equal(t.note("new-id"), "记得画图")
})

test("export then import on another device gives the same progress", () => {
  const a = new Store(fakeStorage(), { now: NOW })
  a.grade("q1", "dont", new Date("2026-11-01T00:00:00Z"))
  a.grade("q1", "know", new Date("2026-11-05T00:00:00Z"))
  a.note("q2", "笔记")
  const file = a.exportData()
  const b = new Store(fakeStorage(), { now: NOW })
  b.grade("q3", "fuzzy")
  const result = b.importData(file, known(["q1", "q2", "q3"]))
  assert.equal(result.ok, true, result.message)
  assert.deepEqual(b.history("q1"), a.history("q1"))
  assert.equal(b.note("q2"), "笔记")
  assert.equal(b.lastGrade("q3"), "fuzzy")                 // merged, not replaced
  assert.equal(b.importData(file, known(["q1", "q2", "q3"])).message, "导入成功：合并了 0 条新的练习记录。")
})

test("imports through an alias land on the new id", () => {
  const a = new Store(fakeStorage(), { now: NOW })
  a.grade("old", "know")
  const b = new Store(fakeStorage(), { now: NOW })
  assert.equal(b.importData(a.exportData(), id => ({ old: "new", new: "new" }[id] || null)).ok, true)
  assert.equal(b.lastGrade("new"), "know")
})

for (const [what, text, pattern] of [
  ["not JSON", "这不是 JSON", /不是 JSON/],
  ["another app's file", JSON.stringify({ format: "anki", version: 1 }), /不是本站/],
  ["a wrong version", JSON.stringify({ format: "mianjing-practice", version: 7, cards: {} }), /版本/],
  ["a broken card", JSON.stringify({ format: "mianjing-practice", version: 1, cards: { q1: { history: "x" } } }), /不完整/],
  ["unknown ids", JSON.stringify({ format: "mianjing-practice", version: 1, cards: { q1: { history: [] }, nope: { history: [] } } }), /没有的题目 id（nope）/],
]) {
  test(`a bad import file (${what}) is refused and changes nothing`, () => {
    const storage = fakeStorage()
    const s = new Store(storage, { now: NOW })
    s.grade("q1", "know")
    const before = storage.getItem(KEY)
    const result = s.importData(text, known(["q1"]))
    assert.equal(result.ok, false)
    assert.match(result.message, pattern)
    assert.equal(storage.getItem(KEY), before)
  })
}

test("reset all or some questions; settings stay", () => {
  const s = new Store(fakeStorage(), { now: NOW })
  s.grade("a", "know"); s.grade("b", "dont"); s.setting("mode", "test")
  s.reset(["a"])
  assert.equal(s.lastGrade("a"), null)
  assert.equal(s.lastGrade("b"), "dont")
  s.reset()
  assert.deepEqual(s.state.cards, {})
  assert.equal(s.setting("mode"), "test")
})
