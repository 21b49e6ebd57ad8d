-- psql scripts (issue 12). sluicectl resolves a psql script into the plain SQL that runs (variables
-- substituted, \if branches taken, output-only meta-commands dropped) and submits that as the revision: its
-- sha256 covers exactly what runs and is approved. The original psql text is kept beside it, for the diff view
-- and the audit, and is never executed.
--
-- This file only adds a trailing p_source parameter to sluice_api.submit and sluice_api.revise and stores it;
-- the functions' bodies are 005's otherwise (idempotency keys, input limits); the additions are marked "006".

set local lock_timeout = '5s';
set local statement_timeout = '1min';
set local role sluice_owner;

-- The old signatures go first, so that no overload without p_source remains for a client to call.
-- sluice-ignore drop-dependent-object: replaced below with a trailing p_source, in the same transaction
drop function sluice_api.submit(text, text, text, text, text);
-- sluice-ignore drop-dependent-object: replaced below with a trailing p_source, in the same transaction
drop function sluice_api.revise(bigint, text);

create function sluice_api.submit(p_target text, p_title text, p_reason text, p_on_behalf_of text, p_sql text,
                                  p_source text default null)
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
    -- 006: the source is checked as the SQL is: it is stored, shown and exported the same way.
    if p_source is not null then
        perform sluice.check_sql(p_source);
    end if;
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
    insert into sluice.revisions (change_id, number, sql, sha256, author, source) -- 006: source
    values (new_change, 1, p_sql, sha, session_user, p_source);
    perform sluice.audit('submit', new_change, sha,
                         jsonb_build_object('target', t.name, 'title', btrim(p_title), 'revision', 1,
                                            'bytes', octet_length(p_sql)),
                         p_on_behalf_of);
    perform sluice.notify('submitted', new_change, 'review');
    perform sluice.idempotency_done(jsonb_build_object('change', new_change)); -- 005
    return new_change;
end
$$;

create function sluice_api.revise(p_change_id bigint, p_sql text, p_source text default null) returns integer
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
    -- 006: the source is checked as the SQL is: it is stored, shown and exported the same way.
    if p_source is not null then
        perform sluice.check_sql(p_source);
    end if;
    latest := sluice.latest_revision(c.id);
    sha := sluice.sha256_hex(p_sql);
    if sha = latest.sha256 then
        raise exception using errcode = 'SLI01',
            message = format('the SQL is identical to revision %s of change %s; nothing to revise',
                             latest.number, c.id);
    end if;
    insert into sluice.revisions (change_id, number, sql, sha256, author, source) -- 006: source
    values (c.id, latest.number + 1, p_sql, sha, session_user, p_source);
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

-- A dropped function loses its grants: the same as 001 gave the old signatures, and none to PUBLIC.
revoke execute on function sluice_api.submit(text, text, text, text, text, text),
                           sluice_api.revise(bigint, text, text)
    from public;
grant execute on function sluice_api.submit(text, text, text, text, text, text),
                          sluice_api.revise(bigint, text, text)
    to sluice_agent;

-- The psql script a revision's sql was resolved from; null when the submitted text was plain SQL. Last, so that
-- its ACCESS EXCLUSIVE lock on revisions is held for no statement after it.
alter table sluice.revisions add column source text;
