-- Queue schema version 7: executions that survive a crash, and reviews claimed once (issue 12).
--
-- A runner records each statement as it goes: a statement outside a transaction is recorded as started
-- before it runs and its outcome before the next one starts; the statements of one target transaction are
-- recorded as started with the transaction's id (txid_current() on the target) before the first of them
-- runs, and their outcomes once the transaction ended. A live runner holds a session advisory lock on its
-- queue connection (sluice.runner_key) and a session named "sluiced execution ID" on the target. An
-- execution still running with neither is orphaned: sluiced decides from the target what is known
-- (txid_status of each recorded transaction), and marks the rest interrupted, naming the statement in doubt,
-- for a DBA to resolve (sluice_api.resolve_execution). Nothing is run twice: a retry resumes after the last
-- statement known to have run, and only when no statement is in doubt.
--
-- Reviews are claimed with FOR NO KEY UPDATE SKIP LOCKED and a lease, so two sluiced instances never review
-- the same revision at once.

set local lock_timeout = '5s';
set local statement_timeout = '1min';
set local role sluice_owner;

-- The advisory lock a live runner holds on its queue session, one per execution.
create function sluice.runner_key(p_execution_id bigint) returns bigint
    language sql immutable
    set search_path = pg_catalog, pg_temp
as $$
    select (7302552::bigint << 32) | (p_execution_id & 4294967295)
$$;

-- Called by the runner right after its claim and after each reconnection: takes the runner's lock, and
-- returns the first statement to run.
create function sluice_api.hold_execution(p_execution_id bigint, p_statements integer) returns integer
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    e      sluice.executions;
    resume integer;
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service records executions');
    e := sluice.running_execution(p_execution_id);
    if not pg_try_advisory_lock(sluice.runner_key(e.id)) then
        raise exception using errcode = '55P03',
            message = format('execution %s is held by another session of its runner', e.id);
    end if;
    if e.statements is null then
        -- What an earlier execution of the same revision ran, resolved by a DBA with a retry, is not run again.
        select p.retry_from into resume from sluice.executions p
         where p.change_id = e.change_id and p.revision_id = e.revision_id and p.id < e.id
           and p.resolution = 'retry'
         order by p.id desc limit 1;
        update sluice.executions
           set statements = p_statements, resume_from = coalesce(resume, 1), heartbeat_at = now()
         where id = e.id
        returning * into e;
    else
        update sluice.executions set heartbeat_at = now() where id = e.id;
    end if;
    return e.resume_from;
end
$$;

-- Steps as JSON objects {ordinal, byte_start, byte_end, outcome, error, rows_affected, duration_ms,
-- target_xid}, recorded in one transaction (the statements of one target transaction end together).
create function sluice_api.record_steps(p_execution_id bigint, p_steps jsonb) returns void
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    e sluice.executions;
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service records executions');
    e := sluice.running_execution(p_execution_id);
    insert into sluice.execution_steps (execution_id, ordinal, byte_start, byte_end, outcome, error,
                                        rows_affected, duration_ms, target_xid)
    select e.id, s.ordinal, s.byte_start, s.byte_end, s.outcome, s.error, s.rows_affected, s.duration_ms,
           s.target_xid
      from jsonb_to_recordset(p_steps) as s (ordinal integer, byte_start integer, byte_end integer,
                                             outcome text, error text, rows_affected bigint,
                                             duration_ms double precision, target_xid bigint)
    -- A retry after a lost connection may record the same statement again.
    on conflict (execution_id, ordinal) do update
        set outcome = excluded.outcome, error = excluded.error, rows_affected = excluded.rows_affected,
            duration_ms = excluded.duration_ms,
            target_xid = coalesce(excluded.target_xid, sluice.execution_steps.target_xid);
    update sluice.executions set heartbeat_at = now() where id = e.id;
end
$$;

-- Running executions on p_targets whose runner is gone: no session holds the runner's lock, and either the
-- caller is the instance that claimed it (it is starting again) or the runner has not recorded anything for
-- p_lease_seconds. The caller still checks the target for the runner's session before deciding.
create function sluice_api.orphaned_executions(p_targets text[], p_instance text, p_lease_seconds integer)
    returns table (execution_id bigint, change_id bigint, target text)
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    e_id     bigint;
    e_change bigint;
    t        text;
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service recovers executions');
    for e_id, e_change, t in
        select x.id, x.change_id, tg.name from sluice.executions x join sluice.targets tg on tg.id = x.target_id
         where x.status = 'running' and tg.name = any (p_targets)
           and (x.instance = p_instance
                or coalesce(x.heartbeat_at, x.started_at) < now() - make_interval(secs => p_lease_seconds))
         order by x.id
    loop
        -- Taken and released at once: only asks whether a live runner holds it.
        if pg_try_advisory_lock(sluice.runner_key(e_id)) then
            perform pg_advisory_unlock(sluice.runner_key(e_id));
            execution_id := e_id;
            change_id := e_change;
            target := t;
            return next;
        end if;
    end loop;
end
$$;

-- Ends an orphaned execution with what the target told (p_steps: {ordinal, outcome, error} for each step
-- recorded as started: succeeded, rolled_back or in_doubt). Returns the change's status afterwards.
create function sluice_api.interrupt_execution(p_execution_id bigint, p_steps jsonb) returns text
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    e          sluice.executions;
    doubt      integer;
    failed     integer;
    ran        integer;
    changed    text;
    message    text;
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service recovers executions');
    select * into e from sluice.executions where id = p_execution_id for update;
    if not found then
        raise exception using errcode = 'SLN01', message = format('there is no execution %s', p_execution_id);
    end if;
    if e.status <> 'running' then
        raise exception using errcode = '55000', message = format('execution %s has already finished', e.id);
    end if;
    -- Held until this transaction ends, so the runner cannot come back meanwhile.
    if not pg_try_advisory_xact_lock(sluice.runner_key(e.id)) then
        raise exception using errcode = '55P03', message = format('execution %s has a live runner', e.id);
    end if;
    update sluice.execution_steps s
       set outcome = d.outcome, error = coalesce(d.error, s.error)
      from jsonb_to_recordset(p_steps) as d (ordinal integer, outcome text, error text)
     where s.execution_id = e.id and s.ordinal = d.ordinal and s.outcome = 'started'
       and d.outcome in ('succeeded', 'rolled_back', 'in_doubt');
    -- What the caller could not decide stays in doubt.
    update sluice.execution_steps set outcome = 'in_doubt' where execution_id = e.id and outcome = 'started';
    select min(ordinal) into doubt from sluice.execution_steps where execution_id = e.id and outcome = 'in_doubt';
    select min(ordinal) into failed from sluice.execution_steps where execution_id = e.id and outcome = 'failed';
    ran := sluice.ran_through(e);
    if failed is not null and doubt is null then
        message := format('statement %s failed; sluiced stopped before it recorded the end', failed);
        update sluice.executions set status = 'failed', error = message, finished_at = now() where id = e.id;
        changed := 'failed';
    elsif doubt is null and ran = coalesce(e.statements, 0) and e.statements is not null then
        message := null;
        update sluice.executions set status = 'succeeded', finished_at = now() where id = e.id;
        changed := 'done';
    else
        message := case
            when doubt is not null then format(
                'interrupted: statement %s may or may not have taken effect on the target; check the target '
                'and say what ran (sluicectl resolve %s --ran-through N)', doubt, e.change_id)
            else format('interrupted after statement %s, the last known to have run; nothing is in doubt '
                        '(sluicectl resolve %s --retry or --cancel)', ran, e.change_id)
            end;
        update sluice.executions set status = 'interrupted', error = message, in_doubt = doubt, finished_at = now()
         where id = e.id;
        changed := 'interrupted';
    end if;
    update sluice.changes set status = changed, updated_at = now() where id = e.change_id;
    perform sluice.audit('execution_interrupted', e.change_id, e.sha256,
                         jsonb_build_object('execution', e.id, 'instance', e.instance, 'in_doubt', doubt,
                                            'ran_through', ran, 'status', changed, 'error', message), null);
    perform sluice.notify('status', e.change_id, changed);
    return changed;
end
$$;

-- The last statement of e such that it and every one before it are known to have run (resume_from - 1 when
-- none of this execution's did).
create function sluice.ran_through(e sluice.executions) returns integer
    language plpgsql stable
    set search_path = pg_catalog, pg_temp
as $$
begin
    return (select coalesce(min(g.n) - 1, coalesce(e.statements, e.resume_from - 1))
      from generate_series(e.resume_from, coalesce(e.statements, 0)) g (n)
     where not exists (select 1 from sluice.execution_steps s
                        where s.execution_id = e.id and s.ordinal = g.n and s.outcome = 'succeeded'));
end
$$;

-- A DBA's decision on an interrupted change: p_action is 'ran_through' (statements up to p_ran_through took
-- effect on the target, none after), 'retry' (run the rest, from the first statement not known to have run;
-- nothing may be in doubt) or 'cancel'. Returns the change's status afterwards.
create function sluice_api.resolve_execution(p_change_id bigint, p_action text, p_ran_through integer,
                                             p_comment text)
    returns text
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    c        sluice.changes;
    e        sluice.executions;
    bad      integer;
    known    text;
    changed  text;
    resume   integer;
begin
    perform sluice.require_role('sluice_dba', 'only DBAs resolve interrupted executions');
    c := sluice.lock_change(p_change_id);
    if c.status <> 'interrupted' then
        raise exception using errcode = '55000',
            message = format('change %s is %s, not interrupted: there is nothing to resolve', c.id, c.status);
    end if;
    select * into e from sluice.executions where change_id = c.id order by id desc limit 1 for update;
    if p_action = 'ran_through' then
        if p_ran_through is null or p_ran_through < e.resume_from - 1 or p_ran_through > e.statements then
            raise exception using errcode = 'SLI01',
                message = format('--ran-through takes a statement number from %s to %s for execution %s',
                                 e.resume_from - 1, e.statements, e.id);
        end if;
        select s.ordinal, s.outcome into bad, known from sluice.execution_steps s
         where s.execution_id = e.id
           and ((s.ordinal <= p_ran_through and s.outcome in ('rolled_back', 'not_run', 'failed'))
                or (s.ordinal > p_ran_through and s.outcome = 'succeeded'))
         order by s.ordinal limit 1;
        if bad is null then
            select g.n into bad from generate_series(e.resume_from, p_ran_through) g (n)
             where not exists (select 1 from sluice.execution_steps s where s.execution_id = e.id and s.ordinal = g.n)
             order by g.n limit 1;
            known := 'never started';
        end if;
        if bad is not null then
            raise exception using errcode = 'SLI01',
                message = format('statement %s of execution %s is known %s (%s); --ran-through %s contradicts it',
                                 bad, e.id, case when bad <= p_ran_through then 'not to have run'
                                                 else 'to have run' end, known, p_ran_through);
        end if;
        select a.ordinal into bad from sluice.execution_steps a join sluice.execution_steps b
            on b.execution_id = a.execution_id and b.target_xid = a.target_xid
         where a.execution_id = e.id and a.ordinal <= p_ran_through and b.ordinal > p_ran_through
         limit 1;
        if bad is not null then
            raise exception using errcode = 'SLI01',
                message = format('statements %s and %s of execution %s ran in one transaction: both took '
                                 'effect or neither', p_ran_through, p_ran_through + 1, e.id);
        end if;
        update sluice.execution_steps
           set outcome = case when ordinal <= p_ran_through then 'succeeded' else 'not_run' end,
               error = format('in doubt; %s said it %s', session_user,
                              case when ordinal <= p_ran_through then 'ran' else 'did not run' end)
         where execution_id = e.id and outcome = 'in_doubt';
        changed := case when p_ran_through = e.statements then 'done' else 'interrupted' end;
        update sluice.executions set in_doubt = null, resolution = 'ran_through', resolved_by = session_user,
               resolved_at = now()
         where id = e.id;
    elsif p_action = 'retry' then
        if e.in_doubt is not null then
            raise exception using errcode = '55000',
                message = format('statement %s of change %s is in doubt: check the target, then say what ran '
                                 'with --ran-through N before a retry', e.in_doubt, c.id);
        end if;
        resume := sluice.ran_through(e) + 1;
        update sluice.executions set resolution = 'retry', retry_from = resume, resolved_by = session_user,
               resolved_at = now()
         where id = e.id;
        changed := 'approved';
    elsif p_action = 'cancel' then
        update sluice.executions set resolution = 'cancel', resolved_by = session_user, resolved_at = now()
         where id = e.id;
        changed := 'cancelled';
    else
        raise exception using errcode = 'SLI01',
            message = format('%L is not a resolution: say ran_through, retry or cancel', p_action);
    end if;
    update sluice.changes set status = changed, updated_at = now() where id = c.id;
    perform sluice.audit('execution_resolved', c.id, e.sha256,
                         jsonb_build_object('execution', e.id, 'action', p_action, 'ran_through', p_ran_through,
                                            'retry_from', resume, 'status', changed, 'comment', p_comment), null);
    perform sluice.notify('status', c.id, changed);
    return changed;
end
$$;

-- Review claims: one instance reviews a revision at a time, for the lease; a crashed instance's claim expires.
create table sluice.review_claims (
    revision_id    bigint not null references sluice.revisions (id),
    engine_version text not null,
    claimed_by     name not null,
    instance       text not null,
    lease_until    timestamptz not null,
    primary key (revision_id, engine_version)
);
-- sluice-ignore enable-rls-without-policy: only the API's security-definer functions (the owner) read it
alter table sluice.review_claims enable row level security;

create function sluice_api.claim_reviews(p_engine_version text, p_instance text, p_limit integer,
                                         p_lease_seconds integer)
    returns table (revision_id bigint, change_id bigint, sha256 text, sql text, environment text)
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service reviews revisions');
    return query
        with picked as (
            select r.id from sluice.revisions r
             where not exists (select 1 from sluice.reviews v
                                where v.revision_id = r.id and v.engine_version = p_engine_version)
               and not exists (select 1 from sluice.review_claims k
                                where k.revision_id = r.id and k.engine_version = p_engine_version
                                  and k.lease_until > now())
             order by r.id
             limit p_limit
             -- No key: storing a review of another revision (its foreign key) does not wait for this.
             for no key update of r skip locked
        ), claimed as (
            insert into sluice.review_claims (revision_id, engine_version, claimed_by, instance, lease_until)
            select p.id, p_engine_version, session_user, coalesce(p_instance, ''),
                   now() + make_interval(secs => p_lease_seconds)
              from picked p
            on conflict on constraint review_claims_pkey do update
                set claimed_by = excluded.claimed_by, instance = excluded.instance,
                    lease_until = excluded.lease_until
            returning review_claims.revision_id
        )
        select r.id, r.change_id, r.sha256, r.sql, t.environment
          from claimed k
          join sluice.revisions r on r.id = k.revision_id
          join sluice.changes c on c.id = r.change_id
          join sluice.targets t on t.id = c.target_id
         order by r.id;
end
$$;

revoke execute on function sluice.runner_key(bigint), sluice.ran_through(sluice.executions),
                           sluice_api.hold_execution(bigint, integer),
                           sluice_api.record_steps(bigint, jsonb),
                           sluice_api.orphaned_executions(text[], text, integer),
                           sluice_api.interrupt_execution(bigint, jsonb),
                           sluice_api.resolve_execution(bigint, text, integer, text),
                           sluice_api.claim_reviews(text, text, integer, integer)
    from public;
grant execute on function sluice.runner_key(bigint),
                          sluice_api.hold_execution(bigint, integer),
                          sluice_api.record_steps(bigint, jsonb),
                          sluice_api.orphaned_executions(text[], text, integer),
                          sluice_api.interrupt_execution(bigint, jsonb),
                          sluice_api.claim_reviews(text, text, integer, integer)
    to sluice_service;
grant execute on function sluice_api.resolve_execution(bigint, text, integer, text) to sluice_dba;

-- Last, so that the ACCESS EXCLUSIVE locks they take are held for as short a time as possible (the functions
-- above read these columns only when called).
-- sluice-ignore drop-constraint, constraint-missing-not-valid: the check is replaced by a wider one in the same statement; the queue's tables are small and the migration's transaction short
alter table sluice.changes drop constraint changes_status_check,
    add constraint changes_status_check
        check (status in ('review', 'approved', 'rejected', 'executing', 'done', 'failed', 'cancelled',
                          'interrupted'));
-- sluice-ignore drop-constraint, statement-after-access-exclusive, constraint-missing-not-valid: the check is replaced by a wider one in the same statement; the queue's tables are small and the migration's transaction short
alter table sluice.executions drop constraint executions_status_check,
    add constraint executions_status_check check (status in ('running', 'succeeded', 'failed', 'interrupted')),
    -- The runner's last sign of life: its last record.
    add column heartbeat_at timestamptz,
    -- sluice-ignore prefer-bigint-over-int: statements of one script, at most a few thousand
    add column statements integer,
    -- The first statement this execution runs (a retry resumes after what an earlier one ran).
    -- sluice-ignore prefer-bigint-over-int: an ordinal within one script
    add column resume_from integer not null default 1,
    -- The first statement whose outcome nobody knows, while a DBA has not said.
    -- sluice-ignore prefer-bigint-over-int: an ordinal within one script
    add column in_doubt integer,
    add column resolution text check (resolution in ('ran_through', 'retry', 'cancel')),
    add column resolved_by name,
    add column resolved_at timestamptz,
    -- sluice-ignore prefer-bigint-over-int: an ordinal within one script
    add column retry_from integer;
-- sluice-ignore drop-constraint, statement-after-access-exclusive, constraint-missing-not-valid: the check is replaced by a wider one in the same statement; the queue's tables are small and the migration's transaction short
alter table sluice.execution_steps drop constraint execution_steps_outcome_check,
    add constraint execution_steps_outcome_check
        check (outcome in ('succeeded', 'failed', 'rolled_back', 'not_run', 'started', 'in_doubt')),
    -- The target transaction the statement ran in (txid_current()), when it ran in one.
    add column target_xid bigint;

reset role;
