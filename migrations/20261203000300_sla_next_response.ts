import type { Knex } from "knex";

/**
 * SLA next-response target and re-targeting (docs/analytics.md, issue 14).
 * - sla_clocks gains the next-response target: its target, the business time used in the current cycle,
 *   breach, alert level, deadline, and what the latest cycle took. Existing clocks take their
 *   first-response target as next-response target (as the policy's default).
 * - the policy's targets gain nextResponseMinutes (= firstResponseMinutes).
 * - support_tickets gains the next-response deadline and the instant the badge turns amber (75% of the
 *   nearest running target's business time).
 * - support_ticket_events accepts sla_retargeted.
 */
const OLD_TYPES = `'created', 'status', 'priority', 'assignee', 'sla_started', 'sla_paused', 'sla_resumed', 'sla_breached', 'tags', 'merged', 'rated'`;
const NEW_TYPES = `${OLD_TYPES}, 'sla_retargeted'`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE sla_clocks
      ADD COLUMN next_response_target_ms bigint,
      ADD COLUMN next_response_consumed_ms bigint NOT NULL DEFAULT 0,
      ADD COLUMN next_response_breached boolean NOT NULL DEFAULT false,
      ADD COLUMN next_response_alerted smallint NOT NULL DEFAULT 0,
      ADD COLUMN next_response_due_at timestamptz(3),
      ADD COLUMN next_response_ms bigint
  `);
  await knex.raw(`UPDATE sla_clocks SET next_response_target_ms = first_response_target_ms`);
  await knex.raw(`ALTER TABLE sla_clocks ALTER COLUMN next_response_target_ms SET NOT NULL`);
  await knex.raw(`
    UPDATE sla_policy SET targets = (
      SELECT jsonb_agg(t || jsonb_build_object('nextResponseMinutes', COALESCE(t->'nextResponseMinutes', t->'firstResponseMinutes')))
      FROM jsonb_array_elements(targets) AS t
    )
  `);
  await knex.raw(`
    ALTER TABLE support_tickets
      ADD COLUMN sla_next_response_due_at timestamptz(3),
      ADD COLUMN sla_warning_at timestamptz(3)
  `);
  await knex.raw(
    `ALTER TABLE support_ticket_events DROP CONSTRAINT support_ticket_events_type_check,
     ADD CONSTRAINT support_ticket_events_type_check CHECK (type IN (${NEW_TYPES}))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DELETE FROM support_ticket_events WHERE type = 'sla_retargeted'`);
  await knex.raw(
    `ALTER TABLE support_ticket_events DROP CONSTRAINT support_ticket_events_type_check,
     ADD CONSTRAINT support_ticket_events_type_check CHECK (type IN (${OLD_TYPES}))`,
  );
  await knex.raw(
    `ALTER TABLE support_tickets DROP COLUMN sla_warning_at, DROP COLUMN sla_next_response_due_at`,
  );
  await knex.raw(`
    UPDATE sla_policy SET targets = (SELECT jsonb_agg(t - 'nextResponseMinutes') FROM jsonb_array_elements(targets) AS t)
  `);
  await knex.raw(`ALTER TABLE sla_clocks
    DROP COLUMN next_response_ms, DROP COLUMN next_response_due_at, DROP COLUMN next_response_alerted,
    DROP COLUMN next_response_breached, DROP COLUMN next_response_consumed_ms, DROP COLUMN next_response_target_ms`);
}
