// The review page: one item at a time, verdicts by keyboard, corrections checked as typed.
// Every value from a record, a description or the server is shown with textContent:
// nothing here ever parses text as HTML.
"use strict";

const API = "/v1/reviews";
const CHECK_DELAY_MS = 300;
const state = { auth: null, item: null, editing: false, checkTimer: null, checkSeq: 0, editValid: false, busy: false };
const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// --- talking to the API ----------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function call(method, path, body, query) {
  const url = new URL(API + path, window.location.origin);
  const headers = { Accept: "application/json" };
  if (state.auth && state.auth.key) headers.Authorization = `Bearer ${state.auth.key}`;
  if (state.auth && state.auth.name && query) url.searchParams.set("reviewer", state.auth.name);
  for (const [k, v] of Object.entries(query || {})) if (v) url.searchParams.set(k, v);
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// --- who is reviewing ------------------------------------------------------------------------

async function start() {
  // The server says whether it has API keys (a reviewer gives a key) or not (a name).
  const needsKey = document.querySelector('meta[name="copiste-auth"]').content === "key";
  $("login-label").textContent = needsKey ? "API key" : "Your name";
  $("login-input").type = needsKey ? "password" : "text";
  const saved = needsKey ? sessionStorage.getItem("copiste-review-key") : localStorage.getItem("copiste-review-name");
  // Listening from the start: a key refused later (401) brings the form back.
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = $("login-input").value.trim();
    if (!value) return;
    state.auth = needsKey ? { key: value } : { name: value };
    if (await loadNext()) {
      if (needsKey) sessionStorage.setItem("copiste-review-key", value);
      else localStorage.setItem("copiste-review-name", value);
    }
  });
  if (saved) {
    state.auth = needsKey ? { key: saved } : { name: saved };
    if (await loadNext()) return;
  }
  showLogin(needsKey, "");
}

function showLogin(needsKey, message) {
  $("login").hidden = false;
  $("review").hidden = $("actions").hidden = $("done").hidden = true;
  $("login-error").textContent = message;
  $("login-input").focus();
}

// --- one item --------------------------------------------------------------------------------

async function loadNext(after) {
  try {
    const data = await call("GET", "/next", undefined, { after });
    $("login").hidden = true;
    $("who").textContent = `reviewing as ${data.reviewer}`;
    showProgress(data.progress);
    show(data.item);
    return true;
  } catch (error) {
    if (error.status === 401 || error.status === 422) {
      sessionStorage.removeItem("copiste-review-key");
      showLogin(Boolean(state.auth && state.auth.key), error.message);
      return false;
    }
    status(error.message, true);
    return false;
  }
}

function show(item) {
  state.item = item;
  stopEditing();
  $("comment").value = "";
  // Shortcuts act on the page, not in the comment a verdict was just given from.
  if (["TEXTAREA", "INPUT"].includes(document.activeElement.tagName)) document.activeElement.blur();
  if (!item) {
    $("review").hidden = $("actions").hidden = true;
    $("done").hidden = false;
    return;
  }
  $("done").hidden = true;
  $("review").hidden = $("actions").hidden = false;
  $("description").textContent = item.description;
  const others = item.verdicts ? ` · ${item.verdicts} verdict(s) already` : "";
  $("meta").textContent = `${item.source} · ${item.syntax} · rules: ${item.rules}${others}`;
  renderRecord(item.record, item.syntax, item.report);
  status("g good · b bad · e correct · n skip");
}

function showProgress(p) {
  const agreement = p.agreement === null ? "–" : `${Math.round(p.agreement * 100)} %`;
  $("progress").textContent =
    `${p.yours} rated by you · ${p.remaining ?? "?"} to go · ${p.reviewed} of ${p.items} items reviewed · ` +
    `agreement with the rules ${agreement}`;
}

// A MarcEdit line `=TAG  value` as tag, indicators and subfields, each in its own span.
function fieldLine(text, syntax) {
  const li = el("li", "field");
  const match = syntax === "mrk" ? /^=([0-9A-Za-z]{3})  ?(.*)$/.exec(text) : null;
  if (!match) {
    li.append(el("span", "value", text));
    return li;
  }
  const [, tag, rest] = match;
  li.append(el("span", "tag", tag));
  const control = tag === "LDR" || /^00/.test(tag) || !rest.includes("$");
  if (control) {
    li.append(el("span", "value", rest));
    return li;
  }
  li.append(el("span", "ind", rest.slice(0, 2)));
  const parts = rest.slice(2).split("$");
  if (parts[0]) li.append(el("span", "value", parts[0]));
  for (const part of parts.slice(1)) {
    li.append(el("span", "code", `$${part.slice(0, 1)}`));
    li.append(el("span", "value", part.slice(1)));
  }
  return li;
}

function say(finding) {
  const where = finding.subfield ? `$${finding.subfield} ` : "";
  return `${finding.rule}: ${where}${finding.message}`;
}

function renderRecord(text, syntax, report) {
  const lines = text.replace(/\n+$/, "").split("\n");
  const fields = $("fields");
  const loose = $("record-findings");
  fields.replaceChildren();
  loose.replaceChildren();
  const items = lines.map((line, i) => {
    const li = fieldLine(line, syntax);
    li.dataset.line = String(i + 1);
    fields.append(li);
    return li;
  });
  for (const finding of report.findings) {
    const target = finding.line && items[finding.line - 1];
    const note = el("li", finding.severity, say(finding));
    if (!target) {
      loose.append(note);
      continue;
    }
    let why = target.querySelector("ul.why");
    if (!why) {
      why = el("ul", "why");
      target.append(why);
    }
    why.append(note);
    if (!target.classList.contains("error")) {
      target.classList.remove("warning");
      target.classList.add(finding.severity);
    }
  }
  const badge = $("validity");
  badge.textContent = report.valid ? "valid" : `${report.findings.filter((f) => f.severity === "error").length} error(s)`;
  badge.className = `badge ${report.valid ? "valid" : "invalid"}`;
}

// --- verdicts and corrections ----------------------------------------------------------------

async function verdict(value, corrected) {
  if (!state.item || state.busy) return;
  state.busy = true;
  try {
    const body = { item_id: state.item.id, verdict: value, comment: $("comment").value || null };
    if (corrected !== undefined) body.corrected = corrected;
    if (state.auth.name) body.reviewer = state.auth.name;
    const data = await call("POST", "", body);
    showProgress(data.progress);
    await loadNext(state.item.id); // on down the queue, not back to an item skipped earlier
    status(corrected !== undefined ? "correction saved" : `rated ${value}`);
  } catch (error) {
    status(error.message, true);
  } finally {
    state.busy = false;
  }
}

function startEditing() {
  if (!state.item || state.editing) return;
  state.editing = true;
  $("editor").hidden = false;
  $("save").hidden = $("cancel").hidden = false;
  $("edit-button").hidden = true;
  $("edit").value = state.item.record;
  $("edit").focus();
  scheduleCheck();
}

function stopEditing() {
  state.editing = false;
  clearTimeout(state.checkTimer);
  state.checkSeq += 1; // answers still on their way are for a closed editor
  $("editor").hidden = true;
  $("save").hidden = $("cancel").hidden = true;
  $("edit-button").hidden = false;
  $("edit-status").textContent = "";
  if (state.item) renderRecord(state.item.record, state.item.syntax, state.item.report);
}

function scheduleCheck() {
  clearTimeout(state.checkTimer);
  state.editValid = false;
  $("save").disabled = true;
  $("edit-status").textContent = "checking…";
  state.checkTimer = setTimeout(checkEdit, CHECK_DELAY_MS);
}

async function checkEdit() {
  const seq = ++state.checkSeq;
  const text = $("edit").value;
  try {
    const report = await call("POST", "/check", { item_id: state.item.id, text });
    if (seq !== state.checkSeq) return; // a newer edit is being checked
    renderRecord(text, state.item.syntax, report);
    const errors = report.findings.filter((f) => f.severity === "error");
    state.editValid = report.valid;
    $("save").disabled = !report.valid;
    $("edit-status").textContent = report.valid
      ? "the corrected record passes the rules"
      : `${errors.length} error(s): ${errors.map(say).join(" · ")}`;
    $("edit-status").className = report.valid ? "" : "error";
  } catch (error) {
    if (seq === state.checkSeq) $("edit-status").textContent = error.message;
  }
}

function saveCorrection() {
  if (state.editing && state.editValid) verdict("bad", $("edit").value);
}

function status(message, isError) {
  $("status").textContent = message;
  $("status").className = isError ? "error" : "";
}

// --- keys and buttons ------------------------------------------------------------------------

function onKey(event) {
  if ($("review").hidden || event.altKey || event.metaKey) return;
  const typing = ["TEXTAREA", "INPUT"].includes(document.activeElement.tagName);
  if (event.key === "Enter" && event.ctrlKey) {
    event.preventDefault();
    saveCorrection();
    return;
  }
  if (event.key === "Escape") {
    if (state.editing) stopEditing();
    else document.activeElement.blur();
    return;
  }
  if (typing || event.ctrlKey) return;
  const actions = { g: () => verdict("good"), b: () => verdict("bad"), e: startEditing, n: () => loadNext(state.item && state.item.id) };
  const action = actions[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("good").addEventListener("click", () => verdict("good"));
  $("bad").addEventListener("click", () => verdict("bad"));
  $("edit-button").addEventListener("click", startEditing);
  $("save").addEventListener("click", saveCorrection);
  $("cancel").addEventListener("click", stopEditing);
  $("next").addEventListener("click", () => loadNext(state.item && state.item.id));
  $("edit").addEventListener("input", scheduleCheck);
  document.addEventListener("keydown", onKey);
  start();
});
