// Reads {"ruleset": <document>, "cases": [[text, channel|null, stage], ...], "options": {...}} on stdin
// and prints the browser engine's findings for each case, as JSON, in order.
"use strict";
const path = require("path");
const engineModule = require(path.join(__dirname, "..", "..", "docs", "javascripts", "connecting-engine.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const engine = engineModule.create(request.ruleset, request.options || {});
  const out = request.cases.map(([text, channel, stage]) => engine.evaluate(text, { channel, stage }));
  process.stdout.write(JSON.stringify(out));
});
