-- Patient Portal SDK: the audit trail becomes readable and tamper-evident. H2 2.2+.
-- Each institution's events are numbered from 1 (sequence_no, given out under the chain head row, locked FOR UPDATE
-- by each insert) and linked: link_mac = HMAC-SHA256 under the audit key (key_id) over previous_link and the event.
-- Events stored before this version keep no link; they are numbered here, in insertion order.

ALTER TABLE portal_audit_event ADD COLUMN sequence_no BIGINT;
ALTER TABLE portal_audit_event ADD COLUMN key_id VARCHAR(32);
ALTER TABLE portal_audit_event ADD COLUMN previous_link VARCHAR(64);
ALTER TABLE portal_audit_event ADD COLUMN link_mac VARCHAR(64);

MERGE INTO portal_audit_event t
    USING (SELECT id, ROW_NUMBER() OVER (PARTITION BY institution_id ORDER BY id) AS rn FROM portal_audit_event) s
    ON t.id = s.id
    WHEN MATCHED THEN UPDATE SET t.sequence_no = s.rn;
ALTER TABLE portal_audit_event ALTER COLUMN sequence_no SET NOT NULL;

-- The chain walk, and one number per institution even if the head row were bypassed.
CREATE UNIQUE INDEX uq_portal_audit_event_sequence ON portal_audit_event (institution_id, sequence_no);
-- Staff queries and the patient's access log read newest first, (occurred_at, sequence_no) descending, by keyset.
DROP INDEX ix_portal_audit_event_time;
DROP INDEX ix_portal_audit_event_patient;
CREATE INDEX ix_portal_audit_event_time ON portal_audit_event (institution_id, occurred_at, sequence_no);
CREATE INDEX ix_portal_audit_event_patient
    ON portal_audit_event (institution_id, patient_id, occurred_at, sequence_no);
CREATE INDEX ix_portal_audit_event_actor
    ON portal_audit_event (institution_id, actor_type, actor_id, occurred_at, sequence_no);
CREATE INDEX ix_portal_audit_event_action ON portal_audit_event (institution_id, action, occurred_at, sequence_no);

-- One row per institution: the last number given out and its link (NULL until the first linked event).
CREATE TABLE portal_audit_chain_head (
    institution_id  VARCHAR(128) NOT NULL,
    last_sequence   BIGINT       NOT NULL,
    last_link       VARCHAR(64),
    CONSTRAINT pk_portal_audit_chain_head PRIMARY KEY (institution_id)
);
INSERT INTO portal_audit_chain_head (institution_id, last_sequence, last_link)
    SELECT institution_id, MAX(sequence_no), NULL FROM portal_audit_event GROUP BY institution_id;

-- Signed heads, every N events and on demand; the one at a retention cut is where verification starts.
CREATE TABLE portal_audit_checkpoint (
    institution_id  VARCHAR(128)             NOT NULL,
    sequence_no     BIGINT                   NOT NULL,
    head_link       VARCHAR(64)              NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    key_id          VARCHAR(32)              NOT NULL,
    signature       VARCHAR(64)              NOT NULL,
    CONSTRAINT pk_portal_audit_checkpoint PRIMARY KEY (institution_id, sequence_no)
);
