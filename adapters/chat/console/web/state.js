// The console's shared mutable state: one object, imported wherever it is read or written.
/* global localStorage */

export const state = {
  token: localStorage.getItem('wk.token') ?? '',
  user: localStorage.getItem('wk.user') ?? 'operator',
  feed: new Map(), // message id -> view
  refusals: new Map(), // approval id -> last refusal message
  source: null,
  selectedIncident: null,
};
