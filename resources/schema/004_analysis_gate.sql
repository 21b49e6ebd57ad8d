-- Queue schema version 4: the analysis's findings in the gate.
--
-- Version 2 made an approval override each error-severity finding of the revision's stored review. The
-- analysis (version 3) finds more on the target itself: data probes (rows that would violate a new NOT NULL,
-- CHECK or UNIQUE) and the catalog-aware rules run with the target's facts. Its error-severity findings
-- (the document's "probes") now need an override with a written reason too, from the newest analysis stored
-- for the revision. An approval before any analysis is stored is still possible: a target sluiced cannot reach
-- must not block the queue; the console and `sluicectl show` say when there is none.

set local lock_timeout = '5s';
set local statement_timeout = '1min';
set local role sluice_owner;

-- The error-severity findings of `findings` that `overrides` does not override with a written reason, as
-- "rule at line N, ..." (null when none). Anything but a JSON array of findings counts as none.
create function sluice.missing_overrides(p_findings jsonb, p_overrides jsonb) returns text
    language sql immutable
    set search_path = pg_catalog, pg_temp
as $$
    select string_agg(format('%s at line %s', f ->> 'rule', f ->> 'line'), ', ' order by (f ->> 'line')::int)
      from jsonb_array_elements(case when jsonb_typeof(p_findings) = 'array' then p_findings else '[]' end) f
     where f ->> 'severity' = 'error'
       and not exists (select 1 from jsonb_array_elements(case when jsonb_typeof(p_overrides) = 'array'
                                                               then p_overrides else '[]' end) o
                        where o ->> 'rule' = f ->> 'rule' and o ->> 'line' = f ->> 'line'
                          and btrim(coalesce(o ->> 'reason', '')) <> '')
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
    -- Every error-severity finding, of the review and of the newest analysis on the target, needs the
    -- approver's written reason for going ahead anyway.
    if p_overrides is not null and jsonb_typeof(p_overrides) <> 'array' then
        raise exception using errcode = 'SLI01', message = 'overrides must be a JSON array of {rule, line, reason}';
    end if;
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
    return newstatus;
end
$$;

reset role;
