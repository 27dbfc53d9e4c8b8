/*
 * "Connect or collect?": one message at a time from the guide's examples.
 *
 * The messages and the verdicts come from the published ruleset (the same
 * document the checker reads); example text is inserted as text only. The
 * score lives in this browser's localStorage and nowhere else.
 */
(() => {
  "use strict";

  const STORE_KEY = "connecting.quizScore";
  const ANSWERS = ["quiz-connect", "quiz-collect"];
  // Characters past which a message is shown a step smaller (about three lines on a laptop).
  const LONG_MESSAGE = 200;
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

  function readScore() {
    const score = page.readStored(STORE_KEY);
    if (score && score.right >= 0 && score.answered >= score.right) return score;
    return { right: 0, answered: 0 };
  }

  class Quiz extends page.RulesetWidget {
    constructor(root, ruleset, engine) {
      super(root, ruleset, engine);
      this.pool = ruleset.examples.flatMap((ex) => [
        { text: ex.dont, answer: "collect", example: ex },
        { text: ex.do, answer: "connect", example: ex },
      ]);
      this.order = shuffled(this.pool); // a new order on every visit
      this.position = 0;
      this.score = readScore();
      this.answered = false;
    }

    find(id) {
      return this.root.querySelector(`#${id}`);
    }

    start() {
      this.find("quiz-connect").addEventListener("click", () => this.answer("connect"));
      this.find("quiz-collect").addEventListener("click", () => this.answer("collect"));
      this.find("quiz-next").addEventListener("click", () => this.next());
      this.find("quiz-restart").addEventListener("click", () => this.restart());
      this.show();
      this.showScore();
    }

    current() {
      return this.order[this.position];
    }

    show() {
      const question = this.current();
      const ex = question.example;
      const channel = this.engine.channels.get(ex.channel);
      this.answered = false;
      this.find("quiz-progress").textContent = `Message ${this.position + 1} of ${this.order.length}`;
      this.find("quiz-meta").textContent = `${channel ? channel.title : ex.channel}, ` +
        `${ex.stage === "reply" ? "a reply" : "a first message"}. ${ex.situation}`;
      const text = this.find("quiz-text");
      text.textContent = question.text;
      // A long message gets a smaller size, so that the buttons stay near it; never smaller than 1.25em.
      text.setAttribute("data-length", question.text.length > LONG_MESSAGE ? "long" : "short");
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
      if (this.answered) return;
      this.answered = true;
      const question = this.current();
      const ex = question.example;
      const right = choice === question.answer;
      this.score = { right: this.score.right + (right ? 1 : 0), answered: this.score.answered + 1 };
      page.store(STORE_KEY, this.score); // if the browser refuses, the score lasts for this visit
      this.find(`quiz-${choice}`).setAttribute("aria-pressed", "true");
      for (const id of ANSWERS) this.find(id).disabled = true;

      const feedback = this.find("quiz-feedback");
      clear(feedback);
      const verdict = question.answer === "collect" ? "this message collects." : "this message connects.";
      // Told three ways: the words, the icon and the colour that data-result gives the box (quiz CSS).
      feedback.setAttribute("data-result", right ? "right" : "wrong");
      feedback.appendChild(el("p", `cc-quiz__result cc-quiz__result--${right ? "right" : "wrong"}`,
        (right ? "Right: " : "Not quite: ") + verdict));
      const findings = this.engine.evaluate(question.text, { channel: ex.channel, stage: ex.stage });
      const seen = new Set();
      const rules = findings.filter((f) => {
        if (seen.has(f.rule)) return false;
        seen.add(f.rule);
        return true;
      });
      if (rules.length) {
        feedback.appendChild(el("p", null, "What the rules find in it:"));
        const list = el("ul", "cc-quiz__rules");
        for (const f of rules) {
          const item = el("li");
          item.setAttribute("data-quiz-rule", f.rule);
          const rule = this.engine.byId.get(f.rule);
          item.appendChild(el("strong", null, rule ? rule.title : f.rule));
          item.appendChild(document.createTextNode(`: ${f.message}`));
          list.appendChild(item);
        }
        feedback.appendChild(list);
      } else {
        feedback.appendChild(el("p", null, "No rule finds anything to fix in it."));
      }
      const why = el("p");
      why.appendChild(el("strong", null, "Why: "));
      why.appendChild(document.createTextNode(ex.why));
      feedback.appendChild(why);
      const link = el("a", null, "See this pair side by side");
      link.href = this.url(ex.url);
      const more = el("p");
      more.appendChild(link);
      feedback.appendChild(more);
      this.showScore();
      const next = this.find("quiz-next");
      next.hidden = false;
      next.focus();
    }

    next() {
      this.position += 1;
      if (this.position >= this.order.length) {
        this.order = shuffled(this.pool);
        this.position = 0;
      }
      this.show();
      this.find("quiz-question").focus();
    }

    restart() {
      this.score = { right: 0, answered: 0 };
      page.store(STORE_KEY, this.score); // if the browser refuses, the score lasts for this visit
      this.order = shuffled(this.pool);
      this.position = 0;
      this.show();
      this.showScore();
      this.find("quiz-question").focus();
    }

    showScore() {
      const { right, answered } = this.score;
      this.find("quiz-score").textContent =
        `Score: ${right} right out of ${answered} ${answered === 1 ? "answer" : "answers"}.`;
    }
  }

  page.onEveryPage(() => page.startWithRuleset("quiz", Quiz, (root) => {
    clear(root);
    root.appendChild(el("p", "cc-notice", "The quiz could not load its messages. Check your connection and reload the page."));
  }));
})();
