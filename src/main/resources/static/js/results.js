// A finished run side by side: the table, one bar chart per question (how fast, how slow at the tail, how
// costly), the profile and manifest, and downloads.

import { getJson, getText } from './api.js';
import { bars } from './charts.js';
import { el, number, showError } from './ui.js';
import { markCurrent } from './history.js';

// The history list moved to history.js; stress.js and console.js still import it from here.
export { refreshHistory } from './history.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'INCONCLUSIVE']);
let shown = null;
let server = null;

export function isTerminal(run) {
    return TERMINAL.has(run.status);
}

/** Draws a run's results. `focus` moves keyboard focus to the heading (after a run the user just watched). */
export function showResults(run, { focus = false } = {}) {
    shown = run;
    const section = document.getElementById('results');
    section.hidden = false;
    const results = run.results || [];
    document.querySelector('#result-table tbody').replaceChildren(...results.map(resultRow));
    bars(document.getElementById('bars-throughput'),
        results.map(r => ({ model: r.model, value: r.throughput?.messagesPerSecond })), { better: 'higher' });
    bars(document.getElementById('bars-p99'),
        results.map(r => ({ model: r.model, value: r.latencyMicros?.p99 })), { better: 'lower' });
    bars(document.getElementById('bars-cpu'),
        results.map(r => ({ model: r.model, value: r.cost?.cpuMicrosPerMessage })), { better: 'lower' });
    document.getElementById('result-notes').replaceChildren(...results.flatMap(r => (r.notes || []).map(note =>
        el('li', {}, el('code', {}, r.model), ` ${note}`))));
    document.getElementById('results-meta').textContent = describe(run);
    keyValues(document.getElementById('run-profile'), run.request || {});
    keyValues(document.getElementById('run-manifest'), manifest(run));
    markCurrent(run.id);
    if (focus) {
        document.getElementById('results-title').focus({ preventScroll: true });
        section.scrollIntoView({ block: 'start' });
    }
}

/**
 * Where and how the run ran: its times, the addresses loaded, how long each was measured, the load generator's
 * threads and CPU, and the server build (from /actuator/info: runs live in this process's memory, so the build
 * that answers is the one that ran them). A manifest the API adds itself is shown as well.
 */
function manifest(run) {
    const results = run.results || [];
    const perModel = pick => results.map(r => `${r.model} ${pick(r)}`).join(', ');
    const started = run.startedAt ? new Date(run.startedAt) : null;
    const finished = run.finishedAt ? new Date(run.finishedAt) : null;
    return {
        ...(run.manifest || {}),
        run: run.id,
        started: started?.toLocaleString(),
        finished: finished?.toLocaleString(),
        'wall time': started && finished ? `${number((finished - started) / 1000)} s` : null,
        targets: perModel(r => r.target ?? '–'),
        measured: perModel(r => `${number(r.measuredSeconds)} s`),
        'client threads': results.length ? number(Math.max(...results.map(r => r.client?.threads ?? 0))) : null,
        'client CPU': perModel(r => r.client ? `${number(r.client.cpuUtilization * 100)}%` : '–'),
        ...coordination(run.coordination, run.sharding),
        server: server ? `${server.build?.name ?? 'Echo Lab'} ${server.build?.version ?? ''}`.trim() : null,
        commit: server?.git?.commit?.id ? `${server.git.commit.id}${server.git.branch ? ` (${server.git.branch})` : ''}` : null,
    };
}

/** A run merged from coordinated shards: how many came, how far apart they started, what is missing. */
function coordination(c, sharding) {
    if (!c) {
        return {};
    }
    const stopped = c.members.filter(m => m.status === 'CANCELLED').map(m => m.index);
    return {
        shards: `${c.shards - c.missing.length} of ${c.shards} (group ${c.group}, round ${c.round})`,
        'start skew': sharding?.startSkewMicros == null ? '–' : `${number(sharding.startSkewMicros / 1000)} ms`,
        partial: c.partial
            ? [c.missing.length ? `no result from shards ${c.missing.join(', ')}` : '',
                stopped.length ? `shards ${stopped.join(', ')} stopped early` : ''].filter(Boolean).join('; ')
            : null,
    };
}

function describe(run) {
    const parts = [`Run ${run.id}`, run.status];
    const when = run.finishedAt || run.startedAt || run.createdAt;
    if (when) {
        parts.push(new Date(when).toLocaleString());
    }
    return parts.join(' · ');
}

function resultRow(r) {
    const integrity = r.integrity || {};
    const ok = integrity.verified === true;
    const integrityText = (ok ? 'verified'
        : `${number(integrity.mismatches)} mismatches, ${number(integrity.missingBytes)} bytes missing`
        + (integrity.firstMismatchOffset !== null && integrity.firstMismatchOffset !== undefined
            ? ` (first at byte ${integrity.firstMismatchOffset})` : ''))
        // connections the server never served: queued, not corrupted
        + (integrity.unserved > 0 ? `; ${number(integrity.unserved)} never served` : '');
    const connections = r.connections || {};
    return el('tr', { 'data-model': r.model, 'data-status': r.status },
        el('th', { scope: 'row' }, el('code', {}, r.model),
            r.status && r.status !== 'SUCCEEDED' ? el('span', { class: 'status-note' }, ` ${r.status}`) : null),
        numberCell('msg/s', r.throughput?.messagesPerSecond),
        numberCell('p50 µs', r.latencyMicros?.p50),
        numberCell('p99 µs', r.latencyMicros?.p99),
        numberCell('p99.9 µs', r.latencyMicros?.p999),
        numberCell('CPU µs/msg', r.cost?.cpuMicrosPerMessage),
        numberCell('Threads', r.cost?.peakThreads),
        el('td', { class: 'num', 'data-label': 'Connections' },
            `${number(connections.established)}/${number(connections.requested)}`),
        el('td', { 'data-label': 'Integrity', class: ok ? 'ok' : 'bad' }, integrityText),
        el('td', { 'data-label': 'Client-bound', class: r.clientBound || r.machineBound ? 'warn' : '' },
            [r.clientBound ? 'yes: the load generator was the bottleneck' : 'no',
                // machineBound: the whole machine's CPU was >= 90% busy, so neither side alone was the bottleneck
                r.machineBound ? '; machine-bound: its CPU was at least 90% busy' : ''].join('')));
}

function numberCell(label, value) {
    return el('td', { class: 'num', 'data-label': label }, number(value));
}

function keyValues(list, object) {
    const entries = Object.entries(object)
        .filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
    list.replaceChildren(...entries.map(([key, value]) => {
        const text = typeof value === 'object' ? (Array.isArray(value) ? value.join(', ') : JSON.stringify(value))
            : String(value);
        return el('div', { class: text.length > 32 ? 'wide' : null }, el('dt', {}, key), el('dd', {}, text));
    }));
}

/**
 * The three formats share one URL and differ by Accept header, which a link cannot send (a browser's own Accept
 * would let the server pick any of them): fetch with the right header, then save through a Blob.
 */
async function download(accept, extension) {
    if (!shown) {
        return;
    }
    try {
        const text = await getText(`/api/stress/${encodeURIComponent(shown.id)}`, accept);
        const url = URL.createObjectURL(new Blob([text], { type: accept }));
        const link = el('a', { href: url, download: `echo-lab-${shown.id}.${extension}` });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
        showError(e, `Download ${extension.toUpperCase()}`);
    }
}

export function initResults() {
    getJson('/actuator/info').then(info => { server = info; }, () => { server = null; });
    document.getElementById('download-json').addEventListener('click', () => download('application/json', 'json'));
    document.getElementById('download-csv').addEventListener('click', () => download('text/csv', 'csv'));
    document.getElementById('download-md').addEventListener('click', () => download('text/markdown', 'md'));
}
