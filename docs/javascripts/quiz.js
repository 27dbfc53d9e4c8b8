/*
 * "Connect or collect?": rounds of messages from the guide's examples.
 *
 * A round is 10 messages, 5 that connect (a pair's do) and 5 that collect (a pair's
 * don't), spread over the principles, never both messages of one pair, and made of
 * messages this browser has not seen yet where it can. A coach's link
 * (quiz/#pairs=<id>,<id>&note=...) makes one round of exactly those pairs, one message
 * each, in the link's order. The round, its position and its answers live in this
 * browser's localStorage (ROUND_KEY) and nowhere else, so a reload carries on.
 * Everything from the ruleset or a link is inserted as text only.
 */
(() => {
  "use strict";

  const ROUND_KEY = "connecting.quizRound";
  // What a coach's link may carry: quiz/#pairs=<id>,<id>,...&note=<urlencoded text>.
  const LINK_KEYS = ["pairs", "note"];
  const ROUND_SIZE = 10;
  // A lesson holds up to 30 pairs and a note of up to 500 characters (issue 13); a link past that is cut.
  const MAX_LINK_PAIRS = 30;
  const MAX_NOTE = 500;
  // An unknown id is named in its notice, shortened past this many characters.
  const MAX_SHOWN_ID = 60;
  const ANSWERS = ["quiz-connect", "quiz-collect"];
  // Characters past which a message is shown a step smaller (about three lines on a laptop).
  const LONG_MESSAGE = 200;
  // The detector kinds that judge a message's length, and so get its length shown after an answer.
  const LENGTH_KINDS = new Set(["over_limit", "word_limit"]);
  const SIDES = { do: "connect", dont: "collect" };
  const page = window.ConnectingPage;
  const { el, clear } = page;

  function shuffled(items) {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  const messageKey = (item) => `${item.id}:${item.side}`;

  function shortened(text, max) {
    const points = Array.from(text);
    return points.length > max ? `${points.slice(0, max).join("")}…` : text;
  }

  /* --- choosing a round ------------------------------------------------------- */

  /* How many of a pair's two messages this browser has not seen yet. */
  function unseenCount(pair, seen) {
    return ["do", "dont"].filter((side) => !seen.has(messageKey({ id: pair.id, side }))).length;
  }

  /* Up to `size` pairs, one principle after another (each principle once before any has a
     second), taking from each principle a pair with the most unseen messages first. */
  function spreadOverPrinciples(pairs, size, seen) {
    const byPrinciple = new Map();
    for (const pair of shuffled(pairs)) {
      if (!byPrinciple.has(pair.principle)) byPrinciple.set(pair.principle, []);
      byPrinciple.get(pair.principle).push(pair);
    }
    // Stable sort after the shuffle: most unseen first, ties in random order.
    const queues = shuffled([...byPrinciple.values()]).map((queue) =>
      queue.sort((a, b) => unseenCount(b, seen) - unseenCount(a, seen)));
    const chosen = [];
    while (chosen.length < size && queues.some((queue) => queue.length)) {
      for (const queue of queues) {
        if (chosen.length < size && queue.length) chosen.push(queue.shift());
      }
    }
    return chosen;
  }

  /* One message per pair: half connect and half collect (the odd one either way), each pair
     getting its unseen side where the balance allows. */
  function chooseSides(pairs, seen) {
    const unseenSide = (pair) => ["do", "dont"].filter((side) => !seen.has(messageKey({ id: pair.id, side })));
    const left = { do: Math.floor(pairs.length / 2), dont: Math.floor(pairs.length / 2) };
    if (pairs.length % 2) {
      // The odd one goes to the side more pairs have left unseen (a coin when even).
      const wanting = (side) => pairs.filter((pair) => unseenSide(pair).join() === side).length;
      const extra = wanting("do") - wanting("dont") || Math.random() - 0.5;
      left[extra > 0 ? "do" : "dont"] += 1;
    }
    const sides = new Map();
    // First the pairs with exactly one unseen side, which have a preference to honour.
    for (const pair of shuffled(pairs)) {
      const open = unseenSide(pair);
      if (open.length === 1 && left[open[0]] > 0) {
        sides.set(pair.id, open[0]);
        left[open[0]] -= 1;
      }
    }
    for (const pair of shuffled(pairs)) {
      if (sides.has(pair.id)) continue;
      const side = left.do > 0 && (left.dont === 0 || Math.random() < 0.5) ? "do" : "dont";
      sides.set(pair.id, side);
      left[side] -= 1;
    }
    return pairs.map((pair) => ({ id: pair.id, side: sides.get(pair.id) }));
  }

  /* The pairs a link names, found by id or former id, each once, in the link's order;
     what could not be used is said in `notices`. */
  function pairsFromLink(idList, findPair, notices) {
    const ids = idList.split(",").map((id) => id.trim()).filter((id) => id);
    if (ids.length > MAX_LINK_PAIRS) {
      notices.push(`This link names ${ids.length} pairs. A round holds up to ${MAX_LINK_PAIRS}, so it uses the first ${MAX_LINK_PAIRS}.`);
    }
    const pairs = [];
    for (const id of ids.slice(0, MAX_LINK_PAIRS)) {
      const pair = findPair(id);
      if (!pair) {
        notices.push(`No pair in this guide has the id “${shortened(id, MAX_SHOWN_ID)}”, so it is left out.`);
      } else if (!pairs.includes(pair)) {
        pairs.push(pair);
      }
    }
    return pairs;
  }

  /* --- the stored round --------------------------------------------------------- */

  /* A stored round, checked: its pairs still exist, its sides, position and answers fit
     together. Anything else gives null, and a new round starts. */
  function readRound(findPair) {
    const stored = page.readStored(ROUND_KEY);
    if (!stored || typeof stored !== "object" || !Array.isArray(stored.items) || !stored.items.length) return null;
    const items = [];
    for (const item of stored.items) {
      const pair = item && typeof item.id === "string" ? findPair(item.id) : null;
      if (!pair || !(item.side in SIDES)) return null; // a pair renamed away or removed: drop the round
      items.push({ id: pair.id, side: item.side });
    }
    const answers = Array.isArray(stored.answers) ? stored.answers : [];
    const position = stored.position;
    if (!Number.isInteger(position) || position < 0 || position > items.length) return null;
    if (answers.length < position || answers.length > Math.min(position + 1, items.length)) return null;
    if (!answers.every((choice) => choice === "connect" || choice === "collect")) return null;
    const source = typeof stored.source === "string" ? stored.source : "";
    // A coach's round names its pairs by their current ids, each one found.
    if (source && !source.split(",").every((id) => findPair(id) && findPair(id).id === id)) return null;
    return {
      source, items, position, answers,
      note: typeof stored.note === "string" ? shortened(stored.note, MAX_NOTE) : "",
      seen: Array.isArray(stored.seen) ? stored.seen.filter((key) => typeof key === "string") : [],
    };
  }

  class Quiz extends page.RulesetWidget {
    constructor(root, ruleset, engine) {
      super(root, ruleset, engine);
      this.findPair = page.pairFinder(ruleset);
      this.principles = new Map((ruleset.principles || []).map((principle) => [principle.id, principle]));
      this.readLink();
    }

    /* The link's pairs and note, and the round to show: the stored one when it is this link's
       (or, for an address without the quiz's keys, when it is not finished yet), else a new one. */
    readLink() {
      const link = page.readLinkKeys(window.location, LINK_KEYS);
      this.notices = link.problems.slice();
      // A coach's round: the link's pairs. Without usable ones, a round from every pair.
      this.linkPairs = link.pairs !== undefined ? pairsFromLink(link.pairs, this.findPair, this.notices) : [];
      if (link.pairs !== undefined && !this.linkPairs.length) {
        this.notices.push("None of this link's pairs were found, so this round takes messages from the whole guide.");
      }
      this.note = this.noteFrom(link.note);
      const stored = readRound(this.findPair);
      // Back on quiz/ (or on a heading's anchor) in the middle of a coach's round: it carries on, note and all.
      if (link.pairs === undefined && stored && stored.position < stored.items.length && stored.source) {
        this.linkPairs = stored.source.split(",").map(this.findPair);
        if (link.note === undefined) this.note = stored.note;
      }
      // Which round a stored one must match to carry on: the link's pairs, or "" for the whole guide.
      this.source = this.linkPairs.map((pair) => pair.id).join(",");
      this.round = stored && stored.source === this.source ? stored : this.newRound(stored ? stored.seen : []);
      this.round.note = this.note;
    }

    /* A link's note, trimmed, and cut (with a notice) past MAX_NOTE characters. */
    noteFrom(text) {
      const note = (text || "").trim();
      if (Array.from(note).length <= MAX_NOTE) return note;
      this.notices.push(`The note in this link is longer than ${MAX_NOTE} characters, so only the start is shown.`);
      return shortened(note, MAX_NOTE);
    }

    find(id) {
      return this.root.querySelector(`#${id}`);
    }

    start() {
      this.find("quiz-connect").addEventListener("click", () => this.answer("connect"));
      this.find("quiz-collect").addEventListener("click", () => this.answer("collect"));
      this.find("quiz-next").addEventListener("click", () => this.next());
      this.find("quiz-restart").addEventListener("click", () => this.restart());
      this.find("quiz-new-round").addEventListener("click", () => this.restart());
      // A coach's link opened while the quiz is already on screen changes only the fragment.
      // A fragment without the quiz's keys (a heading's anchor) leaves the round alone.
      window.addEventListener("hashchange", () => {
        if (!document.body.contains(this.root)) return; // the reader has moved on to another page
        const link = page.readLinkKeys(window.location, LINK_KEYS);
        if (!LINK_KEYS.some((key) => key in link) && !link.problems.length) return;
        this.readLink();
        this.showNotices();
        this.save();
        this.show();
      });
      this.showNotices();
      this.save();
      this.show();
    }

    /* A round on the link's pairs (all of them, in their order), or ROUND_SIZE messages from the whole guide. */
    newRound(seenBefore) {
      let seen = new Set(seenBefore);
      const pairs = this.linkPairs.length ? this.linkPairs : this.doc.examples;
      // Every message seen: the preference has nothing left to prefer, so it starts over.
      if (pairs.every((pair) => unseenCount(pair, seen) === 0)) seen = new Set();
      const chosen = this.linkPairs.length ? pairs : spreadOverPrinciples(pairs, ROUND_SIZE, seen);
      const items = chooseSides(chosen, seen);
      return { source: this.source, items: this.linkPairs.length ? items : shuffled(items),
        position: 0, answers: [], seen: [...seen] };
    }

    save() {
      page.store(ROUND_KEY, this.round); // if the browser refuses, the round lasts for this visit
    }

    current() {
      const item = this.round.items[this.round.position];
      return item ? { ...item, pair: this.findPair(item.id), answer: SIDES[item.side] } : null;
    }

    rightAnswers() {
      return this.round.answers.filter((choice, index) => choice === SIDES[this.round.items[index].side]).length;
    }

    showNotices() {
      const box = this.find("quiz-notices");
      clear(box);
      for (const text of this.notices) box.appendChild(el("p", "cc-notice", text));
      this.find("quiz-note").hidden = !this.note;
      this.find("quiz-note-text").textContent = this.note;
    }

    /* Whatever the stored round says: a message, a message answered, or the summary. */
    show() {
      this.showScore();
      const done = this.round.position >= this.round.items.length;
      this.find("quiz-play").hidden = done;
      this.find("quiz-summary").hidden = !done;
      this.find("quiz-new-round").hidden = !done;
      this.find("quiz-restart").hidden = done;
      if (done) {
        this.find("quiz-next").hidden = true;
        this.showSummary();
        return;
      }
      this.showMessage();
      const choice = this.round.answers[this.round.position];
      if (choice) this.showAnswered(choice);
    }

    showMessage() {
      const { pair, side } = this.current();
      const channel = this.engine.channels.get(pair.channel);
      const text = pair[side];
      const { position, items } = this.round;
      this.find("quiz-progress").textContent = `Message ${position + 1} of ${items.length}` +
        (this.source ? ", chosen by your coach" : "");
      this.find("quiz-meta").textContent = `${channel ? channel.title : pair.channel}, ` +
        `${pair.stage === "reply" ? "a reply" : "a first message"}. ${pair.situation}`;
      const message = this.find("quiz-text");
      message.textContent = text;
      // A long message gets a smaller size, so that the buttons stay near it; never smaller than 1.25em.
      message.setAttribute("data-length", text.length > LONG_MESSAGE ? "long" : "short");
      const feedback = this.find("quiz-feedback");
      clear(feedback);
      feedback.removeAttribute("data-result");
      for (const id of ANSWERS) {
        const button = this.find(id);
        button.disabled = false;
        button.setAttribute("aria-pressed", "false");
      }
      this.find("quiz-next").hidden = true;
    }

    answer(choice) {
      const question = this.current();
      if (!question || this.round.answers.length > this.round.position) return; // answered already
      this.round.answers.push(choice);
      const key = messageKey(question);
      if (!this.round.seen.includes(key)) this.round.seen.push(key);
      this.save();
      this.showScore();
      this.showAnswered(choice);
      this.find("quiz-next").focus();
    }

    /* The verdict, the whole pair side by side with its why, and what the rules find. */
    showAnswered(choice) {
      const question = this.current();
      const right = choice === question.answer;
      this.find(`quiz-${choice}`).setAttribute("aria-pressed", "true");
      for (const id of ANSWERS) this.find(id).disabled = true;
      const feedback = this.find("quiz-feedback");
      clear(feedback);
      const verdict = question.answer === "collect" ? "this message collects." : "this message connects.";
      // Told three ways: the words, the icon and the colour that data-result gives the box (quiz CSS).
      feedback.setAttribute("data-result", right ? "right" : "wrong");
      feedback.appendChild(el("p", `cc-quiz__result cc-quiz__result--${right ? "right" : "wrong"}`,
        (right ? "Right: " : "Not quite: ") + verdict));
      feedback.appendChild(this.rulesFound(question));
      feedback.appendChild(this.pairSideBySide(question));
      const why = el("p", "cc-quiz__why");
      why.appendChild(el("strong", null, "Why: "));
      why.appendChild(document.createTextNode(question.pair.why));
      feedback.appendChild(why);
      const link = el("a", null, "Open this pair's own page");
      link.href = this.url(question.pair.url);
      const more = el("p");
      more.appendChild(link);
      feedback.appendChild(more);
      const next = this.find("quiz-next");
      next.textContent = this.round.position + 1 >= this.round.items.length ? "See how you did" : "Next message";
      next.hidden = false;
    }

    rulesFound(question) {
      const { pair } = question;
      const findings = this.engine.evaluate(pair[question.side], { channel: pair.channel, stage: pair.stage });
      const rules = [...new Map(findings.map((f) => [f.rule, f])).values()];
      const box = el("div");
      if (!rules.length) {
        box.appendChild(el("p", null, "No rule finds anything to fix in this message."));
        return box;
      }
      box.appendChild(el("p", null, "What the rules find in this message:"));
      const list = el("ul", "cc-quiz__rules");
      for (const f of rules) {
        const item = el("li");
        item.setAttribute("data-quiz-rule", f.rule);
        const rule = this.engine.byId.get(f.rule);
        item.appendChild(el("strong", null, rule ? rule.title : f.rule));
        item.appendChild(document.createTextNode(`: ${f.message}`));
        list.appendChild(item);
      }
      box.appendChild(list);
      return box;
    }

    /* The don't and the do next to each other (one above the other on a phone), each named
       in words, the one just asked about marked as such, with its length where a flag judges length. */
    pairSideBySide(question) {
      const { pair } = question;
      const grid = el("div", "cc-quiz__pair");
      const sides = [
        ["dont", "Don't: this collects"],
        ["do", "Do: this connects"],
      ];
      for (const [side, label] of sides) {
        const box = el("div", `cc-quiz__side cc-quiz__side--${side}`);
        box.setAttribute("data-side", side);
        const heading = el("p", "cc-quiz__side-label", label);
        if (side === question.side) heading.appendChild(el("span", "cc-quiz__side-asked", " (the message you saw)"));
        box.appendChild(heading);
        box.appendChild(el("blockquote", "cc-quiz__side-text", pair[side]));
        for (const line of this.lengthLines(pair, pair[side])) {
          const length = el("p", "cc-quiz__length", line.text);
          length.setAttribute("data-quiz-length", line.rule);
          box.appendChild(length);
        }
        grid.appendChild(box);
      }
      return grid;
    }

    /* For each length rule the pair is flagged for, a message's length against what the
       rule allows: characters against the channel's limit, or words against the word count. */
    lengthLines(pair, text) {
      const lines = [];
      const channel = this.engine.channels.get(pair.channel);
      for (const id of pair.flags) {
        const rule = this.engine.byId.get(id);
        if (!rule || !LENGTH_KINDS.has(rule.detect.kind)) continue;
        if (rule.detect.kind === "over_limit" && channel && channel.limit !== null) {
          const length = window.ConnectingEngine.codePointLength(text);
          lines.push({ rule: id, text: `Length: ${length.toLocaleString("en")} characters. ` +
            `${channel.title}: at most ${channel.limit.toLocaleString("en")}.` });
        } else if (rule.detect.kind === "word_limit") {
          lines.push({ rule: id, text: `Length: ${this.engine.wordCount(text).toLocaleString("en")} words. ` +
            `A first message is best under ${rule.detect.max_words}.` });
        }
      }
      return lines;
    }

    next() {
      if (this.round.answers.length <= this.round.position) return; // not answered yet
      this.round.position += 1;
      this.save();
      this.show();
      this.focusOn(this.round.position >= this.round.items.length ? "quiz-summary-title" : "quiz-question");
    }

    restart() {
      this.round = this.newRound(this.round.seen);
      this.save();
      this.show();
      this.focusOn("quiz-question");
    }

    /* Focus on what comes next (a screen reader reads it), scrolled so that the progress and
       score line above it shows too, below Material's header (quiz.css: scroll-margin-top). */
    focusOn(id) {
      this.find(id).focus({ preventScroll: true });
      this.root.querySelector(".cc-quiz__top").scrollIntoView({ block: "start" });
    }

    /* The score, and each missed message with the principle to read again. */
    showSummary() {
      const total = this.round.items.length;
      const right = this.rightAnswers();
      this.find("quiz-progress").textContent = `Round done: ${total} of ${total} messages`;
      this.find("quiz-summary-score").textContent = right === total
        ? `You got all ${total} right.`
        : `You got ${right} of ${total} right.`;
      const missed = this.find("quiz-missed");
      clear(missed);
      const misses = this.round.items.filter((item, index) => this.round.answers[index] !== SIDES[item.side]);
      if (!misses.length) {
        missed.appendChild(el("p", null, "Every message was read the right way. Try a new round."));
        return;
      }
      missed.appendChild(el("p", null, "The ones you missed, and the principle to read again:"));
      const list = el("ul", "cc-quiz__missed");
      for (const item of misses) list.appendChild(this.missedItem(item));
      missed.appendChild(list);
    }

    missedItem(item) {
      const pair = this.findPair(item.id);
      const entry = el("li");
      entry.setAttribute("data-quiz-missed", item.id);
      entry.appendChild(el("q", "cc-quiz__missed-text", shortened(pair[item.side], 90)));
      entry.appendChild(document.createTextNode(
        item.side === "dont" ? " This one collects. Read again: " : " This one connects. Read again: "));
      const principle = this.principles.get(pair.principle);
      const link = el("a", null, principle ? principle.title : pair.principle);
      link.href = this.url(principle ? principle.url : `principles/${encodeURIComponent(pair.principle)}/`);
      link.setAttribute("data-principle", pair.principle);
      entry.appendChild(link);
      return entry;
    }

    showScore() {
      const right = this.rightAnswers();
      const answered = this.round.answers.length;
      this.find("quiz-score").textContent =
        `Score: ${right} right out of ${answered} ${answered === 1 ? "answer" : "answers"}.`;
    }
  }

  page.onEveryPage(() => page.startWithRuleset("quiz", Quiz, (root) => {
    clear(root);
    root.appendChild(el("p", "cc-notice", "The quiz could not load its messages. Check your connection and reload the page."));
  }));
})();
