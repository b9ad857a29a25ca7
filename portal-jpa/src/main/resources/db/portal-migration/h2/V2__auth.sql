-- Patient Portal SDK: login state shared by every node: challenges and their codes, sessions, lockout counters and
-- send limits. H2 2.2+.
-- Nothing here is a secret in clear: codes are HMACs under the server key, session tokens SHA-256 hashes, identities
-- and destinations keyed pseudonyms. Every operation that decides something is one conditional UPDATE or runs under
-- a row lock of the challenge (see docs/jpa.md).

CREATE TABLE portal_login_challenge (
    id                   VARCHAR(64)  NOT NULL,
    institution_id       VARCHAR(128) NOT NULL,
    -- NULL for a decoy (an identity without an active grant).
    patient_id           VARCHAR(128),
    grant_version        BIGINT       NOT NULL,
    identity_key         VARCHAR(128) NOT NULL,
    attempts_left        INTEGER      NOT NULL,
    resends              INTEGER      NOT NULL,
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    resend_available_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    consumed             BOOLEAN      NOT NULL,
    CONSTRAINT pk_portal_login_challenge PRIMARY KEY (id),
    CONSTRAINT ck_portal_login_challenge_counts CHECK (attempts_left >= 0 AND resends >= 0)
);
-- Clean-up of expired challenges.
CREATE INDEX ix_portal_login_challenge_expiry ON portal_login_challenge (expires_at);

CREATE TABLE portal_login_challenge_code (
    challenge_id     VARCHAR(64)  NOT NULL,
    factor           VARCHAR(16)  NOT NULL,
    key_id           VARCHAR(64)  NOT NULL,
    -- HMAC-SHA256(server key, challenge id | factor | code): 32 bytes.
    mac              VARBINARY(64) NOT NULL,
    generation       INTEGER      NOT NULL,
    expires_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    verified         BOOLEAN      NOT NULL,
    destination_key  VARCHAR(128) NOT NULL,
    CONSTRAINT pk_portal_login_challenge_code PRIMARY KEY (challenge_id, factor),
    CONSTRAINT fk_portal_login_challenge_code FOREIGN KEY (challenge_id)
        REFERENCES portal_login_challenge (id) ON DELETE CASCADE,
    CONSTRAINT ck_portal_login_challenge_code_factor CHECK (factor IN ('EMAIL', 'SMS'))
);

CREATE TABLE portal_login_session (
    session_id           VARCHAR(64)  NOT NULL,
    -- SHA-256 of the session token: 32 bytes; the token itself is never stored.
    token_hash           VARBINARY(32) NOT NULL,
    institution_id       VARCHAR(128) NOT NULL,
    patient_id           VARCHAR(128) NOT NULL,
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_seen_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    absolute_expires_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_portal_login_session PRIMARY KEY (session_id),
    CONSTRAINT uq_portal_login_session_token UNIQUE (token_hash)
);
-- Revocation ends every session of a patient; clean-up removes sessions past their absolute expiry.
CREATE INDEX ix_portal_login_session_patient ON portal_login_session (institution_id, patient_id);
CREATE INDEX ix_portal_login_session_expiry ON portal_login_session (absolute_expires_at);

CREATE TABLE portal_login_lockout (
    identity_key          VARCHAR(128) NOT NULL,
    consecutive_failures  INTEGER      NOT NULL,
    last_failure_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_portal_login_lockout PRIMARY KEY (identity_key)
);
CREATE INDEX ix_portal_login_lockout_time ON portal_login_lockout (last_failure_at);

CREATE TABLE portal_login_rate_limit (
    -- For example phone:<pseudonym>:h:<hour number>; never an address in clear.
    bucket      VARCHAR(200) NOT NULL,
    hits        BIGINT       NOT NULL,
    expires_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_portal_login_rate_limit PRIMARY KEY (bucket)
);
CREATE INDEX ix_portal_login_rate_limit_expiry ON portal_login_rate_limit (expires_at);
