// The phone's page: join, then do what the facilitator opened. No framework, no
// external address: everything talks to the laptop that served this page.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var SECTIONS = ["code", "namen", "bevestigen", "wachten", "bijdragen", "stemmen", "score",
                  "gesloten", "afgemeld"];
  var STORE = "kaart-zaal";
  var match = location.pathname.match(/^\/z\/([A-Za-z0-9_-]+)$/);
  var secret = match ? match[1] : null;
  var code = null;
  var token = null;
  var stand = null;
  var socket = null;
  var pollTimer = null;
  var ballot = { step: null, dots: {}, dirty: false };

  function show(name) {
    SECTIONS.forEach(function (s) { $(s).hidden = s !== name; });
  }
  function tell(text, good) {
    var box = $("melding");
    box.textContent = text || "";
    box.hidden = !text;
    box.className = good ? "melding goed" : "melding";
  }
  function requestId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  function save() {
    try {
      localStorage.setItem(STORE, JSON.stringify({ token: token, secret: secret, code: code }));
    } catch (e) { /* private mode: the phone rejoins after a reload */ }
  }
  function forget() {
    token = null;
    try { localStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
  }

  // One request; a network failure is retried with the same request id, so the laptop
  // counts it once however often it arrives.
  function call(method, url, body, tries) {
    var headers = { "Content-Type": "application/json" };
    if (token) { headers["X-Kaart-Apparaat"] = token; }
    var options = { method: method, headers: headers, cache: "no-store" };
    if (body) { options.body = JSON.stringify(body); }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) { return data; }
        var error = new Error(data.fout || "Er ging iets mis (" + response.status + ").");
        error.status = response.status;
        throw error;
      });
    }, function () {
      if ((tries || 0) < 3) {
        return new Promise(function (resolve) { setTimeout(resolve, 1500); })
          .then(function () { return call(method, url, body, (tries || 0) + 1); });
      }
      var error = new Error("Geen verbinding met de laptop. Bent u op het wifi-netwerk van " +
                            "de bijeenkomst?");
      error.status = 0;
      throw error;
    });
  }
  function failed(error) {
    if (error.status === 410) { render({ phase: "gesloten" }); return; }
    if (error.status === 401) { forget(); start(); }
    tell(error.message);
  }
  function access() { return secret ? { geheim: secret } : { code: code }; }

  // -- joining ------------------------------------------------------------------------
  function askNames() {
    call("POST", "/api/namen", access()).then(function (data) {
      $("titel").textContent = data.session;
      var list = $("namen-lijst");
      list.textContent = "";
      data.namen.forEach(function (person) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "naam";
        button.textContent = person.naam;
        var org = document.createElement("small");
        org.textContent = person.organisatie;
        button.appendChild(org);
        button.addEventListener("click", function () {
          join({ deelnemer: person.id });
        });
        item.appendChild(button);
        list.appendChild(item);
      });
      tell("");
      show("namen");
    }, function (error) {
      if (error.status === 403 && !secret) { code = null; show("code"); }
      failed(error);
    });
  }
  function join(who) {
    var body = Object.assign({ rid: requestId() }, access(), who);
    call("POST", "/api/aanmelden", body).then(function (data) {
      token = data.token;
      save();
      tell("");
      render(data.stand);
      connect();
    }, failed);
  }
  $("code-form").addEventListener("submit", function (event) {
    event.preventDefault();
    code = $("code-veld").value.replace(/\s/g, "");
    if (!/^[0-9]{6}$/.test(code)) { tell("De code heeft 6 cijfers."); return; }
    askNames();
  });
  $("nieuw-form").addEventListener("submit", function (event) {
    event.preventDefault();
    join({ naam: $("nieuw-naam").value, organisatie: $("nieuw-org").value });
  });
  $("opnieuw").addEventListener("click", function () { forget(); start(); });

  // -- what the laptop says -----------------------------------------------------------
  function render(next) {
    if (!next) { return; }
    if (stand && stand.phase !== next.phase) { tell(""); }  // an old message is no news
    if (next.phase === "gesloten" || next.closed) {
      stand = next; stopUpdates(); forget(); show("gesloten"); return;
    }
    if (next.phase === "afgemeld") { stand = next; forget(); show("afgemeld"); return; }
    stand = next;
    if (next.session) { $("titel").textContent = next.session; }
    $("wie").textContent = next.name ? "U bent " + next.name : "";
    if (next.phase === "bijdragen") { renderEntries(next); }
    else if (next.phase === "stemmen") { renderVote(next); }
    else if (next.phase === "score") { renderScore(next); }
    else if (next.phase === "wachten") {
      $("wachten-tekst").textContent = next.message ||
        "Wacht op de procesbegeleider: als er iets te doen is, verschijnt het hier vanzelf.";
    }
    show(next.phase);
  }
  function stepTitle(step) { return "Stap " + step.number + ": " + step.name; }

  function renderEntries(s) {
    $("bijdragen-stap").textContent = stepTitle(s.step);
    $("bijdragen-vraag").textContent = s.step.question;
    $("maximum").textContent = s.max_length;
    $("anoniem").hidden = !s.anonymous;
    $("verstuurd").textContent = s.sent ? s.sent + " verstuurd" +
      (s.waiting ? ", " + s.waiting + " wacht op de procesbegeleider" : ", alles op de kaart")
      : "";
  }
  $("bijdrage-tekst").addEventListener("input", function () {
    $("teller").textContent = Array.from(this.value).length;
  });
  $("bijdrage-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var field = $("bijdrage-tekst");
    var text = field.value;
    if (!text.trim()) { tell("Typ eerst uw bijdrage."); return; }
    call("POST", "/api/bijdrage", { tekst: text, rid: requestId() }).then(function (data) {
      if (field.value === text) { field.value = ""; $("teller").textContent = "0"; }
      tell("Verstuurd. U kunt nog een bijdrage sturen.", true);
      render(data.stand);
    }, failed);  // the text stays in the field: nothing typed is lost
  });

  function used() {
    return Object.keys(ballot.dots).reduce(function (sum, k) { return sum + ballot.dots[k]; }, 0);
  }
  function renderVote(s) {
    if (ballot.step !== s.step.number || !ballot.dirty) {
      ballot = { step: s.step.number, dots: Object.assign({}, s.mine), dirty: false };
    }
    $("stemmen-stap").textContent = stepTitle(s.step);
    $("stemmen-uitleg").textContent = "Verdeel " + s.budget + " stippen" +
      (s.max ? ", hoogstens " + s.max + " per thema" : "") + "." +
      (s.secret ? " Niemand ziet tussenstanden tot de uitslag." : "");
    drawCandidates(s);
  }
  function drawCandidates(s) {
    var list = $("kandidaten");
    list.textContent = "";
    var left = s.budget - used();
    s.candidates.forEach(function (candidate) {
      var count = ballot.dots[candidate.key] || 0;
      var item = document.createElement("li");
      item.className = "kandidaat" + (count ? " gekozen" : "");
      var title = document.createElement("span");
      title.className = "titel";
      title.textContent = candidate.title;
      var minus = dotButton("−", "Stip weghalen bij " + candidate.title, count === 0);
      var number = document.createElement("span");
      number.className = "aantal";
      number.textContent = count;
      var plus = dotButton("+", "Stip zetten bij " + candidate.title,
                           left <= 0 || (s.max && count >= s.max));
      minus.addEventListener("click", function () { change(s, candidate.key, -1); });
      plus.addEventListener("click", function () { change(s, candidate.key, 1); });
      item.appendChild(title);
      item.appendChild(minus);
      item.appendChild(number);
      item.appendChild(plus);
      list.appendChild(item);
    });
    $("over").textContent = "Nog " + left + " van " + s.budget + " stippen";
    $("stemmen-status").textContent = ballot.dirty ? "Nog niet verstuurd." :
      (used() ? "Uw stemmen zijn binnen. U kunt ze wijzigen tot de uitslag." : "");
  }
  function dotButton(sign, label, disabled) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "stip";
    button.textContent = sign;
    button.setAttribute("aria-label", label);
    button.disabled = !!disabled;
    return button;
  }
  function change(s, key, delta) {
    var count = (ballot.dots[key] || 0) + delta;
    if (count < 0) { return; }
    if (count) { ballot.dots[key] = count; } else { delete ballot.dots[key]; }
    ballot.dirty = true;
    tell("");
    drawCandidates(s);
  }
  $("stemmen-knop").addEventListener("click", function () {
    if (!stand || stand.phase !== "stemmen") { return; }
    var sent = Object.assign({}, ballot.dots);
    call("POST", "/api/stemmen", { stap: stand.step.number, stippen: sent, rid: requestId() })
      .then(function (data) {
        ballot.dirty = false;
        tell("Uw stemmen zijn binnen.", true);
        render(data.stand);
      }, failed);
  });

  function renderScore(s) {
    var grid = $("cijfers");
    if (!grid.childElementCount) {
      for (var n = 1; n <= 10; n++) {
        (function (score) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = score;
          button.addEventListener("click", function () {
            call("POST", "/api/score", { score: score, rid: requestId() }).then(function (data) {
              tell("Uw cijfer is binnen.", true);
              render(data.stand);
            }, failed);
          });
          grid.appendChild(button);
        })(n);
      }
    }
    Array.prototype.forEach.call(grid.children, function (button) {
      button.className = Number(button.textContent) === s.score ? "gekozen" : "";
    });
    $("score-status").textContent = s.score ? "Uw cijfer: " + s.score +
      ". U kunt het nog wijzigen." : "";
  }

  // -- staying up to date: a WebSocket, polling when it drops -------------------------
  function refresh() {
    if (!token) { return; }
    call("GET", "/api/stand", null, 3).then(render, failed);
  }
  function connect() {
    if (!token || !window.WebSocket) { poll(); return; }
    if (socket) { try { socket.close(); } catch (e) { /* already closed */ } }
    socket = new WebSocket("ws://" + location.host + "/api/ws?t=" + encodeURIComponent(token));
    socket.onopen = function () { stopPolling(); };
    socket.onmessage = function (event) { render(JSON.parse(event.data)); };
    socket.onclose = function () {
      socket = null;
      if (stand && stand.phase === "gesloten") { return; }
      poll();
      setTimeout(function () { if (!socket && token) { connect(); } }, 10000);
    };
  }
  function poll() {
    if (!pollTimer) { pollTimer = setInterval(refresh, 4000); }
  }
  function stopPolling() {
    if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
  }
  function stopUpdates() {
    stopPolling();
    if (socket) { socket.onclose = null; try { socket.close(); } catch (e) { /* closed */ } }
    socket = null;
  }
  document.addEventListener("visibilitychange", function () {
    // Phones drop sockets when the screen locks: fetch everything again on return.
    if (document.visibilityState === "visible" && token) { refresh(); connect(); }
  });

  function start() {
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(STORE) || "null"); } catch (e) { kept = null; }
    if (kept && kept.token && (kept.secret === secret || (!secret && kept.code))) {
      token = kept.token;
      code = kept.code;
      call("GET", "/api/stand").then(function (data) { render(data); connect(); }, function (e) {
        if (e.status === 401) { forget(); start(); } else { failed(e); }
      });
      return;
    }
    if (secret || code) { askNames(); } else { show("code"); }
  }
  start();
})();
