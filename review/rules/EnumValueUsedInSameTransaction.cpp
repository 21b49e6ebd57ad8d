#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    if (ctx.pgVersion() < 12 || !ctx.state().inTransaction || ctx.statement().is("AlterEnumStmt"))
        return;
    const auto all = ctx.all();
    ctx.memo<index::StatementsByKind>().forEachBefore("AlterEnumStmt", ctx.index(), [&](std::size_t i) {
        const auto added = all[i].tree.as("AlterEnumStmt");
        if (!added["oldVal"].str().empty() || added["newVal"].str().empty() ||
            !sectx::sameTransaction(ctx, i, ctx.index()))
            return true;
        const auto value = added["newVal"].str();
        Node use;
        ctx.statement().walk([&](Node n) {
            if (!use && n.is("A_Const") && tree::stringConstant(n) == value)
                use = n;
        });
        if (!use)
            return true;
        std::string type;
        for (const auto &part : tree::strings(added["typeName"]))
            type += (type.empty() ? "" : ".") + part;
        ctx.report(
            "'" + std::string(value) + "' was added to enum " + type + " at line " +
                std::to_string(sectx::lineOf(ctx, all[i].range.begin)) +
                " in this same transaction: PostgreSQL refuses to use it before that transaction commits "
                "(\"unsafe use of new value\")",
            use);
        return false;
    });
}

} // namespace

extern const Rule enumValueUsedInSameTransaction{
    "enum-value-used-in-same-transaction",
    Severity::Error,
    false,
    "A value added with ALTER TYPE ... ADD VALUE is used before the transaction commits.",
    "Since PostgreSQL 12, ALTER TYPE ... ADD VALUE may run in a transaction, but the new value cannot be "
    "used "
    "(in an INSERT, UPDATE, DEFAULT or CHECK) until that transaction commits: the statement fails with "
    "\"unsafe use of new value\". Commit after ADD VALUE (put it in its own migration) and use the value in "
    "the next one.",
    check,
    nullptr};

} // namespace sluice::review::rules
