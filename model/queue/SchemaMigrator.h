#pragma once

#include "queue/Result.h"

#include <QString>
#include <QStringList>

namespace sluice::model {

struct MigrationReport
{
    int versionBefore = 0;
    int versionAfter = 0;
    QStringList applied;
};

// Applies the queue schema migrations of resources/schema/ in order, each once, serialised by an advisory
// lock and recorded in sluice.schema_version. Safe to run again and from several processes at once.
class SchemaMigrator
{
public:
    // The newest schema version this build knows.
    [[nodiscard]] static int knownVersion();

    [[nodiscard]] static Result<MigrationReport> migrate(const QString &conninfo);
};

} // namespace sluice::model
