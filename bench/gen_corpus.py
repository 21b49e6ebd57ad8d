#!/usr/bin/env python3
"""Generates a realistic corpus of PostgreSQL migrations for the review benchmark.

usage: gen_corpus.py OUT_DIR [--megabytes 5] [--statements 50] [--seed 7]

Each file is one migration of about --statements statements drawn from the shapes agents actually write: new
tables with constraints and foreign keys, added columns (with and without defaults), indexes (concurrent or not),
backfills, type changes, NOT NULL, views, functions, grants, comments and the odd destructive statement. Output is
deterministic for a seed. One file, typical.sql, is a single 50-statement migration for the latency figure.
"""
import argparse
import os
import random

WORDS = ["order", "customer", "invoice", "payment", "product", "shipment", "account", "session", "event", "refund",
         "coupon", "review", "address", "cart", "ticket", "plan", "subscription", "device", "team", "project"]
TYPES = ["bigint", "integer", "text", "varchar(120)", "numeric(12,2)", "boolean", "timestamptz", "jsonb", "uuid",
         "date", "smallint", "timestamp", "char(3)", "inet"]


def ident(r, prefix=""):
    return prefix + r.choice(WORDS) + ("_" + r.choice(WORDS) if r.random() < 0.5 else "")


def column(r):
    name = ident(r) + "_" + r.choice(["id", "at", "name", "count", "flag", "note", "total", "code", "ref"])
    typ = r.choice(TYPES)
    extra = ""
    roll = r.random()
    if roll < 0.3:
        extra = " not null"
    elif roll < 0.45:
        extra = " not null default " + {"bigint": "0", "integer": "0", "boolean": "false", "text": "''",
                                        "timestamptz": "now()", "jsonb": "'{}'::jsonb"}.get(typ, "null")
    elif roll < 0.5:
        extra = " check (length(%s::text) < 200)" % name
    return "%s %s%s" % (name, typ, extra)


def create_table(r, table):
    cols = ["id bigint generated always as identity primary key"]
    cols += ["    " + column(r) for _ in range(r.randint(6, 18))]
    cols.append("    created_at timestamptz not null default now()")
    if r.random() < 0.6:
        cols.append("    %s_id bigint references %s (id) on delete %s" % (r.choice(WORDS), r.choice(WORDS) + "s",
                                                                        r.choice(["cascade", "restrict", "set null"])))
    return "create table %s (\n    %s\n);" % (table, ",\n".join(cols))


def statement(r, tables):
    t = r.choice(tables)
    c = ident(r) + "_" + r.choice(["at", "flag", "note", "total", "code"])
    shapes = [
        lambda: create_table(r, ident(r, "app_") + "s"),
        lambda: "alter table %s add column %s;" % (t, column(r)),
        lambda: "alter table %s add column if not exists %s %s;" % (t, c, r.choice(TYPES)),
        lambda: "create index %s%s_idx on %s (%s);" % ("concurrently " if r.random() < 0.5 else "", c, t, c),
        lambda: "create unique index concurrently if not exists %s_key on %s (lower(%s));" % (c, t, c),
        lambda: "update %s set %s = %s where id between %d and %d;" % (t, c, r.choice(["0", "'x'", "now()", "null"]),
                                                                       r.randint(1, 10**6), r.randint(10**6, 10**7)),
        lambda: "alter table %s alter column %s set not null;" % (t, c),
        lambda: "alter table %s alter column %s type %s;" % (t, c, r.choice(TYPES)),
        lambda: "alter table %s add constraint %s_check check (%s is not null) not valid;" % (t, c, c),
        lambda: "alter table %s validate constraint %s_check;" % (t, c),
        lambda: "alter table %s add constraint %s_fk foreign key (%s_id) references %s (id);" % (t, c, c, r.choice(tables)),
        lambda: "insert into %s (%s, created_at) values ('%s', now()), ('%s', now());" % (t, c, ident(r), ident(r)),
        lambda: ("create or replace view %s_summary as\nselect t.id, count(*) as n, max(t.created_at) as last_seen\n"
                 "  from %s t\n  join %s u on u.id = t.id\n where t.created_at > now() - interval '30 days'\n"
                 " group by t.id;" % (t, t, r.choice(tables))),
        lambda: ("create or replace function %s_touch() returns trigger language plpgsql as $$\nbegin\n"
                 "    new.updated_at := now();\n    return new;\nend\n$$;" % t),
        lambda: "comment on column %s.%s is 'Set by the %s service; see runbook %d.';" % (t, c, ident(r), r.randint(1, 999)),
        lambda: "grant select, insert, update on %s to app_rw;" % t,
        lambda: "set lock_timeout = '%ds';" % r.randint(1, 10),
        lambda: "set statement_timeout = '%dmin';" % r.randint(1, 30),
        lambda: "alter table %s rename column %s to %s_old;" % (t, c, c),
        lambda: "drop index concurrently if exists %s_idx;" % c,
        lambda: "alter table %s drop column if exists %s;" % (t, c),
        lambda: "delete from %s where created_at < now() - interval '%d days';" % (t, r.randint(30, 900)),
    ]
    weights = [6, 10, 6, 8, 3, 6, 3, 3, 3, 2, 3, 5, 3, 2, 4, 3, 2, 2, 1, 2, 1, 2]
    return r.choices(shapes, weights)[0]()


def migration(r, statements):
    tables = [ident(r) + "s" for _ in range(6)]
    body = ["-- Migration %s: %s" % (r.randint(1000, 9999), " ".join(r.choice(WORDS) for _ in range(6)))]
    body += [statement(r, tables) for _ in range(statements)]
    return "\n\n".join(body) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=float, default=5)
    parser.add_argument("--statements", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    r = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "typical.sql"), "w") as f:
        f.write(migration(r, 50))
    total, n = 0, 0
    while total < args.megabytes * 1024 * 1024:
        text = migration(r, args.statements)
        with open(os.path.join(args.out, "m%05d.sql" % n), "w") as f:
            f.write(text)
        total += len(text.encode())
        n += 1
    print("%d migrations, %.1f MB in %s" % (n, total / 1048576, args.out))


if __name__ == "__main__":
    main()
