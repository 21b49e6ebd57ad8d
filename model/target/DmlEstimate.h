#pragma once

// Internal to model/: how many rows each data-changing statement of a migration would touch on the target,
// from EXPLAIN (the plan's estimate; nothing is executed).

#include "queue/Result.h"
#include "review/Script.h"

#include <QString>
#include <map>
#include <string>

namespace sluice::model {

struct DmlEstimates
{
    std::map<std::size_t, std::int64_t> rows; // statement index -> estimated rows
    std::map<std::size_t, std::string>
        errors; // statement index -> why no estimate ("column x does not exist")
};

// EXPLAIN of every UPDATE, DELETE, INSERT ... SELECT and MERGE, in one read-only transaction with a
// statement_timeout; an estimate that fails is an error sentence, never zero rows.
[[nodiscard]] Result<DmlEstimates> estimateDmlRows(const QString &conninfo, const QByteArray &sql,
                                                   const review::Script &script,
                                                   int statementTimeoutMs = 5000);

} // namespace sluice::model
