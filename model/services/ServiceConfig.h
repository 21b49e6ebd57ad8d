#pragma once

#include "queue/Result.h"
#include "target/TargetExecutor.h"

#include <QMap>
#include <QString>

namespace sluice::model {

// sluiced's configuration file (TOML):
//   [queue]      conninfo = "service=sluice"
//   [execution]  lock_timeout = "5s", statement_timeout = "15min", poll_seconds = 30, lease_seconds = 60,
//                record_retry_seconds = 600
//   [review]     config = "/etc/sluice/lint.toml"   (rule configuration per environment; optional)
//                budget_seconds = 10, budget_memory_mib = 1024
//   [analysis]   budget_seconds = 300
//   [test]       pause_after_statement = K, hold_reviews = true   (only for sluice's own tests)
//   [[target]]   name = "shop_dev", conninfo = "service=shop_dev"   (one table per target)
//                readonly_conninfo = "...", shadow_conninfo = "...", shadow_database = "...", analyse = true
struct ServiceConfig
{
    QString queueConninfo;
    ExecutionSettings execution;
    int pollSeconds = 30;
    // Another instance takes over an orphaned execution (no live runner) after this long without a record
    // from its runner; the instance that claimed it, starting again, takes it over at once.
    int leaseSeconds = 60;
    // How long a runner keeps retrying (with backoff, across a queue restart) to record what ran.
    int recordRetrySeconds = 600;
    // Each revision's review gets this much time and memory; a review stopped at its budget counts as risk
    // unknown, never as clean.
    struct Budget
    {
        int seconds = 10;
        int memoryMiB = 1024;
    };
    Budget reviewBudget;
    // Each revision's analysis gets this much time (statement_timeout on its target and shadow sessions,
    // and a deadline checked between its steps); one that runs out is stored as failed.
    int analysisBudgetSeconds = 300;
    // Test hooks, only set by sluice's own tests: pause for good (for a kill -9) after statement K ran on the
    // target, before its outcome is recorded (0: before the first); hold each claimed review until stopped.
    int testPauseAfterStatement = -1;
    bool testHoldReviews = false;
    // The review engine's configuration (TOML text), read at start-up.
    QByteArray reviewToml;
    // Target name -> conninfo. The credentials stay here, never in the queue.
    QMap<QString, QString> targets;
    // How sluiced analyses each target's revisions (blast radius, shadow dry-run, rollback, probes).
    struct Analysis
    {
        // The target's read-only login for catalog facts, EXPLAIN and data probes (default: conninfo).
        QString readonlyConninfo;
        // A key=value conninfo to a server where sluiced may create the shadow database (default: conninfo).
        QString shadowServerConninfo;
        QString shadowDatabase; // default sluice_shadow_<target>
        bool enabled = true;
    };
    QMap<QString, Analysis> analysis;

    [[nodiscard]] static Result<ServiceConfig> load(const QString &path);
    [[nodiscard]] static Result<ServiceConfig> parse(const QByteArray &toml, const QString &origin);
};

} // namespace sluice::model
