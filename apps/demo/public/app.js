// The demo page: plain JavaScript, no build step. It talks to the demo's HTTP API
// and follows the session's events over SSE (EventSource resumes with Last-Event-ID by itself).

const $ = (id) => document.getElementById(id);
const els = {
  sessions: $('sessions'), files: $('files'), fileView: $('file-view'), messages: $('messages'), welcome: $('welcome'),
  timeline: $('timeline'), input: $('input'), send: $('send'), composer: $('composer'), backends: $('backends'),
  status: $('status'), statusText: $('status-text'), toast: $('toast'), eventCount: $('event-count'),
};

const state = {
  sessionId: undefined,
  source: undefined,
  /** Highest durable sequence rendered: a replay never shows an event twice. */
  lastSequence: 0,
  eventCount: 0,
  busy: false,
  /** The agent bubble receiving deltas now: { turnId, text, node }. */
  streaming: undefined,
  /**
   * Bubbles filled by deltas and not yet matched to their `output.message.completed`, oldest first.
   * Deltas are live-only and may overtake the durable events around them, so matching is by order.
   */
  pendingBubbles: [],
  toolNotes: new Map(),
};

// ---------- helpers ----------
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
/** A tiny, safe markdown subset: paragraphs, "- " lists, **bold**, `code`. */
function renderMarkdown(text) {
  const inline = (s) => escapeHtml(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/`([^`]+)`/g, '<code>$1</code>');
  const out = [];
  let list = [];
  const flush = () => { if (list.length) out.push(`<ul>${list.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`); list = []; };
  for (const line of text.split('\n')) {
    if (/^\s*[-*] /.test(line)) list.push(line.replace(/^\s*[-*] /, ''));
    else { flush(); if (line.trim()) out.push(`<p>${inline(line)}</p>`); }
  }
  flush();
  return out.join('');
}
function textOf(content) {
  return (content || []).filter((p) => p.type === 'text').map((p) => p.text).join('');
}
function resultOf(parts) {
  const text = textOf(parts);
  try { return JSON.parse(text); } catch { return text; }
}
function pretty(value) {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
function ms(value) {
  if (value === undefined) return '';
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}
function toast(message) {
  els.toast.textContent = message;
  els.toast.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { els.toast.hidden = true; }, 4000);
}
async function api(path, options = {}) {
  const response = await fetch(path, { headers: { 'Content-Type': 'application/json' }, ...options });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw Object.assign(new Error(body.detail || body.title || response.statusText), { status: response.status, body });
  return body;
}
function scrollDown(node) {
  node.scrollTop = node.scrollHeight;
}
function setBusy(busy) {
  state.busy = busy;
  els.send.disabled = busy;
  els.send.textContent = busy ? 'Working…' : 'Send';
}
function setStatus(kind, text) {
  els.status.className = `status ${kind}`;
  els.statusText.textContent = text;
}

// ---------- chat ----------
function hideWelcome() {
  els.welcome.hidden = true;
}
function addMessage(role, text, extraClass = '') {
  hideWelcome();
  const node = el('div', `msg ${role} ${extraClass}`.trim());
  if (role === 'agent') node.innerHTML = renderMarkdown(text);
  else node.textContent = text;
  els.messages.append(node);
  scrollDown(els.messages);
  return node;
}
function toolNote(call) {
  hideWelcome();
  const args = call.arguments && typeof call.arguments === 'object' ? Object.values(call.arguments).filter((v) => typeof v === 'string' && v.length < 60) : [];
  const node = el('div', 'tool-note', `⚙ ${call.name}${args.length ? ` · ${args.join(', ')}` : ''}`);
  node.dataset.testid = 'tool-note';
  els.messages.append(node);
  state.toolNotes.set(call.id, node);
  scrollDown(els.messages);
}

// ---------- timeline ----------
const QUIET = new Set(['session.started', 'session.activated', 'session.idled', 'output.message.started', 'llm.generation']);
function timelineItem(event) {
  const kind = event.type.split('.')[0];
  const item = el('li', `ev ${kind}${QUIET.has(event.type) ? ' quiet' : ''}`);
  item.dataset.type = event.type;
  item.append(el('span', 'icon'));
  const head = el('div', 'head');
  head.append(el('span', 'type', event.type), el('span', 'seq', `#${event.sequence}`));
  item.append(head);
  const detail = (text) => item.append(el('div', 'detail', text));
  const block = (label, value) => { item.append(el('div', 'label', label)); item.append(el('pre', '', pretty(value))); };
  const d = event.data;
  switch (event.type) {
    case 'input.message': detail(textOf(d.message.content)); break;
    case 'turn.started': detail(d.turnId); break;
    case 'reason.started': detail(`step ${d.iteration ?? '?'}`); break;
    case 'reason.completed': detail(`${d.toolCallCount} tool call${d.toolCallCount === 1 ? '' : 's'} · ${ms(d.durationMs)}${d.usage ? ` · ${d.usage.inputTokens}+${d.usage.outputTokens} tokens` : ''}`); break;
    case 'llm.generation': detail(`${d.metadata.model} · ${ms(d.metadata.durationMs)}`); break;
    case 'output.message.completed': { const t = textOf(d.message.content); if (t) detail(t.length > 140 ? `${t.slice(0, 139)}…` : t); break; }
    case 'act.started': detail(`${d.toolCalls.length} tool call${d.toolCalls.length === 1 ? '' : 's'}${d.toolCalls.length > 1 ? ' in parallel' : ''}: ${d.toolCalls.map((c) => c.name).join(', ')}`); break;
    case 'act.completed': detail(`${d.successCount} ok${d.errorCount ? `, ${d.errorCount} failed` : ''} · ${ms(d.durationMs)}`); break;
    case 'tool.started': head.querySelector('.type').textContent = `tool.started · ${d.toolCall.name}`; block('arguments', d.toolCall.arguments); break;
    case 'tool.completed':
      item.classList.add(d.success ? 'ok' : 'failed');
      head.querySelector('.type').textContent = `tool.completed · ${d.toolName}`;
      detail(`${d.status} · ${ms(d.durationMs)}`);
      block(d.success ? 'result' : 'error', d.success ? resultOf(d.result) : d.error);
      break;
    case 'turn.completed': {
      item.classList.add('done');
      detail(`${d.iterations} steps · ${d.toolCallCount} tool calls · ${d.llmCallCount} LLM calls · ${ms(d.durationMs)}`);
      if (d.usage) {
        const usage = el('div', 'usage');
        usage.dataset.testid = 'usage';
        for (const [label, value] of [['input', d.usage.inputTokens], ['output', d.usage.outputTokens], ['total', d.usage.inputTokens + d.usage.outputTokens]]) {
          const cell = el('div');
          cell.append(el('b', '', String(value)), el('span', '', label));
          usage.append(cell);
        }
        item.append(el('div', 'label', 'usage · tokens'), usage);
      }
      break;
    }
    case 'turn.failed': item.classList.add('failed'); detail(d.error); break;
    case 'turn.cancelled': item.classList.add('failed'); detail(d.reason || 'cancelled'); break;
    default: break;
  }
  return item;
}

// ---------- events ----------
function onEvent(event) {
  if (event.ephemeral) {
    if (event.type === 'output.message.delta') {
      const { turnId, accumulated } = event.data;
      const current = state.streaming;
      // A new message starts when the accumulated text no longer extends the bubble's text.
      if (!current || current.turnId !== turnId || !accumulated.startsWith(current.text)) {
        state.streaming = { turnId, text: '', node: addMessage('agent', '', 'streaming') };
        state.pendingBubbles.push(state.streaming.node);
      }
      state.streaming.text = accumulated;
      state.streaming.node.innerHTML = renderMarkdown(accumulated);
      scrollDown(els.messages);
    }
    return;
  }
  if (event.sequence <= state.lastSequence) return;
  state.lastSequence = event.sequence;
  state.eventCount++;
  els.eventCount.textContent = `${state.eventCount} events`;
  els.timeline.append(timelineItem(event));
  scrollDown(els.timeline);

  const d = event.data;
  switch (event.type) {
    case 'input.message': addMessage('user', textOf(d.message.content)); break;
    case 'turn.started': setBusy(true); break;
    case 'output.message.completed': {
      const text = textOf(d.message.content);
      const bubble = text ? state.pendingBubbles.shift() : undefined;
      if (bubble) {
        bubble.classList.remove('streaming');
        bubble.innerHTML = renderMarkdown(text);
        if (state.streaming?.node === bubble) state.streaming = undefined;
      } else if (text) addMessage('agent', text);
      break;
    }
    case 'tool.started': toolNote(d.toolCall); break;
    case 'tool.completed': {
      const note = state.toolNotes.get(d.toolCallId);
      if (note) { note.classList.add('done'); note.insertAdjacentHTML('beforeend', d.success ? ' <span class="ok">✓</span>' : ' ✗'); }
      if (['write_file', 'edit_file', 'delete_file'].includes(d.toolName)) loadFiles();
      break;
    }
    case 'turn.failed': addMessage('agent', `Turn failed: ${d.error}`, 'error'); setBusy(false); break;
    case 'turn.cancelled': addMessage('agent', 'Turn cancelled.', 'error'); setBusy(false); break;
    case 'turn.completed': setBusy(false); loadFiles(); loadSessions(); break;
    default: break;
  }
}

function follow(sessionId) {
  state.source?.close();
  const source = new EventSource(`/api/sessions/${sessionId}/events`);
  state.source = source;
  source.onopen = () => setStatus('live', 'live');
  source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'down' : '', 'reconnecting…');
  source.onmessage = (message) => onEvent(JSON.parse(message.data));
}

// ---------- sessions & files ----------
async function loadSessions() {
  const page = await api('/api/sessions?limit=30');
  els.sessions.replaceChildren();
  for (const session of page.sessions) {
    const item = el('li', session.id === state.sessionId ? 'active' : '');
    item.append(el('span', 'title', session.title || 'Untitled'), el('span', 'sub', `${session.id.slice(0, 20)}… · ${new Date(session.createdAt).toLocaleTimeString()}`));
    item.onclick = () => openSession(session.id);
    els.sessions.append(item);
  }
  if (page.sessions.length === 0) els.sessions.append(el('li', 'empty', 'No sessions'));
  return page.sessions;
}

async function loadFiles() {
  if (!state.sessionId) return;
  const sessionId = state.sessionId;
  try {
    const listing = await api(`/api/sessions/${sessionId}/files?path=${encodeURIComponent('/workspace')}`);
    if (sessionId !== state.sessionId) return;
    els.files.replaceChildren();
    for (const entry of listing.entries) {
      const item = el('li');
      item.dataset.testid = 'file';
      item.append(el('span', '', entry.isDirectory ? `${entry.name}/` : entry.name), el('span', 'sub', entry.isDirectory ? '' : `${entry.sizeBytes} B`));
      if (!entry.isDirectory) item.onclick = () => showFile(entry.path);
      els.files.append(item);
    }
    if (listing.entries.length === 0) els.files.append(el('li', 'empty', 'No files yet'));
  } catch (error) {
    if (error.status !== 404) toast(`files: ${error.message}`);
  }
}

async function showFile(path) {
  const file = await api(`/api/sessions/${state.sessionId}/files?path=${encodeURIComponent(path)}`);
  els.fileView.textContent = file.encoding === 'base64' ? `(binary, ${file.sizeBytes} bytes)` : file.content;
  els.fileView.hidden = false;
}

async function openSession(sessionId) {
  state.sessionId = sessionId;
  state.lastSequence = 0;
  state.eventCount = 0;
  state.streaming = undefined;
  state.pendingBubbles = [];
  state.toolNotes.clear();
  els.timeline.replaceChildren();
  els.messages.replaceChildren(els.welcome);
  els.welcome.hidden = false;
  els.fileView.hidden = true;
  setBusy(false);
  history.replaceState(null, '', `#${sessionId}`);
  follow(sessionId);
  await Promise.all([loadSessions(), loadFiles()]);
}

async function newSession() {
  const session = await api('/api/sessions', { method: 'POST', body: JSON.stringify({ title: `Chat ${new Date().toLocaleTimeString()}` }) });
  await openSession(session.id);
}

async function send(text) {
  if (!text.trim() || state.busy) return;
  if (!state.sessionId) await newSession();
  setBusy(true);
  try {
    await api(`/api/sessions/${state.sessionId}/messages`, { method: 'POST', body: JSON.stringify({ text }) });
    els.input.value = '';
  } catch (error) {
    setBusy(false);
    toast(error.status === 409 ? 'The agent is still working on the previous message.' : error.message);
  }
}

// ---------- wiring ----------
els.composer.addEventListener('submit', (event) => { event.preventDefault(); send(els.input.value); });
els.input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); send(els.input.value); }
});
for (const chip of document.querySelectorAll('.chip')) chip.addEventListener('click', () => send(chip.dataset.prompt));
$('new-session').addEventListener('click', () => newSession().catch((error) => toast(error.message)));
$('refresh-files').addEventListener('click', () => loadFiles());

(async function start() {
  try {
    const info = await api('/api/info');
    els.backends.textContent = info.backends;
    const sessions = await loadSessions();
    const fromHash = location.hash.slice(1);
    if (fromHash && sessions.some((s) => s.id === fromHash)) await openSession(fromHash);
    else if (sessions[0]) await openSession(sessions[0].id);
    else await newSession();
    els.input.focus();
  } catch (error) {
    setStatus('down', 'offline');
    toast(error.message);
  }
})();
