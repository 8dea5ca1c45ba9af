// The run history: stored runs a page at a time (newest first, filtered by model), two of them picked and compared
// metric by metric, with the server's verdicts (better / worse / same within the noise).

import { getJson, getPage } from './api.js';
import { el, number, showError } from './ui.js';

const PAGE_SIZE = 10;
let page = 0;
let total = 0;
let openRun = () => {};
/** The picked run ids, in the order picked: the first is the base, the second the candidate. */
let picked = [];
/** The run whose results are shown, marked again whenever the list is redrawn. */
let current = null;

/** Wires the filter, the pager and the compare button; open(run) shows a run's results. */
export function initHistory(models, open) {
    openRun = open;
    const filter = document.getElementById('history-model');
    filter.replaceChildren(el('option', { value: '' }, 'every model'),
        ...models.map(m => el('option', { value: m.id }, m.id)));
    filter.addEventListener('change', () => { page = 0; refreshHistory(); });
    document.getElementById('history-prev').addEventListener('click', () => { page -= 1; refreshHistory(); });
    document.getElementById('history-next').addEventListener('click', () => { page += 1; refreshHistory(); });
    document.getElementById('history-compare').addEventListener('click', compare);
}

/** Reloads the shown page of runs; resolves to it (newest first). */
export async function refreshHistory() {
    try {
        const model = document.getElementById('history-model')?.value || '';
        const query = new URLSearchParams({ page, size: PAGE_SIZE });
        if (model) {
            query.set('model', model);
        }
        const result = await getPage(`/api/stress?${query}`);
        total = result.total;
        const runs = result.items;
        const list = document.getElementById('run-list');
        if (runs.length === 0) {
            list.replaceChildren(el('li', { class: 'placeholder' }, model ? `No run of ${model}.` : 'No runs yet.'));
        } else {
            list.replaceChildren(...runs.map(historyItem));
        }
        const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
        document.getElementById('history-page').textContent = result.history === 'unavailable'
            ? `the history database cannot be reached: only the ${number(total)} runs not stored yet are shown`
            : `page ${page + 1} of ${pages} · ${number(total)} runs`;
        document.getElementById('history-prev').disabled = page === 0;
        document.getElementById('history-next').disabled = page + 1 >= pages;
        markPicked();
        markCurrent(current);
        return runs;
    } catch (e) {
        showError(e, 'Run history');
        return [];
    }
}

/** Marks the run whose results are shown. */
export function markCurrent(id) {
    current = id;
    for (const button of document.querySelectorAll('#run-list .run-link')) {
        button.setAttribute('aria-current', button.dataset.run === id ? 'true' : 'false');
    }
}

function historyItem(run) {
    const models = (run.request?.models?.length ? run.request.models : run.results?.map(r => r.model) || [])
        .join(', ');
    const button = el('button', { type: 'button', class: 'run-link', 'data-run': run.id },
        el('span', { class: `badge ${String(run.status).toLowerCase()}` }, run.status),
        el('span', { class: 'run-models' }, models || run.id),
        el('span', { class: 'run-when' }, when(run)),
        el('span', { class: 'run-profile' }, profileLine(run.request || {})));
    button.addEventListener('click', async () => {
        try {
            openRun(await getJson(`/api/stress/${encodeURIComponent(run.id)}`));
        } catch (e) {
            showError(e, `Run ${run.id}`);
        }
    });
    const finished = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'INCONCLUSIVE'].includes(run.status);
    const pick = el('input', { type: 'checkbox', class: 'run-pick', 'data-run': run.id, disabled: !finished,
        'aria-label': `Pick run ${run.id} to compare` });
    pick.addEventListener('change', () => {
        picked = pick.checked ? [...picked.filter(id => id !== run.id), run.id].slice(-2)
            : picked.filter(id => id !== run.id);
        markPicked();
    });
    return el('li', { class: 'run-item' }, pick, button);
}

function when(run) {
    const at = run.createdAt ? new Date(run.createdAt) : null;
    return at ? at.toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' }) : '';
}

export function profileLine(request) {
    const parts = [];
    if (request.connections) parts.push(`${number(request.connections)} conn`);
    if (request.payloadBytes) parts.push(`${number(request.payloadBytes)} B`);
    if (request.messagesPerConnection) parts.push(`${number(request.messagesPerConnection)} msg/conn`);
    else if (request.durationSeconds) parts.push(`${number(request.durationSeconds)} s`);
    if (request.pipeline > 1) parts.push(`pipeline ${request.pipeline}`);
    if (request.ratePerSecond) parts.push(`${number(request.ratePerSecond)} msg/s`);
    return parts.join(' · ');
}

/** Checks the picked boxes (picks survive paging) and says what the compare button will do. */
function markPicked() {
    for (const box of document.querySelectorAll('#run-list .run-pick')) {
        box.checked = picked.includes(box.dataset.run);
    }
    const button = document.getElementById('history-compare');
    button.disabled = picked.length !== 2;
    document.getElementById('history-picked').textContent = picked.length === 2
        ? `base ${picked[0]} · candidate ${picked[1]}`
        : picked.length === 1 ? `base ${picked[0]} · pick a candidate` : 'Pick two runs to compare them.';
}

const METRICS = {
    messagesPerSecond: 'msg/s', p50Micros: 'p50 µs', p99Micros: 'p99 µs', p999Micros: 'p99.9 µs',
    cpuMicrosPerMessage: 'CPU µs/msg',
};

async function compare() {
    const [base, candidate] = picked;
    try {
        const result = await getJson(`/api/stress/compare?base=${encodeURIComponent(base)}`
            + `&candidate=${encodeURIComponent(candidate)}`);
        showComparison(result);
    } catch (e) {
        showError(e, 'Compare');
    }
}

function showComparison(result) {
    const rows = [];
    for (const model of result.models) {
        if (model.absentFrom) {
            rows.push(el('tr', { class: 'absent' }, el('th', { scope: 'row' }, model.model),
                el('td', { colspan: 5 }, `only in the ${model.absentFrom === 'base' ? 'candidate' : 'base'} run`)));
            continue;
        }
        model.metrics.forEach((m, i) => rows.push(el('tr', {},
            i === 0 ? el('th', { scope: 'rowgroup', rowspan: model.metrics.length }, model.model) : null,
            el('td', {}, METRICS[m.metric] || m.metric),
            el('td', { class: 'num' }, number(m.base)),
            el('td', { class: 'num' }, number(m.candidate)),
            el('td', { class: 'num' }, m.ratio === null ? '–' : `×${m.ratio.toFixed(2)}`),
            el('td', {}, el('span', { class: `verdict ${m.verdict}`, title: `noise ±${Math.round(m.noise * 100)} %` },
                m.verdict)))));
    }
    document.getElementById('comparison-title').textContent =
        `Candidate ${result.candidate.join(', ')} against base ${result.base.join(', ')}`;
    document.getElementById('comparison-rows').replaceChildren(...rows);
    document.getElementById('comparison-method').textContent = result.method;
    document.getElementById('comparison-notes').replaceChildren(...result.notes.map(n => el('li', {}, n)));
    const section = document.getElementById('comparison');
    section.hidden = false;
    section.scrollIntoView({ block: 'nearest' });
}
