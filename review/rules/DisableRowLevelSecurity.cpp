#include "Rule.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || ctx.state().isNew(alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (const Node c : alter["cmds"]) {
        const auto subtype = c.as("AlterTableCmd")["subtype"].str();
        if (subtype == "AT_DisableRowSecurity")
            ctx.report(
                "DISABLE ROW LEVEL SECURITY on " + table +
                    ": its policies stop applying and every role with table privileges sees and changes "
                    "every row",
                alter["relation"]);
        else if (subtype == "AT_NoForceRowSecurity")
            ctx.report("NO FORCE ROW LEVEL SECURITY on " + table +
                           ": the table owner (and roles acting as it) bypass its policies again",
                       alter["relation"]);
    }
}

} // namespace

extern const Rule disableRowLevelSecurity{
    "disable-row-level-security",
    Severity::Error,
    false,
    "ALTER TABLE ... DISABLE or NO FORCE ROW LEVEL SECURITY on an existing table.",
    "Row-level security is usually what keeps one tenant's or user's rows away from another's. Turning it "
    "off "
    "exposes every row at once, to every role with table privileges, and takes an ACCESS EXCLUSIVE lock. "
    "Keep "
    "RLS on and change the policies (CREATE POLICY / ALTER POLICY) to grant the access that is needed.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
