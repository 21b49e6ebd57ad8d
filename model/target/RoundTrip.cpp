#include "target/RoundTrip.h"

#include "queue/Pg.h"
#include "review/SqlClauses.h"
#include "target/SchemaSnapshot.h"

#include <pqxx/pqxx>

namespace sluice::model {
namespace {

std::string firstLine(const std::exception &e)
{
    std::string message = e.what();
    if (message.rfind("ERROR:  ", 0) == 0)
        message = message.substr(8);
    return message.substr(0, message.find('\n'));
}

// Runs the migration's statements; returns "" or why statement N failed.
std::string runMigration(pqxx::dbtransaction &tx, const review::Script &script, std::string_view sql,
                         const review::RollbackPlan *plan)
{
    for (std::size_t i = 0; i < script.statements.size(); ++i) {
        const auto &s = script.statements[i];
        if (s.isTransactionControl)
            continue;
        const auto text = s.range.in(sql);
        try {
            if (plan) {
                if (const auto backup = plan->backupBefore(i + 1); !backup.empty())
                    tx.exec(backup);
            }
            tx.exec(s.canRunInTransaction ? std::string(text) : review::withoutConcurrently(text));
        } catch (const pqxx::sql_error &e) {
            // libpqxx has aborted tx (a subtransaction): the caller gives up on it.
            return "statement " + std::to_string(i + 1) + " failed: " + firstLine(e);
        }
    }
    return {};
}

// The column text minus its "(attnum N)" suffix, and N.
std::pair<std::string, std::string> splitAttnum(const std::string &definition)
{
    const auto at = definition.rfind(" (attnum ");
    if (at == std::string::npos)
        return {definition, {}};
    auto number = definition.substr(at + 9);
    if (!number.empty() && number.back() == ')')
        number.pop_back();
    return {definition.substr(0, at), number};
}

std::string sentence(const review::SchemaChange &c)
{
    using Kind = review::SchemaChange::Kind;
    const auto what = c.kind + " " + c.object;
    if (c.change == Kind::Added)
        return what + " is left over after the rollback";
    if (c.change == Kind::Removed)
        return what + " is missing after the rollback";
    if (c.kind == "column") {
        const auto [before, wasAt] = splitAttnum(c.before);
        const auto [after, isAt] = splitAttnum(c.after);
        if (before == after)
            return "column " + c.object + " moved from position " + wasAt + " to " + isAt +
                   ": column order cannot be restored without rebuilding the table";
    }
    return what + " differs after the rollback: it was \"" + c.before + "\", it is \"" + c.after + "\"";
}

bool onlyColumnOrder(const review::SchemaChange &c)
{
    return c.kind == "column" && c.change == review::SchemaChange::Kind::Changed &&
           splitAttnum(c.before).first == splitAttnum(c.after).first;
}

} // namespace

Result<RoundTripResult> verifyRoundTrip(pqxx::dbtransaction &tx, const review::Script &script,
                                        std::string_view sql, const review::RollbackPlan &plan)
{
    return pg::guarded([&]() -> Result<RoundTripResult> {
        // Everything below happens in a subtransaction that is rolled back at the end.
        pqxx::subtransaction scratch(tx, "sluice_round_trip");
        auto before = readSchemaSnapshot(scratch);
        if (!before)
            return before.error();
        if (const auto failed = runMigration(scratch, script, sql, &plan); !failed.empty())
            return Error{Error::Kind::Invalid,
                         QString::fromStdString("the migration cannot run on the shadow: " + failed),
                         {}};
        RoundTripResult result;
        try {
            pqxx::subtransaction undo(scratch, "sluice_rollback");
            undo.exec(plan.sql());
            undo.commit();
        } catch (const pqxx::sql_error &e) {
            result.residual.push_back("the rollback failed: " + firstLine(e));
            scratch.abort();
            return result;
        }
        auto after = readSchemaSnapshot(scratch);
        if (!after)
            return after.error();
        scratch.abort();
        result.differences = review::diffSchemas(*before, *after);
        result.equal = result.differences.empty();
        result.equalIgnoringColumnOrder =
            std::all_of(result.differences.begin(), result.differences.end(), onlyColumnOrder);
        for (const auto &c : result.differences)
            result.residual.push_back(sentence(c));
        return result;
    });
}

Result<std::vector<review::SchemaChange>> diffMigration(pqxx::dbtransaction &tx, const review::Script &script,
                                                        std::string_view sql)
{
    return pg::guarded([&]() -> Result<std::vector<review::SchemaChange>> {
        pqxx::subtransaction scratch(tx, "sluice_schema_diff");
        auto before = readSchemaSnapshot(scratch);
        if (!before)
            return before.error();
        if (const auto failed = runMigration(scratch, script, sql, nullptr); !failed.empty())
            return Error{Error::Kind::Invalid,
                         QString::fromStdString("the migration cannot run on the shadow: " + failed),
                         {}};
        auto after = readSchemaSnapshot(scratch);
        if (!after)
            return after.error();
        scratch.abort();
        return review::diffSchemas(*before, *after);
    });
}

} // namespace sluice::model
