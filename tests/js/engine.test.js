// Unit tests of the browser engine, run by `node --test tests/js/` from `make test`.
// The ruleset comes from the real guide, exported by the Python engine.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("path");
const { execFileSync } = require("child_process");

const REPO = path.join(__dirname, "..", "..");
const ConnectingEngine = require(path.join(REPO, "docs", "javascripts", "connecting-engine.js"));
const python = process.env.PYTHON || path.join(REPO, ".venv", "bin", "python");
const doc = JSON.parse(execFileSync(python, ["-m", "connecting.site.ruleset_json", REPO], { cwd: REPO, encoding: "utf8" }));
const engine = ConnectingEngine.create(doc);

function rules(text, options) {
  return engine.evaluate(text, options).map((f) => f.rule);
}

test("every don't of the guide shows exactly its flags and every do passes", () => {
  assert.ok(doc.examples.length > 0);
  for (const ex of doc.examples) {
    const options = { channel: ex.channel, stage: ex.stage };
    const flagged = [...new Set(engine.evaluate(ex.dont, options).map((f) => f.rule))];
    assert.deepEqual(flagged.sort(), ex.flags.slice().sort(), ex.id);
    assert.deepEqual(engine.evaluate(ex.do, options).filter(ConnectingEngine.fails), [], ex.id);
  }
});

test("spans count code points, not UTF-16 units", () => {
  const text = "\u{1F600}\u{1F600} Hi {first_name}, great to meet you";
  const finding = engine.evaluate(text).find((f) => f.rule === "unfilled-placeholder");
  assert.ok(finding);
  assert.equal(ConnectingEngine.sliceCodePoints(text, finding.start, finding.end), "{first_name}");
  assert.equal(finding.start, 6); // two emoji are two code points (four UTF-16 units)
  assert.equal(ConnectingEngine.codePointLength(text), Array.from(text).length);
});

test("phrases match whole words, in any case, with accents composed or decomposed", () => {
  const greeting = doc.rules.find((r) => r.id === "generic-greeting").detect.phrases[0].text;
  assert.ok(rules(`${greeting.toUpperCase()}, lovely to meet you`).includes("generic-greeting"));
  assert.ok(!rules(`x${greeting}x lovely to meet you`).includes("generic-greeting"));
  // One word either way: "café" composed and decomposed make the same key.
  const composed = engine.shingles("caf\u00e9 au lait");
  const decomposed = engine.shingles("cafe\u0301 au lait");
  assert.deepEqual([...composed], [...decomposed]);
});

test("a run of capitals needs two all-capital words; one-capital words are neutral", () => {
  assert.ok(rules("PLEASE READ THIS").includes("shouting-capitals"));
  assert.ok(!rules("Tips for NYC and SEO").includes("shouting-capitals"));
  const finding = engine.evaluate("I THINK I CAN HELP YOU").find((f) => f.rule === "shouting-capitals");
  assert.ok(finding);
  assert.equal(finding.start, 2); // the run starts at THINK: "I" neither counts nor ends it
});

test("a family and a flag are one emoji each", () => {
  const text = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u{1F1EB}\u{1F1F7}\u{1F525}";
  const finding = engine.evaluate(text).find((f) => f.rule === "emoji-run");
  assert.ok(finding);
  assert.equal(finding.detail, "3 emoji in a row");
  assert.equal(finding.end, Array.from(text).length);
});

test("length rules run only when the channel is known", () => {
  const invite = doc.channels.find((c) => c.id === "linkedin-invite");
  const text = "a ".repeat(invite.limit);
  assert.ok(rules(text, { channel: "linkedin-invite" }).includes("over-channel-limit"));
  assert.ok(!rules(text, { channel: null }).includes("over-channel-limit"));
  const over = engine.evaluate(text, { channel: "linkedin-invite" }).find((f) => f.rule === "over-channel-limit");
  assert.equal(over.start, invite.limit);
  assert.equal(over.detail, `${2 * invite.limit} of ${invite.limit} characters`);
});

test("a disclosure switches its rule off unless it is negated", () => {
  const rule = doc.rules.find((r) => r.detect.unless && r.id === "undisclosed-affiliate-link");
  const disclosure = rule.detect.unless[0].text;
  const link = "https://example.com/book?ref=jo42";
  assert.ok(rules(`Here it is: ${link}`).includes(rule.id));
  assert.ok(!rules(`Here it is (${disclosure}): ${link}`).includes(rule.id));
  assert.ok(rules(`Here it is, not ${disclosure}: ${link}`).includes(rule.id));
});

test("findings come sorted by start, end and rule id", () => {
  const findings = engine.evaluate("BUY NOW!!! {first_name} follow for follow \u{1F525}\u{1F525}\u{1F525}");
  assert.ok(findings.length >= 3);
  const sorted = findings.slice().sort((a, b) => a.start - b.start || a.end - b.end || (a.rule < b.rule ? -1 : 1));
  assert.deepEqual(findings, sorted);
});

test("an unknown channel is treated as any channel; an unknown format is refused", () => {
  assert.deepEqual(engine.evaluate("Hi {name}", { channel: "no-such-channel" }), engine.evaluate("Hi {name}"));
  assert.throws(() => ConnectingEngine.create({ format: 99 }));
});

test("similarity is the build's sameness: Jaccard of word 3-shingles", () => {
  assert.equal(engine.similarity("one two three four", "one two three four"), 1);
  assert.equal(engine.similarity("one two three four", "five six seven eight"), 0);
  // {a b c, b c d} and {a b c, b c e}: one shared of three.
  assert.equal(engine.similarity("a b c d", "A, b. C e"), 1 / 3);
  assert.equal(engine.similarity("hi", "HI!"), 1);
  assert.equal(engine.similarity("", ""), 0);
});

test("kinds() lists the registry of detector kinds, the twin of connecting/engine/kinds.py", () => {
  assert.deepEqual(ConnectingEngine.kinds(), {
    phrases: { judgesLength: false },
    pattern: { judgesLength: false },
    caps_run: { judgesLength: false },
    emoji_run: { judgesLength: false },
    self_focus: { judgesLength: false },
    over_limit: { judgesLength: true },
    word_limit: { judgesLength: true },
    signals: { judgesLength: false },
  });
});

test("a rule of a kind the engine does not know is refused at create, naming the rule and the kind", () => {
  const odd = { ...doc.rules[0], id: "odd-rule", detect: { kind: "telepathy" } };
  assert.throws(() => ConnectingEngine.create({ ...doc, rules: [...doc.rules, odd] }),
    (err) => err instanceof Error && err.message.includes("odd-rule") && err.message.includes("telepathy"));
  // A name that only an object's prototype knows is no kind either.
  const proto = { ...odd, detect: { kind: "toString" } };
  assert.throws(() => ConnectingEngine.create({ ...doc, rules: [proto] }), /unknown detector kind "toString"/);
});

test("wordCount counts words as the word_limit kind does (the quiz shows it)", () => {
  const rule = doc.rules.find((r) => r.detect.kind === "word_limit");
  const channel = rule.channels ? rule.channels[0] : doc.channels.find((c) => c.limit === null).id;
  const text = Array.from({ length: rule.detect.max_words + 7 }, (_, i) => `word${i}`).join(" ") + " can't stop, e\u0301te\u0301!";
  const finding = engine.evaluate(text, { channel, stage: "first" }).find((f) => f.rule === rule.id);
  assert.ok(finding);
  assert.equal(finding.detail, `${engine.wordCount(text)} words, more than ${rule.detect.max_words}`);
  assert.equal(engine.wordCount(""), 0);
  assert.equal(engine.wordCount("Hi Sam, how are you?"), 5);
});
