// The beamer page: the open step in large type, how to join, the result after the reveal.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var key = location.pathname.split("/").pop();
  var url = "/api/scherm/" + encodeURIComponent(key);
  var socket = null;
  var timer = null;

  function list(id, items, fill) {
    var element = $(id);
    element.textContent = "";
    element.hidden = !items || !items.length;
    (items || []).forEach(function (item) {
      var li = document.createElement("li");
      fill(li, item);
      element.appendChild(li);
    });
  }
  function render(s) {
    $("titel").textContent = s.session || "De bijeenkomst";
    var closed = !!s.closed || s.phase === "gesloten";
    $("gesloten").hidden = !closed;
    $("meedoen").hidden = closed || !s.code;
    if (s.code) {
      $("qr").innerHTML = s.qr_svg;  // made by the laptop itself (segno), no user text
      $("adres").textContent = s.join_url.split("/z/")[0] + "/";
      $("code").textContent = s.code.slice(0, 3) + " " + s.code.slice(3);
      $("aantal").textContent = s.joined ? s.joined + " doen mee" : "";
    }
    $("stap").textContent = s.step && !closed ? "Stap " + s.step.number + ": " + s.step.name : "";
    $("vraag").textContent = s.step && !closed ? s.step.question : "";
    $("stand").textContent = closed ? "" : (s.voted || (s.phase === "bijdragen" ?
      "Stuur uw bijdragen in met uw telefoon." : ""));
    var highest = Math.max.apply(null, (s.result || []).map(function (r) { return r.count; })
      .concat([1]));
    list("uitslag", closed ? [] : s.result, function (li, r) {
      var bar = document.createElement("span");
      bar.className = "balk";
      bar.style.width = Math.round(100 * r.count / highest) + "%";
      var text = document.createElement("span");
      text.textContent = r.place + ". " + r.title + " (" + r.count + ")";
      li.appendChild(text);
      li.appendChild(bar);
    });
    list("kandidaten", closed || s.result ? [] : s.candidates, function (li, title) {
      li.textContent = title;
    });
  }
  function refresh() {
    fetch(url, { cache: "no-store" }).then(function (r) { return r.json(); })
      .then(render, function () { /* the laptop may be gone; the socket says so */ });
  }
  function connect() {
    socket = new WebSocket("ws://" + location.host + url);
    socket.onopen = function () { if (timer) { clearInterval(timer); timer = null; } };
    socket.onmessage = function (event) { render(JSON.parse(event.data)); };
    socket.onclose = function () {
      socket = null;
      if (!timer) { timer = setInterval(refresh, 5000); }
      setTimeout(function () { if (!socket) { connect(); } }, 10000);
    };
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { refresh(); }
  });
  refresh();
  connect();
})();
