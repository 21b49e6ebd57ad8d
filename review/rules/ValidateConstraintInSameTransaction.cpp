#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

bool relationLockedHard(const StatementFacts &facts, const std::string &table)
{
    for (const auto &r : facts.relations) {
        if (!r.isNew && locking::sameRelation(r.relation, table) && r.lock >= LockMode::ShareRowExclusive)
            return true;
    }
    return false;
}

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    const auto &state = ctx.state();
    for (const Node cmd : locking::alterCmds(alter)) {
        if (cmd["subtype"].str() != "AT_ValidateConstraint")
            continue;
        const std::string name(cmd["name"].str());
        // Another command of this very statement takes a strong lock that the validation then holds.
        if (relationLockedHard(ctx.facts(), table)) {
            locking::reportAtIdentifier(ctx,
                                        "VALIDATE CONSTRAINT " + name +
                                            " shares its ALTER TABLE with a command "
                                            "that locks " +
                                            table +
                                            " exclusively: the full validation scan runs "
                                            "under that lock",
                                        name, alter["relation"]);
            continue;
        }
        if (!state.inTransaction)
            continue;
        const auto all = ctx.all();
        std::string reason;
        for (std::size_t i = state.explicitTransaction ? state.transactionStart + 1 : 0;
             i < ctx.index() && reason.empty(); ++i) {
            const auto earlier = all[i].tree.as("AlterTableStmt");
            if (earlier && locking::sameRelation(tree::qualifiedName(earlier["relation"]), table)) {
                for (const Node c : locking::alterCmds(earlier)) {
                    const auto con = c["def"].as("Constraint");
                    if (c["subtype"].str() == "AT_AddConstraint" && con["conname"].str() == name &&
                        con["skip_validation"].boolean())
                        reason =
                            "it was added NOT VALID earlier in the same transaction, so the lock taken by "
                            "ADD CONSTRAINT is still held during the validation scan";
                }
            }
            if (reason.empty() && relationLockedHard(all[i].facts, table))
                reason = "an earlier statement of the same transaction locked " + table +
                         " exclusively, and that lock is held during the validation scan";
        }
        if (!reason.empty())
            locking::reportAtIdentifier(ctx, "VALIDATE CONSTRAINT " + name + " gains nothing here: " + reason,
                                        name, alter["relation"]);
    }
}

} // namespace

extern const Rule validateConstraintInSameTransaction{
    "validate-constraint-in-same-transaction",
    Severity::Error,
    false,
    "VALIDATE CONSTRAINT in the transaction that added the constraint NOT VALID (or otherwise locked the "
    "table).",
    "NOT VALID plus VALIDATE only helps when the two run in separate transactions: VALIDATE needs only a "
    "SHARE "
    "UPDATE EXCLUSIVE lock, but a lock taken earlier in the same transaction (ACCESS EXCLUSIVE for ADD "
    "CHECK, "
    "SHARE ROW EXCLUSIVE for ADD FOREIGN KEY) is held until COMMIT, so the validation scan blocks traffic "
    "just "
    "as if NOT VALID had been left out. Commit between ADD ... NOT VALID and VALIDATE: put them in separate "
    "migrations, or in a migration that does not run in a transaction.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
