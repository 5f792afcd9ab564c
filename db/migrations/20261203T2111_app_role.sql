-- On a PostgreSQL server (docs/decisions/0010-access-policy.md): migrations run as the owner, the app
-- connects as lindung_app, which may only INSERT and SELECT audit_log (no UPDATE, DELETE, TRUNCATE).
-- Applied only when the connecting user may create roles; elsewhere (embedded, managed) it is a no-op.
do $$
declare
  can_create boolean;
begin
  select rolcreaterole or rolsuper into can_create from pg_roles where rolname = current_user;
  if not can_create then
    raise notice 'lindung_app not created: % may not create roles', current_user;
    return;
  end if;
  begin
    create role lindung_app nologin;
  exception when duplicate_object then null; -- created by another database of this server
  end;
  execute format('grant usage on schema %I to lindung_app', current_schema());
  execute format('grant select, insert, update, delete on all tables in schema %I to lindung_app', current_schema());
  execute format('grant usage, select on all sequences in schema %I to lindung_app', current_schema());
  revoke update, delete, truncate on audit_log from lindung_app;
  grant select, insert on audit_log to lindung_app;
end $$;
