#pragma once

// Internal to model/: a shadow copy of a target's schema (no rows) on which each revision is dry-run inside
// BEGIN ... ROLLBACK, one statement at a time, to observe the locks, rewrites and scans it really causes
// (docs/analysis.md, ../shared/docs/blast-radius-rollback-diff.md §0 and §2.2).

#include "queue/Result.h"
#include "review/Script.h"
#include "review/Trace.h"

#include <QString>
#include <functional>
#include <pqxx/pqxx>
#include <vector>

namespace sluice::model {

struct ShadowSettings
{
    // The target to copy, read-only is enough (pg_dump --schema-only and catalog reads).
    QString targetConninfo;
    // A server on which sluiced may create databases (key=value conninfo, any database): the shadow lives
    // there.
    QString serverConninfo;
    // The shadow database's name.
    QString database;
    // pg_dump and psql; found on PATH unless given.
    QString pgDump = QStringLiteral("pg_dump");
    QString psql = QStringLiteral("psql");
    // Per statement on the shadow (it holds no rows, so anything slow is a bug or a lock wait).
    QString statementTimeout = QStringLiteral("30s");
};

// What the dry run lets the caller do around the migration, inside the shadow's one transaction.
struct ShadowHooks
{
    // Before the first statement: the schema as the target has it (snapshot, definitions for the rollback).
    std::function<void(pqxx::work &)> before;
    // Right before statement `index` (0-based) runs: the pre-image backup the executor would take. What it
    // locks, scans or creates is not part of the statement's trace. Returns whether it ran anything, so the
    // trace's baseline is read again only then (three catalog queries per statement otherwise).
    std::function<bool(pqxx::work &, std::size_t index)> beforeStatement;
    // After the last statement that ran (the migration's effects are visible; a failed statement was undone),
    // with the traces so far.
    std::function<void(pqxx::work &, const std::vector<review::StatementTrace> &)> after;
};

struct ShadowRun
{
    std::vector<review::StatementTrace> traces; // one per statement of the script
    QString fingerprint;                        // of the target schema the shadow was built from
    bool rebuilt = false;                       // the shadow was (re)built for this run
    double milliseconds = 0;
};

// Bytes per second the shadow's server rewrites, scans and indexes, measured on a scratch table.
struct ServerThroughput
{
    double rewrite = 0;
    double scan = 0;
    double index = 0;
    QString serverVersion;
};

class Shadow
{
public:
    explicit Shadow(ShadowSettings settings);

    // A digest of the target's schema: tables, columns, constraints, indexes, functions, triggers, types,
    // grants. Equal digests mean the shadow can be reused.
    [[nodiscard]] Result<QString> targetFingerprint() const;
    // Builds the shadow from pg_dump --schema-only of the target unless it already matches the fingerprint.
    // Returns true when it was (re)built.
    [[nodiscard]] Result<bool> ensure(const QString &fingerprint);
    // Runs the script on the shadow inside one transaction that is always rolled back.
    [[nodiscard]] Result<ShadowRun> dryRun(const review::Script &script, const QByteArray &sql,
                                           const ShadowHooks &hooks = {});
    // Times a rewrite, a full scan and an index build of a scratch table of about 64 MB on the shadow's
    // server.
    [[nodiscard]] Result<ServerThroughput> measureThroughput();

    [[nodiscard]] const ShadowSettings &settings() const { return m_settings; }

private:
    ShadowSettings m_settings;
};

// The default shadow database name for a target: sluice_shadow_<target> with other characters as _.
[[nodiscard]] QString shadowDatabaseName(const QString &target);

} // namespace sluice::model
