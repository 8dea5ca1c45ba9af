// Talks to the Echo Lab API. GETs are open; POST and DELETE carry HTTP Basic credentials that the user types
// into the in-page dialog once per tab. They live in this module's memory only (never storage, never a cookie).

const dialog = () => document.getElementById('login');
let authorization = null;

/** An API error as RFC 9457 shows it: the problem's title and detail. */
export class ApiError extends Error {
    constructor(status, title, detail, fields = []) {
        super(detail ? `${title}: ${detail}` : title);
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.fields = fields;
    }
}

/** GET a JSON resource. */
export async function getJson(url) {
    const response = await call(url, { headers: { Accept: 'application/json' } });
    return response.json();
}

/** GET one page of a JSON list: its items and the total the server counts (X-Total-Count). */
export async function getPage(url) {
    const response = await call(url, { headers: { Accept: 'application/json' } });
    return {
        items: await response.json(),
        total: Number(response.headers.get('X-Total-Count') || 0),
        // 'unavailable' when the history database could not be read: the page holds only runs not stored there
        history: response.headers.get('Echo-History'),
    };
}

/** GET a resource as text in another representation (CSV, Markdown). */
export async function getText(url, accept) {
    const response = await call(url, { headers: { Accept: accept } });
    return response.text();
}

/**
 * A call that changes state. Asks for credentials first if the tab has none, and again on a 401.
 * Resolves to the Response, or to null when the user cancels the dialog.
 */
export async function send(method, url, body) {
    let reason = null;
    for (let attempt = 0; attempt < 5; attempt++) {
        if (authorization === null || reason !== null) {
            authorization = await askCredentials(reason);
            if (authorization === null) {
                return null;
            }
        }
        const headers = { Authorization: authorization, Accept: 'application/json' };
        if (body !== undefined) {
            headers['Content-Type'] = 'application/json';
        }
        const response = await fetch(url, {
            method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit',
        });
        if (response.status !== 401) {
            if (!response.ok) {
                throw await problem(response);
            }
            return response;
        }
        authorization = null;
        reason = `Those credentials were refused (${(await problem(response)).title}). Try again.`;
    }
    throw new ApiError(401, 'Unauthorized', 'Too many refused attempts.');
}

async function call(url, init) {
    let response;
    try {
        response = await fetch(url, { ...init, credentials: 'omit' });
    } catch (e) {
        throw new ApiError(0, 'The server cannot be reached', `${url}: ${e.message}. Is Echo Lab still running?`);
    }
    if (!response.ok) {
        throw await problem(response);
    }
    return response;
}

/** Reads an error response as a problem; a body that is no problem still gives the status line. */
export async function problem(response) {
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
        try {
            const body = await response.json();
            const fields = Array.isArray(body.errors) ? body.errors.map(e => e.field).filter(Boolean) : [];
            return new ApiError(response.status, body.title || `HTTP ${response.status}`, body.detail || '', fields);
        } catch (ignored) {
            // fall through to the status line
        }
    }
    return new ApiError(response.status, `HTTP ${response.status} ${response.statusText}`.trim(),
        `${response.url.replace(location.origin, '')} answered without a problem body.`);
}

/** Shows the dialog; resolves to an Authorization header value, or null when cancelled. */
function askCredentials(reason) {
    const d = dialog();
    const form = d.querySelector('form');
    const note = d.querySelector('#login-reason');
    note.textContent = reason
        || 'Starting, stopping and stress tests need the API user. They are kept in this tab\'s memory only.';
    note.classList.toggle('error', Boolean(reason));
    form.password.value = '';
    return new Promise(resolve => {
        const done = value => {
            form.removeEventListener('submit', onSubmit);
            d.removeEventListener('cancel', onCancel);
            cancel.removeEventListener('click', onCancel);
            if (d.open) {
                d.close();
            }
            resolve(value);
        };
        const onSubmit = event => {
            event.preventDefault();
            if (!form.reportValidity()) {
                return;
            }
            const token = btoa(unescape(encodeURIComponent(`${form.username.value}:${form.password.value}`)));
            done(`Basic ${token}`);
        };
        const onCancel = event => {
            event.preventDefault();
            done(null);
        };
        const cancel = d.querySelector('#login-cancel');
        form.addEventListener('submit', onSubmit);
        d.addEventListener('cancel', onCancel);
        cancel.addEventListener('click', onCancel);
        d.showModal();
        (form.username.value ? form.password : form.username).focus();
    });
}
