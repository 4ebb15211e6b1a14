import { check, type Drill } from '../drill.js';
import { ingestOrExplain } from './skill-missing.js';

const TICKETS = 500;
const PROBLEMS = [
  { title: 'Checkout fails with error 500', body: 'I cannot pay, the checkout page shows error 500.' },
  { title: 'Cannot log in', body: 'Login says my password is wrong but it is right.' },
  { title: 'Order confirmation email missing', body: 'I placed an order and got no confirmation email.' },
  { title: 'Cart is empty after refresh', body: 'Items disappear from my cart when I reload the page.' },
  { title: 'Refund not received', body: 'My refund was approved two weeks ago and has not arrived.' },
];
/** Messages allowed per distinct problem: its incident, maybe one follow-up. More is a flood. */
const MESSAGES_PER_PROBLEM = 2;

/**
 * 500 tickets in one minute about five problems, each reported by many people with slightly different
 * wording. Duplicates must be grouped and the chat must not be flooded.
 */
export const ticketFloodDrill: Drill = {
  name: 'ticket-flood',
  description: `${TICKETS} tickets in a minute about ${PROBLEMS.length} problems → duplicates grouped, no chat flood`,
  mode: 'shadow',
  async run(target) {
    const tickets = Array.from({ length: TICKETS }, (_, i) => {
      const p = PROBLEMS[i % PROBLEMS.length] as (typeof PROBLEMS)[number];
      return {
        id: `DRILL-${i + 1}`,
        system: 'drill',
        title: i % 3 === 0 ? p.title : `${p.title} (${['again', 'urgent', 'help'][i % 3]})`,
        body: `${p.body} Customer #${i + 1}.`,
        reporter: `customer${i + 1}@example.com`,
        priority: 'normal',
        createdAt: new Date(Date.UTC(2026, 10, 25, 10, 0, Math.floor((i * 60) / TICKETS))).toISOString(),
      };
    });
    const accepted = ingestOrExplain(target, 'tickets', 'support', { tickets }).accepted;
    await target.settle();
    const incidents = target.incidents();
    const support = incidents.filter((i) => i.skill === 'support');
    const messages = incidents.reduce((n, i) => n + target.incidentMessages(i.id), 0);
    const limit = PROBLEMS.length * MESSAGES_PER_PROBLEM;
    return [
      check('every ticket stored', accepted === TICKETS, `${accepted} of ${TICKETS} tickets accepted`),
      check(
        'support skill claimed the tickets',
        support.length > 0 || incidents.length === 0,
        support.length > 0
          ? `${support.length} incidents claimed by support`
          : 'support skill not installed: no incident was claimed by it',
      ),
      check(
        'duplicates grouped',
        incidents.length <= limit,
        `${incidents.length} incidents for ${PROBLEMS.length} distinct problems (at most ${limit} allowed)`,
      ),
      check('no chat flood', messages <= limit, `${messages} chat messages (at most ${limit} allowed)`),
    ];
  },
};
