// Entry point of the Echo Lab console: loads the models, then wires the server table, the stress form, the
// results and the history. Every failure shows as a banner with the API problem's title and detail.

import { getJson } from './js/api.js';
import { attach, initStress } from './js/stress.js';
import { initResults, refreshHistory, showResults } from './js/results.js';
import { initServers } from './js/servers.js';
import { initHistory } from './js/history.js';
import { setModelOrder, showError } from './js/ui.js';

// Nothing fails silently: a bug in the page still shows as a banner instead of a half-drawn screen.
window.addEventListener('unhandledrejection', event => showError(event.reason ?? {}, 'Unexpected'));
window.addEventListener('error', event => showError(event.error ?? { title: event.message }, 'Unexpected'));

async function main() {
    initResults();
    let models = [];
    try {
        models = await initServers();
    } catch (e) {
        showError(e, 'Models');
    }
    setModelOrder(models.map(m => m.id));
    initStress(models);
    initHistory(models, run => showResults(run, { focus: true }));
    const runs = await refreshHistory();
    const latest = runs[0];
    if (latest) {
        try {
            const run = await getJson(`/api/stress/${encodeURIComponent(latest.id)}`);
            if (['QUEUED', 'RUNNING'].includes(run.status)) {
                attach(run);
            } else {
                showResults(run);
            }
        } catch (e) {
            showError(e, 'Latest run');
        }
    }
}

main();
