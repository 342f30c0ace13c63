/**
 * One table for every "request → review → decision" record (issue 11: return, extension, exclusion and
 * reply sign-off; later supervision notices and orders). Ids stay per kind as they were: the primary key
 * is (kind, id), the rows of the old tables are copied with their ids, and the one sequence starts past
 * every old id, so existing URLs (/return-requests/:requestId) resolve and new ids never collide with
 * an old one of any kind. The old tables stay in place, unused (docs/DECISIONS.md "Review requests").
 * A reply stays a record of its own (`replies`); only its sign-off is a review request, found by the
 * reply id in its payload.
 */
export const sql = /* sql */ `
CREATE SEQUENCE review_requests_id_seq;
CREATE TABLE review_requests (
  id            integer NOT NULL DEFAULT nextval('review_requests_id_seq'),
  kind          text NOT NULL,
  ticket_id     integer NOT NULL REFERENCES tickets(id),
  unit_id       integer REFERENCES units(id),
  payload       jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused', 'withdrawn')),
  requested_by  integer REFERENCES users(id),
  requested_at  timestamptz NOT NULL,
  decided_by    integer REFERENCES users(id),
  decided_at    timestamptz,
  decision      jsonb,
  late          boolean,
  PRIMARY KEY (kind, id)
);
ALTER SEQUENCE review_requests_id_seq OWNED BY review_requests.id;
CREATE INDEX review_requests_ticket_idx ON review_requests (ticket_id, kind);
CREATE UNIQUE INDEX review_requests_one_pending ON review_requests (ticket_id, kind) WHERE status = 'pending';

INSERT INTO review_requests (id, kind, ticket_id, unit_id, payload, status, requested_by, requested_at, decided_by, decided_at, decision, late)
SELECT id, 'return', ticket_id, unit_id,
       jsonb_build_object('reason', reason, 'basis', basis, 'verified', verified, 'suggestedUnitId', suggested_unit_id),
       status, actor_id, created_at, decided_by, decided_at,
       CASE WHEN status = 'pending' THEN NULL ELSE jsonb_build_object('note', decision_note) END, late
FROM return_requests;

INSERT INTO review_requests (id, kind, ticket_id, unit_id, payload, status, requested_by, requested_at, decided_by, decided_at, decision, late)
SELECT id, 'extension', ticket_id, unit_id,
       jsonb_build_object('workingDays', working_days, 'reason', reason),
       status, actor_id, created_at, decided_by, decided_at,
       CASE WHEN status = 'pending' THEN NULL ELSE jsonb_build_object('grantedDays', granted_days, 'note', NULL) END, NULL
FROM extension_requests;

INSERT INTO review_requests (id, kind, ticket_id, unit_id, payload, status, requested_by, requested_at, decided_by, decided_at, decision, late)
SELECT id, 'exclusion', ticket_id, unit_id,
       jsonb_build_object('reasonCode', reason_code, 'explanation', explanation),
       status, actor_id, created_at, decided_by, decided_at,
       CASE WHEN status = 'pending' THEN NULL ELSE jsonb_build_object('note', NULL) END, NULL
FROM exclusion_requests;

-- Sign-off: replies that waited for the unit leader (pending_review, or decided by someone).
INSERT INTO review_requests (id, kind, ticket_id, unit_id, payload, status, requested_by, requested_at, decided_by, decided_at, decision, late)
SELECT id, 'reply_sign_off', ticket_id, unit_id,
       jsonb_build_object('replyId', id),
       CASE status WHEN 'pending_review' THEN 'pending' WHEN 'rejected' THEN 'refused' ELSE 'approved' END,
       actor_id, created_at, approved_by, CASE WHEN status = 'pending_review' THEN NULL ELSE approved_at END,
       CASE WHEN status = 'pending_review' THEN NULL ELSE jsonb_build_object('note', NULL) END, late
FROM replies
WHERE status = 'pending_review' OR approved_by IS NOT NULL;

SELECT setval('review_requests_id_seq',
  COALESCE(GREATEST((SELECT max(id) FROM return_requests), (SELECT max(id) FROM extension_requests),
                    (SELECT max(id) FROM exclusion_requests), (SELECT max(id) FROM replies)), 0) + 1, false);
`;
