#pragma once

#include "review/Engine.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sluice::model {

// The one JSON shape of a finding, shared by the stored review (sluiced), `sluicectl show --json` and
// `sluicectl lint --format json` (documented in docs/lint-json.md):
//   {"rule", "severity", "message", "help", "line", "column", "end_line", "end_column", "byte_start",
//   "byte_end",
//    "statement"}
[[nodiscard]] QJsonObject findingToJson(const review::Finding &finding);
[[nodiscard]] QJsonArray findingsToJson(const std::vector<review::Finding> &findings);
// "none" when there is no finding.
[[nodiscard]] QString maxSeverityName(const review::Review &review);

} // namespace sluice::model
