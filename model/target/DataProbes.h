#pragma once

#include "queue/Result.h"
#include "review/Finding.h"
#include "review/Script.h"

#include <QString>
#include <string_view>
#include <vector>

namespace sluice::model {

struct ProbeSettings
{
    // Each probe is one bounded query; one that runs longer becomes a probe-unknown warning.
    int statementTimeoutMs = 5000;
};

// Bounded read-only queries on a target that predict statements failing on its data: SET NOT NULL over NULLs
// (and ADD COLUMN ... NOT NULL without a default on a table with rows), a unique index, UNIQUE or PRIMARY KEY
// over duplicates, a narrowing type change over values that do not fit, a foreign key over orphans, a CHECK
// over violating rows. Tables created earlier in the same migration are skipped, and so are NOT VALID
// constraints and type changes with USING. All probes run in one REPEATABLE READ READ ONLY transaction, each
// under a savepoint and the statement_timeout.
class DataProbes
{
public:
    // sql is the migration the script was parsed from (findings point at its statements). Findings use the
    // rule ids probe-not-null-violation, probe-duplicate-keys, probe-type-overflow, probe-fk-orphans,
    // probe-check-violation (errors) and probe-unknown (a warning: the check could not be made). An Error
    // only when the target cannot be reached; a script that needs no probe does not connect.
    [[nodiscard]] static Result<std::vector<review::Finding>> run(const QString &conninfo,
                                                                  std::string_view sql,
                                                                  const review::Script &script,
                                                                  const ProbeSettings &settings = {});
};

} // namespace sluice::model
