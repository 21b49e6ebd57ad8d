#include "target/DataProbes.h"

#include "queue/Pg.h"
#include "target/ProbeSql.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>

namespace sluice::model {
namespace {

using namespace probes;
using ReadOnlyTx = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

std::string help(const std::string &ruleId)
{
    static const std::map<std::string, std::string> texts{
        {"probe-not-null-violation",
         "PostgreSQL refuses NOT NULL while any row has NULL there, after scanning the table under an ACCESS "
         "EXCLUSIVE lock. Backfill the NULLs first (in batches), or add CHECK (col IS NOT NULL) NOT VALID, "
         "fix "
         "the rows, VALIDATE it, then SET NOT NULL. A new NOT NULL column needs a DEFAULT."},
        {"probe-duplicate-keys", "A unique index cannot be built over duplicate keys; the build fails after "
                                 "scanning the whole table. "
                                 "Find them with SELECT keys, count(*) FROM t GROUP BY keys HAVING count(*) "
                                 "> 1, merge or remove them, "
                                 "then create the index (CONCURRENTLY)."},
        {"probe-type-overflow",
         "The type change fails on the first value that does not fit, after rewriting part of the table "
         "under an "
         "ACCESS EXCLUSIVE lock. Fix or archive those values first, or choose a wider type."},
        {"probe-fk-orphans", "Adding the foreign key validates every row and fails on the first orphan. Add "
                             "it NOT VALID, delete or "
                             "repair the orphan rows, then VALIDATE CONSTRAINT (which takes a weaker lock)."},
        {"probe-check-violation",
         "Adding the CHECK validates every row and fails on the first violation. Add it NOT VALID, fix the "
         "violating rows, then VALIDATE CONSTRAINT."},
        {"probe-unknown", "The probe could not tell: it ran into its statement_timeout or an error, or the "
                          "migration changes the "
                          "table's rows before this statement in a way the probe cannot follow. The "
                          "statement may still fail on "
                          "the data. Check it by hand, or raise the probe timeout for this target."},
    };
    const auto it = texts.find(ruleId);
    return it == texts.end() ? std::string() : it->second;
}

review::Finding finding(std::string_view sql, const review::Script &script, const Probe &probe,
                        std::string ruleId, review::Severity severity, std::string message)
{
    const auto &statement = script.statements[probe.statement];
    review::Finding f;
    f.ruleId = std::move(ruleId);
    f.severity = severity;
    f.range = statement.range;
    f.start = statement.start;
    f.end = review::positionAt(sql, statement.range.end);
    f.message = std::move(message);
    f.help = help(f.ruleId);
    f.statementIndex = probe.statement;
    return f;
}

} // namespace

Result<std::vector<review::Finding>> DataProbes::run(const QString &conninfo, std::string_view sql,
                                                     const review::Script &script,
                                                     const ProbeSettings &settings)
{
    const auto probes = planProbes(sql, script);
    if (probes.empty())
        return std::vector<review::Finding>{};
    auto connection = pg::connect(conninfo);
    if (!connection)
        return connection.error();
    return pg::guarded([&] {
        std::vector<review::Finding> findings;
        for (const auto &probe : probes) {
            if (!probe.unknown.empty()) {
                findings.push_back(finding(sql, script, probe, "probe-unknown", review::Severity::Warning,
                                           "could not check " + probe.check + ": " + probe.unknown));
                continue;
            }
            // Each probe in a transaction of its own: the ACCESS SHARE lock it takes on a table is held only
            // while it runs, so a change sluiced executes on the same target meanwhile waits for one probe
            // at most.
            try {
                ReadOnlyTx tx(**connection);
                tx.exec_params("select set_config('statement_timeout', $1, true)",
                               std::to_string(settings.statementTimeoutMs));
                const auto query = probe.query(tx);
                const bool hit = query && !tx.exec(*query).empty();
                tx.commit();
                if (hit)
                    findings.push_back(
                        finding(sql, script, probe, probe.ruleId, review::Severity::Error, probe.failure));
            } catch (const std::exception &e) {
                findings.push_back(finding(sql, script, probe, "probe-unknown", review::Severity::Warning,
                                           "could not check " + probe.check + ": " +
                                               pg::errorFrom(e).message.toStdString()));
            }
        }
        return findings;
    });
}

} // namespace sluice::model
