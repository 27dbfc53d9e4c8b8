// The Node side of benchmarks/engine_speed.py: reads one JSON request on stdin,
// prints one JSON answer on stdout.
//
// Request: {"engine": path of connecting-engine.js, "doc": ruleset document,
//           "jobs": [{"text", "channel", "stage"}], "dense": one message,
//           "patterns": [{"source", "ignore_case"}], "min_ms": how long each timing loop runs at least}
// Answer:  {"node", "engine_ms", "dense_ms", "baseline_ms"}: CPU milliseconds per message.
"use strict";
const path = require("path");

function cpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/* Mean CPU milliseconds of fn(item) over the items, repeated until at least minMs have passed. */
function perItem(items, fn, minMs) {
  for (const item of items) fn(item); // warm up
  let rounds = 0;
  const start = cpuMs();
  let elapsed = 0;
  do {
    for (const item of items) fn(item);
    rounds++;
    elapsed = cpuMs() - start;
  } while (elapsed < minMs);
  return elapsed / (rounds * items.length);
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const engine = require(path.resolve(request.engine)).create(request.doc);
  const judge = (job) => engine.evaluate(job.text, { channel: job.channel, stage: job.stage });
  const engineMs = perItem(request.jobs, judge, request.min_ms);
  const denseMs = perItem([{ text: request.dense, channel: null, stage: "first" }], judge, request.min_ms / 4);
  // The baseline: every pattern once over each message (lowered for ignore_case), the browser's own RegExp.
  const patterns = request.patterns.map((p) => [new RegExp(p.source, "gu"), p.ignore_case]);
  const texts = request.jobs.map((job) => [job.text, Array.from(job.text, (c) => c.toLowerCase()).join("")]);
  const baselineMs = perItem(texts, (pair) => {
    for (const [regex, ignoreCase] of patterns) for (const m of pair[ignoreCase ? 1 : 0].matchAll(regex)) void m;
  }, request.min_ms);
  process.stdout.write(JSON.stringify({ node: process.version, engine_ms: engineMs, dense_ms: denseMs, baseline_ms: baselineMs }));
});
