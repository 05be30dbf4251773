/* The emulator console: plain DOM over the /__emulator API. */
const api = (path, init) => fetch('/__emulator' + path, init).then((r) => r.json());
const post = (path, body) =>
  api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body || {}),
  });
const $ = (sel) => document.querySelector(sel);
const esc = (s) =>
  String(s ?? '').replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
  );
const fmt = (ts) => new Date(ts + 8 * 3600e3).toISOString().replace('T', ' ').slice(0, 19);

function openAs(openid, hash) {
  const id = openid || 'o_h5_' + Math.random().toString(36).slice(2, 12);
  localStorage.setItem('crm.openid', id);
  window.open('/' + (hash || ''), '_blank');
}

async function loadClock() {
  const c = await api('/clock');
  $('#clock').textContent = fmt(c.now) + (Math.abs(c.offsetMs) > 1000 ? '（已调整）' : '');
}
async function moveClock(body) {
  const r = await post('/clock', body);
  if (r.fired && r.fired.length)
    alert('已触发：' + r.fired.map((f) => f.functionName + '/' + f.trigger).join('、'));
  refresh();
}
document
  .querySelectorAll('[data-advance]')
  .forEach((b) =>
    b.addEventListener('click', () => moveClock({ advanceMs: Number(b.dataset.advance) })),
  );
$('[data-clock=reset]').addEventListener('click', () => moveClock({ reset: true }));
$('[data-clock=set]').addEventListener('click', () => {
  const v = $('#clock-set').value;
  if (v) moveClock({ set: Date.parse(v + '+08:00') });
});

async function loadPersonas() {
  const { personas, links } = await api('/personas');
  $('#personas tbody').innerHTML = personas
    .map(
      (p, i) =>
        `<tr><td>${esc(p.label)}</td><td class="mono">${esc(p.openid || '（每次新建）')}</td><td><button data-persona="${i}">以此身份打开</button></td></tr>`,
    )
    .join('');
  $('#personas tbody')
    .querySelectorAll('[data-persona]')
    .forEach((b) =>
      b.addEventListener('click', () => {
        const p = personas[Number(b.dataset.persona)];
        openAs(p.openid, p.page);
      }),
    );
  $('#links').innerHTML = links
    .map((l, i) => `<a class="chip" href="#" data-link="${i}">${esc(l.label)}</a>`)
    .join('');
  $('#links')
    .querySelectorAll('[data-link]')
    .forEach((a) =>
      a.addEventListener('click', (e) => {
        e.preventDefault();
        const l = links[Number(a.dataset.link)];
        openAs(l.openid, l.page);
      }),
    );
}

async function loadAppName() {
  const { name } = await api('/app');
  if (!name) return;
  $('#app-name').textContent = name;
  document.title = '本地模拟器控制台 · ' + name;
}

async function loadOutbox() {
  const { messages } = await api('/outbox?limit=100');
  $('#outbox tbody').innerHTML = messages.length
    ? messages
        .map(
          (m) =>
            `<tr><td>${fmt(m.at)}</td><td>${m.channel === 'subscribe' ? '订阅消息' : '服务号'}</td><td class="mono">${esc(m.touser)}</td><td class="mono">${esc(m.templateId)}</td><td>${Object.entries(
              m.data || {},
            )
              .map(([k, v]) => esc(k) + '：' + esc(v && v.value))
              .join(
                '<br/>',
              )}</td><td class="${m.status === 'delivered' ? 'ok' : 'bad'}">${m.status === 'delivered' ? '已送达' : '被拒 ' + esc(m.errcode)}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="6" class="hint">暂无消息</td></tr>';
}

async function loadTimers() {
  const { schedule, history } = await api('/timers');
  $('#timers tbody').innerHTML = schedule
    .map(
      (t, i) =>
        `<tr><td>${esc(t.functionName)}</td><td>${esc(t.name)}</td><td class="mono">${esc(t.cron)}</td><td>${fmt(t.nextAt)}</td><td><button data-fire="${i}">立即触发</button></td></tr>`,
    )
    .join('');
  $('#timers tbody')
    .querySelectorAll('[data-fire]')
    .forEach((b) =>
      b.addEventListener('click', async () => {
        const t = schedule[Number(b.dataset.fire)];
        await post('/timers/fire', { functionName: t.functionName, trigger: t.name });
        refresh();
      }),
    );
  $('#history tbody').innerHTML = history
    .slice(-10)
    .reverse()
    .map(
      (h) =>
        `<tr><td>${fmt(h.at)}</td><td>${esc(h.functionName)}/${esc(h.trigger)}</td><td class="mono">${esc(JSON.stringify(h.result.ok ? h.result.result : h.result.errMsg))}</td></tr>`,
    )
    .join('');
}

async function loadCollections() {
  const { collections } = await api('/collections');
  $('#collections').innerHTML = collections
    .map((c) => `<button data-coll="${esc(c.name)}">${esc(c.name)}（${c.count}）</button>`)
    .join('');
  $('#collections')
    .querySelectorAll('[data-coll]')
    .forEach((b) =>
      b.addEventListener('click', async () => {
        const { total, docs } = await api(
          '/collections/' + encodeURIComponent(b.dataset.coll) + '?limit=20',
        );
        $('#docs').textContent =
          `共 ${total} 条，显示前 ${docs.length} 条\n\n` + JSON.stringify(docs, null, 2);
      }),
    );
}

function refresh() {
  loadClock();
  loadOutbox();
  loadTimers();
  loadCollections();
}
$('#outbox-refresh').addEventListener('click', loadOutbox);
$('#outbox-clear').addEventListener('click', async () => {
  await api('/outbox', { method: 'DELETE' });
  loadOutbox();
});
loadAppName();
loadPersonas();
refresh();
setInterval(loadClock, 5000);
