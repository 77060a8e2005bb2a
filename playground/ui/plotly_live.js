function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__playgroundPlotly) {
    window.__playgroundPlotly = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL('app/static/plotly.min.js', document.baseURI).href;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => reject(new Error('could not load plotly.min.js'));
      document.head.appendChild(script);
    });
  }
  return window.__playgroundPlotly;
}

// Plotly.react compares by identity. Where the new figure equals the one
// sent before, hand Plotly back the objects it drew last time (it adds keys
// such as axis types to them, so they cannot be compared directly).
// next: the new figure; sent: the previous one as it arrived; drawn: the
// previous one as given to Plotly. Mutates next.
function share(next, sent, drawn) {
  if (typeof next !== 'object' || next === null || typeof sent !== 'object' || sent === null
      || typeof drawn !== 'object' || drawn === null || Array.isArray(next) !== Array.isArray(sent)) return next;
  const keys = Object.keys(next);
  let same = keys.length === Object.keys(sent).length;
  for (const key of keys) {
    const value = next[key];
    if (typeof value !== 'object' || value === null) {
      if (value !== sent[key]) same = false;
      continue;
    }
    next[key] = share(value, sent[key], drawn[key]);
    if (next[key] !== drawn[key]) same = false;
  }
  return same ? drawn : next;
}

// A patch is a list of [op, path, value]: op 'set' puts value at path; or of
// ['splice', path, start, values]: the array at path is cut at start and the
// values appended. Copy-on-write along the path, so
// every object Plotly drew before stays the same object where nothing changed
// (Plotly.react compares by identity) and changed parts are new objects.
function patched(figure, ops) {
  const root = {...figure};
  for (const [op, path, ...args] of ops) {
    let node = root;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i];
      node[key] = Array.isArray(node[key]) ? node[key].slice() : {...node[key]};
      node = node[key];
    }
    const last = path[path.length - 1];
    node[last] = op === 'splice' ? (node[last] || []).slice(0, args[0]).concat(args[1]) : args[0];
  }
  return root;
}

// Each message updates the chart's model at once (a whole figure, then any
// patch sent with it, or a patch of the version the chart holds), so no patch
// is ever lost; drawing the model is coalesced: frames that arrive while a
// draw is under way are drawn once, as the newest model.
function receive(el, json, ops, version, height, config) {
  el.style.height = height + 'px';
  if (json) {
    el.__model = share(JSON.parse(json), el.__sent || null, el.__model || null);
    el.__sent = JSON.parse(json);
    el.__version = version;
    if (ops && ops.length) {
      el.__model = patched(el.__model, ops);
      el.__sent = patched(el.__sent, ops);
    }
  } else if (ops && ops.length === 0) {
    return;  // nothing changed since the last frame
  } else if (ops && el.__version === version && el.__model) {
    el.__model = patched(el.__model, ops);
    el.__sent = patched(el.__sent, ops);  // what the next whole figure is compared with (share)
  } else {
    return;  // a patch for a figure this chart does not hold: it says so (report), and the figure comes whole
  }
  el.__dirty = true;
  if (el.__drawing) return;
  el.__drawing = true;
  loadPlotly().then(async (Plotly) => {
    while (el.__dirty) {
      el.__dirty = false;
      const figure = el.__model;
      // Plotly re-reads a config it is given on every call (~3 ms): give it once.
      const configText = JSON.stringify(config);
      const newConfig = configText === el.__config ? undefined : config;
      el.__config = configText;
      await Plotly.react(el, figure.data, figure.layout, newConfig);
      if (el.__onDrawn) el.__onDrawn();
      el.__draws = (el.__draws || 0) + 1;  // read by the benchmarks' frame counter
    }
  }).catch((error) => { el.textContent = String(error); })
    .finally(() => { el.__drawing = false; });
}

// What the charts hold, sent with every tick and event: the newest frame that
// arrived and each chart's figure version. Streamlit drops a run's output when
// the same fragment runs again before it was sent, so Python cannot know what
// arrived; with this it sends a figure whole again when the chart holds
// another version, and a one-off patch (drawn points) until a frame after it
// has arrived (see plotly_live.py).
function report(row) {
  row.__asks = (row.__asks || 0) + 1;  // a new value each time, so Streamlit runs the callback
  return {frame: row.__frame ?? null, held: [...row.children].map((el) => el.__version ?? null), ask: row.__asks};
}

// User input on a chart goes back to Python as one trigger value, "event":
// {chart, kind, id, ...}. kinds a chart listens for (data.events[i]):
// 'plane': a click anywhere in the plot area, {x, y} in data coordinates;
// 'point': a click on a trace's point, {curve, index, customdata};
// 'hover': the pointer enters a point ({curve, index, customdata}) or
// leaves it (curve null). id is unique per page and event, so Python can
// count each real click once however often Streamlit delivers it.
function pointOf(event) {
  const point = event && event.points && event.points[0];
  return point ? {curve: point.curveNumber, index: point.pointNumber ?? point.pointIndex ?? null,
                  customdata: point.customdata ?? null} : {curve: null, index: null, customdata: null};
}

function planeOf(el, event) {
  const layout = el._fullLayout, drag = el.querySelector('.nsewdrag');
  if (!layout || !layout.xaxis || !layout.yaxis || !drag) return null;
  const box = drag.getBoundingClientRect();
  const px = event.clientX - box.left, py = event.clientY - box.top;
  if (px < 0 || py < 0 || px > box.width || py > box.height) return null;
  return {x: layout.xaxis.p2l(px), y: layout.yaxis.p2l(py)};
}

const RECENT_EVENTS = 8;
// An event is answered by a frame whose 'handled' is its id. Until then it
// goes again every retryMs(), at most EVENT_RESENDS times: Streamlit may
// deliver it in another fragment's run, or drop the frame that drew it, and a
// paused chart would otherwise show a click's point only after the next one.
// Python counts each id once, so a repeat only draws again.
const EVENT_RESENDS = 4;

// Python handles events in order, so an id handled at or after the awaited one answers it.
function answers(handled, awaited) {
  if (typeof handled !== 'string') return false;
  const [page, seq] = handled.split('-'), [awaitedPage, awaitedSeq] = awaited.split('-');
  return page === awaitedPage && Number(seq) >= Number(awaitedSeq);
}

function sendEvent(row) {
  clearTimeout(row.__resend);
  if (!row.isConnected || !row.__awaiting) return;
  const event = row.__recent[row.__recent.length - 1];
  row.__emit('event', {...event, recent: row.__recent, ...report(row)});
  if (row.__resends++ < EVENT_RESENDS) row.__resend = setTimeout(() => sendEvent(row), retryMs(row));
}

function listen(el, row, i) {
  if (el.__listening || !el.on) return;
  el.__listening = true;
  const emit = (kind, detail) => {
    if (!(row.__events[i] || []).includes(kind) || !row.__emit) return;
    row.__seq = (row.__seq || 0) + 1;
    const event = {chart: i, kind, id: `${row.__page}-${row.__seq}`, ...detail};
    // Streamlit keeps only the newest value of a trigger that arrives before
    // the last one was run, so each one also carries the events before it.
    row.__recent = [...(row.__recent || []), event].slice(-RECENT_EVENTS);
    if (kind === 'hover') {
      // A hover may be answered by another chart's frame (the boundary shows
      // the neuron), and the next hover mends a lost one: it goes once.
      row.__emit('event', {...event, recent: row.__recent, ...report(row)});
      return;
    }
    row.__awaiting = event.id;
    row.__resends = 0;
    sendEvent(row);
  };
  // Plotly turns a press and release without movement into one click on the plot.
  el.addEventListener('click', (event) => {
    const at = planeOf(el, event);
    if (at) emit('plane', at);
  });
  el.on('plotly_click', (event) => emit('point', pointOf(event)));
  el.on('plotly_hover', (event) => emit('hover', pointOf(event)));
  el.on('plotly_unhover', () => emit('hover', pointOf(null)));
}

// While training, the charts clock their own fragment: once a frame has
// arrived, and data.tick seconds after they asked for it, they send the
// trigger 'tick', which reruns the fragment that drew them (and nothing else).
// So frames come every data.tick seconds when the server keeps up, and a slow
// server gets the next request only when it has sent the last frame; the
// interval can change with every frame without a page run. Drawing is not
// waited for (it would add its time to every frame): frames that arrive while
// one is drawn are drawn once, as the newest (receive above).
// Streamlit's front end sends widget changes of one moment together, for one
// fragment: two charts' ticks in the same moment would run only one of the
// fragments, so a tick within TICK_APART_MS of another chart's waits a little.
// A newer frame, or one with tick null (paused), replaces every wait.
// A tick also waits ARRIVAL_SHARE of the last round trip after a frame
// arrives: the server sends a frame before its run has ended, and a tick that
// comes before the end starts the next run at once, which drops output not
// yet sent (measured with 30 sessions: no wait lost a frame a second).
// Under load the server now and then runs no frame for a tick (seen with 30
// sessions on two cores: a few sessions a minute stopped for good), so a
// tick that gets no frame within retryMs() goes again. A repeat merges with a
// run already queued for the same fragment; one that starts right after a run
// can drop that run's unsent frame, which the next report mends (report below).
const TICK_RETRY_MIN_MS = 500, TICK_RETRY_ROUND_TRIPS = 4, TICK_APART_MS = 40, ARRIVAL_SHARE = 0.25;

function retryMs(row) {
  return Math.max(TICK_RETRY_MIN_MS, TICK_RETRY_ROUND_TRIPS * (row.__roundTrip || 0));
}

function clockFrames(row, data) {
  clearTimeout(row.__tick);
  row.__tick = null;
  if (row.__tickSent) row.__roundTrip = performance.now() - row.__tickSent;  // tick to frame, as answered
  row.__tickSent = null;
  row.__frame = data.frame;
  if (data.tick === null || data.tick === undefined) return;
  const frame = data.frame;
  const send = () => {
    if (!row.isConnected || row.__frame !== frame) return;
    const now = performance.now(), other = window.__playgroundTickAt || -Infinity;
    if (now - other < TICK_APART_MS && window.__playgroundTickRow !== row) {
      row.__tick = setTimeout(send, TICK_APART_MS);
      return;
    }
    window.__playgroundTickAt = now;
    window.__playgroundTickRow = row;
    if (!row.__tickSent) row.__asked = row.__tickSent = now;
    row.__emit('tick', report(row));
    row.__tick = setTimeout(send, retryMs(row));
  };
  const since = row.__asked ? performance.now() - row.__asked : 0;  // since this frame was asked for
  row.__tick = setTimeout(send, Math.max(ARRIVAL_SHARE * (row.__roundTrip || 0), 1000 * data.tick - since));
}

// The step counter and scores above the charts, sent with every frame in the
// charts' own element: one element per frame for Streamlit to send and the
// browser to lay out, instead of a Markdown element beside them. The text is
// '### title', a blank line, then a line whose **parts** are bold; it is
// written as text, never as HTML.
function showCounter(parent, row, text) {
  let box = parent.querySelector('.pg-counter');
  if (!box) {
    box = document.createElement('div');
    box.className = 'pg-counter';
    box.innerHTML = '<div><h3></h3><p></p></div>';  // fixed markup (styled in ui/app.py): the text goes in as text
    parent.insertBefore(box, row);
  }
  if (box.__text === text) return;
  box.__text = text;
  const [head, ...rest] = text.split('\n\n');
  box.querySelector('h3').textContent = head.replace(/^#+\s*/, '');
  box.querySelector('p').replaceChildren(...rest.join(' ').split('**').map((part, i) => {
    if (i % 2 === 0) return document.createTextNode(part);
    const bold = document.createElement('strong');
    bold.textContent = part;
    return bold;
  }));
}

// A run of the live fragment may carry more frames than one (data.later:
// each a patch per chart and a counter; see live.MAX_PARTS in Python): they
// are shown data.spacing seconds apart after the run's own frame, so the
// server's cost of a run is shared by several drawn frames. A new message
// first shows every part still waiting (their patches build on each other;
// drawing is coalesced, so only the newest is drawn).
function showPart(parentElement, row, part) {
  part.patches.forEach((ops, i) => {
    const el = row.children[i];
    if (el) receive(el, null, ops, part.versions[i], part.height, part.config);
  });
  if (typeof part.counter === 'string') showCounter(parentElement, row, part.counter);
}

function flushParts(parentElement, row) {
  clearTimeout(row.__partTimer);
  const waiting = row.__parts || [];
  row.__parts = null;
  for (const part of waiting) showPart(parentElement, row, part);
}

function playParts(parentElement, row, data) {
  if (!Array.isArray(data.later) || !data.later.length) return;
  row.__parts = data.later.map((part) => ({...part, versions: data.versions, height: data.height,
                                            config: data.config}));
  const next = () => {
    const part = row.__parts && row.__parts.shift();
    if (!part) return;
    showPart(parentElement, row, part);
    if (row.__parts.length) row.__partTimer = setTimeout(next, 1000 * (data.spacing || 0));
  };
  row.__partTimer = setTimeout(next, 1000 * (data.spacing || 0));
}

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  const data = JSON.parse(new TextDecoder().decode(component.data));  // JSON bytes: see live_plotly() in Python
  let row = parentElement.querySelector('.pg-row');
  if (!row) {
    row = document.createElement('div');
    row.className = 'pg-row';
    row.style.cssText = 'display:flex;flex-wrap:wrap;gap:0;width:100%';
    parentElement.appendChild(row);
    row.__page = Math.random().toString(36).slice(2);
  }
  row.__emit = setTriggerValue;
  row.__events = data.events || [];
  flushParts(parentElement, row);
  if (typeof data.counter === 'string') showCounter(parentElement, row, data.counter);
  data.versions.forEach((version, i) => {
    let el = row.children[i];
    if (!el) {
      el = document.createElement('div');
      el.className = 'pg-plot';
      row.appendChild(el);
    }
    el.style.flex = `${data.widths[i]} 1 300px`;
    el.style.minWidth = '300px';
    el.__onDrawn = () => listen(el, row, i);
    receive(el, data.figures[i], data.patches[i], version, data.height, data.config);
  });
  while (row.children.length > data.versions.length) row.lastChild.remove();
  if (row.__awaiting && answers(data.handled, row.__awaiting)) {
    row.__awaiting = null;
    clearTimeout(row.__resend);
  }
  playParts(parentElement, row, data);
  clockFrames(row, data);
}
