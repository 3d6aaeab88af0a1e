import type { Knex } from "knex";

/**
 * SLA and analytics (docs/analytics.md).
 * - sla_policy: the one policy (calendar + targets per priority), edited by admins; new tickets copy it.
 * - sla_clocks: each ticket's clock (its copy of the policy, business time used, pauses, alerts sent,
 *   the business time its first response and resolution took), owned by the analytics domain.
 * - support_tickets gains the deadlines the queue sorts and filters by (written with every clock change).
 * - support_ticket_events accepts the sla_* timeline events.
 */
const DEFAULT_CALENDAR = {
  timeZone: "UTC",
  hours: ["mon", "tue", "wed", "thu", "fri"].map((day) => ({ day, start: "09:00", end: "17:00" })),
  holidays: [],
};
const DEFAULT_TARGETS = [
  { priority: "urgent", firstResponseMinutes: 60, resolutionMinutes: 480 },
  { priority: "high", firstResponseMinutes: 240, resolutionMinutes: 960 },
  { priority: "medium", firstResponseMinutes: 480, resolutionMinutes: 2400 },
  { priority: "low", firstResponseMinutes: 960, resolutionMinutes: 4800 },
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE sla_policy (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      calendar jsonb NOT NULL,
      targets jsonb NOT NULL,
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_by varchar(255)
    )
  `);
  await knex.raw(`INSERT INTO sla_policy (id, calendar, targets) VALUES (1, ?::jsonb, ?::jsonb)`, [
    JSON.stringify(DEFAULT_CALENDAR),
    JSON.stringify(DEFAULT_TARGETS),
  ]);

  await knex.raw(`
    CREATE TABLE sla_clocks (
      ticket_id uuid PRIMARY KEY REFERENCES support_tickets (id) ON DELETE CASCADE,
      calendar jsonb NOT NULL,
      first_response_target_ms bigint NOT NULL,
      resolution_target_ms bigint NOT NULL,
      first_response_consumed_ms bigint NOT NULL DEFAULT 0,
      resolution_consumed_ms bigint NOT NULL DEFAULT 0,
      running_since timestamptz(3),
      status varchar(16) NOT NULL,
      waiting_on_shop boolean NOT NULL DEFAULT false,
      first_responded boolean NOT NULL DEFAULT false,
      first_response_breached boolean NOT NULL DEFAULT false,
      resolution_breached boolean NOT NULL DEFAULT false,
      first_response_alerted smallint NOT NULL DEFAULT 0,
      resolution_alerted smallint NOT NULL DEFAULT 0,
      first_response_due_at timestamptz(3),
      resolution_due_at timestamptz(3),
      next_alert_at timestamptz(3),
      -- Business time the first response took, and the resolution at its latest resolve (analytics).
      first_response_ms bigint,
      resolution_ms bigint
    )
  `);
  await knex.raw(
    `CREATE INDEX sla_clocks_next_alert_idx ON sla_clocks (next_alert_at) WHERE next_alert_at IS NOT NULL`,
  );

  await knex.raw(`
    ALTER TABLE support_tickets
      ADD COLUMN sla_first_response_due_at timestamptz(3),
      ADD COLUMN sla_resolution_due_at timestamptz(3),
      ADD COLUMN sla_breached boolean NOT NULL DEFAULT false,
      -- The nearest running deadline (null while paused): the queue's sort=due and its sla filters.
      ADD COLUMN sla_due_at timestamptz(3),
      -- The same, never null, so the due-sorted queue is one keyset walk: no running clock sorts last.
      ADD COLUMN sla_due_key timestamptz(3) GENERATED ALWAYS AS
        (COALESCE(sla_due_at, '9999-12-31 23:59:59.999+00'::timestamptz)) STORED
  `);
  await knex.raw(`CREATE INDEX support_tickets_sla_due_idx ON support_tickets (sla_due_key, id)`);
  await knex.raw(`CREATE INDEX support_tickets_resolved_at_idx ON support_tickets (resolved_at)`);

  await knex.raw(
    `ALTER TABLE support_ticket_events DROP CONSTRAINT support_ticket_events_type_check,
     ADD CONSTRAINT support_ticket_events_type_check CHECK (type IN
       ('created', 'status', 'priority', 'assignee', 'sla_started', 'sla_paused', 'sla_resumed', 'sla_breached'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DELETE FROM support_ticket_events WHERE type LIKE 'sla_%'`);
  await knex.raw(
    `ALTER TABLE support_ticket_events DROP CONSTRAINT support_ticket_events_type_check,
     ADD CONSTRAINT support_ticket_events_type_check CHECK (type IN ('created', 'status', 'priority', 'assignee'))`,
  );
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_resolved_at_idx`);
  await knex.raw(`DROP INDEX IF EXISTS support_tickets_sla_due_idx`);
  await knex.raw(`ALTER TABLE support_tickets
    DROP COLUMN sla_due_key, DROP COLUMN sla_due_at, DROP COLUMN sla_breached, DROP COLUMN sla_resolution_due_at, DROP COLUMN sla_first_response_due_at`);
  await knex.raw(`DROP TABLE IF EXISTS sla_clocks`);
  await knex.raw(`DROP TABLE IF EXISTS sla_policy`);
}
