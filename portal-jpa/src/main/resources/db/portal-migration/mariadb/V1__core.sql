-- Patient Portal SDK: core tables (grants, documents, content, audit, notification outbox). MariaDB 10.6+ / MySQL 8.
-- utf8mb4_bin: ids and identifiers compare exactly (a case-insensitive collation would make "A" and "a" one id) and
-- sort bytewise, as Java does, which the documents' keyset order relies on. Times are UTC in DATETIME(6).

CREATE TABLE portal_access_grant (
    institution_id       VARCHAR(128) NOT NULL,
    patient_id           VARCHAR(128) NOT NULL,
    access_method        VARCHAR(32)  NOT NULL,
    email                VARCHAR(254),
    phone_e164           VARCHAR(20)  NOT NULL,
    taj                  VARCHAR(9),
    -- SHA-256 (hex) of the login identity while ACTIVE, NULL once revoked: unique per institution.
    active_identity_key  VARCHAR(64),
    sms_notifications    BOOLEAN      NOT NULL,
    status               VARCHAR(16)  NOT NULL,
    revocation_reason    VARCHAR(500),
    version              BIGINT       NOT NULL,
    created_at           DATETIME(6)  NOT NULL,
    updated_at           DATETIME(6)  NOT NULL,
    updated_by           VARCHAR(128) NOT NULL,
    PRIMARY KEY (institution_id, patient_id),
    CONSTRAINT uq_portal_access_grant_identity UNIQUE (institution_id, active_identity_key),
    CONSTRAINT ck_portal_access_grant_method CHECK (access_method IN ('EMAIL_AND_PHONE', 'TAJ_AND_PHONE')),
    CONSTRAINT ck_portal_access_grant_status CHECK (status IN ('ACTIVE', 'REVOKED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE portal_document (
    institution_id  VARCHAR(128) NOT NULL,
    document_id     VARCHAR(128) NOT NULL,
    patient_id      VARCHAR(128) NOT NULL,
    document_type   VARCHAR(128) NOT NULL,
    file_name       VARCHAR(255) NOT NULL,
    media_type      VARCHAR(255) NOT NULL,
    size_bytes      BIGINT       NOT NULL,
    sha256          VARCHAR(64)  NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    created_by      VARCHAR(128) NOT NULL,
    updated_at      DATETIME(6)  NOT NULL,
    version         BIGINT       NOT NULL,
    PRIMARY KEY (institution_id, document_id),
    CONSTRAINT ck_portal_document_state CHECK (state IN ('HIDDEN', 'VISIBLE', 'WITHDRAWN'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- A patient's documents in one state, newest first: the keyset listing reads this index in order.
CREATE INDEX ix_portal_document_patient
    ON portal_document (institution_id, patient_id, state, created_at DESC, document_id DESC);

CREATE TABLE portal_document_content (
    institution_id  VARCHAR(128) NOT NULL,
    document_id     VARCHAR(128) NOT NULL,
    size_bytes      BIGINT       NOT NULL,
    content         LONGBLOB     NOT NULL,
    PRIMARY KEY (institution_id, document_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE portal_audit_event (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    occurred_at     DATETIME(6)   NOT NULL,
    institution_id  VARCHAR(128)  NOT NULL,
    actor_type      VARCHAR(16)   NOT NULL,
    actor_id        VARCHAR(128)  NOT NULL,
    action          VARCHAR(64)   NOT NULL,
    patient_id      VARCHAR(128),
    target_id       VARCHAR(255),
    outcome         VARCHAR(16)   NOT NULL,
    client_address  VARCHAR(64),
    -- A flat JSON object of strings; query it with JSON_VALUE(details, '$.key').
    details         VARCHAR(4000) NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX ix_portal_audit_event_time ON portal_audit_event (institution_id, occurred_at);
CREATE INDEX ix_portal_audit_event_patient ON portal_audit_event (institution_id, patient_id, occurred_at);

CREATE TABLE portal_outbox (
    id                 VARCHAR(36)   NOT NULL,
    intent_type        VARCHAR(64)   NOT NULL,
    institution_id     VARCHAR(128)  NOT NULL,
    patient_id         VARCHAR(128)  NOT NULL,
    subject_id         VARCHAR(255),
    sms_enabled        BOOLEAN       NOT NULL,
    intent_created_at  DATETIME(6)   NOT NULL,
    attributes         VARCHAR(4000) NOT NULL,
    state              VARCHAR(16)   NOT NULL,
    attempts           INTEGER       NOT NULL,
    -- Due when PENDING and this has passed; a claim moves it to the end of its lease.
    next_attempt_at    DATETIME(6)   NOT NULL,
    lease_owner        VARCHAR(36),
    last_error         VARCHAR(200),
    created_at         DATETIME(6)   NOT NULL,
    updated_at         DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_portal_outbox_state CHECK (state IN ('PENDING', 'PARKED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- Due rows, oldest first: the claim query (FOR UPDATE SKIP LOCKED, MariaDB 10.6+) reads this index.
CREATE INDEX ix_portal_outbox_due ON portal_outbox (state, next_attempt_at);
CREATE INDEX ix_portal_outbox_lease ON portal_outbox (lease_owner);
