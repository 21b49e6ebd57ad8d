#include "Rule.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto index = ctx.statement().as("IndexStmt");
    if (!index || !index["concurrent"].boolean() || !index["idxname"].str().empty())
        return;
    ctx.report(
        "CREATE INDEX CONCURRENTLY on " + tree::qualifiedName(index["relation"]) +
        " has no name: if the build fails it leaves an INVALID index under a generated name, and every "
        "rerun adds another one (_idx1, _idx2, ...)");
}

} // namespace

extern const Rule concurrentIndexRequiresName{
    "concurrent-index-requires-name",
    Severity::Warning,
    false,
    "CREATE INDEX CONCURRENTLY without an index name.",
    "A failed concurrent build leaves an INVALID index behind that still slows down every write. With an "
    "explicit name you can find it and drop it (DROP INDEX CONCURRENTLY IF EXISTS name) before retrying; "
    "without one each retry adds a new invalid index. Name the index. Do not rely on IF NOT EXISTS for the "
    "retry: it succeeds against the INVALID index and leaves it unusable.",
    check,
    nullptr,
    {"IndexStmt"}};

} // namespace sluice::review::rules
