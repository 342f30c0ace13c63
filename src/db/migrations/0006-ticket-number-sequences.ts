/**
 * Ticket numbers come from one sequence a day (ticket_no_YYYYMMDD) instead of a counter row: nextval takes
 * no row lock, so concurrent intakes no longer queue behind each other's commit (the counter row was held
 * until each intake's WAL flush). Today's and tomorrow's counters carry over; older days take no new numbers.
 */
export const sql = /* sql */ `
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT day, last FROM ticket_number_counters
           WHERE day ~ '^[0-9]{8}$' AND day >= to_char((now() AT TIME ZONE 'Asia/Shanghai') - interval '1 day', 'YYYYMMDD')
  LOOP
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I START WITH %s', 'ticket_no_' || r.day, r.last + 1);
  END LOOP;
END $$;
DROP TABLE ticket_number_counters;
`;
