-- Sluice queue schema, version 1.
--
-- Applied by `sluicectl init` (schema/SchemaMigrator) inside one transaction, under an advisory lock, by a login
-- that may create roles. The migrator has already created the role sluice_owner and the schemas sluice and
-- sluice_api owned by it. Everything below the SET ROLE is owned by sluice_owner, a NOLOGIN role: the SECURITY
-- DEFINER functions of sluice_api run as it, and client roles hold no write privilege on any table.

-- Client roles. People and agents are granted these; being granted the role is enough to act.
do $roles$
declare
    r text;
begin
    foreach r in array array['sluice_agent', 'sluice_dba', 'sluice_oncall', 'sluice_auditor', 'sluice_admin',
                             'sluice_service']
    loop
        if not exists (select 1 from pg_catalog.pg_roles where rolname = r) then
            begin
                execute pg_catalog.format('create role %I nologin', r);
            exception
                -- Roles are cluster-wide: another database of the cluster may be initialising at once.
                when duplicate_object or unique_violation then null;
            end;
        end if;
    end loop;
end
$roles$;

-- These policies are the queue's read access model, reviewed with the schema itself.
-- sluice-ignore-file policy-change: they grant reads of the queue's own new tables, per role, by design
set local role sluice_owner;

revoke all on schema sluice, sluice_api from public;
grant usage on schema sluice, sluice_api
    to sluice_agent, sluice_dba, sluice_oncall, sluice_auditor, sluice_admin, sluice_service;
alter default privileges in schema sluice, sluice_api revoke execute on functions from public;

-- Environments are ordered: a staged rollout goes dev (rank 10), staging (20), prod (30). required_approvals is
-- the quorum a change on a target in that environment needs; approval policy by environment builds on it.
create table sluice.environments (
    name               text primary key check (name ~ '^[a-z][a-z0-9_-]{0,62}$'),
    rank               integer not null unique,
    required_approvals integer not null default 1 check (required_approvals between 1 and 10)
);
insert into sluice.environments (name, rank) values ('dev', 10), ('staging', 20), ('prod', 30);

-- A target is a database changes are made to. Its credentials never enter the queue: sluiced holds them.
create table sluice.targets (
    id          bigint generated always as identity primary key,
    name        text not null unique check (name ~ '^[A-Za-z][A-Za-z0-9_.-]{0,62}$'),
    environment text not null references sluice.environments (name),
    tags        text[] not null default '{}',
    created_at  timestamptz not null default pg_catalog.now(),
    created_by  name not null default session_user
);

-- Which humans an agent may say it acts for. Rows are never deleted; revoking sets revoked_at.
create table sluice.delegations (
    agent      name not null,
    human      name not null,
    granted_by name not null default session_user,
    granted_at timestamptz not null default pg_catalog.now(),
    revoked_at timestamptz,
    primary key (agent, human)
);

create table sluice.changes (
    id             bigint generated always as identity primary key,
    title          text not null check (pg_catalog.length(title) between 1 and 200),
    reason         text not null default '',
    agent          name not null,
    on_behalf_of   name,
    target_id      bigint not null references sluice.targets (id),
    status         text not null default 'review'
        check (status in ('review', 'approved', 'rejected', 'executing', 'done', 'failed', 'cancelled')),
    -- Room for what comes next: a rollback is a change linked to the change it undoes; a schedule or a
    -- maintenance window sets not_before.
    rollback_of    bigint references sluice.changes (id),
    not_before     timestamptz,
    created_at     timestamptz not null default pg_catalog.now(),
    updated_at     timestamptz not null default pg_catalog.now()
);
create index changes_status on sluice.changes (status, created_at);
create index changes_agent on sluice.changes (agent);
create index changes_target on sluice.changes (target_id);
create index changes_rollback_of on sluice.changes (rollback_of);
create index targets_environment on sluice.targets (environment);

-- The SQL of a change, revision by revision. sha256 is of the UTF-8 bytes of sql, computed here, never taken
-- from the client.
create table sluice.revisions (
    id         bigint generated always as identity primary key,
    change_id  bigint not null references sluice.changes (id),
    number     integer not null,
    sql        text not null,
    sha256     text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    author     name not null,
    created_at timestamptz not null default pg_catalog.now(),
    unique (change_id, number)
);
create index revisions_sha256 on sluice.revisions (sha256);

-- The automated review of a revision, stored by sluiced and bound to the revision's sha256 and the engine that
-- made it, so every console shows the same result.
create table sluice.reviews (
    revision_id    bigint not null references sluice.revisions (id),
    sha256         text not null,
    engine_version text not null,
    parse_ok       boolean not null,
    max_severity   text not null check (max_severity in ('none', 'info', 'warning', 'error')),
    findings       jsonb not null default '[]',
    reviewed_by    name not null default session_user,
    reviewed_at    timestamptz not null default pg_catalog.now(),
    primary key (revision_id, engine_version)
);

create table sluice.decisions (
    id          bigint generated always as identity primary key,
    change_id   bigint not null references sluice.changes (id),
    revision_id bigint not null references sluice.revisions (id),
    sha256      text not null,
    decision    text not null check (decision in ('approve', 'reject')),
    comment     text not null default '',
    decided_by  name not null,
    decided_at  timestamptz not null default pg_catalog.now(),
    -- A new revision voids the approvals of earlier ones; the rows stay for the record.
    voided_at   timestamptz
);
create index decisions_change on sluice.decisions (change_id);
create index decisions_revision on sluice.decisions (revision_id);
create unique index decisions_one_approval_each on sluice.decisions (revision_id, decided_by)
    where decision = 'approve' and voided_at is null;

create table sluice.executions (
    id          bigint generated always as identity primary key,
    change_id   bigint not null references sluice.changes (id),
    revision_id bigint not null references sluice.revisions (id),
    sha256      text not null,
    target_id   bigint not null references sluice.targets (id),
    claimed_by  name not null,
    instance    text not null default '',
    status      text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
    error       text,
    started_at  timestamptz not null default pg_catalog.now(),
    finished_at timestamptz
);
create index executions_change on sluice.executions (change_id);
create index executions_revision on sluice.executions (revision_id);
create index executions_target on sluice.executions (target_id);

-- One row per statement of an execution. Byte offsets are into the revision's UTF-8 SQL.
-- sluice-ignore prefer-bigint-over-int: ordinal counts statements within one execution, at most a few thousand
create table sluice.execution_steps (
    execution_id  bigint not null references sluice.executions (id),
    ordinal       integer not null,
    byte_start    integer not null,
    byte_end      integer not null,
    outcome       text not null check (outcome in ('succeeded', 'failed', 'rolled_back', 'not_run')),
    error         text,
    rows_affected bigint,
    duration_ms   double precision,
    primary key (execution_id, ordinal)
);

-- Append-only, hash-chained. seq is gapless (assigned under an advisory lock), so a deleted row shows as a gap.
-- hash = sha256(prev_hash || utf8(sluice.audit_canonical(row))).
create table sluice.audit_log (
    seq             bigint primary key,
    at              timestamptz not null,
    actor           name not null,
    on_behalf_of    name,
    action          text not null,
    change_id       bigint,
    revision_sha256 text,
    details         jsonb not null default '{}',
    prev_hash       bytea not null,
    hash            bytea not null
);
create index audit_log_change on sluice.audit_log (change_id) where change_id is not null;
create index audit_log_at on sluice.audit_log (at);

create function sluice.audit_canonical(seq bigint, at timestamptz, actor name, on_behalf_of name, action text,
                                       change_id bigint, revision_sha256 text, details jsonb)
    returns text
    language sql immutable
    set search_path = pg_catalog, pg_temp
as $$
    select jsonb_build_array(seq, (extract(epoch from at) * 1000000)::bigint, actor, on_behalf_of, action,
                             change_id, revision_sha256, details)::text
$$;
grant execute on function sluice.audit_canonical(bigint, timestamptz, name, name, text, bigint, text, jsonb)
    to sluice_agent, sluice_dba, sluice_oncall, sluice_auditor, sluice_admin, sluice_service;

create function sluice.audit_refuse_change() returns trigger
    language plpgsql
    set search_path = pg_catalog, pg_temp
as $$
begin
    raise exception using errcode = '42501',
        message = 'the audit log is append-only: ' || tg_op || ' is refused for every role';
end
$$;
create trigger audit_log_no_update_delete before update or delete on sluice.audit_log
    for each row execute function sluice.audit_refuse_change();
create trigger audit_log_no_truncate before truncate on sluice.audit_log
    for each statement execute function sluice.audit_refuse_change();
-- Fire even under session_replication_role = replica.
alter table sluice.audit_log enable always trigger audit_log_no_update_delete;
alter table sluice.audit_log enable always trigger audit_log_no_truncate;

create function sluice.audit(p_action text, p_change_id bigint, p_sha256 text, p_details jsonb,
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
    return new_seq;
end
$$;

create function sluice.notify(p_event text, p_change_id bigint, p_status text) returns void
    language sql
    set search_path = pg_catalog, pg_temp
as $$
    select pg_notify('sluice', json_build_object('event', p_event, 'change', p_change_id, 'status', p_status)::text)
$$;

create function sluice.require_role(p_role text, p_what text) returns void
    language plpgsql stable
    set search_path = pg_catalog, pg_temp
as $$
begin
    if not pg_has_role(session_user, p_role, 'MEMBER') then
        raise exception using errcode = '42501',
            message = format('%s is not a member of %s: %s', session_user, p_role, p_what);
    end if;
end
$$;

create function sluice.is_staff() returns boolean
    language sql stable
    set search_path = pg_catalog, pg_temp
as $$
    select pg_has_role(session_user, 'sluice_dba', 'MEMBER') or pg_has_role(session_user, 'sluice_oncall', 'MEMBER')
        or pg_has_role(session_user, 'sluice_auditor', 'MEMBER') or pg_has_role(session_user, 'sluice_admin', 'MEMBER')
        or pg_has_role(session_user, 'sluice_service', 'MEMBER')
$$;
grant execute on function sluice.is_staff()
    to sluice_agent, sluice_dba, sluice_oncall, sluice_auditor, sluice_admin, sluice_service;

create function sluice.check_sql(p_sql text) returns void
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
end
$$;

create function sluice.sha256_hex(p_sql text) returns text
    language sql immutable
    set search_path = pg_catalog, pg_temp
as $$
    select encode(sha256(convert_to(p_sql, 'UTF8')), 'hex')
$$;

create function sluice.lock_change(p_change_id bigint) returns sluice.changes
    language plpgsql
    set search_path = pg_catalog, pg_temp
as $$
declare
    c sluice.changes;
begin
    select * into c from sluice.changes where id = p_change_id for update;
    if not found then
        raise exception using errcode = 'SLN01', message = format('there is no change %s', p_change_id);
    end if;
    return c;
end
$$;

create function sluice.latest_revision(p_change_id bigint) returns sluice.revisions
    language sql stable
    set search_path = pg_catalog, pg_temp
as $$
    select * from sluice.revisions where change_id = p_change_id order by number desc limit 1
$$;

-- Reads: RLS lets an agent see only its own changes and what hangs off them; staff see everything.
alter table sluice.changes enable row level security;
alter table sluice.revisions enable row level security;
alter table sluice.reviews enable row level security;
alter table sluice.decisions enable row level security;
alter table sluice.executions enable row level security;
alter table sluice.execution_steps enable row level security;
alter table sluice.audit_log enable row level security;
alter table sluice.delegations enable row level security;

create policy visible on sluice.changes for select
    using ((select sluice.is_staff()) or agent = session_user);
create policy visible on sluice.revisions for select
    using ((select sluice.is_staff()) or change_id in (select id from sluice.changes where agent = session_user));
create policy visible on sluice.reviews for select
    using ((select sluice.is_staff()) or revision_id in (
        select r.id from sluice.revisions r join sluice.changes c on c.id = r.change_id where c.agent = session_user));
create policy visible on sluice.decisions for select
    using ((select sluice.is_staff()) or change_id in (select id from sluice.changes where agent = session_user));
create policy visible on sluice.executions for select
    using ((select sluice.is_staff()) or change_id in (select id from sluice.changes where agent = session_user));
create policy visible on sluice.execution_steps for select
    using ((select sluice.is_staff()) or execution_id in (
        select e.id from sluice.executions e join sluice.changes c on c.id = e.change_id where c.agent = session_user));
create policy visible on sluice.audit_log for select
    using ((select sluice.is_staff()) or actor = session_user);
create policy visible on sluice.delegations for select
    using ((select sluice.is_staff()) or agent = session_user);

grant select on sluice.environments, sluice.targets, sluice.changes, sluice.revisions, sluice.reviews,
    sluice.decisions, sluice.executions, sluice.execution_steps, sluice.audit_log, sluice.delegations
    to sluice_agent, sluice_dba, sluice_oncall, sluice_auditor, sluice_admin, sluice_service;

-- The queue as the console and `sluicectl list` show it. security_invoker keeps RLS in force.
create view sluice.change_overview with (security_invoker = true) as
select c.id, c.title, c.reason, c.agent, c.on_behalf_of, c.status, c.created_at, c.updated_at,
       t.name as target, t.environment, r.number as revision, r.sha256,
       coalesce(rv.max_severity, 'unreviewed') as max_severity, rv.parse_ok,
       (select count(*) from sluice.decisions d
         where d.revision_id = r.id and d.decision = 'approve' and d.voided_at is null) as approvals,
       e.required_approvals
  from sluice.changes c
  join sluice.targets t on t.id = c.target_id
  join sluice.environments e on e.name = t.environment
    join lateral (select x.id, x.number, x.sha256 from sluice.revisions x where x.change_id = c.id
                 order by x.number desc limit 1) r on true
  left join lateral (select y.max_severity, y.parse_ok from sluice.reviews y where y.revision_id = r.id
                      order by y.reviewed_at desc limit 1) rv on true;
grant select on sluice.change_overview
    to sluice_agent, sluice_dba, sluice_oncall, sluice_auditor, sluice_admin, sluice_service;

-- ---------------------------------------------------------------------------------------------------------------
-- The write path. Every function checks session_user's membership and the change's state, appends to the audit
-- log and notifies listeners, all in the caller's transaction.

create function sluice_api.submit(p_target text, p_title text, p_reason text, p_on_behalf_of text, p_sql text)
    returns bigint
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    t          sluice.targets;
    new_change bigint;
    sha        text;
begin
    perform sluice.require_role('sluice_agent', 'only agents submit changes');
    select * into t from sluice.targets where name = p_target;
    if not found then
        raise exception using errcode = 'SLN01',
            message = format('there is no target named %L; `sluicectl admin target add` registers one', p_target);
    end if;
    if p_title is null or btrim(p_title) = '' then
        raise exception using errcode = 'SLI01', message = 'a change needs a title';
    end if;
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
    return new_change;
end
$$;

create function sluice_api.revise(p_change_id bigint, p_sql text) returns integer
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    c      sluice.changes;
    latest sluice.revisions;
    sha    text;
    voided integer;
begin
    perform sluice.require_role('sluice_agent', 'only agents revise changes');
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
    return latest.number + 1;
end
$$;

create function sluice.check_decidable(c sluice.changes, p_verb text) returns void
    language plpgsql
    set search_path = pg_catalog, pg_temp
as $$
declare
    last_decision sluice.decisions;
begin
    if c.status = 'review' then
        return;
    end if;
    select * into last_decision from sluice.decisions where change_id = c.id order by id desc limit 1;
    if found and c.status in ('approved', 'rejected') then
        raise exception using errcode = 'SLC01',
            message = format('change %s was %s by %s at %s; it is no longer in review, so it cannot be %s',
                             c.id, c.status, last_decision.decided_by,
                             to_char(last_decision.decided_at, 'YYYY-MM-DD HH24:MI:SS TZ'), p_verb);
    end if;
    raise exception using errcode = '55000',
        message = format('change %s is %s; only a change in review can be %s', c.id, c.status, p_verb);
end
$$;

create function sluice_api.approve(p_change_id bigint, p_sha256 text, p_comment text) returns text
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    c         sluice.changes;
    latest    sluice.revisions;
    rv        sluice.reviews;
    needed    integer;
    have      integer;
    newstatus text;
begin
    perform sluice.require_role('sluice_dba', 'only DBAs approve changes');
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
    if exists (select 1 from sluice.decisions d where d.revision_id = latest.id and d.decided_by = session_user
                  and d.decision = 'approve' and d.voided_at is null) then
        raise exception using errcode = 'SLC01',
            message = format('%s has already approved revision %s of change %s', session_user, latest.number, c.id);
    end if;
    insert into sluice.decisions (change_id, revision_id, sha256, decision, comment, decided_by)
    values (c.id, latest.id, latest.sha256, 'approve', coalesce(p_comment, ''), session_user);
    select e.required_approvals into needed
      from sluice.targets t join sluice.environments e on e.name = t.environment where t.id = c.target_id;
    select count(*) into have from sluice.decisions
     where revision_id = latest.id and decision = 'approve' and voided_at is null;
    newstatus := case when have >= needed then 'approved' else 'review' end;
    update sluice.changes set status = newstatus, updated_at = now() where id = c.id;
    perform sluice.audit('approve', c.id, latest.sha256,
                         jsonb_build_object('revision', latest.number, 'comment', coalesce(p_comment, ''),
                                            'approvals', have, 'required', needed),
                         null);
    perform sluice.notify('approved', c.id, newstatus);
    return newstatus;
end
$$;

create function sluice_api.reject(p_change_id bigint, p_comment text) returns void
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    c      sluice.changes;
    latest sluice.revisions;
begin
    perform sluice.require_role('sluice_dba', 'only DBAs reject changes');
    if p_comment is null or btrim(p_comment) = '' then
        raise exception using errcode = 'SLI01', message = 'a rejection needs a comment saying what to change';
    end if;
    c := sluice.lock_change(p_change_id);
    perform sluice.check_decidable(c, 'rejected');
    latest := sluice.latest_revision(c.id);
    insert into sluice.decisions (change_id, revision_id, sha256, decision, comment, decided_by)
    values (c.id, latest.id, latest.sha256, 'reject', btrim(p_comment), session_user);
    update sluice.changes set status = 'rejected', updated_at = now() where id = c.id;
    perform sluice.audit('reject', c.id, latest.sha256,
                         jsonb_build_object('revision', latest.number, 'comment', btrim(p_comment)), null);
    perform sluice.notify('rejected', c.id, 'rejected');
end
$$;

create function sluice_api.add_target(p_name text, p_environment text, p_tags text[]) returns bigint
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    new_id bigint;
begin
    perform sluice.require_role('sluice_admin', 'only admins register targets');
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
    return new_id;
end
$$;

create function sluice_api.delegate(p_agent text, p_human text) returns void
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
begin
    perform sluice.require_role('sluice_admin', 'only admins register delegations');
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
end
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- The service's path: reviews and executions. Only sluice_service members call these.

create function sluice_api.pending_reviews(p_engine_version text, p_limit integer)
    returns table (revision_id bigint, change_id bigint, sha256 text, sql text)
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service reviews revisions');
    return query
        select r.id, r.change_id, r.sha256, r.sql
          from sluice.revisions r
         where not exists (select 1 from sluice.reviews v
                            where v.revision_id = r.id and v.engine_version = p_engine_version)
         order by r.id
         limit p_limit;
end
$$;

create function sluice_api.store_review(p_revision_id bigint, p_sha256 text, p_engine_version text,
                                        p_parse_ok boolean, p_max_severity text, p_findings jsonb)
    returns boolean
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    r sluice.revisions;
    c sluice.changes;
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service stores reviews');
    select * into r from sluice.revisions where id = p_revision_id;
    if not found then
        raise exception using errcode = 'SLN01', message = format('there is no revision %s', p_revision_id);
    end if;
    if r.sha256 <> p_sha256 then
        raise exception using errcode = 'SLC01',
            message = format('the review is of sha256 %s but revision %s has sha256 %s', p_sha256, r.id, r.sha256);
    end if;
    insert into sluice.reviews (revision_id, sha256, engine_version, parse_ok, max_severity, findings)
    values (r.id, r.sha256, p_engine_version, p_parse_ok, p_max_severity, coalesce(p_findings, '[]'))
    on conflict do nothing;
    if not found then
        return false;
    end if;
    select * into c from sluice.changes where id = r.change_id;
    perform sluice.audit('review', r.change_id, r.sha256,
                         jsonb_build_object('revision', r.number, 'engine', p_engine_version,
                                            'parse_ok', p_parse_ok, 'max_severity', p_max_severity,
                                            'findings', jsonb_array_length(coalesce(p_findings, '[]'))), null);
    perform sluice.notify('reviewed', r.change_id, c.status);
    return true;
end
$$;

create function sluice_api.claim_execution(p_instance text, p_targets text[])
    returns table (execution_id bigint, change_id bigint, revision_number integer, target text, sql text,
                   approved_sha256 text)
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    c      sluice.changes;
    latest sluice.revisions;
    t      sluice.targets;
    exec   bigint;
    needed integer;
    have   integer;
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service executes changes');
    -- Several sluiced instances may call this at once: each takes a different approved change or none.
    select * into c from sluice.changes ch
     where ch.status = 'approved' and (ch.not_before is null or ch.not_before <= now())
       and ch.target_id in (select t2.id from sluice.targets t2 where t2.name = any (p_targets))
     order by ch.id
     limit 1
     for update skip locked;
    if not found then
        return;
    end if;
    latest := sluice.latest_revision(c.id);
    select * into t from sluice.targets where id = c.target_id;
    select e.required_approvals into needed from sluice.environments e where e.name = t.environment;
    select count(*) into have from sluice.decisions d
     where d.revision_id = latest.id and d.decision = 'approve' and d.voided_at is null
       and d.sha256 = latest.sha256;
    if have < needed then
        -- Defence in depth: approved status without the approvals behind it goes back to review.
        update sluice.changes set status = 'review', updated_at = now() where id = c.id;
        perform sluice.audit('execution_refused', c.id, latest.sha256,
                             jsonb_build_object('reason', 'approvals no longer valid', 'approvals', have,
                                                'required', needed), null);
        perform sluice.notify('status', c.id, 'review');
        return;
    end if;
    insert into sluice.executions (change_id, revision_id, sha256, target_id, claimed_by, instance)
    values (c.id, latest.id, latest.sha256, t.id, session_user, coalesce(p_instance, ''))
    returning id into exec;
    update sluice.changes set status = 'executing', updated_at = now() where id = c.id;
    perform sluice.audit('execution_start', c.id, latest.sha256,
                         jsonb_build_object('execution', exec, 'target', t.name, 'instance', p_instance), null);
    perform sluice.notify('executing', c.id, 'executing');
    return query select exec, c.id, latest.number, t.name, latest.sql, latest.sha256;
end
$$;

create function sluice.running_execution(p_execution_id bigint) returns sluice.executions
    language plpgsql
    set search_path = pg_catalog, pg_temp
as $$
declare
    e sluice.executions;
begin
    select * into e from sluice.executions where id = p_execution_id for update;
    if not found then
        raise exception using errcode = 'SLN01', message = format('there is no execution %s', p_execution_id);
    end if;
    if e.claimed_by <> session_user then
        raise exception using errcode = '42501',
            message = format('execution %s was claimed by %s, not %s', e.id, e.claimed_by, session_user);
    end if;
    if e.status <> 'running' then
        raise exception using errcode = '55000', message = format('execution %s has already finished', e.id);
    end if;
    return e;
end
$$;

create function sluice_api.record_step(p_execution_id bigint, p_ordinal integer, p_byte_start integer,
                                       p_byte_end integer, p_outcome text, p_error text, p_rows bigint,
                                       p_duration_ms double precision)
    returns void
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service records executions');
    perform sluice.running_execution(p_execution_id);
    insert into sluice.execution_steps (execution_id, ordinal, byte_start, byte_end, outcome, error,
                                        rows_affected, duration_ms)
    values (p_execution_id, p_ordinal, p_byte_start, p_byte_end, p_outcome, p_error, p_rows, p_duration_ms)
    -- A retry after a lost connection may record the same statement again.
    on conflict (execution_id, ordinal) do update
        set outcome = excluded.outcome, error = excluded.error, rows_affected = excluded.rows_affected,
            duration_ms = excluded.duration_ms;
end
$$;

create function sluice_api.finish_execution(p_execution_id bigint, p_succeeded boolean, p_error text)
    returns void
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    e         sluice.executions;
    newstatus text := case when p_succeeded then 'done' else 'failed' end;
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service records executions');
    e := sluice.running_execution(p_execution_id);
    update sluice.executions
       set status = case when p_succeeded then 'succeeded' else 'failed' end, error = p_error,
           finished_at = now()
     where id = e.id;
    update sluice.changes set status = newstatus, updated_at = now() where id = e.change_id;
    perform sluice.audit(case when p_succeeded then 'execution_end' else 'execution_failed' end, e.change_id,
                         e.sha256,
                         jsonb_build_object('execution', e.id, 'error', p_error,
                                            'steps', (select count(*) from sluice.execution_steps s
                                                       where s.execution_id = e.id)), null);
    perform sluice.notify(case when p_succeeded then 'done' else 'failed' end, e.change_id, newstatus);
end
$$;

grant execute on function sluice_api.submit(text, text, text, text, text),
                          sluice_api.revise(bigint, text)
    to sluice_agent;
grant execute on function sluice_api.approve(bigint, text, text),
                          sluice_api.reject(bigint, text)
    to sluice_dba;
grant execute on function sluice_api.add_target(text, text, text[]),
                          sluice_api.delegate(text, text)
    to sluice_admin;
grant execute on function sluice_api.pending_reviews(text, integer),
                          sluice_api.store_review(bigint, text, text, boolean, text, jsonb),
                          sluice_api.claim_execution(text, text[]),
                          sluice_api.record_step(bigint, integer, integer, integer, text, text, bigint,
                                                 double precision),
                          sluice_api.finish_execution(bigint, boolean, text)
    to sluice_service;

reset role;
