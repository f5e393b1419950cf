// Spaced repetition (overrides/assets/javascripts/practice/schedule.js, FSRS from ts-fsrs).
const test = require("node:test")
const assert = require("node:assert/strict")
const schedule = require("../../overrides/assets/javascripts/practice/schedule.js")

const at = (day, grade) => ({ at: `2026-12-${String(day).padStart(2, "0")}T08:00:00Z`, grade })
const day = d => new Date(`2026-12-${String(d).padStart(2, "0")}T12:00:00Z`)

test("a question never graded has no review date", () => {
  assert.equal(schedule.due([]), null)
  assert.equal(schedule.isDue([], day(1)), false)
})

test("knowing it pushes the review further out each time", () => {
  const once = schedule.due([at(1, "know")])
  const twice = schedule.due([at(1, "know"), { at: once.toISOString(), grade: "know" }])
  assert.ok(once > day(1))
  assert.ok(twice - once > once - day(1), `${once} then ${twice}`)
})

test("not knowing it brings it back sooner than fuzzy, fuzzy sooner than knowing", () => {
  const dont = schedule.due([at(1, "dont")])
  const fuzzy = schedule.due([at(1, "fuzzy")])
  const know = schedule.due([at(1, "know")])
  assert.ok(dont <= fuzzy && fuzzy < know, `${dont} ${fuzzy} ${know}`)
  assert.equal(schedule.daysUntil([at(1, "dont")], day(1)), 1)   // tomorrow, not in ten minutes
})

test("a lapse after success shortens the interval again", () => {
  const h = [at(1, "know")]
  const first = schedule.due(h)
  h.push({ at: first.toISOString(), grade: "know" })
  const long = schedule.due(h)
  h.push({ at: long.toISOString(), grade: "dont" })
  const after = schedule.due(h)
  assert.ok(after - long < long - first, `${first} ${long} ${after}`)
})

test("due means today or earlier, by day", () => {
  const h = [at(1, "dont")]                                  // due on the 2nd
  assert.equal(schedule.isDue(h, day(1)), false)
  assert.equal(schedule.isDue(h, day(2)), true)
  assert.equal(schedule.isDue(h, day(9)), true)
})

test("the schedule depends only on the log", () => {
  const h = [at(1, "fuzzy"), at(3, "know")]
  assert.equal(schedule.due(h).toISOString(), schedule.due(JSON.parse(JSON.stringify(h))).toISOString())
})
