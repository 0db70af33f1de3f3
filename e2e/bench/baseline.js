// The plain-JavaScript baseline (baseline.html).
const API = '/ovirt-engine/api';
const headers = { Accept: 'application/json', Authorization: 'Bearer ' + sessionStorage.getItem('webadmin.token') };
const get = (p) => fetch(API + p, { headers }).then((r) => r.text());
const afterPaint = (name) => requestAnimationFrame(() => setTimeout(() => performance.mark(name), 0));
const gib = (b) => (b === undefined ? '' : (Number(b) / 2 ** 30).toFixed(0));
let rows = [];

function render(list) {
  const body = document.getElementById('rows');
  body.textContent = '';
  for (const r of list) {
    const tr = document.createElement('tr');
    for (const text of r.cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  document.getElementById('count').textContent = `${list.length} of ${rows.length} domains`;
}

async function load() {
  const [domainsText, dcText] = await Promise.all([get('/storagedomains'), get('/datacenters')]);
  const dcs = JSON.parse(dcText).data_center ?? [];
  const attachedTexts = await Promise.all(dcs.map((dc) => get(`/datacenters/${dc.id}/storagedomains`)));
  performance.mark('domains:response');
  const domains = JSON.parse(domainsText).storage_domain ?? [];
  const status = new Map();
  for (const t of attachedTexts) {
    for (const d of JSON.parse(t).storage_domain ?? []) status.set(d.id, d.status);
  }
  performance.mark('domains:parsed');
  rows = domains.map((d) => {
    const used = Number(d.used ?? 0), available = Number(d.available ?? 0);
    const cells = [
      status.get(d.id) ?? 'unattached', d.name ?? '', d.type ?? '', d.storage?.type ?? '',
      '', gib(used + available), gib(d.available), d.description ?? '',
    ];
    return { cells, hay: cells.join(' ').toLowerCase() };
  });
  rows.sort((a, b) => a.cells[1].localeCompare(b.cells[1]));
  render(rows);
  afterPaint('grid:painted');
}

document.getElementById('filter').addEventListener('input', (ev) => {
  performance.mark('filter:input');
  const words = ev.target.value.toLowerCase().split(/\s+/).filter(Boolean);
  render(rows.filter((r) => words.every((w) => r.hay.includes(w))));
  afterPaint('filter:painted');
});
load();
