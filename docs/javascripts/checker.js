/*
 * The live message checker on /checker/.
 *
 * Everything the reader types or a link carries is untrusted: it reaches the
 * page only through textContent and createElement, never as HTML. Links carry
 * a draft as `#channel=<id>&stage=<first|reply>&text=<urlencoded>` (or the same
 * keys after `?`); any part may be missing, unknown or malformed, and then the
 * page says so and still works. `exercise=<pair id>` opens a pair's don't as a
 * "fix this message" exercise, and `note=<text>` shows a coach's note above the
 * draft. While the reader edits a draft that came from a link, the address
 * follows it (replaced, never a new history entry), so a reload keeps their work.
 *
 * The ids and data-rule / data-level attributes are a stable interface that
 * tests and coaches' tools rely on.
 */
(() => {
  "use strict";

  const STORE_KEY = "connecting.sentDrafts";
  const KEEP_DRAFTS = 20;
  const SAME_AT = 0.8; // the build's sameness threshold (connecting/engine/sameness.py)
  const LEVEL_WORDS = { error: "Error", warning: "Warning", suggestion: "Suggestion" };
  const LINK_KEYS = ["channel", "stage", "text", "exercise", "note"];
  // Exercises done, as pair ids: the lesson page reads this key to show the client's progress.
  const DONE_KEY = "connecting.exercisesDone";
  /* An exercise's draft as close as this to the guide's do is the do copied or lightly
     edited, not the client's own version (the same measure as SAME_AT, below). */
  const GUIDE_SAME_AT = 0.5;
  const NOTE_LIMIT = 500; // a coach's note, in characters (code points), as the lesson page caps it
  /* The address follows the draft at most once in this many ms. Safari refuses (throws) a
     page's 101st address change within 30 seconds, and Firefox limits them too; typing must
     never reach those limits. (Chromium here took 1,000 replacements in a row.) */
  const ADDRESS_EVERY = 350;
  // Drafts longer than this (in UTF-16 units) are read by the engine in a worker, off the main thread.
  const LONG_DRAFT = 2000;
  const QUOTED_SPANS = 3; // places quoted under a finding
  /* Places marked in the draft per finding: a pasted wall of "Wow!!!! " is one finding in
     thousands of places, and marking them all would redraw thousands of nodes a keystroke. */
  const MARKED_SPANS = 40;
  /* Past this many code points the text box stops wrapping lines. Chromium wraps a
     box's whole paragraph again on every keystroke: a row of 3,000 emoji, or 20,000
     characters of Devanagari, took 55 to 125 ms a key (benchmarks/checker_long_tasks.py);
     unwrapped, none over 50 ms. Few messages come near it (X's direct messages, the
     longest limit, allow 10,000). */
  const UNWRAPPED_FROM = 4000;
  // The most findings listed and marked; a verdict still counts them all.
  const SHOWN = 20;
  const page = window.ConnectingPage;
  const { el, clear } = page;

  // --- links -----------------------------------------------------------------

  /* The keys of a link's fragment or query; malformed parts are reported, not thrown. */
  const readLinkState = (location) => page.readLinkKeys(location, LINK_KEYS);

  /* The site page the reader was on before this one, with its fragment (a lesson's pairs
     travel in it). Material's instant navigation changes pages without a new document, so
     document.referrer keeps naming the page the site was first opened from: page changes
     are recorded here instead, and the referrer counts only on the first page of a visit. */
  let currentPage = null;
  let previousPage = null;
  page.onEveryPage(() => {
    previousPage = currentPage;
    currentPage = window.location.href;
  });
  /* A click may take the reader to another page (capture: before Material's instant navigation
     adds the new entry). A page may rewrite its own address after it opens: the one it has
     now counts, and the checker first writes any change to the draft it was still holding back. */
  window.addEventListener("click", () => {
    const root = document.querySelector("[data-cc-checker]");
    if (root && root.checker && root.checker.addressTimer !== null) root.checker.writeAddress();
    currentPage = window.location.href;
  }, true);
  // Back or forward: the entry has already changed, so a change held back belongs to no entry now.
  window.addEventListener("popstate", () => {
    const root = document.querySelector("[data-cc-checker]");
    if (root && root.checker) root.checker.holdAddress();
  });

  // --- exercises done (this browser only) -------------------------------------

  function exercisesDone() {
    const done = page.readStored(DONE_KEY);
    return Array.isArray(done) ? done.filter((id) => typeof id === "string") : [];
  }

  function recordDone(id) {
    const done = exercisesDone();
    return done.includes(id) || page.store(DONE_KEY, [...done, id]);
  }

  // --- saved drafts (this browser only) --------------------------------------

  function savedDrafts() {
    const list = page.readStored(STORE_KEY);
    return Array.isArray(list) ? list.filter((d) => d && typeof d.text === "string") : [];
  }

  function saveDraft(text) {
    const list = savedDrafts().filter((d) => d.text !== text);
    list.push({ text, at: new Date().toISOString() });
    return page.store(STORE_KEY, list.slice(-KEEP_DRAFTS));
  }

  const numberText = (n) => n.toLocaleString("en");
  // A draft of nothing but spaces and invisible characters (zero-width spaces, direction marks)
  // is empty: `connecting lint` refuses the same drafts (connecting/tools/cli.py, is_blank).
  const isBlank = (text) => /^[\p{Z}\p{Cc}\p{Cf}]*$/u.test(text);
  const plural = (n, one, many) => `${numberText(n)} ${n === 1 ? one : many}`;

  /* Where an exercise stands with this draft. Success ("done") is honest: no red flag
     left, no longer the same message as the don't, and not the guide's do copied in or
     lightly edited. Similarity runs only once no red flag is left (most long drafts are
     over their channel's limit); at 20,000 characters it took 11 ms a call here. */
  function exerciseState(engine, pair, text, findings) {
    if (isBlank(text)) return { kind: "empty" };
    const failing = findings.filter(window.ConnectingEngine.fails).length;
    if (failing) return { kind: "flags", failing };
    if (engine.similarity(text, pair.dont) >= SAME_AT) return { kind: "same" };
    if (engine.similarity(text, pair.do) >= GUIDE_SAME_AT) return { kind: "guide" };
    return { kind: "done" };
  }

  function exerciseSentence(state) {
    switch (state.kind) {
      case "empty": return "The draft is empty. Write your own version of the message.";
      case "flags": return `Not yet: ${plural(state.failing, "red flag", "red flags")} left to fix.`;
      case "same": return "No red flags now, but it is still almost the same message. " +
        "Change more of it, and write it for this one person.";
      case "guide": return "No red flags, and it reads very much like the guide's version. " +
        "That is a fine way to learn, but the goal is your own words. Try to say it your way.";
      default: return "\u2714 Well done! No rule finds a mistake, and the words are your own.";
    }
  }

  // --- the checker -----------------------------------------------------------

  class Checker extends page.RulesetWidget {
    constructor(root, ruleset, engine) {
      super(root, ruleset, engine);
      this.maxLength = parseInt(root.getAttribute("data-max-length"), 10) || 20000;
      this.input = root.querySelector("#checker-input");
      this.channel = root.querySelector("#checker-channel");
      this.stages = Array.from(root.querySelectorAll("input[name='checker-stage']"));
      this.findingsList = root.querySelector("#checker-findings");
      this.marks = root.querySelector("#checker-marks");
      this.count = root.querySelector("#checker-count");
      this.verdict = root.querySelector("#checker-verdict");
      this.same = root.querySelector("#checker-same");
      this.questions = root.querySelector("#checker-questions");
      this.status = root.querySelector("#checker-status");
      this.notice = root.querySelector("#checker-notice");
      this.linkWrap = root.querySelector("#checker-link-wrap");
      this.link = root.querySelector("#checker-link");
      this.saved = root.querySelector("#checker-saved");
      this.announceTimer = null;
      this.findPair = page.pairFinder(ruleset);
      this.lessonPage = new URL(root.getAttribute("data-lesson") || "lesson/", window.location.href);
      this.noteBox = root.querySelector("#checker-note-box");
      this.note = root.querySelector("#checker-note");
      this.noteText = "";
      const part = (name) => root.querySelector(`#checker-exercise-${name}`);
      this.parts = {
        box: root.querySelector("#checker-exercise"), situation: part("situation"), where: part("where"),
        outcome: part("outcome"), state: part("state"), reveal: part("reveal"), answer: part("answer"),
        mine: part("mine"), yours: part("yours"), guideDo: part("do"), why: part("why"), next: part("next"),
      };
      this.exercise = null; // { pair, revealed, done, sentence } while a "fix this message" exercise is open
      this.followsLink = false; // the draft came from a link: the address follows it
      this.addressTimer = null;
      this.addressWritten = -Infinity; // when the address last took the draft (Date.now())
      this.pagePath = window.location.pathname; // the address changes only while it is this page's
    }

    start() {
      this.root.checker = this; // for a coach's second link (hashchange, below)
      this.applyLink(window.location);
      this.input.addEventListener("input", () => {
        // A long draft's findings come back from the worker a moment later: until then the
        // marks would sit on the wrong letters, so they wait out of sight.
        this.marks.hidden = true;
        this.update();
        this.followDraft();
      });
      this.input.addEventListener("scroll", () => this.alignMarks());
      // A finding pointed at (mouse or keyboard) stands out among the marks in the draft.
      for (const [type, on] of [["mouseover", true], ["focusin", true], ["mouseleave", false], ["focusout", false]]) {
        this.findingsList.addEventListener(type, (event) => {
          const item = on && event.target.closest ? event.target.closest("li[data-finding]") : null;
          this.pointAt(item ? item.getAttribute("data-finding") : null);
        });
      }
      this.channel.addEventListener("change", () => {
        this.syncStages();
        this.update();
        this.followDraft();
      });
      for (const radio of this.stages) {
        radio.addEventListener("change", () => {
          this.update();
          this.followDraft();
        });
      }
      this.parts.reveal.addEventListener("click", () => {
        this.exercise.revealed = !this.exercise.revealed;
        this.showAnswer(this.input.value);
      });
      this.parts.next.addEventListener("click", (event) => this.backToLesson(event));
      this.root.querySelector("#checker-copy").addEventListener("click", () => this.copyLink());
      this.root.querySelector("#checker-sent").addEventListener("click", () => this.markSent());
      this.root.querySelector("#checker-forget").addEventListener("click", () => {
        page.store(STORE_KEY, null);
        this.saved.textContent = "Your saved drafts are forgotten.";
        this.showSavedCount(true); // the button's count and state, now, not after a reload
        this.update();
      });
      this.showSavedCount();
      this.update();
    }

    stage() {
      let chosen = "first";
      for (const radio of this.stages) if (radio.checked) chosen = radio.value;
      return chosen;
    }

    setStage(stage) {
      for (const radio of this.stages) radio.checked = radio.value === stage;
    }

    channelData() {
      return this.engine.channels.get(this.channel.value) || null;
    }

    /* A channel without replies (such as an invitation) offers only "first message".
       An exercise holds the channel and the stage of its situation: its success is
       judged there, and its address does not carry them. */
    syncStages() {
      const channel = this.channelData();
      const allowed = channel ? channel.stages : ["first", "reply"];
      const held = Boolean(this.exercise);
      this.channel.disabled = held;
      for (const radio of this.stages) radio.disabled = held || !allowed.includes(radio.value);
      if (!allowed.includes(this.stage())) this.setStage(allowed[0]);
    }

    applyLink(location) {
      const state = readLinkState(location);
      const problems = state.problems.slice();
      this.showNote(state.note, problems);
      const pair = this.findExercise(state.exercise, problems);
      this.exercise = pair ? { pair, revealed: false, done: false, sentence: "" } : null;
      if (pair) {
        this.channel.value = this.engine.channels.has(pair.channel) ? pair.channel : "";
        this.setStage(pair.stage);
      } else {
        this.applyChannelAndStage(state, problems);
      }
      this.syncStages();
      if (state.text !== undefined) {
        let text = state.text;
        if (window.ConnectingEngine.codePointLength(text) > this.maxLength) {
          text = window.ConnectingEngine.sliceCodePoints(text, 0, this.maxLength);
          problems.push(`The draft in this link was too long, so only its first ${numberText(this.maxLength)} ` +
            "characters were loaded.");
        }
        this.input.value = text;
      } else if (pair) {
        this.input.value = pair.dont;
      }
      this.followsLink = Boolean(pair) || state.text !== undefined;
      this.showExercise();
      this.showNotice(problems);
    }

    /* The pair a link's exercise names (by its id or a former one), or null, said in the notice. */
    findExercise(id, problems) {
      if (id === undefined) return null;
      const pair = id ? this.findPair(id) : null;
      if (!pair) {
        problems.push(id
          ? `This link names an exercise the guide does not have (\u201c${id.slice(0, 60)}\u201d), so the checker works as usual.`
          : "This link asks for an exercise but names none, so the checker works as usual.");
      }
      return pair;
    }

    /* A coach's note: text only, and at most NOTE_LIMIT characters. */
    showNote(note, problems) {
      let text = note === undefined || isBlank(note) ? "" : note;
      if (window.ConnectingEngine.codePointLength(text) > NOTE_LIMIT) {
        text = window.ConnectingEngine.sliceCodePoints(text, 0, NOTE_LIMIT);
        problems.push(`The coach's note in this link is longer than ${NOTE_LIMIT} characters, so only its first ` +
          `${NOTE_LIMIT} are shown.`);
      }
      this.noteText = text;
      this.note.textContent = text;
      this.noteBox.hidden = !text;
    }

    applyChannelAndStage(state, problems) {
      if (state.channel !== undefined && state.channel !== "") {
        if (this.engine.channels.has(state.channel)) {
          this.channel.value = state.channel;
        } else {
          problems.push(`This link names a channel the guide does not know (\u201c${state.channel.slice(0, 60)}` +
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
      const before = this.stage();
      this.syncStages();
      if (state.stage !== undefined && before !== this.stage()) {
        problems.push("This channel has no replies, so the draft is checked as a first message.");
      }
    }

    showNotice(problems) {
      this.notice.textContent = problems.join(" ");
      this.notice.hidden = problems.length === 0;
    }

    // --- a "fix this message" exercise ---------------------------------------

    /* The exercise's situation and goal above the draft; the guide's do and why are not
       even in the page until the client asks for them or succeeds (showAnswer). */
    showExercise() {
      const exercise = this.exercise;
      const { box, outcome, situation, where, guideDo, why, mine } = this.parts;
      box.hidden = outcome.hidden = !exercise;
      for (const node of [guideDo, why, mine]) node.textContent = "";
      this.input.setAttribute("aria-describedby",
        `${exercise ? "checker-exercise-goal " : ""}checker-count checker-verdict`);
      if (!exercise) return;
      const { pair } = exercise;
      situation.textContent = pair.situation;
      const channel = this.engine.channels.get(pair.channel);
      where.textContent = `${channel ? channel.title : "Any channel"}, as ` +
        `${pair.stage === "reply" ? "a reply" : "a first message"}. The checker is set to match.`;
      this.showAnswer(this.input.value);
    }

    /* Where the exercise stands with this draft, worked out at every change (from show()).
       The first success records the pair as done and brings out the guide's version. */
    judgeExercise(text, findings) {
      const exercise = this.exercise;
      if (!exercise) return;
      const state = exerciseState(this.engine, exercise.pair, text, findings);
      const done = state.kind === "done";
      if (done && !exercise.done) {
        recordDone(exercise.pair.id); // its current id, even when the link used a former one
        exercise.revealed = true;
      }
      exercise.done = done;
      exercise.sentence = exerciseSentence(state);
      this.parts.state.textContent = exercise.sentence;
      this.parts.state.classList.toggle("cc-exercise__state--done", done);
      this.showAnswer(text);
    }

    /* The guide's do, with the why, once asked for or earned; on success the client's version
       beside it (before, it would only repeat the draft that is right above). */
    showAnswer(text) {
      const { pair, revealed, done } = this.exercise;
      const { reveal, answer, mine, yours, guideDo, why } = this.parts;
      reveal.setAttribute("aria-expanded", String(revealed));
      reveal.textContent = revealed ? "Hide the guide's version" : "Show the guide's version";
      answer.hidden = !revealed;
      if (!revealed) return;
      yours.hidden = !done;
      mine.textContent = done ? text : "";
      guideDo.textContent = pair.do;
      why.textContent = pair.why;
      this.showNextStep();
    }

    /* Back to the lesson the client came from, else to the pair's own page. */
    showNextStep() {
      const lesson = this.lessonCameFrom();
      const next = this.parts.next;
      next.textContent = lesson ? "Back to your lesson" : "See this pair on its own page";
      next.href = lesson ? lesson.href : this.url(this.exercise.pair.url);
    }

    /* The address of the lesson page the reader came from on this site, or null. */
    lessonCameFrom() {
      // Only on the first page of a visit does the referrer name the page before this one.
      const from = previousPage !== null ? previousPage : document.referrer;
      let url;
      try {
        url = new URL(from);
      } catch (err) {
        return null;
      }
      return url.origin === this.lessonPage.origin && url.pathname === this.lessonPage.pathname ? url : null;
    }

    /* A referrer has no fragment, so it has lost the lesson's pairs: that lesson is the page
       before this one in the history, and going back finds it whole. Material's instant
       navigation would follow the bare link as well, so the click stops here. */
    backToLesson(event) {
      const lesson = this.lessonCameFrom();
      if (!lesson || lesson.hash || previousPage !== null || window.history.length < 2) return;
      event.preventDefault();
      event.stopPropagation();
      window.history.back();
    }

    // --- the address follows the draft ---------------------------------------

    /* The address that brings back this draft: an exercise with the client's version, or the
       usual draft link; a coach's note travels on with either. */
    draftAddress() {
      const note = this.noteText || null;
      return this.exercise
        ? page.draftLink(this.pageUrl(), null, null, this.input.value, { exercise: this.exercise.pair.id, note })
        : page.draftLink(this.pageUrl(), this.channel.value, this.stage(), this.input.value, { note });
    }

    /* While the reader edits a draft that came from a link, the address follows it, so a
       reload or a bookmark keeps their version. The entry is replaced, never added. A change
       after a pause is written at once; while typing goes on, at most every ADDRESS_EVERY ms.
       (A reload takes the address as it is: a change made in the unload events comes too late.) */
    followDraft() {
      if (!this.followsLink || this.addressTimer !== null) return;
      const wait = this.addressWritten + ADDRESS_EVERY - Date.now();
      if (wait <= 0) this.writeAddress();
      else this.addressTimer = window.setTimeout(() => this.writeAddress(), wait);
    }

    holdAddress() {
      window.clearTimeout(this.addressTimer);
      this.addressTimer = null;
    }

    writeAddress() {
      this.holdAddress();
      // The reader has moved on to another page (Material may have added its entry before
      // this page is gone), or a later link brought a draft of its own.
      if (!document.body.contains(this.root) || window.location.pathname !== this.pagePath || !this.followsLink) return;
      this.addressWritten = Date.now();
      try {
        // Material keeps the scroll position in the entry's state: it stays.
        window.history.replaceState(window.history.state, "", this.draftAddress());
      } catch (err) {
        // A browser that refuses the change keeps the last address; the draft in the box is untouched.
      }
    }

    update() {
      const text = this.input.value;
      const channel = this.channelData();
      const options = { channel: channel ? channel.id : null, stage: this.stage() };
      this.showCount(text, channel);
      this.request = (this.request || 0) + 1;
      const worker = text.length > LONG_DRAFT ? this.worker() : null;
      if (worker) {
        this.root.setAttribute("data-checking", "");
        worker.postMessage({ request: this.request, text, options });
      } else {
        this.show(text, this.engine.evaluate(text, options));
      }
    }

    /* The worker that reads long drafts, started on first need; null where workers cannot run. */
    worker() {
      if (this.engineWorker === undefined) {
        try {
          const here = window.location.href;
          const script = (name) => new URL(this.root.getAttribute(name), here).href;
          this.engineWorker = new Worker(script("data-worker"));
          this.engineWorker.postMessage({ scripts: [script("data-linear-engine"), script("data-engine")], ruleset: this.doc });
          this.engineWorker.onmessage = ({ data }) => {
            if (data.request !== this.request) return; // the reader has typed on since
            this.root.removeAttribute("data-checking");
            this.show(this.input.value, data.findings);
          };
          this.engineWorker.onerror = () => { this.engineWorker = null; this.update(); };
        } catch (err) {
          this.engineWorker = null;
        }
      }
      return this.engineWorker;
    }

    show(text, findings) {
      this.shown = { text, findings };
      this.showFindings(text, findings);
      this.showMarks(text, findings.slice(0, SHOWN));
      this.showSameness(text); // before the verdict, which never shows a tick beside this notice
      this.showVerdict(text, findings);
      this.judgeExercise(text, findings);
      this.announce(text, findings);
    }

    showCount(text, channel) {
      const length = window.ConnectingEngine.codePointLength(text);
      const unwrapped = length > UNWRAPPED_FROM;
      const box = this.input.parentElement; // .cc-draftbox: the text box and its marks
      if (unwrapped !== box.classList.contains("cc-draftbox--unwrapped")) {
        box.classList.toggle("cc-draftbox--unwrapped", unwrapped);
      }
      const over = channel && channel.limit !== null && length > channel.limit;
      this.count.classList.toggle("cc-checker__count--over", Boolean(over));
      let line;
      if (!channel || channel.limit === null) {
        line = `${numberText(length)} characters` + (channel ? ` (${channel.title} sets no limit)` : "");
      } else {
        line = `${numberText(length)} of ${numberText(channel.limit)} characters`;
        if (over) line += `: ${numberText(length - channel.limit)} too many for ${channel.title}`;
      }
      if (unwrapped) line += ". Lines are not wrapped in the box while the draft is this long, so typing stays quick.";
      this.count.textContent = line;
    }

    /* A pair of the guide whose don't this rule flags: preferably on the same channel. */
    fixedExample(ruleId) {
      const channel = this.channel.value;
      // Never the exercise's own pair: its page would give the answer away.
      const own = this.exercise ? this.exercise.pair.id : null;
      const candidates = this.doc.examples.filter((ex) => ex.flags.includes(ruleId) && ex.id !== own);
      const same = candidates.filter((ex) => ex.channel === channel);
      return (same.length ? same : candidates)[0] || null;
    }

    showFindings(text, findings) {
      const list = this.findingsList;
      clear(list);
      findings.slice(0, SHOWN).forEach((finding, index) => {
        const rule = this.engine.byId.get(finding.rule);
        const item = el("li", `cc-finding cc-finding--${finding.level}`);
        item.setAttribute("data-rule", finding.rule);
        item.setAttribute("data-level", finding.level);
        item.setAttribute("data-finding", String(index + 1));
        const head = el("p", "cc-finding__head");
        head.appendChild(el("span", "cc-finding__number", String(index + 1)));
        head.appendChild(document.createTextNode(" "));
        head.appendChild(el("span", `cc-level cc-level--${finding.level}`, LEVEL_WORDS[finding.level] || finding.level));
        head.appendChild(document.createTextNode(" "));
        // The rule's name first, then what it found in this draft; the slug stays in data-rule.
        head.appendChild(el("strong", "cc-finding__title", rule ? rule.title : finding.rule));
        item.appendChild(head);
        item.appendChild(el("p", "cc-finding__message", finding.message));
        // One finding per rule, with every place it found: the first few are quoted.
        const found = el("p", "cc-finding__match");
        const spans = finding.spans;
        found.appendChild(document.createTextNode(spans.length > 1 ? `Found in ${spans.length} places: ` : "Found: "));
        spans.slice(0, QUOTED_SPANS).forEach(([from, to], n) => {
          if (n) found.appendChild(document.createTextNode(", "));
          const matched = window.ConnectingEngine.sliceCodePoints(text, from, to);
          found.appendChild(el("q", null, matched.length > 120 ? `${matched.slice(0, 119)}\u2026` : matched));
        });
        if (spans.length > QUOTED_SPANS) found.appendChild(document.createTextNode(", \u2026"));
        if (finding.detail) found.appendChild(document.createTextNode(` (${finding.detail})`));
        found.appendChild(document.createTextNode(" "));
        const select = el("button", "cc-finding__select", spans.length > 1 ? "Select the first in my draft" : "Select it in my draft");
        select.type = "button";
        select.addEventListener("click", () => this.selectInDraft(text, spans[0]));
        found.appendChild(select);
        item.appendChild(found);
        if (rule) {
          const instead = el("p", "cc-finding__instead");
          instead.appendChild(el("strong", null, "Instead: "));
          instead.appendChild(document.createTextNode(rule.instead));
          item.appendChild(instead);
          const links = el("p", "cc-finding__links");
          const why = el("a", null, `Why it matters: ${rule.principle_title}`);
          why.href = this.url(rule.principle_url);
          links.appendChild(why);
          const example = this.fixedExample(finding.rule);
          if (example) {
            links.appendChild(document.createTextNode(" \u00b7 "));
            const fixed = el("a", null, "See how this one was fixed");
            fixed.href = this.url(example.url);
            links.appendChild(fixed);
          }
          links.appendChild(document.createTextNode(" \u00b7 "));
          const ruleLink = el("a", null, `More about \u201c${rule.title}\u201d`);
          ruleLink.href = this.url(rule.url);
          links.appendChild(ruleLink);
          item.appendChild(links);
        }
        list.appendChild(item);
      });
      if (!findings.length) {
        list.appendChild(el("li", "cc-finding cc-finding--none", isBlank(text) ? "Nothing to check yet." : "Nothing found."));
      }
      if (findings.length > SHOWN) {
        list.appendChild(el("li", "cc-finding cc-finding--more",
          `And ${numberText(findings.length - SHOWN)} more findings of the same kinds: fix the ones above first.`));
      }
    }

    /* The findings' places marked in the text box: a copy of the draft, letter for letter,
       behind the transparent box, with each place in a <mark> (the underline's style as
       well as its colour tells the level). The copy ends with the paragraph of the last
       place: what follows moves no mark, and a long draft lays out less on every keystroke. */
    showMarks(text, findings) {
      const copy = this.marks.firstElementChild || this.marks.appendChild(el("div", "cc-draftbox__text"));
      clear(copy);
      const chars = Array.from(text);
      // A finding about the whole message (mostly about you, too long) is not about some of
      // its words: tinting every letter would hide the marks that are.
      const places = findings.flatMap((f, index) => f.spans.slice(0, MARKED_SPANS)
        .filter(([start, end]) => end > start && !(start === 0 && end >= chars.length))
        .map(([start, end]) => ({ index, start, end })));
      this.marks.hidden = places.length === 0;
      if (!places.length) return;
      const last = Math.max(...places.map((p) => p.end));
      const paragraphEnd = chars.indexOf("\n", last);
      const cuts = [...new Set([0, paragraphEnd < 0 ? chars.length : paragraphEnd,
        ...places.flatMap((p) => [p.start, p.end])])].sort((a, b) => a - b);
      for (let c = 0; c + 1 < cuts.length; c++) {
        const [from, to] = [cuts[c], cuts[c + 1]];
        const piece = chars.slice(from, to).join("");
        const covering = [...new Set(places.filter((p) => p.start <= from && p.end >= to).map((p) => p.index))];
        if (!covering.length) {
          copy.appendChild(document.createTextNode(piece));
          continue;
        }
        const levels = covering.map((i) => findings[i].level);
        const level = levels.includes("error") ? "error" : levels.includes("warning") ? "warning" : "suggestion";
        const mark = el("mark", `cc-mark cc-mark--${level}`, piece);
        mark.setAttribute("data-findings", covering.map((i) => i + 1).join(" "));
        copy.appendChild(mark);
      }
      this.alignMarks();
    }

    /* The copy follows the box's scrolling by a transform: it may be shorter than the
       draft, so it could not scroll as far itself. */
    alignMarks() {
      const copy = this.marks.firstElementChild;
      if (copy) copy.style.transform = `translate(${-this.input.scrollLeft}px, ${-this.input.scrollTop}px)`;
    }

    pointAt(number) {
      for (const mark of this.marks.querySelectorAll("mark")) {
        mark.classList.toggle("cc-mark--current", number !== null && mark.getAttribute("data-findings").split(" ").includes(number));
      }
    }

    /* Puts the text cursor on a finding's place, selected, so the reader can retype it. */
    selectInDraft(text, [start, end]) {
      if (this.input.value !== text) return; // the draft has changed since: the list is about to
      const units = (n) => window.ConnectingEngine.sliceCodePoints(text, 0, n).length;
      this.input.focus();
      this.input.setSelectionRange(units(start), units(end));
    }

    /* Only what the rules know: the red flags they found, or that they found none. Whether
       the draft connects is the reader's call, so "none" comes with the networking-event
       test's questions; and no tick stands beside the "same message to everyone?" notice. */
    showVerdict(text, findings) {
      const failing = findings.filter(window.ConnectingEngine.fails);
      this.verdict.className = "cc-checker__verdict";
      this.questions.hidden = true;
      if (isBlank(text)) { // no verdict on an empty draft
        this.verdict.textContent = "Type or paste a message to check it.";
        return;
      }
      if (failing.length) {
        this.verdict.classList.add("cc-checker__verdict--fail");
        this.verdict.textContent = `\u2716 ${numberText(failing.length)} red ` +
          `${failing.length === 1 ? "flag" : "flags"} found: fix ${failing.length === 1 ? "it" : "them"} before you send it.`;
        return;
      }
      const suggestions = findings.length
        ? ` ${numberText(findings.length)} ${findings.length === 1 ? "suggestion" : "suggestions"} below.` : "";
      if (this.same.hidden) {
        this.verdict.classList.add("cc-checker__verdict--pass");
        this.verdict.textContent = `\u2714 No red flags found.${suggestions}`;
      } else {
        this.verdict.textContent = `No red flags found in the words, but see the note below.${suggestions}`;
      }
      this.questions.hidden = false;
    }

    showSameness(text) {
      let best = null;
      if (!isBlank(text)) { // as blank as lint refuses: no sameness for a draft of spaces and marks
        for (const draft of savedDrafts()) {
          const score = this.engine.similarity(text, draft.text);
          if (score >= SAME_AT && (!best || score > best.score)) best = { score, at: draft.at };
        }
      }
      this.same.hidden = !best;
      if (best) {
        const when = new Date(best.at);
        this.same.textContent = `Same message to everyone? This draft is ${Math.round(best.score * 100)}` +
          `% the same as one you sent${isNaN(when) ? "" : ` on ${when.toLocaleDateString("en")}`}` +
          ". Would this person feel seen, or collected? Add what you know about them.";
      }
    }

    /* Screen readers hear a summary once the typing pauses, not at every key. */
    announce(text, findings) {
      window.clearTimeout(this.announceTimer);
      const exercise = this.exercise ? `${this.exercise.sentence} ` : "";
      this.announceTimer = window.setTimeout(() => {
        if (isBlank(text)) {
          this.status.textContent = exercise.trim();
          return;
        }
        this.status.textContent = exercise + (findings.length
          ? `${findings.length}${findings.length === 1 ? " finding: " : " findings: "}` +
            [...new Set(findings.map((f) => f.message))].slice(0, 10).join("; ")
          : "Nothing found.");
      }, 600);
    }

    pageUrl() {
      return window.location.href.split("#")[0].split("?")[0];
    }

    copyLink() {
      const text = this.input.value;
      const link = this.draftAddress(); // an exercise's link keeps the exercise, for the coach to see
      this.link.value = link;
      this.linkWrap.hidden = false;
      const kept = text.trim() ? saveDraft(text) : false;
      const say = (copied) => {
        this.saved.textContent = (copied ? "Link copied." : "Copy the link from the box above.") +
          (kept ? " The draft is kept in this browser only." : "");
        this.showSavedCount(true);
        this.showSameness(text);
        // The draft is now one of the kept ones: the verdict drops its tick beside the notice.
        if (this.shown && this.shown.text === text) this.showVerdict(text, this.shown.findings);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(link).then(() => say(true), () => say(false));
      } else {
        say(false);
      }
      this.link.select();
    }

    markSent() {
      const text = this.input.value;
      if (!text.trim()) {
        this.saved.textContent = "There is no draft to keep yet.";
        return;
      }
      this.saved.textContent = saveDraft(text)
        ? "Kept in this browser only, so the checker can tell you when a new draft is almost the same."
        : "This browser does not let the page keep drafts.";
      this.showSavedCount(true);
    }

    showSavedCount(keepMessage) {
      const forget = this.root.querySelector("#checker-forget");
      const count = savedDrafts().length;
      forget.textContent = `Forget my saved drafts (${count})`;
      forget.disabled = count === 0;
      if (!keepMessage && !count) this.saved.textContent = "";
    }
  }

  // --- start on every page change (Material's instant navigation) ------------

  page.onEveryPage(() => page.startWithRuleset("checker", Checker, (root) => {
    const notice = root.querySelector("#checker-notice");
    notice.textContent = "The checker could not load its rules. Check your connection and reload the page.";
    notice.hidden = false;
  }));

  // A coach's second link, opened on the same page, replaces the draft.
  window.addEventListener("hashchange", () => {
    const root = document.querySelector("[data-cc-checker]");
    if (root && root.checker && window.location.hash.length > 1) {
      root.checker.applyLink(window.location);
      root.checker.update();
    }
  });
})();
