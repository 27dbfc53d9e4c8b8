// The browser engine's side of benchmarks/adversarial.py: one Node process that
// loads the engine (node adversarial.js [path/to/connecting-engine.js]), receives requests as JSON lines on stdin and answers each
// with a JSON line on stdout.
//
//   {"op": "load", "doc": <ruleset document>}                  -> {"ok": true}
//   {"op": "time", "rule": id, "channel": id|null, "stage": s,
//    "head": h, "unit": u, "tail": t, "n": N, "repeat": r,
//    "inner": k}                                                -> {"seconds": best, "findings": count}
//
// The text is head + whole units + tail, at most N code points (the same
// construction as adversarial.py's Input.text); only engine.evaluate is timed
// (CPU time), on an engine made from the ruleset with that one rule in it. Each of
// the r timed samples runs evaluate k times (default 1) and counts the mean: a test
// comparing 10k with 100k runs the 10k text ten times, so that both samples handle as
// many characters (and as much garbage) and a sub-millisecond timer reading does not
// decide the ratio.
"use strict";
const path = require("path");
const readline = require("readline");

/* CPU seconds of this process: the machines are shared, and wall-clock time stretches with a busy neighbour. */
function cpuSeconds() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

// The engine to measure: the path given (another checkout's), or this checkout's.
const ConnectingEngine = require(path.resolve(process.argv[2] ||
  path.join(__dirname, "..", "docs", "javascripts", "connecting-engine.js")));

let doc = null;
const engines = new Map();

function engineFor(id) {
  if (!engines.has(id)) {
    const rules = doc.rules.filter((rule) => rule.id === id);
    if (rules.length !== 1) throw new Error(`no rule ${id}`);
    engines.set(id, ConnectingEngine.create({ ...doc, rules }));
  }
  return engines.get(id);
}

/* head + as many whole units as fit + tail, at most n code points (adversarial.py's Input.text). */
function build(head, unit, tail, n) {
  const fill = Math.max(0, n - Array.from(head).length - Array.from(tail).length);
  return head + unit.repeat(Math.floor(fill / Array.from(unit).length)) + tail;
}

function time(request) {
  const engine = engineFor(request.rule);
  const options = { channel: request.channel, stage: request.stage };
  // Warm the JIT on a short text of the same shape, then the heap on the real one (the
  // first evaluation of a long text grows V8's young generation), then time it.
  engine.evaluate(build(request.head, request.unit, request.tail, 1000), options);
  const text = build(request.head, request.unit, request.tail, request.n);
  engine.evaluate(text, options);
  let best = Infinity;
  let findings = 0;
  const inner = request.inner || 1;
  for (let i = 0; i < (request.repeat || 1); i++) {
    const start = cpuSeconds();
    for (let k = 0; k < inner; k++) findings = engine.evaluate(text, options).length;
    best = Math.min(best, (cpuSeconds() - start) / inner);
  }
  return { seconds: best, findings };
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (!line.trim()) return;
  const request = JSON.parse(line);
  let answer;
  try {
    if (request.op === "load") {
      doc = request.doc;
      engines.clear();
      answer = { ok: true };
    } else if (request.op === "time") {
      answer = time(request);
    } else {
      answer = { error: `unknown op ${request.op}` };
    }
  } catch (err) {
    answer = { error: String(err && err.stack ? err.stack : err) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
});
