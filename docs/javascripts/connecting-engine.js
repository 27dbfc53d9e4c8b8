/*
 * The guide's ruleset, evaluated in the browser: the twin of connecting/engine/rules.py.
 *
 * It reads the JSON document that the build writes (connecting/site/ruleset_json.py) and
 * must reach exactly the verdicts of the Python engine: the same findings, rule
 * ids, levels, details and spans. Spans count Unicode code points, as Python
 * does, not the UTF-16 units that JavaScript strings are made of. Every
 * character class comes from that document (Python's own tables), never from
 * JavaScript's \w, \s, \p{} or case predicates, whose Unicode version and
 * meaning differ. tests/test_browser_engine.py holds the two engines to each
 * other on the guide's examples and a generated corpus.
 *
 * No dependencies; works as a browser global (ConnectingEngine) and as a
 * CommonJS module under Node.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.ConnectingEngine = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var LENGTH_KINDS = { over_limit: true, word_limit: true };

  // --- character classes -----------------------------------------------------

  /* A predicate over code points from sorted [first, last] ranges. */
  function rangeSet(ranges) {
    var lows = new Array(ranges.length);
    var highs = new Array(ranges.length);
    for (var i = 0; i < ranges.length; i++) {
      lows[i] = ranges[i][0];
      highs[i] = ranges[i][1];
    }
    // ASCII, by far the most common, answered from a table.
    var ascii = new Uint8Array(128);
    for (var c = 0; c < 128; c++) ascii[c] = search(c) ? 1 : 0;
    function search(code) {
      var lo = 0;
      var hi = lows.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (code < lows[mid]) hi = mid - 1;
        else if (code > highs[mid]) lo = mid + 1;
        else return true;
      }
      return false;
    }
    return function (code) {
      return code < 128 ? ascii[code] === 1 : search(code);
    };
  }

  function hex(code) {
    return "\\u{" + code.toString(16) + "}";
  }

  /* The inside of a regular-expression class (u flag) holding these ranges. */
  function classOf(ranges) {
    return ranges.map(function (r) { return hex(r[0]) + "-" + hex(r[1]); }).join("");
  }

  // --- text ------------------------------------------------------------------

  /* Code points of a string, and where each starts in UTF-16 units. */
  function codePoints(text) {
    var codes = [];
    var units = [];
    for (var i = 0; i < text.length; ) {
      var code = text.codePointAt(i);
      codes.push(code);
      units.push(i);
      i += code > 0xffff ? 2 : 1;
    }
    units.push(text.length);
    return { codes: codes, units: units };
  }

  /* UTF-16 unit index -> code point index, for every unit boundary of a string. */
  function unitToCodePoint(cp) {
    var map = new Int32Array(cp.units[cp.units.length - 1] + 1);
    for (var i = 0; i < cp.units.length; i++) map[cp.units[i]] = i;
    return map;
  }

  function fold(word) {
    return word.toLowerCase().normalize("NFC");
  }

  function Scanned(engine, text) {
    var cp = codePoints(text);
    var isWord = engine.is.word;
    var spans = [];
    var start = -1;
    for (var i = 0; i < cp.codes.length; i++) {
      if (isWord(cp.codes[i])) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        spans.push([start, i]);
        start = -1;
      }
    }
    if (start >= 0) spans.push([start, cp.codes.length]);
    this.text = text;
    this.cp = cp;
    this.length = cp.codes.length;
    this.spans = spans;
    this.words = spans.map(function (s) { return text.slice(cp.units[s[0]], cp.units[s[1]]); });
    this.keys = this.words.map(fold);
    this._lowered = null;
  }

  /* Code points [start, end) of the text. */
  Scanned.prototype.slice = function (start, end) {
    return this.text.slice(this.cp.units[start], this.cp.units[end]);
  };

  /* Each code point lowered on its own; one whose lower case is longer stays (patterns.lower_each). */
  Scanned.prototype.lowered = function () {
    if (this._lowered === null) {
      var out = "";
      for (var i = 0; i < this.cp.codes.length; i++) {
        var ch = String.fromCodePoint(this.cp.codes[i]);
        var low = ch.toLowerCase();
        var single = low.length === 1 || (low.length === 2 && low.codePointAt(0) > 0xffff);
        out += single ? low : ch;
      }
      this._lowered = out;
    }
    return this._lowered;
  };

  // --- phrases ---------------------------------------------------------------

  /* What stands between two words: "" whitespace squeezed out, a curly apostrophe straightened. */
  function separator(engine, scanned, from, to) {
    var out = "";
    for (var i = from; i < to; i++) {
      var code = scanned.cp.codes[i];
      if (!engine.is.space(code)) out += code === 0x2019 ? "'" : String.fromCodePoint(code);
    }
    return out || " ";
  }

  /* Every occurrence of the owners' phrases, then per owner the leftmost-longest
     non-overlapping ones, as [first word, last word] (rules.PhraseIndex.matches). */
  function phraseMatches(engine, index, scanned, owners) {
    var keys = scanned.keys;
    var hits = [];
    for (var w = 0; w < keys.length; w++) {
      var entries = index.get(keys[w]);
      if (!entries) continue;
      for (var e = 0; e < entries.length; e++) {
        var phrase = entries[e].phrase;
        var owner = entries[e].owner;
        if (owners && !owners.has(owner)) continue;
        var last = w + phrase.keys.length - 1;
        if (last < keys.length && phraseAt(engine, phrase, w, scanned)) {
          hits.push([w, -phrase.keys.length, owner, last]);
        }
      }
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]; });
    var found = new Map();
    var freeFrom = new Map();
    hits.forEach(function (hit) {
      var owner = hit[2];
      if ((freeFrom.get(owner) || 0) <= hit[0]) {
        if (!found.has(owner)) found.set(owner, []);
        found.get(owner).push([hit[0], hit[3]]);
        freeFrom.set(owner, hit[3] + 1);
      }
    });
    return found;
  }

  function phraseAt(engine, phrase, first, scanned) {
    for (var k = 0; k < phrase.keys.length; k++) {
      if (scanned.keys[first + k] !== phrase.keys[k]) return false;
    }
    for (var s = 0; s < phrase.seps.length; s++) {
      var gap = separator(engine, scanned, scanned.spans[first + s][1], scanned.spans[first + s + 1][0]);
      if (gap !== phrase.seps[s]) return false;
    }
    return true;
  }

  /* Phrases filed under their first word: every occurrence is checked, so the
     filing word changes nothing but speed. */
  function phraseIndex(rules, field) {
    var index = new Map();
    rules.forEach(function (rule, owner) {
      (rule.detect[field] || []).forEach(function (phrase) {
        var key = phrase.keys[0];
        if (!index.has(key)) index.set(key, []);
        index.get(key).push({ phrase: phrase, owner: owner });
      });
    });
    return index;
  }

  // --- detectors -------------------------------------------------------------

  function wordEdgesOk(engine, codes, start, end) {
    var isWord = engine.is.word;
    if (start > 0 && isWord(codes[start]) && isWord(codes[start - 1])) return false;
    if (end < codes.length && isWord(codes[end - 1]) && isWord(codes[end])) return false;
    return true;
  }

  /* rules.detect_pattern: a match inside a word is retried from the next code point. */
  function detectPattern(engine, regex, scanned, searched) {
    var cp = searched === scanned.text ? scanned.cp : codePoints(searched);
    var toCp = unitToCodePoint(cp);
    var spans = [];
    var position = 0;
    while (position <= scanned.length) {
      regex.lastIndex = cp.units[position];
      var match = regex.exec(searched);
      if (match === null) break;
      var start = toCp[match.index];
      var end = toCp[match.index + match[0].length];
      if (start === end) {
        position = start + 1;
      } else if (wordEdgesOk(engine, scanned.cp.codes, start, end)) {
        spans.push([start, end, null]);
        position = end;
      } else {
        position = start + 1;
      }
    }
    return spans;
  }

  /* Capital letters in an all-capital word; -1 for a word that ends a run; 0 for a neutral one. */
  function capsWordLetters(engine, word) {
    var capitals = 0;
    var cased = false;
    for (var i = 0; i < word.length; ) {
      var code = word.codePointAt(i);
      i += code > 0xffff ? 2 : 1;
      if (engine.is.lower(code) || engine.is.title(code)) cased = true;
      else if (engine.is.upper(code)) capitals++;
    }
    if (cased) return -1;
    return capitals >= 1 ? capitals : 0;
  }

  function isUpperWord(engine, word) {
    return capsWordLetters(engine, word) > 0;
  }

  function detectCapsRun(engine, scanned, minWords, minLetters) {
    var spans = [];
    var run = [];
    function flush() {
      var letters = run.reduce(function (sum, item) { return sum + item[1]; }, 0);
      if (run.length >= minWords && letters >= minLetters) {
        spans.push([scanned.spans[run[0][0]][0], scanned.spans[run[run.length - 1][0]][1],
          run.length + " words in capitals"]);
      }
      run = [];
    }
    scanned.words.forEach(function (word, index) {
      var letters = capsWordLetters(engine, word);
      if (letters >= 2) run.push([index, letters]);
      else if (letters < 0) flush();
    });
    flush();
    return spans;
  }

  function detectEmojiRun(engine, scanned, minimum) {
    var run = new RegExp(engine.emojiUnit + "(?: ?" + engine.emojiUnit + "){" + (minimum - 1) + ",}", "gu");
    var unit = new RegExp(engine.emojiUnit, "gu");
    var toCp = unitToCodePoint(scanned.cp);
    var spans = [];
    var match;
    while ((match = run.exec(scanned.text)) !== null) {
      var count = (match[0].match(unit) || []).length;
      spans.push([toCp[match.index], toCp[match.index + match[0].length], count + " emoji in a row"]);
    }
    return spans;
  }

  function detectSelfFocus(engine, scanned, detect) {
    var keys = scanned.keys;
    if (keys.length < detect.min_words) return [];
    var selfWords = new Set(detect.self_words);
    var otherWords = new Set(detect.other_words);
    var mine = 0;
    var yours = 0;
    keys.forEach(function (key, i) {
      var word = scanned.words[i];
      // An all-capital word is an acronym, not a pronoun: "US" is a country.
      if (Array.from(word).length > 1 && isUpperWord(engine, word)) return;
      if (selfWords.has(key)) mine++;
      if (otherWords.has(key)) yours++;
    });
    if (mine >= detect.min_self && mine > detect.ratio * yours) {
      return [[0, scanned.length, mine + " self-words, " + yours + " you-words"]];
    }
    return [];
  }

  function detectOverLimit(scanned, limit) {
    if (scanned.length <= limit) return [];
    return [[limit, scanned.length, scanned.length + " of " + limit + " characters"]];
  }

  function detectWordLimit(scanned, maxWords) {
    var count = scanned.keys.length;
    if (count <= maxWords) return [];
    return [[scanned.spans[maxWords][0], scanned.length, count + " words, more than " + maxWords]];
  }

  // --- the ruleset -----------------------------------------------------------

  function applies(rule, channel, stage) {
    if (rule.stages !== null && rule.stages.indexOf(stage) < 0) return false;
    if (channel === null) return rule.channels === null && !LENGTH_KINDS[rule.detect.kind];
    if (rule.channels !== null && rule.channels.indexOf(channel.id) < 0) return false;
    return !(rule.detect.kind === "over_limit" && channel.limit === null);
  }

  function Engine(doc) {
    if (!doc || doc.format !== 1) throw new Error("unsupported ruleset format");
    var classes = doc.classes;
    this.doc = doc;
    this.is = {
      word: rangeSet(classes.word),
      space: rangeSet(classes.space),
      upper: rangeSet(classes.upper),
      lower: rangeSet(classes.lower),
      title: rangeSet(classes.title),
    };
    var pictographs = "[" + classOf(classes.emoji_pictographs) + "]";
    var modifiers = "[" + classOf(classes.emoji_modifiers) + "]";
    var flag = "[" + classOf(classes.emoji_flag_letters) + "]{2}";
    this.emojiUnit = "(?:" + flag + "|" + pictographs + modifiers + "*(?:" + hex(classes.zwj) + pictographs +
      modifiers + "*)*)";
    this.negations = new Set(doc.negations);
    // Rules in id order, as the Python engine keeps them.
    this.rules = doc.rules.slice().sort(function (a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0; });
    this.byId = new Map(this.rules.map(function (rule) { return [rule.id, rule]; }));
    this.channels = new Map(doc.channels.map(function (channel) { return [channel.id, channel]; }));
    this.phraseIndex = phraseIndex(this.rules, "phrases");
    this.unlessIndex = phraseIndex(this.rules, "unless");
    this.regexes = new Map();
    this.rules.forEach(function (rule) {
      if (rule.detect.kind === "pattern") this.regexes.set(rule.id, new RegExp(rule.detect.pattern, "gu"));
    }, this);
  }

  Engine.prototype.detect = function (rule, scanned, channel) {
    var detect = rule.detect;
    switch (detect.kind) {
      case "pattern": {
        var regex = this.regexes.get(rule.id);
        return detectPattern(this, regex, scanned, detect.ignore_case ? scanned.lowered() : scanned.text);
      }
      case "caps_run": return detectCapsRun(this, scanned, detect.min_words, detect.min_letters);
      case "emoji_run": return detectEmojiRun(this, scanned, detect.min);
      case "self_focus": return detectSelfFocus(this, scanned, detect);
      case "over_limit": return detectOverLimit(scanned, channel.limit);
      case "word_limit": return detectWordLimit(scanned, detect.max_words);
      default: return [];
    }
  };

  /*
   * Findings for a message: [{rule, level, message, start, end, detail}], with
   * start and end in code points, sorted by start, end and rule id.
   * options.channel: a channel id, or null for "any channel"; options.stage: "first" or "reply".
   */
  Engine.prototype.evaluate = function (text, options) {
    options = options || {};
    var channel = options.channel ? this.channels.get(options.channel) || null : null;
    var stage = options.stage || "first";
    var scanned = new Scanned(this, String(text));
    var active = new Set();
    this.rules.forEach(function (rule, number) {
      if (applies(rule, channel, stage)) active.add(number);
    });
    var spansByRule = new Map();
    phraseMatches(this, this.phraseIndex, scanned, active).forEach(function (words, owner) {
      spansByRule.set(owner, words.map(function (w) {
        return [scanned.spans[w[0]][0], scanned.spans[w[1]][1], null];
      }));
    });
    active.forEach(function (number) {
      var rule = this.rules[number];
      if (rule.detect.kind === "phrases") return;
      var spans = this.detect(rule, scanned, channel);
      if (spans.length) spansByRule.set(number, spans);
    }, this);
    // A disclosure anywhere switches its rule off, unless negated just before it.
    var vetoable = new Set();
    spansByRule.forEach(function (spans, number) {
      if (this.rules[number].detect.unless) vetoable.add(number);
    }, this);
    if (vetoable.size) {
      var negations = this.negations;
      phraseMatches(this, this.unlessIndex, scanned, vetoable).forEach(function (words, number) {
        var plain = words.some(function (w) {
          return scanned.keys.slice(Math.max(0, w[0] - 2), w[0]).every(function (key) { return !negations.has(key); });
        });
        if (plain) spansByRule.delete(number);
      });
    }
    var findings = [];
    spansByRule.forEach(function (spans, number) {
      var rule = this.rules[number];
      spans.forEach(function (span) {
        findings.push({ rule: rule.id, level: rule.level, message: rule.message,
          start: span[0], end: span[1], detail: span[2] });
      });
    }, this);
    findings.sort(function (a, b) {
      return a.start - b.start || a.end - b.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
    });
    return findings;
  };

  /* Word 3-shingles of a text's folded words (sameness.shingles_of_keys). */
  Engine.prototype.shingles = function (text) {
    var keys = new Scanned(this, String(text)).keys;
    if (keys.length < 3) return new Set(keys.length ? [keys.join(" ")] : []);
    var out = new Set();
    for (var i = 0; i + 2 < keys.length; i++) out.add(keys[i] + " " + keys[i + 1] + " " + keys[i + 2]);
    return out;
  };

  /* Jaccard similarity of two texts' shingles, the build's sameness measure. */
  Engine.prototype.similarity = function (a, b) {
    var left = this.shingles(a);
    var right = this.shingles(b);
    if (!left.size && !right.size) return 0;
    var shared = 0;
    left.forEach(function (s) { if (right.has(s)) shared++; });
    return shared / (left.size + right.size - shared);
  };

  /* The code points [start, end) of a text, as a string. */
  function sliceCodePoints(text, start, end) {
    return Array.from(String(text)).slice(start, end).join("");
  }

  function codePointLength(text) {
    return Array.from(String(text)).length;
  }

  /* Failing findings are those of level error or warning (model.FAILING_LEVELS). */
  function fails(finding) {
    return finding.level === "error" || finding.level === "warning";
  }

  return {
    create: function (doc) { return new Engine(doc); },
    sliceCodePoints: sliceCodePoints,
    codePointLength: codePointLength,
    fails: fails,
  };
});
