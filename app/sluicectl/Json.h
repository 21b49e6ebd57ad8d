#pragma once

#include "queue/Types.h"

#include <QJsonObject>

// The stable, documented JSON shapes of `sluicectl ... --json` (docs/cli.md). Field names are snake_case and
// are only ever added to, never renamed or removed.
namespace sluice::cli {

QJsonObject toJson(const model::ChangeSummary &change);
QJsonObject toJson(const model::ChangeDetail &change);
QJsonObject toJson(const model::AuditRow &row);
QJsonObject toJson(const model::Target &target);

} // namespace sluice::cli
