#pragma once

#include "review/BlastRadius.h"
#include "review/CatalogFacts.h"
#include "review/Finding.h"
#include "review/Rollback.h"
#include "review/SchemaDiff.h"
#include "review/Script.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace sluice::model {

// Everything one analysis found, to be written as the document of docs/analysis.md.
struct AnalysisParts
{
    const review::Script &script;
    const QByteArray &sql;
    const review::BlastRadius &blast;
    const review::CatalogFacts &catalog;  // its unknowns are the document's
    const review::RollbackPlan *rollback; // null when no plan could be made
    QJsonValue verified;                  // true, false or null (not verified)
    QString verification;
    QStringList residual;
    std::vector<review::SchemaChange> diff;
    std::vector<review::Finding> probes;
};

// The analysis document (docs/analysis.md) without target, analysed_at and analyzer_version.
[[nodiscard]] QJsonObject analysisToJson(const AnalysisParts &parts);

} // namespace sluice::model
