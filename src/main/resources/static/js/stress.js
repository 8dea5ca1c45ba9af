// The stress form and a run while it goes: POST /api/stress, then follow GET /api/stress/{id}/events
// (server-sent events), falling back to polling GET /api/stress/{id} every 500 ms, with a progress bar,
// live charts and a cancel button. When the run ends, its results are drawn by results.js.

import { getJson, send } from './api.js';
import { LiveChart } from './charts.js';
import { isTerminal, refreshHistory, showResults } from './results.js';
import { colour, el, showError } from './ui.js';

const POLL_MS = 500;
const form = () => document.getElementById('stress-form');
const charts = {};
let watching = null;

export function initStress(models) {
    charts.throughput = new LiveChart(document.getElementById('chart-throughput'));
    charts.latency = new LiveChart(document.getElementById('chart-latency'), { pairs: true });
    charts.connections = new LiveChart(document.getElementById('chart-connections'));
    Object.values(charts).forEach(chart => chart.reset([]));

    document.getElementById('model-choices').replaceChildren(...models.map(model =>
        el('label', { class: 'choice' },
            el('input', { type: 'checkbox', name: 'models', value: model.id, checked: true }),
            el('span', { class: 'swatch', style: `background:${colour(model.id)}` }),
            el('code', {}, model.id))));
    for (const button of form().querySelectorAll('[data-select]')) {
        button.addEventListener('click', () => {
            for (const box of form().querySelectorAll('input[name=models]')) {
                box.checked = button.dataset.select === 'all';
            }
        });
    }
    form().addEventListener('submit', event => {
        event.preventDefault();
        start();
    });
    document.getElementById('cancel-run').addEventListener('click', cancel);
}

/** Follows a run that is already going when the page opens (started from another tab or curl). */
export function attach(run) {
    if (!isTerminal(run)) {
        follow(run);
    }
}

function request() {
    const f = form();
    const body = { models: [...f.querySelectorAll('input[name=models]:checked')].map(box => box.value) };
    for (const input of f.querySelectorAll('input[type=number]')) {
        input.removeAttribute('aria-invalid');
        if (input.value.trim() !== '') {
            body[input.name] = Number(input.value);
        }
    }
    // "Messages per connection" replaces the duration, as its placeholder says.
    if (body.messagesPerConnection !== undefined) {
        delete body.durationSeconds;
    }
    return body;
}

async function start() {
    const body = request();
    if (body.models.length === 0) {
        showError({ title: 'No model chosen', detail: 'Tick at least one model to stress.' }, 'Stress test');
        form().querySelector('input[name=models]')?.focus();
        return;
    }
    const button = document.getElementById('start-run');
    button.disabled = true;
    try {
        const response = await send('POST', '/api/stress', body);
        if (!response) {
            button.disabled = false;
            return;
        }
        const run = await response.json();
        follow(run);
        refreshHistory();
    } catch (e) {
        button.disabled = false;
        for (const field of e.fields || []) {
            form().querySelector(`[name="${field}"]`)?.setAttribute('aria-invalid', 'true');
        }
        showError(e, 'Stress test');
    }
}

async function cancel() {
    if (!watching) {
        return;
    }
    const button = document.getElementById('cancel-run');
    button.disabled = true;
    try {
        await send('DELETE', `/api/stress/${encodeURIComponent(watching.id)}`);
    } catch (e) {
        showError(e, 'Cancel');
    } finally {
        button.disabled = false;
    }
}

/** Watches one run until it ends: SSE first, polling when the stream fails. */
function follow(run) {
    watching?.stop();
    const models = run.request?.models || (run.results || []).map(r => r.model);
    Object.values(charts).forEach(chart => chart.reset(models));
    const watch = { id: run.id, started: performance.now(), stopped: false, timer: null, source: null };
    watch.stop = () => {
        watch.stopped = true;
        watch.source?.close();
        clearTimeout(watch.timer);
    };
    watching = watch;
    setRunning(true);
    legend(models);
    onUpdate(watch, run);
    if (watch.stopped) {
        return;
    }
    if ('EventSource' in window) {
        const source = new EventSource(`/api/stress/${encodeURIComponent(run.id)}/events`);
        watch.source = source;
        const handle = message => {
            try {
                onUpdate(watch, JSON.parse(message.data));
            } catch (e) {
                showError(e, 'Live updates');
            }
        };
        // Each event is named "run" and carries the run's JSON, as GET /api/stress/{id} would answer.
        source.addEventListener('run', handle);
        source.onmessage = handle;
        // A stream that ends or fails: the run may have finished, or a proxy cut us off; polling settles it.
        source.onerror = () => {
            source.close();
            if (!watch.stopped) {
                poll(watch);
            }
        };
    } else {
        poll(watch);
    }
}

async function poll(watch) {
    if (watch.stopped) {
        return;
    }
    try {
        onUpdate(watch, await getJson(`/api/stress/${encodeURIComponent(watch.id)}`));
    } catch (e) {
        showError(e, 'Live updates');
        if (e.status === 404) {
            // The server no longer knows the run (restarted, or history full): nothing left to follow.
            watch.stop();
            setRunning(false);
        }
    }
    if (!watch.stopped) {
        watch.timer = setTimeout(() => poll(watch), POLL_MS);
    }
}

function onUpdate(watch, run) {
    if (watch.stopped || run.id !== undefined && run.id !== watch.id) {
        return;
    }
    const progress = document.getElementById('run-progress');
    progress.value = Math.min(1, Math.max(0, run.progress ?? 0));
    const live = run.live;
    document.getElementById('run-state').textContent = `${run.status}`
        + (live?.model ? ` · ${live.model} (${live.modelIndex + 1}/${live.models}, ${live.phase})` : '')
        + ` · ${Math.round(progress.value * 100)}%`;
    sample(watch, run);
    if (run.status && isTerminal(run)) {
        watch.stop();
        finish(watch);
    }
}

/**
 * One point on each live chart. The run's `live` block (the model under load now) carries messages/s over the
 * last second, p50/p99 so far and open connections; models are loaded one after another, so each point has one
 * model's values and the others' lines pause.
 */
function sample(watch, run) {
    const live = run.live;
    if (!live || !live.model) {
        return;
    }
    const seconds = (performance.now() - watch.started) / 1000;
    charts.throughput.push(seconds, { [live.model]: live.messagesPerSecond });
    charts.latency.push(seconds, { [live.model]: [live.p50Micros, live.p99Micros] });
    charts.connections.push(seconds, { [live.model]: live.activeConnections });
}

async function finish(watch) {
    setRunning(false);
    if (watching === watch) {
        watching = null;
    }
    try {
        const run = await getJson(`/api/stress/${encodeURIComponent(watch.id)}`);
        document.getElementById('run-progress').value = run.status === 'SUCCEEDED' ? 1 : run.progress ?? 0;
        document.getElementById('run-state').textContent = `${run.status} · run ${run.id}`;
        showResults(run, { focus: true });
    } catch (e) {
        showError(e, 'Results');
    }
    refreshHistory();
}

function setRunning(running) {
    document.getElementById('start-run').disabled = running;
    document.getElementById('cancel-run').hidden = !running;
    document.getElementById('live').classList.toggle('running', running);
}

function legend(models) {
    document.getElementById('legend').replaceChildren(...models.map(model =>
        el('li', {}, el('span', { class: 'swatch', style: `background:${colour(model)}` }), el('code', {}, model))));
}
