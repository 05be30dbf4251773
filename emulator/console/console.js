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

/* ── messages as WeChat draws them ───────────────────────────────────────── */
let outboxChannel = '';
const invoke = (name, event, openid) => post('/invoke', { name, event, openid });
const getJson = (path) => api(path).catch(() => ({}));
const docsOf = (name, limit, filter) =>
  getJson(
    '/collections/' +
      encodeURIComponent(name) +
      '?limit=' +
      limit +
      (filter ? '&filter=' + encodeURIComponent(JSON.stringify(filter)) : ''),
  ).then((r) => r.docs || []);

/** Who an openid is: mini-program openids from the personas, service-account ones via UNIONID. */
async function recipientNames() {
  const [{ personas = [] }, followers, staff] = await Promise.all([
    getJson('/personas'),
    docsOf('serviceFollowers', 1000),
    docsOf('staff', 1000),
  ]);
  const names = new Map(personas.filter((p) => p.openid).map((p) => [p.openid, p.label]));
  const staffByUnion = new Map(staff.filter((s) => s.unionid).map((s) => [s.unionid, s]));
  for (const f of followers) {
    const s = staffByUnion.get(f._id);
    if (s) names.set(f.openid, s.name + '（服务号）');
  }
  for (const s of staff) names.set(s._id, s.name);
  return names;
}

function wxCard(m, look, who) {
  const rows = Object.entries(m.data || {})
    .map(([k, v]) => {
      const label = (look && look.keywords && look.keywords[k]) || k;
      return `<div class="wx-row"><span>${esc(label)}</span><b>${esc(v && v.value)}</b></div>`;
    })
    .join('');
  const sa = m.channel === 'serviceAccount';
  const failed = m.status !== 'delivered';
  return `<article class="wx-card${failed ? ' failed' : ''}">
    <header><span class="wx-from">${sa ? '服务号 · 门店会员服务' : '服务通知 · 门店会员 CRM'}</span><span class="wx-to">发给 ${esc(who || m.touser)}</span></header>
    <h4>${esc(look ? look.title : m.templateId)}</h4>
    <time>${fmt(m.at)}</time>
    ${rows}
    <footer>进入小程序查看 ›${m.page ? `<code>${esc(m.page)}</code>` : ''}</footer>
    ${failed ? `<p class="bad">微信拒绝：${esc(m.errcode)} ${esc(m.errmsg)}</p>` : ''}
  </article>`;
}

async function loadOutbox() {
  const [{ messages = [] }, { templates = {} }, names] = await Promise.all([
    getJson('/outbox?limit=100' + (outboxChannel ? '&channel=' + outboxChannel : '')),
    getJson('/app/templates'),
    recipientNames(),
  ]);
  $('#outbox').innerHTML = messages.length
    ? messages
        .slice()
        .reverse()
        .map((m) => wxCard(m, templates[m.templateId], names.get(m.touser)))
        .join('')
    : '<p class="hint">暂无消息</p>';
}
document.querySelectorAll('#outbox-filter [data-channel]').forEach((b) =>
  b.addEventListener('click', () => {
    outboxChannel = b.dataset.channel;
    document
      .querySelectorAll('#outbox-filter [data-channel]')
      .forEach((x) => x.classList.toggle('on', x === b));
    loadOutbox();
  }),
);

const DELIVERY = { sent: '已送达', fallback: '未送达（仅工作台）', pending: '发送中' };
async function loadInApp() {
  const [reminders, members, names] = await Promise.all([
    docsOf('staffReminders', 1000),
    docsOf('members', 1000),
    recipientNames(),
  ]);
  $('#staff-reminders tbody').innerHTML = reminders.length
    ? reminders
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, 30)
        .map(
          (r) =>
            `<tr><td>${fmt(r.createdAt)}</td><td>${esc(names.get(r.staffId) || r.staffId)}</td><td><b>${esc(r.title)}</b><br/>${esc(r.body)}</td><td class="${r.delivery === 'sent' ? 'ok' : 'bad'}">${esc(DELIVERY[r.delivery] || r.delivery)}</td><td>${r.readAt ? '已读' : '未读'}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="5" class="hint">暂无提醒</td></tr>';
  const notices = members
    .flatMap((m) => (m.notices || []).map((n) => ({ ...n, who: m.name || '会员 ' + m.memberNo })))
    .sort((a, b) => b.at - a.at)
    .slice(0, 30);
  $('#member-notices tbody').innerHTML = notices.length
    ? notices
        .map(
          (n) =>
            `<tr><td>${fmt(n.at)}</td><td>${esc(n.who)}</td><td><b>${esc(n.title)}</b><br/>${esc(n.text)}</td><td>${n.read ? '已读' : '未读'}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="4" class="hint">暂无通知</td></tr>';
}
$('#inapp-refresh').addEventListener('click', loadInApp);

/* ── automations' results, as HQ reads them ───────────────────────────── */
const yuan = (fen) => '¥' + (fen / 100).toFixed(2);
async function loadResults() {
  const { personas = [] } = await getJson('/personas');
  const hq = personas.find((p) => p.role === 'hq');
  const body = $('#results tbody');
  if (!hq) {
    body.innerHTML = '<tr><td colspan="10" class="hint">没有总部身份，无法读取</td></tr>';
    return;
  }
  const { clock } = { clock: await api('/clock') };
  const list = await invoke('crm', { action: 'listAutomations' }, hq.openid);
  const automations = (list.result && list.result.data && list.result.data.automations) || [];
  const rows = await Promise.all(
    automations.map(async (a) => {
      const r = await invoke(
        'crm',
        { action: 'automationResults', key: a.key, from: clock.now - 30 * 86400e3, to: clock.now },
        hq.openid,
      );
      return { a, r: r.result && r.result.data };
    }),
  );
  body.innerHTML = rows.length
    ? rows
        .map(({ a, r }) => {
          if (!r)
            return `<tr><td>${esc(a.name)}</td><td colspan="9" class="bad">读取失败</td></tr>`;
          const lift =
            r.liftPoints === null
              ? '—'
              : (r.liftPoints > 0 ? '+' : '') + r.liftPoints + ' 个百分点';
          return `<tr><td>${esc(a.name)}</td><td>${a.enabled ? '开启' : '关闭'}</td><td>${r.treated.members}</td><td>${r.treated.rate}%</td><td>${r.holdout.members}</td><td>${r.holdout.rate}%</td><td class="${r.liftPoints > 0 ? 'ok' : ''}">${esc(lift)}</td><td>${r.couponsIssued} / ${r.couponsUsed}</td><td>${r.messages}（${r.messagesFellBack} 条仅卡内）</td><td>${yuan(r.treated.revenueFen)}</td></tr>`;
        })
        .join('')
    : '<tr><td colspan="10" class="hint">暂无自动化</td></tr>';
}
$('#results-refresh').addEventListener('click', loadResults);

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
  loadInApp();
  loadResults();
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
