#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto insert = ctx.statement().as("InsertStmt");
    // DEFAULT VALUES has no selectStmt; a column list makes the insert positional-proof.
    if (!insert || insert["cols"].size() > 0 || !insert["selectStmt"] || dc::isNew(ctx, insert["relation"]))
        return;
    const auto table = tree::qualifiedName(insert["relation"]);
    ctx.report("INSERT into " + table +
                   " without a column list matches values to columns by position: it breaks, or writes into "
                   "the wrong columns, when the table's columns differ from what the author saw",
               insert["relation"]);
}

} // namespace

extern const Rule insertMustSpecifyColumns{
    "insert-must-specify-columns",
    Severity::Warning,
    false,
    "INSERT without a column list into an existing table.",
    "A positional INSERT depends on the exact order and number of the table's columns, which can differ "
    "between environments (columns added in a different order) and changes with every added column. Name the "
    "columns: INSERT INTO t (a, b) VALUES (...).",
    check,
    nullptr};

} // namespace sluice::review::rules
