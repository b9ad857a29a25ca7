-- Patient Portal SDK: no login identifiers in clear in the grant table. A grant's identity (method, phone, e-mail
-- or TAJ) is kept sealed in identity_sealed (AES-256-GCM under a key derived from the host's PseudonymKey, bound to
-- the row), and found through active_identity_key, its blind index. The application alone holds the key, so it seals
-- the existing rows and empties email, phone_e164 and taj: JpaPortal at start-up, or JpaStores.reindexGrants() for
-- hosts that wire the stores themselves. The row grant-seal records the key the identities were last sealed under.
-- The emptied columns stay for now (a later major version drops them).
ALTER TABLE portal_access_grant ADD COLUMN identity_sealed VARCHAR(700) NULL, MODIFY phone_e164 VARCHAR(20) NULL;

INSERT INTO portal_blind_index_key (index_name, key_id, fingerprint) VALUES ('grant-seal', NULL, NULL);
