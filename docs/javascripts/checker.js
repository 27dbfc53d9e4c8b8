/*
 * The live message checker on /checker/.
 *
 * Everything the reader types or a link carries is untrusted: it reaches the
 * page only through textContent and createElement, never as HTML. Links carry
 * a draft as `#channel=<id>&stage=<first|reply>&text=<urlencoded>` (or the same
 * keys after `?`); any part may be missing, unknown or malformed, and then the
 * page says so and still works.
 *
 * The ids and data-rule / data-level attributes are a stable interface that
 * tests and coaches' tools rely on.
 */
(function () {
  "use strict";

  var STORE_KEY = "connecting.sentDrafts";
  var KEEP_DRAFTS = 20;
  var SAME_AT = 0.8; // the build's sameness threshold (connecting/engine/sameness.py)
  var LEVEL_WORDS = { error: "Error", warning: "Warning", suggestion: "Suggestion" };
  var page = window.ConnectingPage;
  var el = page.el;
  var clear = page.clear;

  // --- links -----------------------------------------------------------------

  /* The keys of a link's fragment or query; malformed parts are reported, not thrown. */
  function readLinkState(location) {
    var raw = location.hash.length > 1 ? location.hash.slice(1) : location.search.slice(1);
    var state = { problems: [] };
    if (!raw) return state;
    raw.split("&").forEach(function (part) {
      if (!part) return;
      var eq = part.indexOf("=");
      var key = eq < 0 ? part : part.slice(0, eq);
      var value = eq < 0 ? "" : part.slice(eq + 1);
      if (key !== "channel" && key !== "stage" && key !== "text") return;
      try {
        state[key] = decodeURIComponent(value.replace(/\+/g, " "));
      } catch (err) {
        state.problems.push("The " + key + " in this link is not correctly encoded, so it was left out.");
      }
    });
    return state;
  }

  // --- saved drafts (this browser only) --------------------------------------

  function savedDrafts() {
    var list = page.readStored(STORE_KEY);
    return Array.isArray(list) ? list.filter(function (d) { return d && typeof d.text === "string"; }) : [];
  }

  function saveDraft(text) {
    var list = savedDrafts().filter(function (d) { return d.text !== text; });
    list.push({ text: text, at: new Date().toISOString() });
    return page.store(STORE_KEY, list.slice(-KEEP_DRAFTS));
  }

  // --- the checker -----------------------------------------------------------

  function Checker(root, ruleset) {
    this.root = root;
    this.doc = ruleset;
    this.engine = window.ConnectingEngine.create(ruleset);
    this.siteRoot = new URL(root.getAttribute("data-root") || "./", window.location.href);
    this.maxLength = parseInt(root.getAttribute("data-max-length"), 10) || 20000;
    this.input = root.querySelector("#checker-input");
    this.channel = root.querySelector("#checker-channel");
    this.stages = root.querySelectorAll("input[name='checker-stage']");
    this.findingsList = root.querySelector("#checker-findings");
    this.preview = root.querySelector("#checker-preview");
    this.previewWrap = root.querySelector("#checker-preview-wrap");
    this.count = root.querySelector("#checker-count");
    this.verdict = root.querySelector("#checker-verdict");
    this.same = root.querySelector("#checker-same");
    this.status = root.querySelector("#checker-status");
    this.notice = root.querySelector("#checker-notice");
    this.linkWrap = root.querySelector("#checker-link-wrap");
    this.link = root.querySelector("#checker-link");
    this.saved = root.querySelector("#checker-saved");
    this.announceTimer = null;
  }

  Checker.prototype.start = function () {
    var self = this;
    this.applyLink(window.location);
    this.input.addEventListener("input", function () { self.update(); });
    this.channel.addEventListener("change", function () { self.syncStages(); self.update(); });
    Array.prototype.forEach.call(this.stages, function (radio) {
      radio.addEventListener("change", function () { self.update(); });
    });
    this.root.querySelector("#checker-copy").addEventListener("click", function () { self.copyLink(); });
    this.root.querySelector("#checker-sent").addEventListener("click", function () { self.markSent(); });
    this.root.querySelector("#checker-forget").addEventListener("click", function () {
      page.store(STORE_KEY, null);
      self.saved.textContent = "Your saved drafts are forgotten.";
      self.update();
    });
    this.root.hidden = false;
    var needsJs = document.querySelector("[data-cc-needs-js=checker]");
    if (needsJs) needsJs.hidden = true; // this page does run JavaScript after all
    this.showSavedCount();
    this.update();
  };

  Checker.prototype.stage = function () {
    var chosen = "first";
    Array.prototype.forEach.call(this.stages, function (radio) { if (radio.checked) chosen = radio.value; });
    return chosen;
  };

  Checker.prototype.setStage = function (stage) {
    Array.prototype.forEach.call(this.stages, function (radio) { radio.checked = radio.value === stage; });
  };

  Checker.prototype.channelData = function () {
    return this.engine.channels.get(this.channel.value) || null;
  };

  /* A channel without replies (such as an invitation) offers only "first message". */
  Checker.prototype.syncStages = function () {
    var channel = this.channelData();
    var allowed = channel ? channel.stages : ["first", "reply"];
    Array.prototype.forEach.call(this.stages, function (radio) {
      radio.disabled = allowed.indexOf(radio.value) < 0;
    });
    if (allowed.indexOf(this.stage()) < 0) this.setStage(allowed[0]);
  };

  Checker.prototype.applyLink = function (location) {
    var state = readLinkState(location);
    var problems = state.problems.slice();
    if (state.channel !== undefined && state.channel !== "") {
      if (this.engine.channels.has(state.channel)) {
        this.channel.value = state.channel;
      } else {
        problems.push("This link names a channel the guide does not know (\u201c" + state.channel.slice(0, 60) +
          "\u201d), so the checker looks at the draft for any channel.");
        this.channel.value = "";
      }
    }
    if (state.stage !== undefined) {
      if (state.stage === "first" || state.stage === "reply") {
        this.setStage(state.stage);
      } else {
        problems.push("This link asks for a stage the checker does not know, so it treats the draft as a first message.");
        this.setStage("first");
      }
    }
    var before = this.stage();
    this.syncStages();
    if (state.stage !== undefined && before !== this.stage()) {
      problems.push("This channel has no replies, so the draft is checked as a first message.");
    }
    if (state.text !== undefined) {
      var text = state.text;
      if (window.ConnectingEngine.codePointLength(text) > this.maxLength) {
        text = window.ConnectingEngine.sliceCodePoints(text, 0, this.maxLength);
        problems.push("The draft in this link was too long, so only its first " + this.maxLength.toLocaleString("en") +
          " characters were loaded.");
      }
      this.input.value = text;
    }
    this.showNotice(problems);
  };

  Checker.prototype.showNotice = function (problems) {
    this.notice.textContent = problems.join(" ");
    this.notice.hidden = problems.length === 0;
  };

  Checker.prototype.url = function (siteRelative) {
    return new URL(siteRelative, this.siteRoot).href;
  };

  Checker.prototype.update = function () {
    var text = this.input.value;
    var channel = this.channelData();
    var findings = this.engine.evaluate(text, { channel: channel ? channel.id : null, stage: this.stage() });
    this.showCount(text, channel);
    this.showFindings(text, findings);
    this.showPreview(text, findings);
    this.showVerdict(text, findings);
    this.showSameness(text);
    this.announce(text, findings);
  };

  Checker.prototype.showCount = function (text, channel) {
    var length = window.ConnectingEngine.codePointLength(text);
    this.count.classList.remove("cc-checker__count--over");
    if (!channel || channel.limit === null) {
      this.count.textContent = length.toLocaleString("en") + " characters" +
        (channel ? " (" + channel.title + " sets no limit)" : "");
      return;
    }
    var line = length.toLocaleString("en") + " of " + channel.limit.toLocaleString("en") + " characters";
    if (length > channel.limit) {
      line += ": " + (length - channel.limit).toLocaleString("en") + " too many for " + channel.title;
      this.count.classList.add("cc-checker__count--over");
    }
    this.count.textContent = line;
  };

  /* A pair of the guide whose don't this rule flags: preferably on the same channel. */
  Checker.prototype.fixedExample = function (ruleId) {
    var channel = this.channel.value;
    var candidates = this.doc.examples.filter(function (ex) { return ex.flags.indexOf(ruleId) >= 0; });
    var same = candidates.filter(function (ex) { return ex.channel === channel; });
    return (same.length ? same : candidates)[0] || null;
  };

  Checker.prototype.showFindings = function (text, findings) {
    var list = this.findingsList;
    clear(list);
    var self = this;
    findings.forEach(function (finding, index) {
      var rule = self.engine.byId.get(finding.rule);
      var item = el("li", "cc-finding cc-finding--" + finding.level);
      item.setAttribute("data-rule", finding.rule);
      item.setAttribute("data-level", finding.level);
      var head = el("p", "cc-finding__head");
      head.appendChild(el("span", "cc-finding__number", String(index + 1)));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "cc-level", LEVEL_WORDS[finding.level] || finding.level));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("strong", null, finding.message));
      item.appendChild(head);
      var found = el("p", "cc-finding__match");
      var matched = window.ConnectingEngine.sliceCodePoints(text, finding.start, finding.end);
      found.appendChild(document.createTextNode("Found: "));
      found.appendChild(el("q", null, matched.length > 120 ? matched.slice(0, 119) + "\u2026" : matched));
      if (finding.detail) found.appendChild(document.createTextNode(" (" + finding.detail + ")"));
      item.appendChild(found);
      if (rule) {
        var instead = el("p", "cc-finding__instead");
        instead.appendChild(el("strong", null, "Instead: "));
        instead.appendChild(document.createTextNode(rule.instead));
        item.appendChild(instead);
        var links = el("p", "cc-finding__links");
        var why = el("a", null, "Why it matters: " + rule.principle_title);
        why.href = self.url(rule.principle_url);
        links.appendChild(why);
        var example = self.fixedExample(finding.rule);
        if (example) {
          links.appendChild(document.createTextNode(" \u00b7 "));
          var fixed = el("a", null, "See how this one was fixed");
          fixed.href = self.url(example.url);
          links.appendChild(fixed);
        }
        links.appendChild(document.createTextNode(" \u00b7 "));
        var ruleLink = el("a", null, "The rule ");
        ruleLink.appendChild(el("code", null, finding.rule));
        ruleLink.href = self.url(rule.url);
        links.appendChild(ruleLink);
        item.appendChild(links);
      }
      list.appendChild(item);
    });
    if (!findings.length) {
      list.appendChild(el("li", "cc-finding cc-finding--none", text.trim() ? "Nothing found." : "Nothing to check yet."));
    }
  };

  /* The draft as text, with each finding's span in a numbered <mark>: the
     number and the border style carry the meaning, not colour alone. */
  Checker.prototype.showPreview = function (text, findings) {
    clear(this.preview);
    this.previewWrap.hidden = findings.length === 0;
    if (!findings.length) return;
    var chars = Array.from(text);
    var cuts = [0, chars.length];
    findings.forEach(function (f) { cuts.push(f.start, f.end); });
    cuts = cuts.filter(function (v, i, all) { return all.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    for (var c = 0; c + 1 < cuts.length; c++) {
      var from = cuts[c];
      var to = cuts[c + 1];
      var covering = [];
      findings.forEach(function (f, index) {
        if (f.start <= from && f.end >= to && f.end > f.start) covering.push(index);
      });
      findings.forEach(function (f, index) {
        if (f.start === from) this.appendChild(el("sup", "cc-mark__number", "[" + (index + 1) + "]"));
      }, this.preview);
      var piece = chars.slice(from, to).join("");
      if (!covering.length) {
        this.preview.appendChild(document.createTextNode(piece));
        continue;
      }
      var worst = covering.map(function (i) { return findings[i].level; });
      var level = worst.indexOf("error") >= 0 ? "error" : worst.indexOf("warning") >= 0 ? "warning" : "suggestion";
      var mark = el("mark", "cc-mark cc-mark--" + level, piece);
      mark.title = covering.map(function (i) { return "[" + (i + 1) + "] " + findings[i].message; }).join("\n");
      this.preview.appendChild(mark);
    }
  };

  Checker.prototype.showVerdict = function (text, findings) {
    var failing = findings.filter(window.ConnectingEngine.fails);
    this.verdict.className = "cc-checker__verdict";
    if (!text.trim()) {
      this.verdict.textContent = "Type or paste a message to check it.";
      return;
    }
    if (!failing.length) {
      this.verdict.classList.add("cc-checker__verdict--pass");
      this.verdict.textContent = "\u2714 Passes the networking-event test: you could say this to someone face to face.";
    } else {
      this.verdict.classList.add("cc-checker__verdict--fail");
      this.verdict.textContent = "\u2716 Would not pass the networking-event test: " + failing.length +
        (failing.length === 1 ? " thing" : " things") + " to fix before you send it.";
    }
  };

  Checker.prototype.showSameness = function (text) {
    var best = null;
    if (text.trim()) {
      var engine = this.engine;
      savedDrafts().forEach(function (draft) {
        var score = engine.similarity(text, draft.text);
        if (score >= SAME_AT && (!best || score > best.score)) best = { score: score, at: draft.at };
      });
    }
    this.same.hidden = !best;
    if (best) {
      var when = new Date(best.at);
      this.same.textContent = "Same message to everyone? This draft is " + Math.round(best.score * 100) +
        "% the same as one you sent" + (isNaN(when) ? "" : " on " + when.toLocaleDateString("en")) +
        ". Would this person feel seen, or collected? Add what you know about them.";
    }
  };

  /* Screen readers hear a summary once the typing pauses, not at every key. */
  Checker.prototype.announce = function (text, findings) {
    var status = this.status;
    window.clearTimeout(this.announceTimer);
    this.announceTimer = window.setTimeout(function () {
      if (!text.trim()) {
        status.textContent = "";
        return;
      }
      status.textContent = findings.length
        ? findings.length + (findings.length === 1 ? " finding: " : " findings: ") +
          findings.map(function (f) { return f.message; }).join("; ")
        : "Nothing found.";
    }, 600);
  };

  Checker.prototype.pageUrl = function () {
    return window.location.href.split("#")[0].split("?")[0];
  };

  Checker.prototype.copyLink = function () {
    var text = this.input.value;
    var link = page.draftLink(this.pageUrl(), this.channel.value, this.stage(), text);
    this.link.value = link;
    this.linkWrap.hidden = false;
    var kept = text.trim() ? saveDraft(text) : false;
    var self = this;
    var say = function (copied) {
      self.saved.textContent = (copied ? "Link copied." : "Copy the link from the box above.") +
        (kept ? " The draft is kept in this browser only." : "");
      self.showSavedCount(true);
      self.showSameness(text);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(link).then(function () { say(true); }, function () { say(false); });
    } else {
      say(false);
    }
    this.link.select();
  };

  Checker.prototype.markSent = function () {
    var text = this.input.value;
    if (!text.trim()) {
      this.saved.textContent = "There is no draft to keep yet.";
      return;
    }
    this.saved.textContent = saveDraft(text)
      ? "Kept in this browser only, so the checker can tell you when a new draft is almost the same."
      : "This browser does not let the page keep drafts.";
    this.showSavedCount(true);
  };

  Checker.prototype.showSavedCount = function (keepMessage) {
    var forget = this.root.querySelector("#checker-forget");
    var count = savedDrafts().length;
    forget.textContent = "Forget my saved drafts (" + count + ")";
    forget.disabled = count === 0;
    if (!keepMessage && !count) this.saved.textContent = "";
  };

  // --- start on every page change (Material's instant navigation) ------------

  function init() {
    var root = document.querySelector("[data-cc-checker]");
    if (!root || root.getAttribute("data-started")) return;
    root.setAttribute("data-started", "loading");
    var url = new URL(root.getAttribute("data-ruleset"), window.location.href).href;
    page.loadRuleset(url).then(function (ruleset) {
      if (!document.body.contains(root)) return; // the reader has moved on
      var checker = new Checker(root, ruleset);
      root.checker = checker;
      checker.start();
      root.setAttribute("data-started", "ready");
    }).catch(function () {
      root.hidden = false;
      var notice = root.querySelector("#checker-notice");
      notice.textContent = "The checker could not load its rules. Check your connection and reload the page.";
      notice.hidden = false;
      root.setAttribute("data-started", "failed");
    });
  }

  // A coach's second link, opened on the same page, replaces the draft.
  window.addEventListener("hashchange", function () {
    var root = document.querySelector("[data-cc-checker]");
    if (root && root.checker && window.location.hash.length > 1) {
      root.checker.applyLink(window.location);
      root.checker.update();
    }
  });

  page.onEveryPage(init);
})();
