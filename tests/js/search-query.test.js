// Query processing of the search worker (overrides/assets/javascripts/workers/search-query.js)
// against a small fixture vocabulary: segmentation, technical terms, numbers, synonyms.
const test = require("node:test")
const assert = require("node:assert/strict")
const { Query, canonical } = require("../../overrides/assets/javascripts/workers/search-query.js")

// what mkdocs.yml's search.separator splits on (the part that matters for Latin words)
const SEPARATOR = "[\\s\\u200b\\u007f\\-_,:!=\\[\\]()\"`/，。、；：？！（）「」《》“”‘’｜·…—{}\\\\$]+|\\.(?!\\d)|&[lg]t;|(?!\\b)(?=[A-Z][a-z])"
const vocab = new Map(Object.entries({ 旋转: 5, 位置: 40, 编码: 30, 位置编码: 20, 旋转位置编码: 3, 区别: 60, 原理: 50,
  根号: 4, 除以: 6, 为什么: 80, 显存: 25, 内存: 10, 缓存: 12, 改进: 9, 复读机: 3, 分块: 4, 切分: 3, 投机采样: 5 }))
const config = {
  separator: SEPARATOR,
  terms: ["layernorm", "batchnorm", "rmsnorm", "qformer", "llava1.5", "qwen2vl", "qwen2.5vl", "mrope", "anyres",
          "pagedattention", "kvcache", "zero3", "drgrpo", "flashattention2"],
  synonyms: [["显存", "内存"], ["kv cache", "kv 缓存"], ["旋转位置编码", "rope"], ["decoding", "解码"], ["speculative decoding", "投机采样"]],
}
const q = () => new Query(config, { vocab, total: 300 })

test("canonical forms: lower case, no hyphens, spaces or dots between letters", () => {
  for (const [word, want] of [["LayerNorm", "layernorm"], ["Q-Former", "qformer"], ["LLaVA-1.5", "llava1.5"],
    ["Qwen2.5-VL", "qwen2.5vl"], ["M-RoPE", "mrope"], ["KV Cache", "kvcache"], ["Dr. GRPO", "drgrpo"], ["ZeRO-3", "zero3"]])
    assert.equal(canonical(word), want, word)
})

test("class 1: joined lower-case terms are searched whole", () => {
  assert.deepEqual(q().tokenize("layernorm和batchnorm区别"), ["layernorm", "和", "batchnorm", "区别"])
  assert.equal(q().transform("layernorm和batchnorm区别"), "layernorm^1 batchnorm^1 区别^0.3")   // framing word: light
  assert.deepEqual(q().tokenize("pagedattention原理"), ["pagedattention", "原理"])
  assert.deepEqual(q().tokenize("zero2和zero3区别"), ["zero2", "和", "zero3", "区别"])   // zero2: not a known term, kept as typed
})

test("class 1: CamelCase as typed gives the whole term too", () => {
  assert.deepEqual(q().tokenize("RMSNorm"), ["rmsnorm"])
  assert.deepEqual(q().tokenize("FlashAttention-2"), ["flashattention2"])
})

test("class 2: hyphens, dots, versions and spaces in names", () => {
  for (const [typed, want] of [["Q-Former", ["qformer"]], ["qformer", ["qformer"]], ["q former", ["qformer", "q", "former"]],
    ["llava1.5改进", ["llava1.5", "改进"]], ["llava 1.5", ["llava1.5", "llava", "1.5"]], ["LLaVA-1.5", ["llava1.5"]],
    ["qwen2vl", ["qwen2vl"]], ["Qwen2-VL", ["qwen2vl"]], ["qwen2.5vl", ["qwen2.5vl"]], ["M-RoPE", ["mrope"]],
    ["AnyRes", ["anyres"]], ["dr. grpo", ["drgrpo", "dr", "grpo"]], ["kv cache", ["kvcache", "kv", "cache"]]])
    assert.deepEqual(q().tokenize(typed), want, typed)
})

test("unknown Latin words split like the index does", () => {
  assert.deepEqual(q().tokenize("foo-bar"), ["foo", "bar"])
  assert.deepEqual(q().tokenize("MaskedAttention"), ["Masked", "Attention"])
  assert.deepEqual(q().tokenize("MaskedLM"), ["MaskedLM"])          // no lower-to-upper step before "LM"
})

test("class 3: numbers keep their percent sign; single characters are exact", () => {
  assert.deepEqual(q().tokenize("MLM 80% 10% 10%"), ["MLM", "80%", "10%", "10%"])
  assert.equal(q().transform("k 位置"), "k^1 位置")
})

test("Chinese is segmented against the index vocabulary", () => {
  assert.deepEqual(q().tokenize("旋转位置编码"), ["旋转位置编码"])
  assert.deepEqual(q().tokenize("为什么除以根号dk"), ["为什么", "除以", "根号", "dk"])
  assert.equal(q().transform("为什么除以根号dk"), "除以 根号 dk")          // function word dropped
})

test("synonyms are expanded as exact extra terms, phrases only when they complete the query", () => {
  const query = q()
  assert.equal(query.transform("显存"), "显存 内存^1")
  assert.ok(query.lastExpansions.has("内存"))
  assert.equal(q().transform("旋转位置编码"), "旋转位置编码 rope^1")
  // "speculative decoding" must not pull in the "decoding" group
  assert.equal(q().transform("speculative decoding"), "speculative decoding 投机采样^1")
})

test("lunr operators typed by the reader do not break the query", () => {
  assert.doesNotThrow(() => q().transform("top-k:+~^*"))
  assert.ok(!/[:+~]/.test(q().transform("a:b +c ~d")))
})

test("results: word breaks removed, expansions not listed as missing", () => {
  const query = q()
  query.transform("显存")
  const result = { items: [[{ title: "显\u007f存", text: "a\u200bb", terms: { "显存": true, "内存": false } }]] }
  query.cleanResult(result)
  assert.equal(result.items[0][0].title, "显存")
  assert.equal(result.items[0][0].text, "ab")
  assert.deepEqual(result.items[0][0].terms, { "显存": true })
})
