-- Patient Portal SDK: notification state shared by every node (push devices, the SMS usage ledger) and the
-- outbox's per-message checkpoint. MariaDB 10.6+ / MySQL 8.

CREATE TABLE portal_push_device (
    institution_id  VARCHAR(128)  NOT NULL,
    app             VARCHAR(128)  NOT NULL,
    -- SHA-256 (hex) of the token: the key, since a token may be 4096 characters long.
    token_hash      VARCHAR(64)   NOT NULL,
    token           VARCHAR(4096) NOT NULL,
    patient_id      VARCHAR(128)  NOT NULL,
    registered_at   DATETIME(6) NOT NULL,
    PRIMARY KEY (institution_id, app, token_hash)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- The notifier lists a patient's tokens for an app.
CREATE INDEX ix_portal_push_device_patient ON portal_push_device (institution_id, patient_id, app);

CREATE TABLE portal_sms_usage (
    institution_id  VARCHAR(128) NOT NULL,
    -- YYYY-MM, in the institution's time zone.
    usage_month     VARCHAR(7)   NOT NULL,
    messages        BIGINT       NOT NULL,
    segments        BIGINT       NOT NULL,
    cost            DECIMAL(19,6) NOT NULL,
    updated_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (institution_id, usage_month),
    CONSTRAINT ck_portal_sms_usage_totals CHECK (messages >= 0 AND segments >= 0 AND cost >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- What a delivery asked to get back on its next attempt (portal-notify: the channels still to deliver).
ALTER TABLE portal_outbox ADD COLUMN checkpoint VARCHAR(200);
