// Small helpers shared by the console's modules: error banners, number formats, element building.

const alerts = () => document.getElementById('alerts');

/** Shows an API error as its problem title and detail; the banner stays until dismissed or replaced. */
export function showError(error, context) {
    const title = error.title || error.name || 'Error';
    const detail = error.detail ?? error.message ?? String(error);
    const key = `${context || ''}|${title}|${detail}`;
    const box = alerts();
    const existing = [...box.children].find(child => child.dataset.key === key);
    if (existing) {
        return;
    }
    const banner = el('div', { class: 'alert', 'data-key': key },
        el('strong', { class: 'alert-title' }, context ? `${context}: ${title}` : title),
        detail ? el('span', { class: 'alert-detail' }, detail) : null,
        el('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss' }, 'Dismiss'));
    banner.querySelector('button').addEventListener('click', () => banner.remove());
    box.append(banner);
    while (box.children.length > 4) {
        box.firstElementChild.remove();
    }
}

/** Removes the banners of one context, e.g. once the server table loads again. */
export function clearErrors(context) {
    for (const child of [...alerts().children]) {
        if (child.dataset.key.startsWith(`${context}|`)) {
            child.remove();
        }
    }
}

/** Builds an element: el('td', {class: 'num'}, 'text', childNode). */
export function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value !== null && value !== undefined && value !== false) {
            node.setAttribute(name, value === true ? '' : value);
        }
    }
    for (const child of children) {
        if (child !== null && child !== undefined) {
            node.append(child instanceof Node ? child : String(child));
        }
    }
    return node;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** 12,345 / 12.3 / 0.42 depending on size; a dash when absent. */
export function number(value) {
    if (value === null || value === undefined || Number.isNaN(value)) {
        return '–';
    }
    const abs = Math.abs(value);
    return (abs >= 100 ? integer : abs >= 10 ? decimal : precise).format(value);
}

/** 1.2 MB, 512 B... */
export function bytes(value) {
    if (value === null || value === undefined) {
        return '–';
    }
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let v = value;
    let unit = 0;
    while (v >= 1000 && unit < units.length - 1) {
        v /= 1000;
        unit++;
    }
    return `${unit === 0 ? integer.format(v) : decimal.format(v)} ${units[unit]}`;
}

/** A short compact number for chart axes: 12k, 1.5M. */
export function compact(value) {
    if (value === null || value === undefined) {
        return '';
    }
    const abs = Math.abs(value);
    if (abs >= 1e6) return `${decimal.format(value / 1e6)}M`;
    if (abs >= 1e3) return `${decimal.format(value / 1e3)}k`;
    return precise.format(value);
}

/** Each model keeps one colour on every chart and bar: its position in /api/models picks it. */
const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2',
    '#7f7f7f', '#bcbd22'];
const order = new Map();

export function setModelOrder(ids) {
    ids.forEach((id, index) => order.set(id, index));
}

export function colour(modelId) {
    if (!order.has(modelId)) {
        order.set(modelId, order.size);
    }
    return palette[order.get(modelId) % palette.length];
}
