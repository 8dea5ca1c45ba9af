// Charts: live line charts of a running stress test (uPlot, from the webjar) and the bar charts that compare
// models once a run ends (plain HTML bars: readable, printable, no canvas needed).

import { colour, compact, el, number } from './ui.js';

const HEIGHT = 190;

/**
 * A live chart: x is seconds since the run started, one series per model (two for latency: p50 and p99).
 * Each sample is a map model -> value (or [p50, p99]); models not under load at that moment get a gap.
 */
export class LiveChart {
    constructor(figure, { pairs = false } = {}) {
        this.figure = figure;
        this.pairs = pairs;
        this.plot = null;
        this.models = [];
        this.data = [[]];
        new ResizeObserver(() => this.resize()).observe(figure);
    }

    reset(models) {
        this.models = models;
        this.data = [[], ...this.keys().map(() => [])];
        this.plot?.destroy();
        this.plot = new window.uPlot(this.options(), this.data, this.figure);
        this.figure.dataset.points = '0';
    }

    push(seconds, values) {
        if (!this.plot) {
            return;
        }
        this.data[0].push(seconds);
        this.keys().forEach(([model, index], series) => {
            const value = values[model];
            this.data[series + 1].push(value === undefined ? null : (this.pairs ? value[index] : value) ?? null);
        });
        this.plot.setData(this.data);
        this.figure.dataset.points = String(this.data[0].length);
    }

    keys() {
        return this.models.flatMap(model => this.pairs ? [[model, 0], [model, 1]] : [[model, 0]]);
    }

    options() {
        return {
            width: this.width(),
            height: HEIGHT,
            legend: { show: false },
            cursor: { drag: { x: false, y: false } },
            scales: { x: { time: false }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
            axes: [
                { values: (u, ticks) => ticks.map(t => `${number(t)}s`), size: 28, gap: 2 },
                { values: (u, ticks) => ticks.map(compact), size: 46, gap: 2 },
            ],
            series: [{ label: 's' }, ...this.keys().map(([model, index]) => ({
                label: this.pairs ? `${model} ${index === 0 ? 'p50' : 'p99'}` : model,
                stroke: colour(model),
                width: 2,
                dash: index === 1 ? [6, 4] : undefined,
                points: { show: false },
            }))],
        };
    }

    width() {
        return Math.max(200, Math.floor(this.figure.clientWidth));
    }

    resize() {
        this.plot?.setSize({ width: this.width(), height: HEIGHT });
    }
}

/**
 * One horizontal bar per model. `better` is 'higher' or 'lower'; the best model gets a mark, so the winner
 * reads at a glance without comparing numbers.
 */
export function bars(figure, entries, { better, format = number }) {
    const list = figure.querySelector('.bar-list');
    const known = entries.filter(e => e.value !== null && e.value !== undefined && Number.isFinite(e.value));
    const max = Math.max(...known.map(e => e.value), 0);
    const best = known.length < 2 ? null
        : known.reduce((a, b) => (better === 'higher' ? b.value > a.value : b.value < a.value) ? b : a);
    list.replaceChildren(...entries.map(entry => {
        const share = max > 0 && known.includes(entry) ? Math.max(entry.value / max, 0.005) : 0;
        return el('div', { class: `bar${entry === best ? ' best' : ''}`, 'data-model': entry.model },
            el('span', { class: 'bar-label' }, entry.model),
            el('span', { class: 'bar-track' },
                el('span', { class: 'bar-fill', style: `width:${(share * 100).toFixed(1)}%;background:${colour(entry.model)}` })),
            el('span', { class: 'bar-value' }, known.includes(entry) ? format(entry.value) : 'n/a',
                entry === best ? el('span', { class: 'best-mark', title: 'best of this run' }, ' ★') : null));
    }));
}
