// The hall's display board: polls board.json every second, redraws the called numbers and
// waiting counts, and speaks each new call. Works without speech (muted tab, no voices).
(function () {
  "use strict";
  var root = document.querySelector(".board-root");
  if (!root) return;
  var url = root.dataset.url;
  var pollMs = parseInt(root.dataset.poll, 10) || 1000;
  var STORE = "onewindow.hall.speech";
  var DIGITS = "零一二三四五六七八九";
  var speech = "speechSynthesis" in window ? window.speechSynthesis : null;
  var toggle = document.getElementById("speech-toggle");
  var seen = {};
  var initial = JSON.parse(document.getElementById("board-state").textContent);
  // Calls already on the screen when it loads are not spoken again.
  initial.calls.forEach(function (c) { seen[c.key] = true; });

  function speechOn() {
    return speech !== null && localStorage.getItem(STORE) !== "off";
  }

  function drawToggle() {
    if (speech === null) {
      toggle.textContent = "语音播报：不可用";
      toggle.disabled = true;
      toggle.setAttribute("aria-pressed", "false");
      return;
    }
    var on = speechOn();
    toggle.textContent = on ? "语音播报：开" : "语音播报：关";
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    toggle.classList.toggle("off", !on);
  }

  toggle.addEventListener("click", function () {
    localStorage.setItem(STORE, speechOn() ? "off" : "on");
    if (!speechOn()) speech.cancel();
    drawToggle();
  });

  // "A023" read digit by digit ("A 零 二 三"), the way halls announce numbers.
  function spell(number) {
    return number.split("").map(function (ch) {
      var d = "0123456789".indexOf(ch);
      return d >= 0 ? DIGITS[d] : ch;
    }).join(" ");
  }

  function zhVoice() {
    var voices = speech.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (/^zh[-_]CN/i.test(voices[i].lang)) return voices[i];
    }
    for (var j = 0; j < voices.length; j++) {
      if (/^zh/i.test(voices[j].lang)) return voices[j];
    }
    return null;
  }

  function say(call) {
    if (!speechOn()) return;
    var text = "请 " + spell(call.number) + " 号到 " + call.window + " 号窗口办理";
    try {
      for (var n = 0; n < 2; n++) {  // said twice, as people look up on the first
        var u = new SpeechSynthesisUtterance(text);
        u.lang = "zh-CN";
        var voice = zhVoice();
        if (voice) u.voice = voice;
        u.rate = 0.9;
        speech.speak(u);
      }
    } catch (e) {
      /* no speech engine: the screen still shows the call */
    }
  }

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function draw(state) {
    var now = state.calls[0];
    document.getElementById("now-number").textContent = now ? now.number : "—";
    var win = document.getElementById("now-window");
    win.textContent = "";
    if (now) {
      win.append("请到 ");
      var strong = document.createElement("strong");
      strong.textContent = now.window;
      win.append(strong, " 号窗口办理");
    } else {
      win.textContent = "请留意叫号";
    }
    var body = document.getElementById("board-calls");
    body.textContent = "";
    state.calls.forEach(function (c, i) {
      var tr = document.createElement("tr");
      if (i === 0) tr.className = "fresh";
      tr.append(cell(c.number), cell(c.window + " 号"), cell(c.called_at));
      body.append(tr);
    });
    if (!state.calls.length) {
      var empty = document.createElement("tr");
      var td = cell("暂无叫号");
      td.colSpan = 3;
      td.className = "board-empty";
      empty.append(td);
      body.append(empty);
    }
    var queues = document.getElementById("board-queues");
    queues.textContent = "";
    state.queues.forEach(function (q) {
      var chip = document.createElement("div");
      chip.className = "queue-chip";
      var letter = document.createElement("span");
      letter.className = "queue-letter";
      letter.textContent = q.letter;
      var count = document.createElement("span");
      count.className = "queue-count";
      var strong = document.createElement("strong");
      strong.textContent = q.waiting;
      count.append("等候 ", strong, " 人");
      chip.append(letter, q.name, count);
      queues.append(chip);
    });
  }

  function flash() {
    var box = document.querySelector(".board-now");
    box.classList.remove("flash");
    void box.offsetWidth;  // restart the animation
    box.classList.add("flash");
  }

  function poll() {
    fetch(url, { cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      })
      .then(function (state) {
        document.getElementById("board-offline").hidden = true;
        // Oldest first, so two calls in one second are spoken in the order they were made.
        var fresh = state.calls.filter(function (c) { return !seen[c.key] && c.open; }).reverse();
        state.calls.forEach(function (c) { seen[c.key] = true; });
        draw(state);
        if (fresh.length) {
          flash();
          fresh.forEach(say);
        }
      })
      .catch(function () {
        document.getElementById("board-offline").hidden = false;
      })
      .then(function () { setTimeout(poll, pollMs); });
  }

  function tick() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    document.getElementById("board-clock").textContent =
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }

  if (speech) speech.getVoices();  // Chromium loads the voice list lazily
  drawToggle();
  tick();
  setInterval(tick, 1000);
  setTimeout(poll, pollMs);
})();
