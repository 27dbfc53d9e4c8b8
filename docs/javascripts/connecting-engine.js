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
 * No build step; works as a browser global (ConnectingEngine) and as a CommonJS
 * module under Node. One library, vendored and served by the site itself: re2js
 * (vendor/re2js-2.10.0.umd.js), RE2's linear-time matching, for unbounded patterns on
 * long texts (see matchesOf); a page loads it before it creates an engine.
 */
((root, factory) => {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory(() => require("./vendor/re2js-2.10.0.umd.js"));
  } else {
    root.ConnectingEngine = factory(() => root.RE2JS);
  }
})(globalThis, (linearLibrary) => {
  "use strict";

  // --- character classes -----------------------------------------------------

  /* A predicate over code points from sorted [first, last] ranges. */
  function rangeSet(ranges) {
    const lows = ranges.map((range) => range[0]);
    const highs = ranges.map((range) => range[1]);
    const search = (code) => {
      let lo = 0;
      let hi = lows.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (code < lows[mid]) hi = mid - 1;
        else if (code > highs[mid]) lo = mid + 1;
        else return true;
      }
      return false;
    };
    // ASCII, by far the most common, answered from a table.
    const ascii = new Uint8Array(128);
    for (let c = 0; c < 128; c++) ascii[c] = search(c) ? 1 : 0;
    return (code) => (code < 128 ? ascii[code] === 1 : search(code));
  }

  const hex = (code) => `\\u{${code.toString(16)}}`;

  /* The inside of a regular-expression class (u flag) holding these ranges. */
  const classOf = (ranges) => ranges.map(([first, last]) => `${hex(first)}-${hex(last)}`).join("");

  // --- text ------------------------------------------------------------------

  /* Code points of a string, and where each starts in UTF-16 units. */
  /* Typed arrays sized once: on a 100k-character draft, arrays grown by push cost
     twice as much per character as on a 10k one (copies and cache misses). */
  function codePoints(text) {
    const codes = new Int32Array(text.length);
    const units = new Int32Array(text.length + 1);
    let count = 0;
    for (let i = 0; i < text.length; ) {
      const code = text.codePointAt(i);
      codes[count] = code;
      units[count++] = i;
      i += code > 0xffff ? 2 : 1;
    }
    units[count] = text.length;
    return { codes: codes.subarray(0, count), units: units.subarray(0, count + 1) };
  }

  /* UTF-16 unit index -> code point index, for every unit boundary of a string. */
  function unitToCodePoint(cp) {
    const map = new Int32Array(cp.units[cp.units.length - 1] + 1);
    cp.units.forEach((unit, i) => { map[unit] = i; });
    return map;
  }

  /* A word's key: lowered, then NFC. Nothing below U+0300 changes under NFC (it is
     where ICU's own quick check starts), so most words skip normalize(). */
  function fold(word) {
    const low = word.toLowerCase();
    for (let i = 0; i < low.length; i++) {
      if (low.charCodeAt(i) >= 0x300) return low.normalize("NFC");
    }
    return low;
  }

  class Scanned {
    constructor(engine, text) {
      const cp = codePoints(text);
      const isWord = engine.is.word;
      // Where each word starts and ends (code points), in typed arrays, and each word and
      // its key made when asked for rather than kept: on a long draft of short words, an
      // array of pairs, words and keys was most of what the garbage collector had to
      // trace, and its share grew faster than the text (at 100k code points the arrays
      // outlive a young-generation collection; at 10k they do not).
      const starts = new Int32Array((cp.codes.length >> 1) + 1);
      const ends = new Int32Array(starts.length);
      let count = 0;
      let start = -1;
      for (let i = 0; i < cp.codes.length; i++) {
        if (isWord(cp.codes[i])) {
          if (start < 0) start = i;
        } else if (start >= 0) {
          starts[count] = start;
          ends[count++] = i;
          start = -1;
        }
      }
      if (start >= 0) {
        starts[count] = start;
        ends[count++] = cp.codes.length;
      }
      this.text = text;
      this.cp = cp;
      this.length = cp.codes.length;
      this.count = count;
      this.starts = starts.subarray(0, count);
      this.ends = ends.subarray(0, count);
      this._lowered = null;
      this._unitMaps = new Map();
    }

    /* UTF-16 unit index -> code point index for the text or its lowered form, made once
       per evaluation: each is an array as long as the text, and on a long draft every
       pattern making its own made the garbage collector's work grow faster than the text. */
    unitMap(searched) {
      let map = this._unitMaps.get(searched);
      if (map === undefined) {
        map = unitToCodePoint(searched === this.text ? this.cp : codePoints(searched));
        this._unitMaps.set(searched, map);
      }
      return map;
    }

    /* Word number w, as written. */
    word(w) {
      return this.slice(this.starts[w], this.ends[w]);
    }

    /* Word number w's key: what phrases and word lists match (rules.word_keys). */
    key(w) {
      return fold(this.word(w));
    }

    /* Every word's key, in order. */
    keys() {
      return Array.from({ length: this.count }, (_, w) => this.key(w));
    }

    /* Code points [start, end) of the text. */
    slice(start, end) {
      return this.text.slice(this.cp.units[start], this.cp.units[end]);
    }

    /* Each code point lowered on its own; one whose lower case is longer stays (patterns.lower_each). */
    lowered() {
      if (this._lowered === null) {
        const text = this.text;
        const whole = text.toLowerCase();
        if (whole.length === text.length && !text.includes("\u03a3")) {
          this._lowered = whole; // every code point mapped to exactly one: the same as one by one
        } else {
          // Lowered on its own a capital sigma is always σ, and it is the only code point whose
          // lower case depends on its neighbours; with it replaced, lowering is the same code
          // point by code point as for the whole text, but for U+0130 (the dotted capital I, the
          // only one whose lower case is longer), which stays. Whole passes: a pass per code
          // point made an array of strings as long as the text.
          const sigmaFree = text.replaceAll("\u03a3", "\u03c3");
          this._lowered = sigmaFree.includes("\u0130")
            ? sigmaFree.split("\u0130").map((part) => part.toLowerCase()).join("\u0130")
            : sigmaFree.toLowerCase();
        }
      }
      return this._lowered;
    }
  }

  // --- phrases ---------------------------------------------------------------

  /* What stands between two words: "" whitespace squeezed out, a curly apostrophe straightened. */
  function separator(engine, scanned, from, to) {
    let out = "";
    for (let i = from; i < to; i++) {
      const code = scanned.cp.codes[i];
      if (!engine.is.space(code)) out += code === 0x2019 ? "'" : String.fromCodePoint(code);
    }
    return out || " ";
  }

  /* Every occurrence of the owners' phrases, then per owner the leftmost-longest
     non-overlapping ones, as [first word, last word] (rules.PhraseIndex.matches). */
  function phraseMatches(engine, index, scanned, owners) {
    const hits = [];
    for (let w = 0; w < scanned.count; w++) {
      for (const { phrase, owner } of index.get(scanned.key(w)) || []) {
        if (owners && !owners.has(owner)) continue;
        const last = w + phrase.keys.length - 1;
        if (last < scanned.count && phraseAt(engine, phrase, w, scanned)) {
          hits.push([w, -phrase.keys.length, owner, last]);
        }
      }
    }
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
    const found = new Map();
    const freeFrom = new Map();
    for (const [first, , owner, last] of hits) {
      if ((freeFrom.get(owner) || 0) <= first) {
        if (!found.has(owner)) found.set(owner, []);
        found.get(owner).push([first, last]);
        freeFrom.set(owner, last + 1);
      }
    }
    return found;
  }

  function phraseAt(engine, phrase, first, scanned) {
    // The first word's key is the one the phrase was found under.
    for (let k = 1; k < phrase.keys.length; k++) {
      if (scanned.key(first + k) !== phrase.keys[k]) return false;
    }
    for (let s = 0; s < phrase.seps.length; s++) {
      const gap = separator(engine, scanned, scanned.ends[first + s], scanned.starts[first + s + 1]);
      if (gap !== phrase.seps[s]) return false;
    }
    return true;
  }

  /* Phrases filed under their first word, owner by owner (phraseLists[owner]): every
     occurrence is checked, so the filing word changes nothing but speed. */
  function phraseIndex(phraseLists) {
    const index = new Map();
    phraseLists.forEach((phrases, owner) => {
      for (const phrase of phrases || []) {
        const key = phrase.keys[0];
        if (!index.has(key)) index.set(key, []);
        index.get(key).push({ phrase, owner });
      }
    });
    return index;
  }

  // --- detectors -------------------------------------------------------------

  function wordEdgesOk(engine, codes, start, end) {
    const isWord = engine.is.word;
    if (start > 0 && isWord(codes[start]) && isWord(codes[start - 1])) return false;
    if (end < codes.length && isWord(codes[end - 1]) && isWord(codes[end])) return false;
    return true;
  }

  /* Up to this many UTF-16 units the browser's own engine searches (about 30 times
     faster than re2js on a message; its worst case here is a few milliseconds);
     beyond it re2js searches the unbounded patterns, whose time grows only in step
     with the text (bounded ones stay here: see matchesOf). Both find the same
     leftmost-first matches. */
  const NATIVE_LIMIT = 1000;

  /* re2js 2.10.0 checks, before every find(), that one of the pattern's literals
     occurs after the position, with indexOf for each literal in turn: a literal
     that never occurs costs a scan to the end, once per match, so a text with many
     matches takes quadratic time (65 times longer at 100k than at 10k). The engine's
     own literal pre-check (detectPattern) has already run once on the whole text,
     so this one is dropped. An upgrade that renames the field throws here, and
     tests/test_linear_time.py fails if the cost comes back (54 times at 100k). */
  function withoutPrefilter(compiled) {
    const machine = compiled.re2();
    if (!("prefilter" in machine)) throw new Error("re2js changed: its RE2 object has no prefilter to drop");
    if (typeof machine.matchMachineInput !== "function") throw new Error("re2js changed: its RE2 object has no matchMachineInput");
    if (typeof linearLibrary().RE2Set?.UNANCHORED !== "number") throw new Error("re2js changed: RE2Set.UNANCHORED is gone");
    machine.prefilter = null;
    return compiled;
  }

  /* [index, end] in UTF-16 units of every leftmost-first match, in one pass. A bounded
     pattern (every repeat has an upper bound) leaves the browser's backtracking engine a
     fixed number of paths to try from each start, so its time grows in step with the
     text at any length, and it stays there: 10 to 40 times faster than re2js. The
     pattern checker keeps that number small: it refuses a repeated group that a text
     can split into repetitions in more than one way, and a long class run where an
     alternative starts (patterns._Parser). */
  function* matchesOf(engine, pattern, searched) {
    if (searched.length <= engine.nativeLimit || (pattern.bounded && engine.nativeLimit > 0)) {
      for (const match of searched.matchAll(pattern.native)) yield [match.index, match.index + match[0].length];
      return;
    }
    const library = linearLibrary();
    if (!library) throw new Error("re2js is not loaded: long texts need it (vendor/re2js-2.10.0.umd.js)");
    if (!pattern.linear) pattern.linear = withoutPrefilter(library.RE2JS.compile(pattern.source));
    /* Each find first asks RE2's DFA whether any match lies ahead (ngroup 0), a hundred
       times faster than the NFA that then finds where it is (ngroup 1): a long text with
       no match costs one DFA pass, not an NFA pass (0.7 s at 100k for the biggest
       alternations). The DFA stops at the earliest end of a match, and the match found
       ends there or later, so the DFA passes add up to one over the text. */
    const machine = pattern.linear.re2();
    const input = library.MatcherInput.utf16(searched);
    const { UNANCHORED } = library.RE2Set;
    const end = searched.length;
    for (let from = 0; from <= end;) {
      if (!machine.matchMachineInput(input, from, end, UNANCHORED, 0)[0]) return;
      const [found, groups] = machine.matchMachineInput(input, from, end, UNANCHORED, 1);
      if (!found) return;
      yield [groups[0], groups[1]];
      // After an empty match, step past one code point (a surrogate pair is one).
      from = groups[1] > groups[0] ? groups[1] : groups[1] + (searched.codePointAt(groups[1]) > 0xffff ? 2 : 1);
    }
  }

  /* detectors.detect_pattern: one pass over the matches; one that starts or ends inside a word is skipped. */
  function detectPattern(engine, pattern, scanned, searched) {
    // detectors.literal_precheck: a text holding none of the texts every match needs has no match.
    if (pattern.required && !pattern.required.some((literal) => searched.includes(literal))) return [];
    const toCp = scanned.unitMap(searched);
    const spans = [];
    for (const [index, endIndex] of matchesOf(engine, pattern, searched)) {
      const start = toCp[index];
      const end = toCp[endIndex];
      if (start < end && wordEdgesOk(engine, scanned.cp.codes, start, end)) spans.push([start, end, null]);
    }
    return spans;
  }

  /* Capital letters in an all-capital word; -1 for a word that ends a run; 0 for a neutral one. */
  function capsWordLetters(engine, word) {
    let capitals = 0;
    let cased = false;
    for (const ch of word) {
      const code = ch.codePointAt(0);
      if (engine.is.lower(code) || engine.is.title(code)) cased = true;
      else if (engine.is.upper(code)) capitals++;
    }
    if (cased) return -1;
    return capitals >= 1 ? capitals : 0;
  }

  const isUpperWord = (engine, word) => capsWordLetters(engine, word) > 0;

  function detectCapsRun(engine, scanned, minWords, minLetters) {
    const spans = [];
    let run = [];
    let joined = 0; // words of the run glued to the one before by a hyphen
    const flush = () => {
      const letters = run.reduce((sum, [, count]) => sum + count, 0);
      const count = run.length - joined;
      if (count >= minWords && letters >= minLetters) {
        spans.push([scanned.starts[run[0][0]], scanned.ends[run[run.length - 1][0]],
          `${count} words in capitals`]);
      }
      run = [];
      joined = 0;
    };
    // detectors._hyphen_joined: a code such as "COROS-LIAMR" is one word, not a shout.
    const hyphenJoined = (index) => {
      const end = scanned.ends[index - 1];
      return scanned.starts[index] === end + 1 && scanned.cp.codes[end] === 45;
    };
    for (let index = 0; index < scanned.count; index++) {
      const letters = capsWordLetters(engine, scanned.word(index));
      if (letters >= 2) {
        if (run.length && run[run.length - 1][0] === index - 1 && hyphenJoined(index)) joined++;
        run.push([index, letters]);
      } else if (letters < 0) flush();
    }
    flush();
    return spans;
  }

  /* detectors.detect_emoji_run: one pass; each emoji read once, a row too short skipped whole. */
  function detectEmojiRun(engine, scanned, minimum) {
    const text = scanned.text;
    const search = new RegExp(engine.emojiUnit, "gu");
    const at = new RegExp(engine.emojiUnit, "uy");
    const unitAt = (index) => {
      at.lastIndex = index;
      return at.exec(text) === null ? -1 : at.lastIndex;
    };
    const toCp = scanned.unitMap(scanned.text);
    const spans = [];
    let found = search.exec(text);
    while (found !== null) {
      const start = found.index;
      let end = search.lastIndex;
      let count = 1;
      for (let next = unitAt(text[end] === " " ? end + 1 : end); next >= 0;
        next = unitAt(text[end] === " " ? end + 1 : end)) {
        end = next;
        count++;
      }
      if (count >= minimum) spans.push([toCp[start], toCp[end], `${count} emoji in a row`]);
      search.lastIndex = end;
      found = search.exec(text);
    }
    return spans;
  }

  function detectSelfFocus(engine, scanned, detect) {
    if (scanned.count < detect.min_words) return [];
    const selfWords = new Set(detect.self_words);
    const otherWords = new Set(detect.other_words);
    let mine = 0;
    let yours = 0;
    for (let i = 0; i < scanned.count; i++) {
      const word = scanned.word(i);
      // An all-capital word is an acronym, not a pronoun: "US" is a country.
      if (scanned.ends[i] - scanned.starts[i] > 1 && isUpperWord(engine, word)) continue;
      const key = fold(word);
      if (selfWords.has(key)) mine++;
      if (otherWords.has(key)) yours++;
    }
    if (mine >= detect.min_self && mine > detect.ratio * yours) {
      return [[0, scanned.length, `${mine} self-words, ${yours} you-words`]];
    }
    return [];
  }

  /* detectors.detect_signal_chain: each signal's match when every signal is found; the first names them all. */
  function signalChain(found, labels, inOrder) {
    const chain = [];
    let after = 0;
    for (const matches of found) {
      const match = inOrder ? matches.find(([start]) => start >= after) : matches[0];
      if (!match) return [];
      chain.push(match);
      after = match[1];
    }
    const detail = labels.join(inOrder ? ", then " : " and ");
    return chain.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([start, end], n) => [start, end, n === 0 ? detail : null]);
  }

  /* kinds._bind_signals: each signal's matches (its phrases through the rule's own index, its pattern, or both), then the chain. */
  function detectSignals(engine, rule, compiled, scanned) {
    const byPhrase = phraseMatches(engine, compiled.index, scanned, null);
    const found = [];
    for (let number = 0; number < compiled.signals.length; number++) {
      const signal = compiled.signals[number];
      let matches = (byPhrase.get(number) || []).map(([first, last]) => [scanned.starts[first], scanned.ends[last]]);
      if (signal.pattern) {
        const searched = signal.ignoreCase ? scanned.lowered() : scanned.text;
        const found = detectPattern(engine, signal.pattern, scanned, searched).map(([start, end]) => [start, end]);
        matches = matches.concat(found).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      }
      if (!matches.length) return [];
      found.push(matches);
    }
    return signalChain(found, compiled.labels, compiled.inOrder);
  }

  /* From a pattern's export (kinds._pattern_export): its source, required texts and whether it is bounded. */
  function compilePattern({ pattern, required, bounded }) {
    return { source: pattern, native: new RegExp(pattern, "gu"), linear: null, required: required || null,
      bounded: bounded === true };
  }

  function compileSignals(rule) {
    // Each signal's phrases under its own number, in a small index of the rule's own.
    const index = phraseIndex(rule.detect.signals.map((signal) => signal.phrases));
    const signals = rule.detect.signals.map((signal) => (signal.pattern
      ? { pattern: compilePattern(signal), ignoreCase: Boolean(signal.ignore_case) }
      : { pattern: null }));
    return { index, signals, labels: rule.detect.signals.map((signal) => signal.label),
      inOrder: rule.detect.in_order !== false };
  }

  function detectOverLimit(scanned, limit) {
    if (scanned.length <= limit) return [];
    return [[limit, scanned.length, `${scanned.length} of ${limit} characters`]];
  }

  function detectWordLimit(scanned, maxWords) {
    const count = scanned.count;
    if (count <= maxWords) return [];
    return [[scanned.starts[maxWords], scanned.length, `${count} words, more than ${maxWords}`]];
  }

  // --- the registry of detector kinds -----------------------------------------

  /*
   * One record per kind, the twin of connecting/engine/kinds.py (tests/test_kinds.py
   * holds the two registries and the rule schema's enum to each other). Adding a
   * kind means adding one record here. A record says whether the kind judges
   * length (such a rule never runs without a channel), what it works out once
   * from a rule (compile, optional) and how it finds spans in a scanned text
   * (detect; a phrases rule's phrases all run through one shared index, and its
   * detect finds only what its optional pattern adds).
   */
  const KINDS = {
    phrases: {
      judgesLength: false,
      // The phrases run in the shared index; a pattern beside them runs here.
      compile: (rule) => (rule.detect.pattern ? compilePattern(rule.detect) : null),
      detect: (engine, rule, scanned) => {
        const pattern = engine.compiled.get(rule.id);
        return pattern ? detectPattern(engine, pattern, scanned, rule.detect.ignore_case ? scanned.lowered() : scanned.text) : [];
      },
    },
    pattern: {
      judgesLength: false,
      compile: (rule) => compilePattern(rule.detect),
      detect: (engine, rule, scanned) => detectPattern(engine, engine.compiled.get(rule.id), scanned,
        rule.detect.ignore_case ? scanned.lowered() : scanned.text),
    },
    caps_run: {
      judgesLength: false,
      detect: (engine, rule, scanned) => detectCapsRun(engine, scanned, rule.detect.min_words, rule.detect.min_letters),
    },
    emoji_run: {
      judgesLength: false,
      detect: (engine, rule, scanned) => detectEmojiRun(engine, scanned, rule.detect.min),
    },
    self_focus: {
      judgesLength: false,
      detect: (engine, rule, scanned) => detectSelfFocus(engine, scanned, rule.detect),
    },
    over_limit: {
      judgesLength: true,
      detect: (engine, rule, scanned, channel) => detectOverLimit(scanned, channel.limit),
    },
    word_limit: {
      judgesLength: true,
      detect: (engine, rule, scanned) => detectWordLimit(scanned, rule.detect.max_words),
    },
    signals: {
      judgesLength: false,
      compile: compileSignals,
      detect: (engine, rule, scanned) => detectSignals(engine, rule, engine.compiled.get(rule.id), scanned),
    },
  };

  /* The registry record of a rule's kind; a kind this engine does not know is refused, never skipped. */
  function kindOf(rule) {
    const name = rule.detect.kind;
    if (!Object.prototype.hasOwnProperty.call(KINDS, name)) {
      throw new Error(`rule ${rule.id}: unknown detector kind ${JSON.stringify(name)} ` +
        `(this engine knows ${Object.keys(KINDS).join(", ")})`);
    }
    return KINDS[name];
  }

  /* The registry's shape, for tests: {name: {judgesLength}} for every kind. */
  function kinds() {
    const out = {};
    for (const [name, kind] of Object.entries(KINDS)) out[name] = { judgesLength: kind.judgesLength };
    return out;
  }

  // --- the ruleset -----------------------------------------------------------

  function applies(rule, channel, stage) {
    if (rule.stages !== null && !rule.stages.includes(stage)) return false;
    if (channel === null) return rule.channels === null && !KINDS[rule.detect.kind].judgesLength;
    if (rule.channels !== null && !rule.channels.includes(channel.id)) return false;
    return !(rule.detect.kind === "over_limit" && channel.limit === null);
  }

  /* rules._finding: a rule's spans as one finding, placed at its first span. */
  /* rules._outermost: each place once, and none inside another (a phrase's span wins a tie). */
  function outermost(spans) {
    const kept = [];
    let reach = -1;
    for (const span of spans.slice().sort((a, b) => a[0] - b[0] || b[1] - a[1])) {
      if (span[1] > reach) {
        kept.push(span);
        reach = span[1];
      }
    }
    return kept;
  }

  function finding(rule, level, spans) {
    let [start, end, detail] = spans[0];
    // One pass, no arrays in between: a long draft can have tens of thousands of places.
    const places = new Array(spans.length);
    const details = new Set();
    spans.forEach(([from, to, d], i) => {
      places[i] = [from, to];
      if (d) details.add(d);
    });
    if (spans.length > 1) detail = details.size ? [...details].join("; ") : null;
    return { rule: rule.id, level, message: rule.message, start, end, detail, spans: places };
  }

  /* Levels that make a message fail (model.FAILING_LEVELS); a suggestion only advises. */
  const FAILING = new Set(["error", "warning"]);

  const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  class Engine {
    /* options.nativeLimit: where re2js takes over from the browser's engine (tests set it to compare the two). */
    constructor(doc, options = {}) {
      this.nativeLimit = options.nativeLimit ?? NATIVE_LIMIT;
      if (!doc || doc.format !== 1) throw new Error("unsupported ruleset format");
      const classes = doc.classes;
      this.doc = doc;
      this.is = {
        word: rangeSet(classes.word),
        space: rangeSet(classes.space),
        upper: rangeSet(classes.upper),
        lower: rangeSet(classes.lower),
        title: rangeSet(classes.title),
      };
      const pictographs = `[${classOf(classes.emoji_pictographs)}]`;
      const modifiers = `[${classOf(classes.emoji_modifiers)}]`;
      const flag = `[${classOf(classes.emoji_flag_letters)}]{2}`;
      this.emojiUnit = `(?:${flag}|${pictographs}${modifiers}*(?:${hex(classes.zwj)}${pictographs}${modifiers}*)*)`;
      this.negations = new Set(doc.negations);
      // Rules in id order, as the Python engine keeps them.
      this.rules = doc.rules.slice().sort((a, b) => byText(a.id, b.id));
      this.byId = new Map(this.rules.map((rule) => [rule.id, rule]));
      this.channels = new Map(doc.channels.map((channel) => [channel.id, channel]));
      this.phraseIndex = phraseIndex(this.rules.map((rule) => rule.detect.phrases));
      this.unlessIndex = phraseIndex(this.rules.map((rule) => rule.detect.unless));
      // What each rule's kind works out once (a pattern's regular expression), by rule id.
      this.compiled = new Map();
      for (const rule of this.rules) {
        const kind = kindOf(rule);
        if (kind.compile) this.compiled.set(rule.id, kind.compile(rule));
      }
    }

    /* The spans one rule (of a kind with its own detector) finds in a scanned text. */
    detect(rule, scanned, channel) {
      return KINDS[rule.detect.kind].detect(this, rule, scanned, channel);
    }

    /*
     * Findings for a message: [{rule, level, message, start, end, detail, spans}], one per rule, with
     * every place it found in spans and its first in start and end (code points), sorted by start, end and rule id.
     * options.channel: a channel id, or null for "any channel"; options.stage: "first" or "reply".
     */
    evaluate(text, options) {
      options = options || {};
      const channel = options.channel ? this.channels.get(options.channel) || null : null;
      const stage = options.stage || "first";
      const scanned = new Scanned(this, String(text));
      const active = new Set();
      this.rules.forEach((rule, number) => {
        if (applies(rule, channel, stage)) active.add(number);
      });
      const spansByRule = new Map();
      phraseMatches(this, this.phraseIndex, scanned, active).forEach((words, owner) => {
        spansByRule.set(owner, words.map(([first, last]) => [scanned.starts[first], scanned.ends[last], null]));
      });
      for (const number of active) {
        const rule = this.rules[number];
        const spans = this.detect(rule, scanned, channel);
        if (!spans.length) continue;
        const earlier = spansByRule.get(number);
        spansByRule.set(number, earlier ? outermost(earlier.concat(spans)) : spans);
      }
      // A disclosure anywhere switches its rule off, unless negated just before it.
      const vetoable = new Set();
      for (const number of spansByRule.keys()) {
        if (this.rules[number].detect.unless) vetoable.add(number);
      }
      if (vetoable.size) {
        const negations = this.negations;
        phraseMatches(this, this.unlessIndex, scanned, vetoable).forEach((words, number) => {
          const plain = words.some(([first]) =>
            [first - 2, first - 1].every((w) => w < 0 || !negations.has(scanned.key(w))));
          if (plain) spansByRule.delete(number);
        });
      }
      // rules.Ruleset._levels: a weak rule (alone) keeps its level only beside another failing rule.
      const failing = [...spansByRule.keys()].filter((number) => FAILING.has(this.rules[number].level));
      // One finding per rule, with every place it found (rules._finding).
      const findings = [];
      spansByRule.forEach((spans, number) => {
        const rule = this.rules[number];
        const weak = rule.alone && (!rule.alone.stages || rule.alone.stages.includes(stage));
        const level = weak && !failing.some((other) => other !== number) ? rule.alone.level : rule.level;
        findings.push(finding(rule, level, spans.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1])));
      });
      findings.sort((a, b) => a.start - b.start || a.end - b.end || byText(a.rule, b.rule));
      return findings;
    }

    /* How many words a text has, counted as the word_limit kind counts them (the quiz shows it). */
    wordCount(text) {
      return new Scanned(this, String(text)).count;
    }

    /* Word 3-shingles of a text's folded words (sameness.shingles_of_keys). */
    shingles(text) {
      const keys = new Scanned(this, String(text)).keys();
      if (keys.length < 3) return new Set(keys.length ? [keys.join(" ")] : []);
      const out = new Set();
      for (let i = 0; i + 2 < keys.length; i++) out.add(`${keys[i]} ${keys[i + 1]} ${keys[i + 2]}`);
      return out;
    }

    /* Jaccard similarity of two texts' shingles, the build's sameness measure. */
    similarity(a, b) {
      const left = this.shingles(a);
      const right = this.shingles(b);
      if (!left.size && !right.size) return 0;
      let shared = 0;
      for (const s of left) if (right.has(s)) shared++;
      return shared / (left.size + right.size - shared);
    }
  }

  /* The code points [start, end) of a text, as a string. */
  const sliceCodePoints = (text, start, end) => Array.from(String(text)).slice(start, end).join("");

  const codePointLength = (text) => Array.from(String(text)).length;

  const fails = (finding) => FAILING.has(finding.level);

  return {
    create: (doc, options) => new Engine(doc, options),
    kinds,
    sliceCodePoints,
    codePointLength,
    fails,
  };
});
