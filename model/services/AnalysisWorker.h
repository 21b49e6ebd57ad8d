#pragma once

#include "queue/Result.h"
#include "queue/Types.h"
#include "review/Config.h"
#include "services/ServiceConfig.h"

#include <QJsonObject>
#include <QString>
#include <atomic>

namespace sluice::model {

class QueueClient;

// Analyses the latest revision of each open change on the configured targets (docs/analysis.md): catalog
// facts from the target, a dry run on the target's shadow, EXPLAIN of the data changes, data probes, the
// blast radius and risk, the rollback plan verified by a round trip, and the schema diff. Stores one document
// per revision bound to its sha256 and the analyzer version.
class AnalysisWorker
{
public:
    AnalysisWorker(QueueClient &queue, const ServiceConfig &config);

    // Analyses everything pending, or until *stop (checked between two revisions); returns how many analyses
    // were stored.
    [[nodiscard]] Result<int> analysePending(const std::atomic_bool *stop = nullptr);
    // The targets of the configuration that are analysed (analyse = true, the default).
    [[nodiscard]] static QStringList enabledTargets(const ServiceConfig &config);

    struct Target
    {
        QString name;
        QString readonlyConninfo;
        ServiceConfig::Analysis settings;
        QList<RelationTag> tags;
        std::optional<Throughput> throughput;
        // The rule configuration of the target's environment: the catalog-aware rules run again with the
        // target's catalog facts, and what they find beyond the stored review joins the probes' findings.
        review::Config reviewConfig;
    };
    // One revision on one target; never fails: what could not be found out is listed in "unknowns" and
    // raises the risk.
    [[nodiscard]] static QJsonObject analyse(const QByteArray &sql, const Target &target,
                                             const QString &backupPrefix = {});

    [[nodiscard]] static QString analyzerVersion();

private:
    QueueClient &m_queue;
    const ServiceConfig &m_config;
};

} // namespace sluice::model
