-- Queue schema version 3: blast radius, rollback plan and schema diff for every revision (docs/analysis.md).
--
-- sluiced analyses each revision on its target (catalog facts, a dry run on a shadow copy of the target's schema,
-- data probes) and stores one analysis document per revision and analyzer version, bound to the revision's
-- sha256. Admins tag tables and columns per target (hot, pii, financial, ...); sluiced stores the throughput it
-- measured once per target server, so duration estimates are the server's own.

set local lock_timeout = '5s';
set local statement_timeout = '1min';
set local role sluice_owner;

create table sluice.analyses (
    revision_id      bigint not null references sluice.revisions (id),
    sha256           text not null,
    analyzer_version text not null,
    risk             text not null check (risk in ('low', 'moderate', 'high', 'critical')),
    document         jsonb not null,
    analysed_by      name not null default session_user,
    analysed_at      timestamptz not null default pg_catalog.now(),
    primary key (revision_id, analyzer_version)
);

create table sluice.relation_tags (
    target_id  bigint not null references sluice.targets (id),
    relation   text not null check (relation ~ '^[^.]+\.[^.]+$'),
    col        text not null default '',
    tag        text not null check (tag ~ '^[a-z][a-z0-9_-]{0,30}$'),
    tagged_by  name not null default session_user,
    tagged_at  timestamptz not null default pg_catalog.now(),
    primary key (target_id, relation, col, tag)
);

create table sluice.target_throughput (
    target_id               bigint primary key references sluice.targets (id),
    rewrite_bytes_per_sec   double precision not null check (rewrite_bytes_per_sec > 0),
    scan_bytes_per_sec      double precision not null check (scan_bytes_per_sec > 0),
    index_bytes_per_sec     double precision not null check (index_bytes_per_sec > 0),
    server_version          text not null,
    measured_by             name not null default session_user,
    measured_at             timestamptz not null default pg_catalog.now()
);

alter table sluice.analyses enable row level security;
-- sluice-ignore policy-change: an agent sees the analyses of its own changes, staff see all, as for reviews
create policy visible on sluice.analyses for select
    using ((select sluice.is_staff()) or revision_id in (
        select r.id from sluice.revisions r join sluice.changes c on c.id = r.change_id where c.agent = session_user));

grant select on sluice.analyses, sluice.relation_tags, sluice.target_throughput
    to sluice_agent, sluice_dba, sluice_oncall, sluice_auditor, sluice_admin, sluice_service;

create function sluice_api.pending_analyses(p_analyzer_version text, p_targets text[], p_limit integer)
    returns table (revision_id bigint, change_id bigint, revision_number integer, sha256 text, sql text,
                   target text, environment text)
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service analyses revisions');
    return query
        select r.id, r.change_id, r.number, r.sha256, r.sql, t.name, t.environment
          from sluice.revisions r
          join sluice.changes c on c.id = r.change_id
          join sluice.targets t on t.id = c.target_id
         where t.name = any (p_targets)
           and c.status in ('review', 'approved')
           and r.number = (select max(x.number) from sluice.revisions x where x.change_id = c.id)
           and not exists (select 1 from sluice.analyses a
                            where a.revision_id = r.id and a.analyzer_version = p_analyzer_version)
         order by r.id
         limit p_limit;
end
$$;

create function sluice_api.store_analysis(p_revision_id bigint, p_sha256 text, p_analyzer_version text,
                                          p_risk text, p_document jsonb)
    returns boolean
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    r sluice.revisions;
    c sluice.changes;
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service stores analyses');
    select * into r from sluice.revisions where id = p_revision_id;
    if not found then
        raise exception using errcode = 'SLN01', message = format('there is no revision %s', p_revision_id);
    end if;
    if r.sha256 <> p_sha256 then
        raise exception using errcode = 'SLC01',
            message = format('the analysis is of sha256 %s but revision %s has sha256 %s', p_sha256, r.id,
                             r.sha256);
    end if;
    if p_risk not in ('low', 'moderate', 'high', 'critical') then
        raise exception using errcode = 'SLI01',
            message = format('%L is not a risk level: use low, moderate, high or critical', p_risk);
    end if;
    insert into sluice.analyses (revision_id, sha256, analyzer_version, risk, document)
    values (r.id, r.sha256, p_analyzer_version, p_risk, p_document)
    on conflict do nothing;
    if not found then
        return false;
    end if;
    select * into c from sluice.changes where id = r.change_id;
    perform sluice.audit('analysis', r.change_id, r.sha256,
                         jsonb_build_object('revision', r.number, 'analyzer', p_analyzer_version, 'risk', p_risk,
                                            'rollback_verified', p_document #> '{rollback,verified}'), null);
    perform sluice.notify('analysed', r.change_id, c.status);
    return true;
end
$$;

create function sluice_api.store_throughput(p_target text, p_rewrite double precision, p_scan double precision,
                                            p_index double precision, p_server_version text)
    returns void
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    t sluice.targets;
begin
    perform sluice.require_role('sluice_service', 'only the sluiced service measures targets');
    select * into t from sluice.targets where name = p_target;
    if not found then
        raise exception using errcode = 'SLN01', message = format('there is no target %L', p_target);
    end if;
    insert into sluice.target_throughput as x (target_id, rewrite_bytes_per_sec, scan_bytes_per_sec,
                                               index_bytes_per_sec, server_version)
    values (t.id, p_rewrite, p_scan, p_index, p_server_version)
    on conflict (target_id) do update
        set rewrite_bytes_per_sec = excluded.rewrite_bytes_per_sec,
            scan_bytes_per_sec = excluded.scan_bytes_per_sec,
            index_bytes_per_sec = excluded.index_bytes_per_sec,
            server_version = excluded.server_version,
            measured_by = session_user,
            measured_at = pg_catalog.now();
end
$$;

create function sluice_api.set_tag(p_target text, p_relation text, p_column text, p_tag text, p_on boolean)
    returns void
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    t sluice.targets;
begin
    perform sluice.require_role('sluice_admin', 'only admins tag tables and columns');
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
end
$$;

grant execute on function sluice_api.pending_analyses(text, text[], integer),
                          sluice_api.store_analysis(bigint, text, text, text, jsonb),
                          sluice_api.store_throughput(text, double precision, double precision, double precision,
                                                      text)
    to sluice_service;
grant execute on function sluice_api.set_tag(text, text, text, text, boolean) to sluice_admin;

reset role;
