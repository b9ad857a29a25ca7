-- Patient Portal SDK: the grant table's active_identity_key becomes a keyed pseudonym (HMAC-SHA256 under the host's
-- PseudonymKey, purpose "active-identity") instead of an unkeyed SHA-256, which could be brute-forced back to the
-- TAJ, e-mail and phone. The column and its unique constraint stay; the values are re-keyed by the application, which
-- alone holds the key: JpaPortal at start-up, or JpaStores.reindexGrants() for hosts that wire the stores themselves.
--
-- This table records under which key the index was last built: the key's id and a fingerprint (a pseudonym of a fixed
-- label, which reveals nothing of the key). A start with another key, or the first start after this migration (no
-- fingerprint yet), re-keys every active grant under a lock on this row, so nodes starting together re-key once.
CREATE TABLE portal_blind_index_key (
    index_name   VARCHAR(32) NOT NULL,
    key_id       VARCHAR(32),
    fingerprint  VARCHAR(64),
    CONSTRAINT pk_portal_blind_index_key PRIMARY KEY (index_name)
);

INSERT INTO portal_blind_index_key (index_name, key_id, fingerprint) VALUES ('grant-identity', NULL, NULL);
