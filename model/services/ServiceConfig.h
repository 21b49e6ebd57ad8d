#pragma once

#include "queue/Result.h"
#include "target/TargetExecutor.h"

#include <QMap>
#include <QString>

namespace sluice::model {

// sluiced's configuration file (TOML):
//   [queue]      conninfo = "service=sluice"
//   [execution]  lock_timeout = "5s", statement_timeout = "15min", poll_seconds = 30
//   [review]     config = "/etc/sluice/lint.toml"   (rule configuration per environment; optional)
//   [[target]]   name = "shop_dev", conninfo = "service=shop_dev"   (one table per target)
//                readonly_conninfo = "...", shadow_conninfo = "...", shadow_database = "...", analyse = true
struct ServiceConfig
{
    QString queueConninfo;
    ExecutionSettings execution;
    int pollSeconds = 30;
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
