import { z } from 'zod';
import { DURATION_PATTERN } from './parse-duration.js';

/**
 * zod schema of `policies/constitution.yaml`. Strict objects: a misspelt key is an error with its line,
 * never a silently missing invariant.
 */
const text = z.string().min(1, 'must not be empty');
const globs = z.array(text);
const WALL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const CLOCK = /^([01]\d|2[0-4]):[0-5]\d$/;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const timezone = text.refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown IANA time zone (e.g. "UTC", "Europe/Berlin")' },
);

const freezeSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, ".", "_" or "-"'),
    timezone: timezone.default('UTC'),
    /** One-off window in the zone's wall-clock time, `YYYY-MM-DD HH:MM`; `to` is exclusive. */
    from: z.string().regex(WALL_TIME, 'expected "YYYY-MM-DD HH:MM"').optional(),
    to: z.string().regex(WALL_TIME, 'expected "YYYY-MM-DD HH:MM"').optional(),
    /** Recurring window on these weekdays, `HH:MM` to `HH:MM` (24:00 = end of day). */
    weekly: z
      .strictObject({
        days: z.array(z.enum(DAYS, { error: `expected one of ${DAYS.join('|')}` })).min(1),
        from: z.string().regex(CLOCK, 'expected "HH:MM"'),
        to: z.string().regex(CLOCK, 'expected "HH:MM"'),
      })
      .optional(),
    environments: z.array(text).min(1).default(['production']),
  })
  .superRefine((f, ctx) => {
    const oneOff = f.from !== undefined || f.to !== undefined;
    if (oneOff === (f.weekly !== undefined))
      ctx.addIssue({ code: 'custom', message: 'set either from/to or weekly (exactly one)' });
    if (oneOff && (f.from === undefined || f.to === undefined))
      ctx.addIssue({ code: 'custom', message: 'a one-off freeze needs both from and to' });
    if (f.from !== undefined && f.to !== undefined && f.from >= f.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  });

const budgetSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, ".", "_" or "-"'),
  tools: z.array(text).min(1),
  max: z.number().int().min(0, 'must be 0 or more'),
  per: z
    .union([z.number().int().min(1), z.string().regex(DURATION_PATTERN)], {
      error: 'expected a duration such as "1h" or a number of seconds',
    })
    .default('1h'),
  /** Approvals needed beyond what the policy asked, once the budget is spent. */
  extraApprovals: z.number().int().min(1).default(1),
});

export const constitutionFileSchema = z.strictObject({
  version: z.literal(1, { error: 'expected 1' }),
  description: z.string().optional(),
  /** Tools that only read: they may look at protected assets and run during freezes. */
  readOnlyTools: globs.default([]),
  protectedAssets: z.strictObject({ tags: z.array(text) }).default({ tags: [] }),
  changeFreezes: z.array(freezeSchema).default([]),
  blastRadius: z.array(budgetSchema).default([]),
  /** Skill id → credential scopes (globs) its steps may lease; a skill not listed may lease none. */
  scopes: z.record(z.string(), globs).default({}),
});

export type ConstitutionFile = z.output<typeof constitutionFileSchema>;
export type FreezeWindow = ConstitutionFile['changeFreezes'][number];
export type BlastBudget = ConstitutionFile['blastRadius'][number];
export const WEEKDAYS = DAYS;
