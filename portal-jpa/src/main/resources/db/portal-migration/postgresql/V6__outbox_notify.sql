-- Patient Portal SDK: wakes the outbox dispatchers of every node the moment a notification becomes due, instead of at
-- their next poll. PostgreSQL 12+. NOTIFY is transactional: listeners hear it when the inserting transaction commits,
-- never when it rolls back. The payload is the table's schema, so dispatchers of other schemas in the same database
-- ignore it. Dispatchers LISTEN on channel portal_outbox (OutboxDispatcher); without a listener this costs next to
-- nothing, and PostgreSQL folds repeated notifications of one transaction into one.

CREATE FUNCTION portal_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portal_outbox', TG_TABLE_SCHEMA);
    RETURN NULL;
END
$$;

-- New notifications (OutboxNotifier): once per INSERT statement.
CREATE TRIGGER portal_outbox_notify AFTER INSERT ON portal_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION portal_outbox_notify();

-- A parked message that staff retry (OutboxAdmin.retry) is due at once too.
CREATE TRIGGER portal_outbox_notify_retry AFTER UPDATE OF state ON portal_outbox
    FOR EACH ROW WHEN (OLD.state = 'PARKED' AND NEW.state = 'PENDING') EXECUTE FUNCTION portal_outbox_notify();
