-- The host's own migration, run by Boot's Flyway beside the portal's (which keep their own history table).
CREATE TABLE host_note (id INTEGER PRIMARY KEY, text VARCHAR(200) NOT NULL);
