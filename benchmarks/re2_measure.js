// The JavaScript side of benchmarks/re2_measure.py: reads one JSON request on
// stdin, prints one JSON answer on stdout.
//
// Request: {"re2js": path of the re2js package folder, or of one build file (a vendored UMD), or null, "engine": path of connecting-engine.js,
//           "doc": ruleset document, "patterns": [{"id", "source", "ignore_case", "literals"}],
//           "messages": [500-character texts], "lowered": [the same, each code point lowered],
//           "dense", "dense_lowered": one 500-character text holding every pattern's flag cases,
//           "adversarial": {id: [{"head", "unit", "tail"}]} (already lowered for ignore_case), "n": 100000}
//           "keep": how many of each rule's adversarial inputs, the slowest at n/10, to time at n
// Answer:  {"re2js_version", "re2js_bytes", "compile": {id: null | error},
//           "per500": {id: {native_ms, re2js_ms (matchAll), re2js_test_ms (test: DFA), re2js_gated_ms
//                      (matchAll only where test is true), re2js_prechecked_ms (and only where a required
//                      literal occurs), matching, mismatches}},
//           "engine_ms": whole engine per message (engine_re2js_ms: told to use re2js on every text),
//           native_worst_1k_ms in per500: RegExp's slowest adversarial input at 1,000 code points, "adversarial": {id: {count, worst_s, worst_index}}}
"use strict";
const path = require("path");
const fs = require("fs");

/* CPU milliseconds of this process (the machines are shared: wall-clock time stretches with a busy neighbour). */
function cpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/* head + as many whole units as fit + tail, at most n code points (adversarial.py's Input.text). */
function build(head, unit, tail, n) {
  const fill = Math.max(0, n - Array.from(head).length - Array.from(tail).length);
  return head + unit.repeat(Math.floor(fill / Array.from(unit).length)) + tail;
}

/* Mean milliseconds of fn() over the messages, repeated until at least ~min_ms have passed. */
function perMessage(messages, fn, minMs = 80) {
  for (const text of messages) fn(text); // warm up
  let rounds = 0;
  const start = cpuMs();
  let elapsed = 0;
  do {
    for (const text of messages) fn(text);
    rounds++;
    elapsed = cpuMs() - start;
  } while (elapsed < minMs);
  return elapsed / (rounds * messages.length);
}

function spans(iterable) {
  const out = [];
  for (const m of iterable) out.push(`${m.index}:${m.index + m[0].length}`);
  return out.join(",");
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const answer = { re2js_version: null, re2js_bytes: null, compile: {}, per500: {}, adversarial: {}, engine_ms: null };
  let RE2JS = null;
  if (request.re2js && fs.statSync(request.re2js).isDirectory()) { // an npm package folder
    RE2JS = require(request.re2js).RE2JS;
    const pkg = JSON.parse(fs.readFileSync(path.join(request.re2js, "package.json"), "utf8"));
    answer.re2js_version = pkg.version;
    answer.re2js_bytes = {};
    for (const file of ["build/index.umd.js", "build/index.js", "build/index.cjs"]) {
      const full = path.join(request.re2js, file);
      if (fs.existsSync(full)) answer.re2js_bytes[file] = fs.statSync(full).size;
    }
  } else if (request.re2js) { // one file, such as a vendored UMD build
    RE2JS = require(request.re2js).RE2JS;
    const version = /re2js-([0-9][^/]*?)\.umd\.js$/.exec(request.re2js);
    answer.re2js_version = version ? version[1] : "?";
    answer.re2js_bytes = { [path.basename(request.re2js)]: fs.statSync(request.re2js).size };
  }
  for (const pattern of request.patterns) {
    const texts = pattern.ignore_case ? request.lowered : request.messages;
    const native = new RegExp(pattern.source, "gu");
    const row = { native_ms: perMessage(texts, (text) => { for (const m of text.matchAll(native)) void m; }) };
    // A dense message: every pattern's flag cases in 500 characters, the worst case of a gated search.
    const dense = [pattern.ignore_case ? request.dense_lowered : request.dense];
    row.dense_native_ms = perMessage(dense, (text) => { for (const m of text.matchAll(native)) void m; }, 30);
    // The browser's own engine on the rule's adversarial inputs cut to 1,000 code points: its worst case on a short message.
    row.native_worst_1k_ms = 0;
    for (const spec of request.adversarial[pattern.id] || []) {
      const text = build(spec.head, spec.unit, spec.tail, 1000);
      const start = cpuMs();
      for (const m of text.matchAll(native)) void m;
      row.native_worst_1k_ms = Math.max(row.native_worst_1k_ms, cpuMs() - start);
    }
    if (RE2JS) {
      let compiled = null;
      try {
        compiled = RE2JS.compile(pattern.source);
        answer.compile[pattern.id] = null;
      } catch (err) {
        answer.compile[pattern.id] = String(err && err.message ? err.message : err);
      }
      if (compiled) {
        const matchAll = (text) => { for (const m of compiled.matchAll(text)) void m; };
        const gated = (text) => { if (compiled.test(text)) matchAll(text); };
        const literals = pattern.literals;
        const prechecked = literals ? (text) => { if (literals.some((l) => text.includes(l))) gated(text); } : gated;
        row.re2js_ms = perMessage(texts, matchAll);
        row.re2js_test_ms = perMessage(texts, (text) => compiled.test(text));
        row.re2js_gated_ms = perMessage(texts, gated);
        row.re2js_prechecked_ms = perMessage(texts, prechecked);
        row.matching = texts.filter((text) => compiled.test(text)).length;
        row.dense_re2js_ms = perMessage(dense, gated, 30);
        row.mismatches = texts.filter((text) => spans(text.matchAll(native)) !== spans(compiled.matchAll(text))).length;
        // The rule's adversarial inputs: every one at a tenth of the length, the slowest there at full length.
        const cases = request.adversarial[pattern.id] || [];
        const timePass = (text, rounds) => {
          let best = Infinity;
          for (let i = 0; i < rounds; i++) {
            const start = cpuMs();
            matchAll(text);
            best = Math.min(best, (cpuMs() - start) / 1000);
          }
          return best;
        };
        const screened = cases.map((spec, index) => [timePass(build(spec.head, spec.unit, spec.tail, request.n / 10), 1), index]);
        screened.sort((a, b) => b[0] - a[0]);
        let worst = -1;
        let worstIndex = -1;
        for (const [, index] of screened.slice(0, request.keep)) {
          const spec = cases[index];
          const seconds = timePass(build(spec.head, spec.unit, spec.tail, request.n), 2);
          if (seconds > worst) { worst = seconds; worstIndex = index; }
        }
        let testSeconds = null;
        if (worstIndex >= 0) {
          const spec = cases[worstIndex];
          const text = build(spec.head, spec.unit, spec.tail, request.n);
          const start = cpuMs();
          compiled.test(text);
          testSeconds = (cpuMs() - start) / 1000;
        }
        answer.adversarial[pattern.id] = { count: cases.length, worst_s: worst, worst_index: worstIndex, test_s: testSeconds };
      }
    }
    answer.per500[pattern.id] = row;
  }
  if (request.engine && request.doc) {
    const module = require(path.resolve(request.engine));
    const options = { channel: null, stage: "first" };
    const engine = module.create(request.doc);
    answer.engine_ms = perMessage(request.messages, (text) => engine.evaluate(text, options));
    answer.dense_engine_ms = perMessage([request.dense], (text) => engine.evaluate(text, options), 30);
    // An engine that can be told to use re2js on every text (nativeLimit), timed that way too.
    const linear = module.create(request.doc, { nativeLimit: 0 });
    if (linear.nativeLimit === 0) {
      answer.engine_re2js_ms = perMessage(request.messages, (text) => linear.evaluate(text, options));
      answer.dense_engine_re2js_ms = perMessage([request.dense], (text) => linear.evaluate(text, options), 30);
    }
  }
  process.stdout.write(JSON.stringify(answer));
});
