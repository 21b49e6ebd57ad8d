-- Queue schema version 5: faults found when the queue was tried as its users would (issue 12).
--
-- - Idempotency keys (fault 3): a client names each write with a key, in the transaction-local setting
--   sluice.idempotency_key. The API stores the key with the write's result, in the write's own transaction, so
--   a retry after an in-doubt commit returns the first result instead of writing twice. A setting rather than
--   a parameter keeps every API signature as it was: older clients and psql keep working, and a psql script
--   names a key with `set local sluice.idempotency_key = '...'`.
-- - EXECUTE is no longer granted to PUBLIC on any function of the queue (fault 5): each is granted to the
--   roles that call it, and functions created later by sluice_owner start with no PUBLIC grant.
-- - Queue events (fault 6): only the API owner calls sluice.notify and pg_notify, and an event's payload is
--   the seq of the audit row the write appended, never a change id or a status, which LISTEN would show to
--   any login.
-- - A change submitted without a named human (fault 7): every human delegated to its agent counts as its
--   human for separation of duties.
-- - Limits (fault 8): title 200 characters (as the table's CHECK), reason, comments and override reasons
--   10,000 characters each, at most 1,000 overrides; SQL of only comments and semicolons has no statements.
--
-- The redefined write functions keep their signatures; what this file adds to each is marked "-- 005:".

set local lock_timeout = '5s';
set local statement_timeout = '1min';
set local role sluice_owner;

-- ---------------------------------------------------------------------------------------------------------------
-- Idempotency keys (fault 3).

-- One row per (login, key). Written only by the API; no client role reads it. request_sha256 fingerprints the
-- action and its arguments, so a key reused for a different request is refused rather than answered with the
-- other request's result.
create table sluice.idempotency_keys (
    actor          name not null,
    key            text not null,
    action         text not null,
    request_sha256 text not null,
    result         jsonb,
    created_at     timestamptz not null default pg_catalog.now(),
    primary key (actor, key)
);
create index idempotency_keys_created on sluice.idempotency_keys (created_at);
-- sluice-ignore enable-rls-without-policy: no client role reads the keys; only the owner, through the API, does
alter table sluice.idempotency_keys enable row level security;

-- Claims the caller's idempotency key for this request. Returns null when the write is to be done now (no key
-- was given, or the key is new), or the stored result of the earlier call with the same key and request.
create function sluice.idempotency_claim(p_action text, p_request jsonb) returns jsonb
    language plpgsql
    set search_path = pg_catalog, pg_temp
as $$
declare
    k     text := nullif(current_setting('sluice.idempotency_key', true), '');
    fp    text := encode(sha256(convert_to(p_action || ' ' || p_request::text, 'UTF8')), 'hex');
    prior sluice.idempotency_keys;
begin
    if k is null then
        return null;
    end if;
    if length(k) > 200 or k !~ '^[[:graph:]]+$' then
        raise exception using errcode = 'SLI01',
            message = 'an idempotency key is 1 to 200 printable characters without spaces, such as a UUID';
    end if;
    -- A retry is useful for minutes, not weeks: a key is remembered for 7 days.
    delete from sluice.idempotency_keys where actor = session_user and created_at < now() - interval '7 days';
    -- A concurrent call with the same key waits here until the first commits (then its result is read below)
    -- or rolls back (then this call does the write).
    insert into sluice.idempotency_keys (actor, key, action, request_sha256)
    values (session_user, k, p_action, fp)
    on conflict (actor, key) do nothing;
    if found then
        return null;
    end if;
    select * into prior from sluice.idempotency_keys where actor = session_user and key = k;
    if prior.action <> p_action or prior.request_sha256 <> fp or prior.result is null then
        raise exception using errcode = 'SLC01',
            message = format('idempotency key %L was already used by %s at %s for another request (%s); a '
                             'new request needs a new key', k, session_user,
                             to_char(prior.created_at, 'YYYY-MM-DD HH24:MI:SS TZ'), prior.action);
    end if;
    return prior.result;
end
$$;

-- Stores the result of the write that claimed the caller's key (nothing without a key).
create function sluice.idempotency_done(p_result jsonb) returns void
    language sql
    set search_path = pg_catalog, pg_temp
as $$
    update sluice.idempotency_keys set result = p_result
     where actor = session_user and key = nullif(current_setting('sluice.idempotency_key', true), '')
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Input limits (fault 8).

-- Refuses text longer than p_max characters, naming what it is and how long it was.
create function sluice.check_length(p_what text, p_value text, p_max integer) returns void
    language plpgsql immutable
    set search_path = pg_catalog, pg_temp
as $$
begin
    if length(p_value) > p_max then
        raise exception using errcode = 'SLI01',
            message = format('the %s is %s characters; it may be at most %s', p_what, length(p_value), p_max);
    end if;
end
$$;

-- Each override is {rule, line, reason}; the reasons are kept with the decision and in the audit log.
create function sluice.check_overrides(p_overrides jsonb) returns void
    language plpgsql immutable
    set search_path = pg_catalog, pg_temp
as $$
declare
    o jsonb;
begin
    if p_overrides is null then
        return;
    end if;
    if jsonb_typeof(p_overrides) <> 'array' then
        raise exception using errcode = 'SLI01', message = 'overrides must be a JSON array of {rule, line, reason}';
    end if;
    if jsonb_array_length(p_overrides) > 1000 then
        raise exception using errcode = 'SLI01',
            message = format('an approval names %s overrides; it may name at most 1000',
                             jsonb_array_length(p_overrides));
    end if;
    for o in select * from jsonb_array_elements(p_overrides) loop
        perform sluice.check_length(format('override reason for %s at line %s', o ->> 'rule', o ->> 'line'),
                                    o ->> 'reason', 10000);
        perform sluice.check_length('rule name of an override', o ->> 'rule', 100);
    end loop;
end
$$;

-- Version 1's checks, and SQL made only of white space, comments and semicolons has no statement to review
-- (a nested /* */ comment is not recognised here and is left to the review).
create or replace function sluice.check_sql(p_sql text) returns void
    language plpgsql immutable
    set search_path = pg_catalog, pg_temp
as $$
begin
    if p_sql is null or btrim(p_sql, E' \t\r\n') = '' then
        raise exception using errcode = 'SLI01', message = 'the SQL is empty: there is nothing to review';
    end if;
    if octet_length(p_sql) > 4 * 1024 * 1024 then
        raise exception using errcode = 'SLI01',
            message = format('the SQL is %s bytes; a revision may be at most 4 MiB (4194304 bytes)',
                             octet_length(p_sql));
    end if;
    if p_sql ~ ('^(?:[[:space:]]|;|--[^' || chr(10) || ']*|/\*(?:[^*]|\*+[^*/])*\*+/)*$') then
        raise exception using errcode = 'SLI01',
            message = 'the SQL has no statements, only comments, semicolons or white space: there is nothing '
                      'to review';
    end if;
end
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Queue events (fault 6). LISTEN needs no privilege, so a payload must tell a login nothing it could not read:
-- it is the seq of the audit row the write appended, which a client reads through the audit log's row-level
-- security (staff see which change it is about, an agent only its own rows) and then re-reads that change
-- through the views. The arguments of sluice.notify stay so that the call sites keep saying what happened.

create or replace function sluice.audit(p_action text, p_change_id bigint, p_sha256 text, p_details jsonb,
                                        p_on_behalf_of name default null)
    returns bigint
    language plpgsql
    set search_path = pg_catalog, pg_temp
as $$
declare
    last_seq  bigint;
    last_hash bytea;
    new_seq   bigint;
    new_at    timestamptz := clock_timestamp();
    canonical text;
begin
    -- One writer at a time: the chain needs each row to see the one before it, committed.
    perform pg_advisory_xact_lock(7302551, 1);
    select a.seq, a.hash into last_seq, last_hash from sluice.audit_log a order by a.seq desc limit 1;
    new_seq := coalesce(last_seq, 0) + 1;
    last_hash := coalesce(last_hash, '\x'::bytea);
    canonical := sluice.audit_canonical(new_seq, new_at, session_user, p_on_behalf_of, p_action, p_change_id,
                                        p_sha256, coalesce(p_details, '{}'));
    insert into sluice.audit_log (seq, at, actor, on_behalf_of, action, change_id, revision_sha256, details,
                                  prev_hash, hash)
    values (new_seq, new_at, session_user, p_on_behalf_of, p_action, p_change_id, p_sha256,
            coalesce(p_details, '{}'), last_hash, sha256(last_hash || convert_to(canonical, 'UTF8')));
    -- 005: what sluice.notify sends.
    perform set_config('sluice.audit_seq', new_seq::text, true);
    return new_seq;
end
$$;

create or replace function sluice.notify(p_event text, p_change_id bigint, p_status text) returns void
    language sql
    set search_path = pg_catalog, pg_temp
as $$
    select pg_notify('sluice', coalesce(current_setting('sluice.audit_seq', true), ''))
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- The write path, as in versions 1 to 4, with the key, the limits and (approve) the delegated humans.

create or replace function sluice_api.submit(p_target text, p_title text, p_reason text, p_on_behalf_of text,
                                             p_sql text)
    returns bigint
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    t          sluice.targets;
    new_change bigint;
    sha        text;
    prior      jsonb;
begin
    perform sluice.require_role('sluice_agent', 'only agents submit changes');
    -- 005: a retry with the same idempotency key returns the change the first call made.
    prior := sluice.idempotency_claim('submit', jsonb_build_object(
        'target', p_target, 'title', p_title, 'reason', p_reason, 'on_behalf_of', p_on_behalf_of,
        'sha256', sluice.sha256_hex(coalesce(p_sql, ''))));
    if prior is not null then
        return (prior ->> 'change')::bigint;
    end if;
    select * into t from sluice.targets where name = p_target;
    if not found then
        raise exception using errcode = 'SLN01',
            message = format('there is no target named %L; `sluicectl admin target add` registers one', p_target);
    end if;
    if p_title is null or btrim(p_title) = '' then
        raise exception using errcode = 'SLI01', message = 'a change needs a title';
    end if;
    -- 005: limits, with a sentence rather than the table's CHECK.
    perform sluice.check_length('title', btrim(p_title), 200);
    perform sluice.check_length('reason', p_reason, 10000);
    perform sluice.check_sql(p_sql);
    if p_on_behalf_of is not null and not exists (
        select 1 from sluice.delegations d
         where d.agent = session_user and d.human = p_on_behalf_of and d.revoked_at is null) then
        raise exception using errcode = '42501',
            message = format('%s is not registered to act for %s; an admin registers it with '
                             '`sluicectl admin delegate --agent %s --human %s`',
                             session_user, p_on_behalf_of, session_user, p_on_behalf_of);
    end if;
    insert into sluice.changes (title, reason, agent, on_behalf_of, target_id)
    values (btrim(p_title), coalesce(p_reason, ''), session_user, p_on_behalf_of, t.id)
    returning id into new_change;
    sha := sluice.sha256_hex(p_sql);
    insert into sluice.revisions (change_id, number, sql, sha256, author)
    values (new_change, 1, p_sql, sha, session_user);
    perform sluice.audit('submit', new_change, sha,
                         jsonb_build_object('target', t.name, 'title', btrim(p_title), 'revision', 1,
                                            'bytes', octet_length(p_sql)),
                         p_on_behalf_of);
    perform sluice.notify('submitted', new_change, 'review');
    perform sluice.idempotency_done(jsonb_build_object('change', new_change)); -- 005
    return new_change;
end
$$;

create or replace function sluice_api.revise(p_change_id bigint, p_sql text) returns integer
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    c      sluice.changes;
    latest sluice.revisions;
    sha    text;
    voided integer;
    prior  jsonb;
begin
    perform sluice.require_role('sluice_agent', 'only agents revise changes');
    -- 005: a retry with the same idempotency key returns the revision the first call made.
    prior := sluice.idempotency_claim('revise', jsonb_build_object(
        'change', p_change_id, 'sha256', sluice.sha256_hex(coalesce(p_sql, ''))));
    if prior is not null then
        return (prior ->> 'revision')::integer;
    end if;
    c := sluice.lock_change(p_change_id);
    if c.agent <> session_user then
        raise exception using errcode = '42501',
            message = format('change %s was submitted by %s; only its author can revise it', c.id, c.agent);
    end if;
    if c.status not in ('review', 'rejected', 'approved') then
        raise exception using errcode = '55000',
            message = format('change %s is %s; only a change in review, rejected or approved and not yet '
                             'executed can be revised', c.id, c.status);
    end if;
    perform sluice.check_sql(p_sql);
    latest := sluice.latest_revision(c.id);
    sha := sluice.sha256_hex(p_sql);
    if sha = latest.sha256 then
        raise exception using errcode = 'SLI01',
            message = format('the SQL is identical to revision %s of change %s; nothing to revise',
                             latest.number, c.id);
    end if;
    insert into sluice.revisions (change_id, number, sql, sha256, author)
    values (c.id, latest.number + 1, p_sql, sha, session_user);
    update sluice.decisions set voided_at = now()
     where change_id = c.id and decision = 'approve' and voided_at is null;
    get diagnostics voided = row_count;
    update sluice.changes set status = 'review', updated_at = now() where id = c.id;
    perform sluice.audit('revise', c.id, sha,
                         jsonb_build_object('revision', latest.number + 1, 'previous_status', c.status,
                                            'voided_approvals', voided, 'bytes', octet_length(p_sql)),
                         c.on_behalf_of);
    perform sluice.notify('revised', c.id, 'review');
    perform sluice.idempotency_done(jsonb_build_object('revision', latest.number + 1)); -- 005
    return latest.number + 1;
end
$$;

create or replace function sluice_api.approve(p_change_id bigint, p_sha256 text, p_comment text, p_overrides jsonb)
    returns text
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    c         sluice.changes;
    latest    sluice.revisions;
    rv        sluice.reviews;
    an        sluice.analyses;
    needed    integer;
    have      integer;
    newstatus text;
    missing   text;
    prior     jsonb;
begin
    perform sluice.require_role('sluice_dba', 'only DBAs approve changes');
    -- 005: a retry with the same idempotency key returns the status the first call left.
    prior := sluice.idempotency_claim('approve', jsonb_build_object(
        'change', p_change_id, 'sha256', lower(p_sha256), 'comment', p_comment, 'overrides', p_overrides));
    if prior is not null then
        return prior ->> 'status';
    end if;
    perform sluice.check_length('comment', p_comment, 10000); -- 005
    perform sluice.check_overrides(p_overrides);              -- 005
    c := sluice.lock_change(p_change_id);
    perform sluice.check_decidable(c, 'approved');
    if session_user = c.agent then
        raise exception using errcode = '42501',
            message = format('%s wrote change %s and cannot approve it (separation of duties)', session_user, c.id);
    end if;
    if session_user = c.on_behalf_of then
        raise exception using errcode = '42501',
            message = format('change %s was made on behalf of %s, who cannot approve it (separation of duties)',
                             c.id, session_user);
    end if;
    -- 005: without a named human, each human the agent was registered to act for while the change was open
    -- could have been the one behind it.
    if c.on_behalf_of is null and exists (
        select 1 from sluice.delegations d
         where d.agent = c.agent and d.human = session_user
           and (d.revoked_at is null or d.revoked_at >= c.created_at)) then
        raise exception using errcode = '42501',
            message = format('change %s was submitted by %s without naming the human it acts for, and %s is '
                             'registered to act for %s, who therefore cannot approve it (separation of duties)',
                             c.id, c.agent, c.agent, session_user);
    end if;
    latest := sluice.latest_revision(c.id);
    if p_sha256 is null or lower(p_sha256) <> latest.sha256 then
        raise exception using errcode = 'SLC01',
            message = format('revision %s is not the latest revision of change %s (revision %s, sha256 %s); '
                             'review the latest revision before approving',
                             coalesce(p_sha256, '(none)'), c.id, latest.number, latest.sha256);
    end if;
    select * into rv from sluice.reviews where revision_id = latest.id order by reviewed_at desc limit 1;
    if not found then
        raise exception using errcode = '55000',
            message = format('revision %s of change %s has not been reviewed yet; it can be approved once '
                             'sluiced has stored its review', latest.number, c.id);
    end if;
    if not rv.parse_ok then
        raise exception using errcode = '55000',
            message = format('revision %s of change %s does not parse as PostgreSQL SQL and cannot be approved: %s',
                             latest.number, c.id,
                             coalesce((select f ->> 'message' from jsonb_array_elements(rv.findings) f
                                        where f ->> 'rule' = 'syntax-error' limit 1), 'syntax error'));
    end if;
    -- Every error-severity finding, of the review and of the newest analysis on the target, needs the
    -- approver's written reason for going ahead anyway.
    missing := sluice.missing_overrides(rv.findings, p_overrides);
    if missing is not null then
        raise exception using errcode = '55000',
            message = format('revision %s of change %s has error findings that each need an override with a '
                             'written reason before it can be approved: %s', latest.number, c.id, missing);
    end if;
    select * into an from sluice.analyses where revision_id = latest.id order by analysed_at desc limit 1;
    if found then
        missing := sluice.missing_overrides(an.document -> 'probes', p_overrides);
        if missing is not null then
            raise exception using errcode = '55000',
                message = format('the analysis of revision %s of change %s on its target has error findings that '
                                 'each need an override with a written reason before it can be approved: %s',
                                 latest.number, c.id, missing);
        end if;
    end if;
    if exists (select 1 from sluice.decisions d where d.revision_id = latest.id and d.decided_by = session_user
                  and d.decision = 'approve' and d.voided_at is null) then
        raise exception using errcode = 'SLC01',
            message = format('%s has already approved revision %s of change %s', session_user, latest.number, c.id);
    end if;
    insert into sluice.decisions (change_id, revision_id, sha256, decision, comment, decided_by, overrides)
    values (c.id, latest.id, latest.sha256, 'approve', coalesce(p_comment, ''), session_user,
            coalesce(p_overrides, '[]'));
    select e.required_approvals into needed
      from sluice.targets t join sluice.environments e on e.name = t.environment where t.id = c.target_id;
    select count(*) into have from sluice.decisions
     where revision_id = latest.id and decision = 'approve' and voided_at is null;
    newstatus := case when have >= needed then 'approved' else 'review' end;
    update sluice.changes set status = newstatus, updated_at = now() where id = c.id;
    perform sluice.audit('approve', c.id, latest.sha256,
                         jsonb_build_object('revision', latest.number, 'comment', coalesce(p_comment, ''),
                                            'approvals', have, 'required', needed,
                                            'analysis', an.analyzer_version,
                                            'overrides', coalesce(p_overrides, '[]')),
                         null);
    perform sluice.notify('approved', c.id, newstatus);
    perform sluice.idempotency_done(jsonb_build_object('status', newstatus)); -- 005
    return newstatus;
end
$$;

create or replace function sluice_api.reject(p_change_id bigint, p_comment text) returns void
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    c      sluice.changes;
    latest sluice.revisions;
begin
    perform sluice.require_role('sluice_dba', 'only DBAs reject changes');
    -- 005: a retry with the same idempotency key is answered as the first call was.
    if sluice.idempotency_claim('reject', jsonb_build_object('change', p_change_id, 'comment', p_comment))
       is not null then
        return;
    end if;
    if p_comment is null or btrim(p_comment) = '' then
        raise exception using errcode = 'SLI01', message = 'a rejection needs a comment saying what to change';
    end if;
    perform sluice.check_length('comment', btrim(p_comment), 10000); -- 005
    c := sluice.lock_change(p_change_id);
    perform sluice.check_decidable(c, 'rejected');
    latest := sluice.latest_revision(c.id);
    insert into sluice.decisions (change_id, revision_id, sha256, decision, comment, decided_by)
    values (c.id, latest.id, latest.sha256, 'reject', btrim(p_comment), session_user);
    update sluice.changes set status = 'rejected', updated_at = now() where id = c.id;
    perform sluice.audit('reject', c.id, latest.sha256,
                         jsonb_build_object('revision', latest.number, 'comment', btrim(p_comment)), null);
    perform sluice.notify('rejected', c.id, 'rejected');
    perform sluice.idempotency_done('{}'); -- 005
end
$$;

create or replace function sluice_api.add_target(p_name text, p_environment text, p_tags text[]) returns bigint
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    new_id bigint;
    prior  jsonb;
begin
    perform sluice.require_role('sluice_admin', 'only admins register targets');
    -- 005: a retry with the same idempotency key returns the target the first call registered.
    prior := sluice.idempotency_claim('add_target', jsonb_build_object(
        'name', p_name, 'environment', p_environment, 'tags', to_jsonb(p_tags)));
    if prior is not null then
        return (prior ->> 'target')::bigint;
    end if;
    if not exists (select 1 from sluice.environments where name = p_environment) then
        raise exception using errcode = 'SLN01',
            message = format('there is no environment %L; known environments: %s', p_environment,
                             (select string_agg(name, ', ' order by rank) from sluice.environments));
    end if;
    if exists (select 1 from sluice.targets where name = p_name) then
        raise exception using errcode = 'SLC01', message = format('a target named %L already exists', p_name);
    end if;
    if p_name !~ '^[A-Za-z][A-Za-z0-9_.-]{0,62}$' then
        raise exception using errcode = 'SLI01',
            message = format('%L is not a valid target name: use letters, digits, _ . - and start with a letter',
                             p_name);
    end if;
    insert into sluice.targets (name, environment, tags)
    values (p_name, p_environment, coalesce(p_tags, '{}'))
    returning id into new_id;
    perform sluice.audit('target_add', null, null,
                         jsonb_build_object('target', p_name, 'environment', p_environment,
                                            'tags', to_jsonb(coalesce(p_tags, '{}'))), null);
    perform sluice.notify('target_added', null, null);
    perform sluice.idempotency_done(jsonb_build_object('target', new_id)); -- 005
    return new_id;
end
$$;

create or replace function sluice_api.delegate(p_agent text, p_human text) returns void
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
begin
    perform sluice.require_role('sluice_admin', 'only admins register delegations');
    -- 005: a retry with the same idempotency key is answered as the first call was.
    if sluice.idempotency_claim('delegate', jsonb_build_object('agent', p_agent, 'human', p_human))
       is not null then
        return;
    end if;
    if not exists (select 1 from pg_roles where rolname = p_agent) then
        raise exception using errcode = 'SLN01', message = format('there is no login %L', p_agent);
    end if;
    if not pg_has_role(p_agent, 'sluice_agent', 'MEMBER') then
        raise exception using errcode = 'SLI01',
            message = format('%s is not an agent (not a member of sluice_agent)', p_agent);
    end if;
    if not exists (select 1 from pg_roles where rolname = p_human) then
        raise exception using errcode = 'SLN01', message = format('there is no login %L', p_human);
    end if;
    if p_agent = p_human then
        raise exception using errcode = 'SLI01', message = 'an agent cannot act on behalf of itself';
    end if;
    insert into sluice.delegations (agent, human) values (p_agent, p_human)
    on conflict (agent, human) do update
        set revoked_at = null, granted_by = session_user, granted_at = now();
    perform sluice.audit('delegate', null, null, jsonb_build_object('agent', p_agent, 'human', p_human), null);
    perform sluice.idempotency_done('{}'); -- 005
end
$$;

create or replace function sluice_api.set_tag(p_target text, p_relation text, p_column text, p_tag text,
                                              p_on boolean)
    returns void
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    t sluice.targets;
begin
    perform sluice.require_role('sluice_admin', 'only admins tag tables and columns');
    -- 005: a retry with the same idempotency key is answered as the first call was.
    if sluice.idempotency_claim('set_tag', jsonb_build_object('target', p_target, 'relation', p_relation,
                                                              'column', p_column, 'tag', p_tag, 'on', p_on))
       is not null then
        return;
    end if;
    select * into t from sluice.targets where name = p_target;
    if not found then
        raise exception using errcode = 'SLN01', message = format('there is no target %L', p_target);
    end if;
    if p_relation !~ '^[^.]+\.[^.]+$' then
        raise exception using errcode = 'SLI01',
            message = format('%L is not a schema-qualified table name such as public.orders', p_relation);
    end if;
    if p_tag !~ '^[a-z][a-z0-9_-]{0,30}$' then
        raise exception using errcode = 'SLI01',
            message = format('%L is not a tag: use lower-case letters, digits, _ and -, such as pii', p_tag);
    end if;
    if p_on then
        insert into sluice.relation_tags (target_id, relation, col, tag)
        values (t.id, p_relation, coalesce(p_column, ''), p_tag)
        on conflict do nothing;
    else
        delete from sluice.relation_tags
         where target_id = t.id and relation = p_relation and col = coalesce(p_column, '') and tag = p_tag;
    end if;
    if found then
        perform sluice.audit(case when p_on then 'tag_add' else 'tag_remove' end, null, null,
                             jsonb_build_object('target', p_target, 'relation', p_relation,
                                                'column', nullif(coalesce(p_column, ''), ''), 'tag', p_tag), null);
    end if;
    perform sluice.idempotency_done('{}'); -- 005
end
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- EXECUTE for the roles that call a function, never for PUBLIC (fault 5). Versions 1 to 4 granted each
-- sluice_api function to its roles and sluice.audit_canonical and sluice.is_staff (read by every client, the
-- latter in row-level security policies) to all of them; everything else runs only inside the API's
-- SECURITY DEFINER functions, as sluice_owner.

revoke execute on all functions in schema sluice, sluice_api from public;
-- Version 1's ALTER DEFAULT PRIVILEGES IN SCHEMA could only add to the global default, which grants EXECUTE
-- to PUBLIC; revoking it for the role that creates the queue's functions is what takes it away.
alter default privileges for role sluice_owner revoke execute on functions from public;

reset role;

-- pg_notify belongs to the bootstrap superuser: only a superuser running `sluicectl init` can take it from
-- PUBLIC. The NOTIFY statement takes no privilege at all in PostgreSQL, so no login can be refused it; that
-- is why a payload carries nothing and every client treats an event only as a reason to re-read.
do $notify$
begin
    if (select rolsuper from pg_catalog.pg_roles where rolname = current_user) then
        revoke execute on function pg_catalog.pg_notify(text, text) from public;
        grant execute on function pg_catalog.pg_notify(text, text) to sluice_owner;
    else
        raise warning using message = format(
            '%s is not a superuser, so pg_notify stays callable by every login of this database; a superuser '
            'runs: revoke execute on function pg_notify(text, text) from public; grant execute on function '
            'pg_notify(text, text) to sluice_owner', current_user);
    end if;
end
$notify$;
