-- Patient Portal SDK: sessions are bound to the grant version they were made under (issue 12). H2 2.2+.
-- A login that completes while staff change the method or revoke, after the change swept the sessions and before it
-- committed, keeps its session row; login now resolves a session only while its grant_version is at least the grant's
-- session_epoch, the version of the last change that ended the patient's sessions, so that row is refused once the
-- change commits.

-- Every change so far counts as one that ended the sessions: the epoch starts at the current version.
ALTER TABLE portal_access_grant ADD COLUMN session_epoch BIGINT DEFAULT 1 NOT NULL;
UPDATE portal_access_grant SET session_epoch = version;

-- Sessions open before this version are bound to no grant version (0) and refused: their patients log in again. So
-- are sessions that a node still running an older version writes during a rolling upgrade.
ALTER TABLE portal_login_session ADD COLUMN grant_version BIGINT DEFAULT 0 NOT NULL;
