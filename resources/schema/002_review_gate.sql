-- Queue schema version 2: the review engine in the gate.
--
-- An approval must override each error-severity finding of the revision's stored review with a written reason;
-- the overrides are kept with the decision and in the audit log. sluiced reviews each revision with the rule
-- configuration of its target's environment.

set local lock_timeout = '5s';
set local statement_timeout = '1min';
set local role sluice_owner;

-- sluice-ignore drop-dependent-object: replaced by the four-argument approve below, in the same transaction
drop function sluice_api.approve(bigint, text, text);
-- sluice-ignore drop-dependent-object: replaced below (it now returns the environment), in the same transaction
drop function sluice_api.pending_reviews(text, integer);

create function sluice_api.approve(p_change_id bigint, p_sha256 text, p_comment text, p_overrides jsonb)
    returns text
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
    missing   text;
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
    -- Every error-severity finding needs the approver's written reason for going ahead anyway.
    if p_overrides is not null and jsonb_typeof(p_overrides) <> 'array' then
        raise exception using errcode = 'SLI01', message = 'overrides must be a JSON array of {rule, line, reason}';
    end if;
    select string_agg(format('%s at line %s', f ->> 'rule', f ->> 'line'), ', ' order by (f ->> 'line')::int)
      into missing
      from jsonb_array_elements(rv.findings) f
     where f ->> 'severity' = 'error'
       and not exists (select 1 from jsonb_array_elements(coalesce(p_overrides, '[]')) o
                        where o ->> 'rule' = f ->> 'rule' and o ->> 'line' = f ->> 'line'
                          and btrim(coalesce(o ->> 'reason', '')) <> '');
    if missing is not null then
        raise exception using errcode = '55000',
            message = format('revision %s of change %s has error findings that each need an override with a '
                             'written reason before it can be approved: %s', latest.number, c.id, missing);
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
                                            'overrides', coalesce(p_overrides, '[]')),
                         null);
    perform sluice.notify('approved', c.id, newstatus);
    return newstatus;
end
$$;

create function sluice_api.pending_reviews(p_engine_version text, p_limit integer)
    returns table (revision_id bigint, change_id bigint, sha256 text, sql text, environment text)
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service reviews revisions');
    return query
        select r.id, r.change_id, r.sha256, r.sql, t.environment
          from sluice.revisions r
          join sluice.changes c on c.id = r.change_id
          join sluice.targets t on t.id = c.target_id
         where not exists (select 1 from sluice.reviews v
                            where v.revision_id = r.id and v.engine_version = p_engine_version)
         order by r.id
         limit p_limit;
end
$$;

grant execute on function sluice_api.approve(bigint, text, text, jsonb) to sluice_dba;
grant execute on function sluice_api.pending_reviews(text, integer) to sluice_service;

-- Last, so that the ACCESS EXCLUSIVE lock it takes is held for as short a time as possible.
alter table sluice.decisions add column overrides jsonb not null default '[]';

reset role;
