-- PostgreSQL only. Every engine keeps read caches (src/cache.rs) that must not outlive a commit
-- made elsewhere: another engine on this database, or the `users` command. SQLite tells that by
-- its `data_version`; here each statement that changes a table sends a notification, which
-- PostgreSQL delivers to the listening engines when (and only if) the transaction commits, once
-- per transaction. Locks, compensation records (renewed every few seconds), events and sign-in
-- failures are never cached, so their changes notify nobody.
CREATE FUNCTION engine_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('engine_changes', '');
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'data_centers', 'hosts', 'storage_connections', 'storage_domains',
        'storage_domain_data_centers', 'luns', 'lun_connections', 'vms', 'disks',
        'disk_attachments', 'users', 'permissions', 'tokens'
    ] LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION engine_notify_change()',
            t || '_changed', t);
    END LOOP;
END
$$;
