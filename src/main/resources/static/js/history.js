// The run history: stored runs a page at a time (newest first, filtered by model); runs picked as a base set and a
// candidate set and compared model by model, or models compared within the base runs, with the server's verdicts
// (GET /api/stress/compare: better, worse, same, inconclusive, each with the rule that decided it).

import { getJson, getPage } from './api.js';
import { el, number, showError } from './ui.js';

const PAGE_SIZE = 10;
let page = 0;
let total = 0;
let openRun = () => {};
/** The picked run ids of each side, in the order picked. */
const picked = { base: [], candidate: [] };
/** The runs seen in the list, by id: which models a picked run loaded. */
const seen = new Map();
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
    document.getElementById('compare-base-model').addEventListener('change', markPicked);
    document.getElementById('compare-candidate-model').addEventListener('change', markPicked);
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
    seen.set(run.id, run);
    const picks = ['base', 'candidate'].map(side => {
        const box = el('input', { type: 'checkbox', class: `run-pick ${side}`, 'data-run': run.id, 'data-side': side,
            disabled: !finished, 'aria-label': `Put run ${run.id} in the ${side} set` });
        box.addEventListener('change', () => {
            const other = side === 'base' ? 'candidate' : 'base';
            picked[side] = picked[side].filter(id => id !== run.id);
            if (box.checked) {
                picked[side].push(run.id);
                picked[other] = picked[other].filter(id => id !== run.id); // a run counts on one side only
            }
            markPicked();
        });
        return el('label', { class: 'run-side', title: side }, side === 'base' ? 'B' : 'C', box);
    });
    return el('li', { class: 'run-item' }, ...picks, button);
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

/** The models the picked base runs loaded, in the order first seen. */
function baseModels() {
    const models = [];
    for (const id of picked.base) {
        const run = seen.get(id);
        for (const model of (run?.results?.map(r => r.model) || run?.request?.models || [])) {
            if (!models.includes(model)) models.push(model);
        }
    }
    return models;
}

/** Fills a model select with these models: the user's choice stays while they stay the same, else the fallback. */
function fillModels(select, models, fallback) {
    if (select.dataset.models === models.join(',')) {
        return;
    }
    select.dataset.models = models.join(',');
    select.replaceChildren(...models.map(m => el('option', { value: m }, m)));
    select.value = fallback ?? '';
}

/** Checks the picked boxes (picks survive paging) and says what the compare button will do. */
function markPicked() {
    for (const box of document.querySelectorAll('#run-list .run-pick')) {
        box.checked = picked[box.dataset.side].includes(box.dataset.run);
    }
    const button = document.getElementById('history-compare');
    const models = document.getElementById('compare-models');
    const withinRuns = picked.base.length > 0 && picked.candidate.length === 0;
    models.hidden = !withinRuns;
    if (withinRuns) {
        const loaded = baseModels();
        fillModels(document.getElementById('compare-base-model'), loaded, loaded[0]);
        fillModels(document.getElementById('compare-candidate-model'), loaded, loaded[1] ?? loaded[0]);
    }
    button.disabled = picked.base.length === 0;
    const base = document.getElementById('compare-base-model').value;
    const candidate = document.getElementById('compare-candidate-model').value;
    document.getElementById('history-picked').textContent = picked.base.length === 0
        ? 'Tick base (B) and candidate (C) runs to compare them.'
        : withinRuns
            ? `within base ${picked.base.join(', ')}: ${candidate} against ${base}`
                + (candidate === base ? ' (odd repeats against even ones)' : '')
            : `base ${picked.base.join(', ')} · candidate ${picked.candidate.join(', ')}`;
}

const METRICS = {
    messagesPerSecond: 'msg/s', p50Micros: 'p50 µs', p99Micros: 'p99 µs', p999Micros: 'p99.9 µs',
    cpuMicrosPerMessage: 'CPU µs/msg',
};

async function compare() {
    const query = new URLSearchParams();
    if (picked.candidate.length === 0) {
        query.set('run', picked.base.join(','));
        query.set('base', document.getElementById('compare-base-model').value);
        query.set('candidate', document.getElementById('compare-candidate-model').value);
    } else {
        query.set('base', picked.base.join(','));
        query.set('candidate', picked.candidate.join(','));
    }
    query.set('minDifference', String(Number(document.getElementById('compare-min-difference').value) / 100));
    if (document.getElementById('compare-include-failed').checked) {
        query.set('includeFailed', 'true');
    }
    try {
        showComparison(await getJson(`/api/stress/compare?${query}`));
    } catch (e) {
        showError(e, 'Compare');
    }
}

/** ×1.23, or – when there is none. */
function ratio(value) {
    return value === null || value === undefined ? '–' : `×${Number(value.toFixed(3))}`;
}

function shift(m) {
    if (!m.interval) {
        return '–';
    }
    const end = value => (value === null ? 'unbounded' : ratio(value));
    return `${ratio(m.shift)} (${end(m.interval.low)} to ${end(m.interval.high)}, `
        + `${Math.round(m.interval.confidence * 100)} %)`;
}

function showComparison(result) {
    const rows = [];
    const reasons = [];
    const caveats = new Set();
    for (const model of result.models) {
        const name = model.model === model.baseModel ? model.model : `${model.model} vs ${model.baseModel}`;
        if (model.absentFrom) {
            rows.push(el('tr', { class: 'absent' }, el('th', { scope: 'row' }, name),
                el('td', { colspan: 8 }, `only in the ${model.absentFrom === 'base' ? 'candidate' : 'base'} runs`)));
            continue;
        }
        const runs = `${model.baseRuns} : ${model.candidateRuns} runs`;
        model.metrics.forEach((m, i) => {
            const label = METRICS[m.metric] || m.metric;
            rows.push(el('tr', {},
                i === 0 ? el('th', { scope: 'rowgroup', rowspan: model.metrics.length }, name, el('br'),
                    el('span', { class: 'hint' }, runs)) : null,
                el('td', {}, label),
                el('td', { class: 'num' }, number(m.base)),
                el('td', { class: 'num' }, number(m.candidate)),
                el('td', { class: 'num' }, ratio(m.ratio)),
                el('td', {}, shift(m)),
                el('td', { class: 'num' }, m.pValue === null ? '–' : m.pValue.toPrecision(2)),
                el('td', {}, el('span', { class: `verdict ${m.verdict}`, title: m.reason }, m.verdict),
                    m.runsNeeded ? el('span', { class: 'hint' }, ` ${m.runsNeeded} runs a side would decide`) : null),
                el('td', {}, m.rule)));
            reasons.push(el('li', {}, `${name}, ${label}: ${m.reason}`));
            m.caveats.forEach(c => caveats.add(c));
        });
    }
    document.getElementById('comparison-title').textContent =
        `Candidate ${result.candidate.join(', ')} against base ${result.base.join(', ')}`
        + ` · minimum difference ${Math.round(result.minDifference * 100)} %`;
    document.getElementById('comparison-rows').replaceChildren(...rows);
    document.getElementById('comparison-reasons').replaceChildren(...reasons);
    document.getElementById('comparison-caveats').replaceChildren(...[...caveats].map(c => el('li', {}, c)));
    document.getElementById('comparison-method').textContent = result.method;
    document.getElementById('comparison-notes').replaceChildren(...result.notes.map(n => el('li', {}, n)));
    const section = document.getElementById('comparison');
    section.hidden = false;
    section.scrollIntoView({ block: 'nearest' });
}
