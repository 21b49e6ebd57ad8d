#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto drop = ctx.statement().as("DropStmt");
    if (!drop || drop["removeType"].str() != "OBJECT_INDEX" || drop["concurrent"].boolean())
        return;
    std::string names, first;
    for (const Node object : drop["objects"]) {
        const auto parts = tree::strings(object.as("List")["items"]);
        std::string name;
        for (const auto &part : parts)
            name += (name.empty() ? "" : ".") + part;
        if (name.empty() || locking::isNew(ctx, name))
            continue;
        names += (names.empty() ? "" : ", ") + name;
        if (first.empty())
            first = parts.back();
    }
    if (names.empty())
        return;
    locking::reportAtIdentifier(
        ctx,
        "DROP INDEX " + names +
            " without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table: while it "
            "waits for running queries, every read and write of the table queues behind it",
        first, {});
}

} // namespace

extern const Rule requireConcurrentIndexDeletion{
    "require-concurrent-index-deletion",
    Severity::Warning,
    false,
    "DROP INDEX on an existing index without CONCURRENTLY.",
    "A plain DROP INDEX needs an ACCESS EXCLUSIVE lock on the index's table; the drop itself is quick, but "
    "while "
    "it waits behind a long query every other query on the table waits too. Use DROP INDEX CONCURRENTLY IF "
    "EXISTS name, one index per statement, in a migration that does not run in a transaction. Indexes that "
    "back a constraint are dropped with ALTER TABLE ... DROP CONSTRAINT instead.",
    check,
    nullptr,
    {"DropStmt"}};

} // namespace sluice::review::rules
