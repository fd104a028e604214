// The phone page's script. The page works without it (plain forms); with it, notes are sent in the
// background with a key of their own, kept in localStorage until the server has stored them (a phone
// that loses the network sends them when it is back), and the page follows the room without reloading
// (server-sent events; it re-reads the state when it becomes visible again).
// Text from the server or the user is only ever put on the page with textContent.
(function () {
  "use strict";
  var body = document.body;
  var base = body.dataset.base;
  if (!base) { return; }
  var OUTBOX = "dw-outbox:" + base;
  var NAME = "dw-name";
  var state = null;
  var sending = false;
  var events = null;
  var closed = false;

  function $(id) { return document.getElementById(id); }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      try { return window.crypto.randomUUID(); } catch (e) { /* not a secure context: fall back */ }
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function load(name, fallback) {
    try { var v = window.localStorage.getItem(name); return v === null ? fallback : JSON.parse(v); }
    catch (e) { return fallback; }
  }
  function save(name, value) {
    try { window.localStorage.setItem(name, JSON.stringify(value)); } catch (e) { /* private mode: kept in memory */ }
  }
  var memoryOutbox = load(OUTBOX, []);
  function outbox() { return memoryOutbox; }
  function setOutbox(items) { memoryOutbox = items; save(OUTBOX, items); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var noticeTimer = null;
  function notice(text, isError) {
    var n = $("notice");
    n.textContent = text;
    n.className = "flash" + (isError ? " error" : "");
    n.hidden = !text;
    window.clearTimeout(noticeTimer);
    if (text && !isError) { noticeTimer = window.setTimeout(function () { n.hidden = true; }, 5000); }
  }

  function connection(text) {
    var c = $("connection");
    c.textContent = text || "";
    c.hidden = !text;
  }

  // --- talking to the room -----------------------------------------------------------------------

  function post(path, data) {
    return fetch(base + "/" + path, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { status: response.status, json: json };
      });
    });
  }

  function refresh() {
    return fetch(base + "/state", { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (response.status === 404) { showClosed(); return; }
      if (!response.ok) { return; }
      return response.json().then(function (json) {
        closed = false;
        state = json;
        render();
      });
    }).catch(function () { connection("Ingen forbindelse til rummet. Det, du skriver, gemmes på telefonen."); });
  }

  function showClosed() {
    closed = true;
    connection("Rummet er lukket for telefoner lige nu. Det, du skriver, gemmes på telefonen og sendes, når det åbner igen.");
  }

  // Sends what waits in the outbox, oldest first; stops at the first that cannot be sent now.
  function flush() {
    if (sending || outbox().length === 0) { return Promise.resolve(); }
    sending = true;
    var sent = false;
    function next() {
      var items = outbox();
      if (items.length === 0) { return Promise.resolve(); }
      var item = items[0];
      var data = Object.assign({ key: item.key }, item.body);
      return post(item.path, data).then(function (answer) {
        if (answer.status === 429 || answer.status >= 500 || answer.status === 404) {
          if (answer.status === 404) { showClosed(); }
          else if (answer.status === 429) { notice(answer.json.error || "Vent lidt, og prøv igen.", true); }
          return;  // kept: tried again later
        }
        setOutbox(outbox().filter(function (x) { return x.key !== item.key; }));
        sent = true;
        if (answer.json.ok) { notice(answer.json.message || ""); connection(""); }
        else {
          // Refused for good (too long, an unknown round): the text goes back into its field, not lost.
          notice(answer.json.error || "Det gik ikke.", true);
          restore(item);
        }
        return next();
      });
    }
    return next().catch(function () {
      connection("Ingen forbindelse til rummet. Det, du skriver, gemmes på telefonen og sendes, når forbindelsen er tilbage.");
    }).then(function () {
      sending = false;
      renderPosts();
      if (sent) { return refresh(); }
    });
  }

  function restore(item) {
    var field = item.path === "note" ? $("note-text")
      : document.querySelector(".answer-form input[name=question][value='" + item.body.question + "'] ~ textarea");
    if (field && !field.value) { field.value = item.body.text; }
  }

  // --- drawing the state ------------------------------------------------------------------------

  var shownStep = body.dataset.step;
  function render() {
    if (!state) { return; }
    if (state.step !== shownStep) {  // the facilitator moved on: yesterday's messages go
      shownStep = state.step;
      notice("");
      Array.prototype.forEach.call(document.querySelectorAll("p.flash:not(#notice)"), function (p) { p.hidden = true; });
    }
    $("step-label").textContent = state.label;
    document.title = state.label;
    $("lead").textContent = state.lead || "";
    $("lead").hidden = !state.lead;
    $("wait").hidden = state.step !== "wait";
    $("wait-text").textContent = state.wait || "";
    $("brainstorm").hidden = state.step !== "brainstorm";
    $("evaluation").hidden = state.step !== "evaluation";
    $("board").hidden = state.step !== "systematisation";
    if (state.round) {
      $("round-title").textContent = state.round.title;
      Array.prototype.forEach.call(document.querySelectorAll(".round-id"), function (input) {
        input.value = state.round.id;
      });
    }
    if (state.board) { renderBoard(state.board); }
    renderPosts();
  }

  function renderPosts() {
    var list = $("posts");
    var posts = state ? state.posts : [];
    var known = {};
    posts.forEach(function (p) { known[p.key] = true; });
    var rows = posts.map(function (p) { return p; });
    outbox().forEach(function (item) {
      if (!known[item.key]) {
        rows.push({ key: item.key, where: item.where, text: item.body.text, status: "pending",
                    label: "Ikke sendt endnu", can_withdraw: false });
      }
    });
    list.textContent = "";
    rows.forEach(function (p) {
      var li = el("li", "post status-" + p.status);
      li.appendChild(el("span", "post-where", p.where));
      li.appendChild(el("span", "post-text", p.text));
      li.appendChild(el("span", "post-status", p.label));
      if (p.can_withdraw) {
        var button = el("button", "small", "Tag tilbage");
        button.type = "button";
        button.addEventListener("click", function () { act("withdraw", { post_id: p.id }, button); });
        li.appendChild(button);
      }
      list.appendChild(li);
    });
    $("mine").hidden = rows.length === 0;
  }

  function renderBoard(board) {
    $("dots-left").textContent = board.left;
    $("dots-word").textContent = board.left === 1 ? "stemme" : "stemmer";
    var groups = $("groups");
    groups.textContent = "";
    if (board.groups.length === 0) {
      groups.appendChild(el("p", "empty", "Der er ingen noter at stemme på endnu."));
    }
    board.groups.forEach(function (group) {
      groups.appendChild(el("h2", "group", group.label));
      var ul = el("ul", "items");
      group.items.forEach(function (item) {
        var li = el("li", "item item-" + item.type);
        var text = el("p", "item-text");
        if (item.type === "theme") { text.appendChild(el("span", "tag", "Tema")); text.appendChild(document.createTextNode(" ")); }
        text.appendChild(document.createTextNode(item.text));
        li.appendChild(text);
        if (item.notes.length) {
          var notes = el("ul", "item-notes");
          item.notes.forEach(function (t) { notes.appendChild(el("li", "", t)); });
          li.appendChild(notes);
        }
        var row = el("div", "vote-row");
        var minus = el("button", "vote", "−");
        minus.type = "button";
        minus.setAttribute("aria-label", "Tag en stemme tilbage");
        minus.disabled = !item.mine;
        minus.addEventListener("click", function () { act("unvote", { target: item.type, id: item.id }, minus); });
        var tally = el("span", "tally");
        tally.appendChild(el("strong", "", String(item.mine)));
        tally.appendChild(document.createTextNode(" fra dig · " + item.votes + " i alt"));
        var plus = el("button", "vote", "+");
        plus.type = "button";
        plus.setAttribute("aria-label", "Giv en stemme");
        plus.disabled = board.left === 0;
        plus.addEventListener("click", function () {
          act("vote", { key: newKey(), target: item.type, id: item.id }, plus);
        });
        row.appendChild(minus); row.appendChild(tally); row.appendChild(plus);
        li.appendChild(row);
        ul.appendChild(li);
      });
      groups.appendChild(ul);
    });
  }

  // A vote, an unvote or a take-back: sent at once (not kept for later: the room may have moved on).
  function act(path, data, button) {
    if (button) { button.disabled = true; }
    return post(path, data).then(function (answer) {
      if (answer.json.ok) { notice(answer.json.message || ""); }
      else if (answer.status === 404) { showClosed(); }
      else { notice(answer.json.error || "Det gik ikke.", true); }
    }).catch(function () {
      connection("Ingen forbindelse til rummet. Prøv igen, når forbindelsen er tilbage.");
    }).then(refresh);
  }

  // --- the forms ----------------------------------------------------------------------------------

  function cellName(form) {
    var p = form.querySelector("input[name=perspective]:checked");
    var k = form.querySelector("input[name=kind]:checked");
    function label(input) { return input.parentNode.querySelector(".choice-name").textContent; }
    return label(p) + " · " + label(k);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var action = form.dataset.action;
    if (!action) { return; }
    event.preventDefault();
    var fields = {};
    new FormData(form).forEach(function (value, name) { fields[name] = value; });
    if (action === "note" || action === "answer") {
      var text = fields.text || "";
      if (!text.trim()) { notice("Skriv noget først.", true); return; }
      var item = { key: newKey(), path: action, body: {}, where: "" };
      if (action === "note") {
        save(NAME, fields.name || "");
        item.body = { perspective: fields.perspective, kind: fields.kind, text: text, name: fields.name || "" };
        item.where = cellName(form);
      } else {
        item.body = { round_id: fields.round_id, question: fields.question, text: text };
        item.where = form.querySelector(".question").textContent;
      }
      setOutbox(outbox().concat([item]));
      form.querySelector("textarea").value = "";
      renderPosts();
      flush();
    } else {
      delete fields.key;
      if (action === "vote") { fields.key = newKey(); }
      var button = form.querySelector("button");
      act(action, fields, button);
    }
  });

  // --- following the room -------------------------------------------------------------------------

  function listen() {
    if (!window.EventSource) { return; }
    if (events && events.readyState !== 2) { return; }
    events = new EventSource(base + "/events");
    events.onopen = function () { connection(""); refresh(); flush(); };
    events.onmessage = function (message) {
      if (!state || message.data !== state.version) { refresh(); }
    };
    events.addEventListener("closed", function () {
      showClosed();
      events.close();
      window.setTimeout(listen, 5000);
    });
    events.onerror = function () {
      if (events.readyState === 2) { window.setTimeout(listen, 5000); }
      if (!closed) { connection("Forbindelsen til rummet er afbrudt. Prøver igen …"); }
    };
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { listen(); refresh(); flush(); }
  });
  window.addEventListener("online", function () { listen(); refresh(); flush(); });
  window.setInterval(function () {
    flush();
    if (!window.EventSource || !events || events.readyState !== 1) { refresh(); }
  }, 5000);

  var nameField = $("note-name");
  if (nameField) { nameField.value = load(NAME, ""); }
  refresh().then(flush);
  listen();
})();
