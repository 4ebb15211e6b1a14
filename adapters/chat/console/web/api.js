// The JSON API client: fetch wrapper, the console token (and its form), the operator identity.
/* global fetch, localStorage */
import { $, notice } from './dom.js';
import { state } from './state.js';

export class Unauthorized extends Error {}

export async function api(path, options = {}) {
  const headers = {
    'X-Watchkeeper-User': state.user,
    ...(options.body ? { 'Content-Type': 'application/json' } : {}),
  };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  const res = await fetch(path, { ...options, headers: { ...headers, ...options.headers } });
  if (res.status === 401) {
    showTokenForm();
    throw new Unauthorized('the console token is missing or wrong');
  }
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('application/json') ? await res.json() : await res.text();
  return { status: res.status, body };
}

function showTokenForm() {
  $('token-form').hidden = false;
  notice('This console needs its token (WATCHKEEPER_CONSOLE_TOKEN).', true);
}

/** Shows an error in the notice line; a missing token already shows the token form. */
export function report(err) {
  if (!(err instanceof Unauthorized)) notice(String(err.message ?? err), true);
}

/** Keeps `state.user` in step with the "you are" field (valid names only). */
export function wireIdentity() {
  $('identity').value = state.user;
  $('identity').addEventListener('input', (e) => {
    const value = e.target.value.trim().toLowerCase();
    if (/^[a-z0-9._-]{1,32}$/.test(value)) {
      state.user = value;
      localStorage.setItem('wk.user', value);
    }
  });
}

/** Stores the token entered in the token form, hides the form, then calls `onToken`. */
export function wireTokenForm(onToken) {
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.token = $('token').value.trim();
    localStorage.setItem('wk.token', state.token);
    $('token-form').hidden = true;
    onToken();
  });
}
