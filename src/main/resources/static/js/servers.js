// The table of models and their servers: what each model is, whether it listens, its live counters, and the
// start/stop buttons. Models come once from GET /api/models; states every 2 s from GET /api/servers.

import { getJson, send } from './api.js';
import { bytes, clearErrors, colour, el, number, showError } from './ui.js';

const REFRESH_MS = 2000;
const rows = new Map();
let timer = null;

/** Loads the models, draws the table, starts refreshing it. Resolves to the list of models. */
export async function initServers() {
    const models = await getJson('/api/models');
    const body = document.querySelector('#server-table tbody');
    body.replaceChildren(...models.map(row));
    await refresh();
    return models;
}

function row(model) {
    const state = el('span', { class: 'state' }, '…');
    const cells = {
        state,
        port: el('td', { class: 'num', 'data-label': 'Port' }, '–'),
        active: el('td', { class: 'num', 'data-label': 'Connections' }, '–'),
        bytesIn: el('td', { class: 'num', 'data-label': 'Bytes in' }, '–'),
        bytesOut: el('td', { class: 'num', 'data-label': 'Bytes out' }, '–'),
        threads: el('td', { class: 'num', 'data-label': 'Threads' }, '–'),
        start: el('button', { type: 'button', class: 'start', 'aria-label': `Start ${model.id}` }, 'Start'),
        stop: el('button', { type: 'button', class: 'stop', 'aria-label': `Stop ${model.id}` }, 'Stop'),
        error: el('div', { class: 'last-error', hidden: true }),
        transport: el('span', { class: 'transport', hidden: true }),
    };
    cells.start.addEventListener('click', () => act(model.id, 'start', cells.start));
    cells.stop.addEventListener('click', () => act(model.id, 'stop', cells.stop));
    rows.set(model.id, cells);
    return el('tr', { 'data-model': model.id },
        el('th', { scope: 'row', class: 'model' },
            el('span', { class: 'swatch', style: `background:${colour(model.id)}` }),
            el('code', {}, model.id),
            cells.transport,
            el('span', { class: 'title' }, model.title),
            el('span', { class: 'how', title: model.howItWorks }, model.howItWorks),
            cells.error),
        el('td', { 'data-label': 'State' }, state),
        cells.port, cells.active, cells.bytesIn, cells.bytesOut, cells.threads,
        el('td', { class: 'actions' }, cells.start, cells.stop));
}

async function refresh() {
    clearTimeout(timer);
    try {
        const servers = await getJson('/api/servers');
        servers.forEach(update);
        clearErrors('Servers');
    } catch (e) {
        showError(e, 'Servers');
    } finally {
        timer = setTimeout(refresh, REFRESH_MS);
    }
}

function update(server) {
    const cells = rows.get(server.model);
    if (!cells) {
        return;
    }
    const running = server.state === 'RUNNING';
    const unavailable = server.state === 'UNAVAILABLE';
    cells.state.textContent = server.state;
    cells.state.className = `state ${server.state.toLowerCase()}`;
    cells.port.textContent = running ? server.port : '–';
    cells.active.textContent = number(server.connections?.active);
    cells.bytesIn.textContent = bytes(server.bytes?.received);
    cells.bytesOut.textContent = bytes(server.bytes?.sent);
    cells.threads.textContent = number(server.threads);
    // A model this machine cannot run cannot be started: lastError says why.
    cells.start.disabled = running || unavailable || cells.start.classList.contains('busy');
    cells.stop.disabled = !running || cells.stop.classList.contains('busy');
    cells.error.hidden = !server.lastError;
    cells.error.textContent = server.lastError || '';
    // Which Netty transport the Netty-based models run on here: epoll, io_uring, or nio as a fall back.
    cells.transport.hidden = !server.transport;
    cells.transport.textContent = server.transport ? ` on ${server.transport}` : '';
    cells.transport.title = server.transport ? `Netty transport: ${server.transport}` : '';
}

async function act(model, action, button) {
    button.classList.add('busy');
    button.disabled = true;
    try {
        const response = await send('POST', `/api/servers/${encodeURIComponent(model)}/${action}`);
        if (response) {
            update(await response.json());
        }
    } catch (e) {
        showError(e, `${action === 'start' ? 'Start' : 'Stop'} ${model}`);
    } finally {
        button.classList.remove('busy');
        await refresh();
        // Keyboard users keep their place: focus the button that can act now.
        const cells = rows.get(model);
        const next = cells.start.disabled ? cells.stop : cells.start;
        if (document.activeElement === document.body || document.activeElement === button) {
            next.focus();
        }
    }
}
