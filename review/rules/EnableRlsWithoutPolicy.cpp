#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

// A CREATE POLICY on the table before this statement, or after it in the same transaction (nobody sees the
// table between the two).
bool hasPolicy(const RuleContext &ctx, const std::string &table)
{
    const auto all = ctx.all();
    bool found = false;
    ctx.memo<index::StatementsByKind>().forEachBefore("CreatePolicyStmt", all.size(), [&](std::size_t j) {
        const auto policy = all[j].tree.as("CreatePolicyStmt");
        found = sectx::sameRelation(tree::qualifiedName(policy["table"]), table) &&
                (j < ctx.index() || sectx::sameTransaction(ctx, ctx.index(), j));
        return !found;
    });
    return found;
}

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter)
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (const Node c : alter["cmds"]) {
        const auto subtype = c.as("AlterTableCmd")["subtype"].str();
        if (subtype != "AT_EnableRowSecurity" && subtype != "AT_ForceRowSecurity")
            continue;
        if (hasPolicy(ctx, table))
            return;
        ctx.report(std::string(subtype == "AT_EnableRowSecurity" ? "ENABLE" : "FORCE") +
                       " ROW LEVEL SECURITY on " + table +
                       " with no policy created for it in this migration: with no policy, RLS denies every "
                       "row, so " +
                       (subtype == "AT_EnableRowSecurity" ? "queries by roles other than the owner"
                                                          : "even the owner's queries") +
                       " return nothing and writes fail",
                   alter["relation"]);
        return;
    }
}

} // namespace

extern const Rule enableRlsWithoutPolicy{
    "enable-rls-without-policy",
    Severity::Warning,
    false,
    "ENABLE or FORCE ROW LEVEL SECURITY on a table without a CREATE POLICY for it.",
    "Row-level security without a policy is default-deny: the moment it is enabled, non-owner roles (and, "
    "with "
    "FORCE, the owner) read no rows and cannot write. Create the policies first, or in the same transaction, "
    "then enable RLS. If the table already has policies in the database, suppress this finding with the "
    "reason.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
